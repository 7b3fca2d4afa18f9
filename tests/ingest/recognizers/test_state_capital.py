"""表9 国有资本经营预算收支预算表: both sides of a row are read apart."""

from decimal import Decimal as D

from ingest.recognizers.state_capital import StateCapitalRecognizer
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

from ..samples import parsed, sections


def test_code_list_under_no_data_is_not_read_as_rows():
    """003 lists its functional codes under "本表无数据"; none of them is a state-capital row."""
    read = StateCapitalRecognizer().read(sections("003")[TableKind.STATE_CAPITAL])
    assert read.data == {"income": [], "expenditure": []}
    assert read.empty


def test_a_row_with_both_sides():
    lines = (
        SourceLine(
            2,
            (
                "收入科目编码",
                "科目名称",
                "国有资本经营收入预算",
                "科目编码",
                "科目名称",
                "合计",
                "基本支出",
                "项目支出",
            ),
        ),
        SourceLine(
            3,
            (
                "10306",
                "国有资本经营收入",
                "12.00",
                "22301",
                "解决历史遗留问题",
                "12.00",
                "",
                "12.00",
            ),
        ),
    )
    read = StateCapitalRecognizer().read(
        Section(TableKind.STATE_CAPITAL, "国有资本经营预算收支预算表", 1, lines)
    )
    assert read.data["income"] == [
        {"code": "10306", "name": "国有资本经营收入", "amount": D("12.00"), "lines": [3, 3]}
    ]
    assert read.data["expenditure"][0]["project"] == D("12.00")


def test_shanghai_and_final_accounts_tables_are_one_sided_and_empty():
    """上海's 国有资本经营预算支出功能分类预算表 and a 决算's 收入支出决算表: coded tables that
    say they have no data."""
    for sample in ("sh-putuo-office-2025-department", "sh-putuo-planning-2024-final"):
        capital = parsed(sample)["state_capital"]
        assert capital == {"income": [], "expenditure": [], "total": None}
