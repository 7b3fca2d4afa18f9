"""The validation report: every sample's real disagreements, rounding apart."""

from decimal import Decimal as D

import pytest

from ingest.validation import check_hierarchy, check_row_totals, summarize, validate

from .samples import check, parsed

THEIR_FAMILIES = ("form_funds", "narrative")


def table_checks(sample):
    return [c for c in parsed(sample)["validation"] if not c["check"].startswith(THEIR_FAMILIES)]


# (total, pass, rounding, fail, skipped) over the table checks of each sample.
OUTCOMES = {
    "000": (236, 236, 0, 0, 0),
    "001": (371, 333, 37, 1, 0),
    "002": (291, 277, 13, 1, 0),
    "003": (174, 158, 6, 9, 1),
    "004": (5, 5, 0, 0, 0),
}
FAILURES = {
    "000": [],
    # 公用经费 147.28 of 表6 against 机关运行经费 109.66 of 表11.
    "001": ["cross_table_total:economic_public_vs_operating"],
    "002": ["cross_table_total:economic_public_vs_operating"],
    # 003's 表5 prints 412.13 under code 201 市场监督管理事务 (basic 283.08, project 129.05):
    # no other table of 003 has that code or those totals.
    "003": [
        "cross_table_total:general_public_vs_summary",
        "cross_table_total:general_public_vs_fiscal_grant",
        "cross_table_row:general_public_vs_income:201",
        "cross_table_row:general_public_vs_income:208",
        "cross_table_row:general_public_vs_income:210",
        "cross_table_row:general_public_vs_income:216",
        "cross_table_row:general_public_vs_income:221",
        "cross_table_total:economic_vs_general_public_basic",
        "project_total:projects_vs_general_public",
    ],
    "004": [],
}


@pytest.mark.parametrize("sample", sorted(OUTCOMES))
def test_outcome_counts(sample):
    counts = summarize(table_checks(sample))
    assert (
        tuple(counts[k] for k in ("total", "pass", "rounding", "fail", "skipped"))
        == OUTCOMES[sample]
    )


@pytest.mark.parametrize("sample", sorted(FAILURES))
def test_the_real_disagreements(sample):
    assert [c["check"] for c in table_checks(sample) if c["status"] == "fail"] == FAILURES[sample]


def test_checks_cite_expected_actual_and_lines():
    item = check("000", "functional_hierarchy:expenditure:201")
    assert (item["status"], item["kind"], item["expected"], item["actual"]) == (
        "pass",
        "ok",
        D("1990.83"),
        D("1990.83"),
    )
    assert item["lines"] == [165, 166]  # 201 and its one 款 20113
    assert check("000", "row_total:expenditure:2011301")["status"] == "pass"
    assert check("001", "cross_table_row:income_vs_expenditure:2140206")["actual"] == D("2.45")
    assert check("000", "cross_table_total:income_vs_summary")["expected"] == D("2373.00")


def test_003_general_public_table_disagrees_with_summary():
    item = check("003", "cross_table_total:general_public_vs_summary")
    assert (item["expected"], item["actual"], item["difference"]) == (
        D("414.47"),
        D("412.13"),
        D("-2.34"),
    )
    basic = check("003", "cross_table_total:economic_vs_general_public_basic")
    assert (basic["expected"], basic["actual"]) == (D("283.08"), D("77.47"))
    assert check("003", "cross_table_total:economic_vs_expenditure_basic")["kind"] == "ok"
    assert "only one" in check("003", "cross_table_row:general_public_vs_income:201")["message"]


def test_operating_expenses_differ_from_public_funds_in_001():
    item = check("001", "cross_table_total:economic_public_vs_operating")
    assert (item["expected"], item["actual"], item["kind"]) == (
        D("147.28"),
        D("109.66"),
        "mismatch",
    )
    assert check("000", "cross_table_total:economic_public_vs_operating")["kind"] == "ok"
    assert check("003", "cross_table_total:economic_public_vs_operating")["status"] == "skipped"


@pytest.mark.parametrize(
    ("sample", "name", "difference"),
    [
        ("001", "functional_hierarchy:expenditure:208", "-0.01"),  # 396.84 + 560.15 + 221 + 19.78
        ("001", "row_total:expenditure:total", "-0.01"),  # 1471.63 + 3811.41 = 5283.04
        ("001", "economic_total", "0.01"),
        ("001", "project_total:projects_vs_expenditure", "0.01"),
        ("002", "functional_hierarchy:expenditure:total", "-0.01"),
        ("002", "project_group:projects:department:山阴县商务局(部门)", "-0.01"),
        ("003", "functional_hierarchy:income:20805", "0.01"),  # 2.60 + 6.67 = 9.27 vs 9.26
        ("003", "economic_category:工资福利支出", "0.01"),
    ],
)
def test_rounding_is_reported_with_its_size(sample, name, difference):
    item = check(sample, name)
    assert (item["status"], item["kind"], item["difference"]) == ("pass", "rounding", D(difference))


def test_special_funds_projects_match_the_stated_totals():
    for name in (
        "project_total:special_funds",
        "project_category:特定目标类",
        "project_count:其他运转类",
    ):
        assert check("004", name)["kind"] == "ok"
    assert check("004", "project_category:其他运转类")["expected"] == D("9.5")


def _rows(*items):
    return [
        {
            "code": code,
            "total": D(total) if total else None,
            "basic": None,
            "project": None,
            "lines": [n, n],
        }
        for n, (code, total) in enumerate(items, start=1)
    ]


def test_hierarchy_counts_a_missing_parent_figure_as_zero():
    rows = _rows(("201", None), ("20113", "5.00"))
    checks = check_hierarchy("expenditure", rows, None, ("total", "basic", "project"))
    assert [(c["check"], c["status"], c["difference"]) for c in checks] == [
        ("functional_hierarchy:expenditure:201", "fail", D("5.00")),
    ]


def test_hierarchy_tolerates_half_a_cent_per_part():
    rows = _rows(("201", "10.00"), ("20101", "3.33"), ("20102", "3.33"), ("20103", "3.33"))
    checks = check_hierarchy("expenditure", rows, None, ("total",))
    assert (checks[0]["status"], checks[0]["kind"], checks[0]["difference"]) == (
        "pass",
        "rounding",
        D("-0.01"),
    )


def test_row_total_flags_a_real_mismatch():
    rows = [
        {
            "code": "201",
            "total": D("10.00"),
            "basic": D("4.00"),
            "project": D("5.00"),
            "lines": [3, 3],
        }
    ]
    [item] = check_row_totals("expenditure", rows, None, "total", ("basic", "project"))
    assert (item["check"], item["status"], item["kind"]) == (
        "row_total:expenditure:201",
        "fail",
        "mismatch",
    )


def test_validate_on_an_empty_parse_is_empty():
    assert validate({}) == []
