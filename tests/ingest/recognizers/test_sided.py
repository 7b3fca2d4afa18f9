"""Two-sided tables (收支总表, 财政拨款收支总表): read by label, whatever the row order."""

from decimal import Decimal as D

import pytest

from ingest.recognizers.sided import read_fiscal_grant, read_summary
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

from ..samples import parsed, row

FIGURES = {
    # sample: income_total, current_year_income, carryover, gpb, expenditure_total, basic, project
    "000": ("2373.00", "2373.00", None, "2373.00", "2373.00", "1077.76", "1295.24"),
    "001": ("5283.05", "5280.60", "2.45", "5280.60", "5283.05", "1471.63", "3811.41"),
    "002": ("2272.82", "1272.82", "1000.00", "1272.82", "2272.82", "242.32", "2030.50"),
    "003": ("517.47", "414.47", "103.00", "414.47", "517.47", "77.47", "440.00"),
}
KEYS = (
    "income_total",
    "current_year_income",
    "carryover_income",
    "general_public_budget",
    "expenditure_total",
    "basic_expenditure",
    "project_expenditure",
)


@pytest.mark.parametrize("sample", sorted(FIGURES))
def test_summary_figures(sample):
    summary = parsed(sample)["summary"]
    expected = tuple(None if v is None else D(v) for v in FIGURES[sample])
    assert tuple(summary[key] for key in KEYS) == expected
    for key in ("government_fund_budget", "state_capital_budget", "special_account", "unit_funds"):
        assert summary[key] is None


def test_expenditure_by_class_in_000():
    classes = parsed("000")["summary"]["expenditure_by_function"]
    assert [(c["name"], c["total"]) for c in classes] == [
        ("一般公共服务支出", D("1990.83")),
        ("社会保障和就业支出", D("248.18")),
        ("卫生健康支出", D("57.68")),
        ("住房保障支出", D("76.31")),
    ]
    assert classes[0]["lines"] == [85, 85]


def test_carried_over_class_in_001_and_002():
    """001's 交通运输支出 is all carry-over; 002's 商业服务业等支出 is partly."""
    transport = row(parsed("001")["summary"]["expenditure_by_function"], name="交通运输支出")
    assert (transport["total"], transport["current_budget"], transport["carryover"]) == (
        D("2.45"),
        None,
        D("2.45"),
    )
    commerce = row(parsed("002")["summary"]["expenditure_by_function"], name="商业服务业等支出")
    assert (commerce["total"], commerce["current_budget"], commerce["carryover"]) == (
        D("1701.29"),
        D("701.29"),
        D("1000.00"),
    )


def test_wrapped_label_merged_into_the_next_row_is_split():
    """001 prints "二十三、灾害防治及应急" and "管理支出 二十四、预备费" on the next row."""
    lines = (
        SourceLine(1, ("项目", "2025年", "项目", "2025年合计", "当年预算安排", "上年结转安排")),
        SourceLine(2, ("", "", "十五、资源勘探工业信息", "2863. 74", "2863. 74", "")),
        SourceLine(3, ("", "", "等支出 十六、商业服务业等支出", "", "", "")),
        SourceLine(4, ("", "", "二十三、灾害防治及应急", "5.00", "5.00", "")),
        SourceLine(5, ("", "", "管理支出 二十四、预备费", "", "", "")),
        SourceLine(6, ("收入总计", "2868. 74", "支出总计", "2868. 74", "2868. 74", "")),
    )
    read = read_summary(Section(TableKind.SUMMARY, "预算收支总表", 1, lines))
    names = [c["name"] for c in read.data["expenditure_by_function"]]
    assert names == ["资源勘探工业信息等支出", "灾害防治及应急管理支出"]
    assert read.data["income_total"] == D("2868.74")


# --- 财政拨款收支总表 ---------------------------------------------------------------------


def test_fiscal_grant_001_with_carryover_by_fund():
    grant = parsed("001")["fiscal_grant"]
    assert grant["general_public_budget"] == D("5280.60")
    assert grant["carryover_income"] == D("2.45")
    assert grant["carryover_general_public_budget"] == D("2.45")
    assert grant["income_total"] == D("5283.05")
    assert grant["current_year_expenditure"]["total"] == D("5283.05")
    assert grant["expenditure_total"]["general_public_budget"] == D("5283.05")
    assert len(grant["expenditure_by_function"]) == 7
    assert row(grant["expenditure_by_function"], name="交通运输支出")["general_public_budget"] == D(
        "2.45"
    )


def test_fiscal_grant_000_wrapped_class_names():
    grant = parsed("000")["fiscal_grant"]
    assert [c["name"] for c in grant["expenditure_by_function"]] == [
        "一般公共服务支出",
        "社会保障和就业支出",
        "卫生健康支出",
        "住房保障支出",
    ]
    assert grant["income_total"] == D("2373.00")
    assert grant["carryover_income"] is None


def test_fiscal_grant_003():
    grant = parsed("003")["fiscal_grant"]
    assert (grant["current_year_income"], grant["carryover_income"], grant["income_total"]) == (
        D("414.47"),
        D("103.00"),
        D("517.47"),
    )
    assert row(grant["expenditure_by_function"], name="商业服务业等支出")["total"] == D("499.24")


# --- 上海 and 决算 -----------------------------------------------------------------------------

OFFICE = "sh-putuo-office-2025-department"
COMMERCE = "sh-putuo-commerce-2025-unit"
PLANNING = "sh-putuo-planning-2024-final"
SOCIAL_WORK = "sh-putuo-social-work-2024-final"


