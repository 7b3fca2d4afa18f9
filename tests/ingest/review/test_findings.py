"""Severities, and one finding per real problem instead of a failure per derived check."""

from decimal import Decimal as D

from ingest.review.findings import group_findings, severity_of

from ..samples import findings, parse_text, parsed, replace_in_table, sample_text


def test_a_wrong_row_is_one_finding_naming_the_tables_it_touches():
    """000 with one 项 of 支出总表 changed: its row total, its 款's sum and its comparison with
    收入总表 fail; the report shows one 错误 on that row."""
    text = replace_in_table(
        sample_text("000"), "2024年预算支出总表", "2080505\t", "76. 67", "86. 67"
    )
    document = parse_text(text)

    [finding] = findings(document)

    assert finding["check"] == "row_total:expenditure:2080505"
    assert finding["severity"] == "error"
    assert finding["tables"] == ["expenditure", "income"]
    assert finding["marks"] == ["expenditure:2080505"]  # not its 款, whose figure is right
    assert finding["derived"] == 2
    assert finding["summary"] == (
        "支出总表（2080505 机关事业单位基本养老保险缴费支出）与收入总表不一致（共3项核对未通过）"
    )
    assert (finding["expected"], finding["actual"]) == (D("86.67"), D("76.67"))


def test_a_wrong_class_figure_is_one_finding_across_four_tables():
    text = replace_in_table(sample_text("000"), "2024年预算支出总表", "208\t", "248. 18", "258. 18")
    [finding] = findings(parse_text(text))
    assert finding["tables"][0] == "expenditure"
    assert finding["marks"] == ["expenditure:208"]
    assert finding["derived"] >= 4


def test_a_table_that_disagrees_with_all_the_others_is_one_finding():
    """003's 表5 (412.13) against 表1–表4 (414.47): ten failed checks, one 错误."""
    [table5, form] = [f for f in findings(parsed("003")) if f["severity"] == "error"]
    assert table5["tables"][0] == "general_public"
    assert table5["derived"] == 9
    assert table5["summary"].startswith("一般公共预算支出表与")
    assert form["check"] == "form_funds:电商物流费用"
    assert (form["unit"], form["expected"], form["actual"]) == ("元", D("1000000"), D("1600000"))


def test_operating_expenses_below_public_expenses_is_an_expected_difference():
    """001: 机关运行经费 109.66 against 公用经费 147.28; 机关运行经费 leaves out 事业单位."""
    [info] = [f for f in findings(parsed("001")) if f["severity"] == "info"]
    assert info["check"] == "cross_table_total:economic_public_vs_operating"
    assert "事业单位" in info["note"]  # the table check's own message is for staff


def test_operating_expenses_above_public_expenses_is_an_error():
    check = {
        "check": "cross_table_total:economic_public_vs_operating",
        "status": "fail",
        "expected": D("100"),
        "actual": D("120"),
    }
    assert severity_of(check) == "error"


def test_passed_and_skipped_checks_have_no_severity_and_no_finding():
    checks = [
        {"check": "row_total:expenditure:201", "status": "pass"},
        {"check": "form_funds:x", "status": "skipped"},
    ]
    group_findings(checks)
    assert [(c["severity"], c["finding"]) for c in checks] == [("", None), ("", None)]
