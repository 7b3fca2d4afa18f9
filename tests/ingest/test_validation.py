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
    # 上海: 公用经费 of 2,132,777.54 元 against 机关运行经费 of 213.28 万元 passes as rounding.
    "sh-putuo-office-2025-department": (195, 194, 1, 0, 0),
    "sh-putuo-commerce-2025-unit": (294, 293, 1, 0, 0),
    "sh-putuo-wanli-2023-department": (596, 595, 0, 1, 0),
    # Whole-元 tables: a 类 or 款 1 元 off the sum of its 项 is rounding (10 of them).
    "sh-putuo-wanli-2025-department": (713, 702, 10, 1, 0),
    "sh-putuo-planning-2024-final": (217, 205, 9, 3, 0),
    "sh-putuo-social-work-2024-final": (155, 152, 3, 0, 0),
    # Every table empty: the balances of its two 总表 hold (zeros), 财政拨款 against 收支 skipped.
    "sh-final-accounts-template-2024": (9, 8, 0, 0, 1),
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
    "sh-putuo-office-2025-department": [],
    "sh-putuo-commerce-2025-unit": [],
    # 公用经费 15,381,432 元 against 机关运行经费 786.09 万元: the street office's 事业单位 have
    # 公用经费 and no 机关运行经费 (the same disagreement as 001 and 002).
    "sh-putuo-wanli-2023-department": ["cross_table_total:economic_public_vs_operating"],
    "sh-putuo-wanli-2025-department": ["cross_table_total:economic_public_vs_operating"],
    # The document itself disagrees: 卫生健康支出 236.63 in 收入支出决算总表 and
    # 财政拨款收入支出决算总表, 236.64 in 支出决算表 and 一般公共预算财政拨款支出决算表;
    # 城乡社区支出 3845.25 against 3845.24.
    "sh-putuo-planning-2024-final": [
        "cross_table_row:general_public_vs_fiscal_grant:210",
        "cross_table_row:summary_vs_expenditure:210",
        "cross_table_row:summary_vs_expenditure:212",
    ],
    "sh-putuo-social-work-2024-final": [],
    "sh-final-accounts-template-2024": [],
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


# --- other regions' templates ------------------------------------------------------------------


def test_final_accounts_balance_their_carryover():
    """planning 2024: 年初结转和结余 112.88 + 本年收入 9746.50 = 本年支出 9759.38 + 年末 100.00."""
    balance = check("sh-putuo-planning-2024-final", "final_balance:summary")
    assert (balance["status"], balance["expected"], balance["actual"]) == (
        "pass",
        D("9859.38"),
        D("9859.38"),
    )
    assert check("sh-putuo-planning-2024-final", "final_balance:fiscal_grant")["kind"] == "ok"


def test_the_same_figure_in_two_tables_must_be_the_same():
    """236.63 against 236.64 is no rounding: the same 类 total is printed twice."""
    item = check("sh-putuo-planning-2024-final", "cross_table_row:summary_vs_expenditure:210")
    assert (item["expected"], item["actual"], item["difference"]) == (
        D("236.64"),
        D("236.63"),
        D("-0.01"),
    )


def test_a_final_accounts_income_and_spending_differ_by_what_carry_over_paid():
    """planning spent 12.88 of its carry-over on 城乡社区支出: no check compares 收入决算表 with
    支出决算表 code by code, and 财政拨款 stands apart from the 收支总表's total."""
    names = [c["check"] for c in parsed("sh-putuo-planning-2024-final")["validation"]]
    assert not any(name.startswith("cross_table_row:income_vs_expenditure") for name in names)
    assert "cross_table_total:fiscal_grant_total_vs_summary" not in names
    assert (
        check("sh-putuo-planning-2024-final", "cross_table_total:income_vs_summary")["kind"] == "ok"
    )


def test_categories_of_a_final_accounts_basic_table_add_up_to_its_two_totals():
    """工资福利支出 4816.14 + 对个人和家庭的补助 67.96 = 人员经费合计 4884.09, a cent off."""
    personnel = check("sh-putuo-planning-2024-final", "economic_total:personnel")
    assert (personnel["expected"], personnel["actual"], personnel["kind"]) == (
        D("4884.09"),
        D("4884.10"),
        "rounding",
    )
    assert check("sh-putuo-planning-2024-final", "economic_total:public")["kind"] == "ok"


def test_whole_yuan_tables_allow_a_yuan_of_rounding_per_part():
    """wanli 2025: 城乡社区管理事务 94,995,790 against its 项 adding up to 94,995,789."""
    item = check("sh-putuo-wanli-2025-department", "functional_hierarchy:expenditure:21201")
    assert (item["status"], item["kind"], item["difference"]) == ("pass", "rounding", D("-1"))


def test_a_wan_table_beside_yuan_tables_is_compared_within_its_rounding():
    """office: 机关运行经费 213.28 万元 (2,132,800 元) against 公用经费 2,132,777.54 元."""
    item = check(
        "sh-putuo-office-2025-department", "cross_table_total:economic_public_vs_operating"
    )
    assert (item["status"], item["kind"]) == ("pass", "rounding")


def test_shanghai_summary_adds_its_sources_to_the_income_total():
    office = "sh-putuo-office-2025-department"
    assert check(office, "summary:income_total")["kind"] == "ok"
    assert check(office, "summary:fiscal_grant_income")["kind"] == "ok"
    assert check(office, "cross_table_total:income_vs_summary")["expected"] == D("91016775.35")


def test_unit_summary_rows_add_personnel_public_and_project():
    item = check("sh-putuo-commerce-2025-unit", "row_total:summary:一般公共服务支出")
    assert (item["expected"], item["actual"]) == (D("21601733.00"), D("21601733.00"))


def test_a_table_stating_it_is_empty_but_printing_figures_fails():
    parsed_doc = {
        "tables": [
            {
                "kind": "government_fund_expenditure",
                "lines": [10, 14],
                "empty": False,
                "stated_empty": {"text": "注:本表为空表", "lines": [14, 14], "largest": D("5.00")},
            },
            {
                "kind": "state_capital",
                "lines": [20, 24],
                "empty": True,
                "stated_empty": {"text": "注:本表为空表", "lines": [24, 24], "largest": D(0)},
            },
        ]
    }
    [item] = [c for c in validate(parsed_doc) if c["check"].startswith("stated_empty")]
    assert (item["check"], item["status"], item["actual"]) == (
        "stated_empty:government_fund_expenditure",
        "fail",
        D("5.00"),
    )