def test_shanghai_summary_has_income_by_kind_and_no_current_year_total():
    """2025年部门财务收支预算总表 (office, p.8): 财政拨款收入 and its 一般公共预算资金, 收入总计;
    no 本年收入合计 is printed, so none is reported."""
    summary = parsed(OFFICE)["summary"]
    assert summary["fiscal_grant_income"] == D("91016775.35")
    assert summary["general_public_budget"] == D("91016775.35")
    assert summary["government_fund_budget"] is None
    assert summary["business_income"] is None
    assert summary["income_total"] == D("91016775.35")
    assert summary["current_year_income"] is None
    assert summary["expenditure_total"] == D("91016775.35")
    assert [(c["name"], c["total"]) for c in summary["expenditure_by_function"]] == [
        ("一般公共服务支出", D("82096797.42")),
        ("社会保障和就业支出", D("4213779.28")),
        ("卫生健康支出", D("1097073.43")),
        ("住房保障支出", D("3609125.22")),
    ]


def test_unit_summary_splits_basic_into_personnel_and_public():
    """commerce (p.9): 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出 over four header rows."""
    summary = parsed(COMMERCE)["summary"]
    general = row(summary["expenditure_by_function"], name="一般公共服务支出")
    assert (general["total"], general["personnel"], general["public"], general["project"]) == (
        D("21601733.00"),
        D("10823891.00"),
        D("1467842.00"),
        D("9310000.00"),
    )
    science = row(summary["expenditure_by_function"], name="科学技术支出")
    assert (science["personnel"], science["project"]) == (None, D("17200000.00"))
    assert (
        summary["expenditure_total"],
        summary["expenditure_total_personnel"],
        summary["expenditure_total_public"],
        summary["expenditure_total_project"],
    ) == (D("371514655.00"), D("18120593.00"), D("1710062.00"), D("351684000.00"))


def test_final_accounts_summary_with_carryover():
    """收入支出决算总表 (planning, p.7): 本年收入合计 9746.50, 年初结转和结余 112.88, 总计 9859.38
    on both sides; 本年支出合计 9759.38, 年末结转和结余 100.00."""
    summary = parsed(PLANNING)["summary"]
    assert (
        summary["income_total"],
        summary["current_year_income"],
        summary["carryover_income"],
        summary["general_public_budget"],
    ) == (D("9859.38"), D("9746.50"), D("112.88"), D("9746.50"))
    assert (
        summary["expenditure_total"],
        summary["current_year_expenditure"],
        summary["year_end_carryover"],
    ) == (D("9859.38"), D("9759.38"), D("100.00"))
    assert summary["non_grant_balance_used"] is None and summary["balance_distribution"] is None
    assert summary["superior_subsidy"] is None
    classes = summary["expenditure_by_function"]
    assert row(classes, name="卫生健康支出")["total"] == D("236.63")
    assert row(classes, name="城乡社区支出")["total"] == D("3845.25")
    assert (summary["basic_expenditure"], summary["project_expenditure"]) == (
        D("5377.64"),
        D("4381.74"),
    )


def test_final_accounts_fiscal_grant_table():
    """财政拨款收入支出决算总表 (social work, p.10): 合计 | 一般公共预算财政拨款 | …"""
    grant = parsed(SOCIAL_WORK)["fiscal_grant"]
    assert (grant["general_public_budget"], grant["current_year_income"]) == (
        D("307.82"),
        D("307.82"),
    )
    assert grant["carryover_income"] is None
    assert grant["current_year_expenditure"]["general_public_budget"] == D("307.82")
    general = row(grant["expenditure_by_function"], name="一般公共服务支出")
    assert (general["total"], general["general_public_budget"]) == (D("264.87"), D("264.87"))
    assert grant["expenditure_total"]["total"] == D("307.82")


def test_bare_totals_close_each_side():
    """A 决算 closes both sides with "总计": the first of the row is the income side's."""
    lines = (
        SourceLine(1, ("收入", "", "支出", "")),
        SourceLine(2, ("项目", "决算数", "项目", "决算数")),
        SourceLine(3, ("本年收入合计", "10.00", "本年支出合计", "8.00")),
        SourceLine(4, ("年初结转和结余", "1.00", "年末结转和结余", "3.00")),
        SourceLine(5, ("总计", "11.00", "总计", "11.00")),
    )
    read = read_summary(Section(TableKind.SUMMARY, "收入支出决算总表", 0, lines))
    assert (read.data["income_total"], read.data["expenditure_total"]) == (
        D("11.00"),
        D("11.00"),
    )
    assert (read.data["carryover_income"], read.data["year_end_carryover"]) == (
        D("1.00"),
        D("3.00"),
    )


def test_fiscal_grant_carryover_by_fund_of_final_accounts():
    lines = (
        SourceLine(1, ("项目", "决算数", "项目", "合计", "一般公共预算财政拨款")),
        SourceLine(
            2, ("一、一般公共预算财政拨款", "9.00", "一、一般公共服务支出", "10.00", "10.00")
        ),
        SourceLine(3, ("本年收入合计", "9.00", "本年支出合计", "10.00", "10.00")),
        SourceLine(4, ("年初财政拨款结转和结余", "1.00", "年末财政拨款结转和结余", "", "")),
        SourceLine(5, ("一、一般公共预算财政拨款", "1.00", "", "", "")),
        SourceLine(6, ("总计", "10.00", "总计", "10.00", "10.00")),
    )
    read = read_fiscal_grant(Section(TableKind.FISCAL_GRANT, "财政拨款收入支出决算总表", 0, lines))
    assert read.data["carryover_general_public_budget"] == D("1.00")
    assert read.data["general_public_budget"] == D("9.00")
    assert read.data["expenditure_total"]["general_public_budget"] == D("10.00")
