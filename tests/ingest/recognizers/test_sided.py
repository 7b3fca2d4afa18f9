"""Two-sided tables (收支总表, 财政拨款收支总表): read by label, whatever the row order."""

from decimal import Decimal as D

import pytest

from ingest.recognizers.sided import read_summary
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
