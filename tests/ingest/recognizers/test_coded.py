"""The coded reader: every table whose rows carry a functional code.

山西's 表2/表3/表5 (one code column, garbled headers), 上海's budget tables (codes split over
类 / 款 / 项, amounts in 元) and a 决算's 收入决算表 / 支出决算表 (万元), figures read by hand from
the documents.
"""

from decimal import Decimal as D

import pytest

from ingest.recognizers.coded import coded_spec, read_coded_section
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

from ..samples import parsed, row

TOTALS = {
    # sample: 表3 合计/基本/项目, 表5 合计/基本/项目, rows in 表3, rows in 表5
    "000": (("2373.00", "1077.76", "1295.24"), ("2373.00", "1077.76", "1295.24"), 23, 23),
    "001": (("5283.05", "1471.63", "3811.41"), ("5280.60", "1471.63", "3808.97"), 42, 39),
    "002": (("2272.82", "242.32", "2030.50"), ("1272.82", "242.32", "1030.50"), 29, 29),
    "003": (("517.47", "77.47", "440.00"), ("412.13", "283.08", "129.05"), 16, 3),
}


@pytest.mark.parametrize("sample", sorted(TOTALS))
def test_expenditure_totals_and_row_counts(sample):
    result = parsed(sample)
    spent, general, spent_rows, general_rows = TOTALS[sample]
    for key, expected in (
        ("functional_expenditure", spent),
        ("general_public_expenditure", general),
    ):
        total = result["table_totals"][key]
        assert (total["total"], total["basic"], total["project"]) == tuple(D(v) for v in expected)
    assert len(result["functional_expenditure"]) == spent_rows
    assert len(result["general_public_expenditure"]) == general_rows


def test_expenditure_rows_000():
    rows = parsed("000")["functional_expenditure"]
    general = row(rows, code="201")
    assert (general["total"], general["basic"], general["project"]) == (
        D("1990.83"),
        D("704.37"),
        D("1286.46"),
    )
    assert row(rows, code="2011302")["basic"] is None
    assert row(rows, code="2080899") == {
        "code": "2080899",
        "name": "其他优抚支出",
        "total": D("8.78"),
        "basic": None,
        "project": D("8.78"),
        "lines": [178, 178],
    }


def test_general_public_000_wrapped_name_is_compacted():
    rows = parsed("000")["general_public_expenditure"]
    assert row(rows, code="2080505")["name"] == "机关事业单位基本养老保险缴费支出"


def test_general_public_003_prints_a_different_code():
    """003's 表5 shows 201 市场监督管理事务, a code no other table of 003 has."""
    rows = parsed("003")["general_public_expenditure"]
    assert [r["code"] for r in rows] == ["201", "20138", "2013850"]
    assert row(rows, code="2013850")["total"] == D("412.13")


def test_expenditure_001_after_a_page_break():
    rows = parsed("001")["functional_expenditure"]
    housing = row(rows, code="221")
    assert (housing["total"], housing["basic"], housing["project"]) == (
        D("92.52"),
        D("92.52"),
        None,
    )
    assert row(rows, code="2050299")["project"] == D("1.80")


def _section(*rows):
    lines = tuple(SourceLine(no, cells) for no, cells in enumerate(rows, start=10))
    return Section(TableKind.EXPENDITURE, "预算支出总表", 9, lines)


def test_name_wrapped_onto_its_own_line_is_joined():
    section = _section(
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("2080505", "机关事业单位基本养老保险缴费", "76. 67", "76. 67", ""),
        ("", "支出", "", "", ""),
        ("晋城市商务局2024年单位预算公开报告",),
        ("2210201", "住房公积金", "76.31", "76.31", ""),
    )
    read = read_coded_section(section, coded_spec(TableKind.EXPENDITURE))
    names = [(r["code"], r["name"], r["lines"]) for r in read.data["rows"]]
    assert names == [
        ("2080505", "机关事业单位基本养老保险缴费支出", [11, 12]),
        ("2210201", "住房公积金", [14, 14]),
    ]


def test_unreadable_amount_is_listed_not_guessed():
    section = _section(
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("201", "一般公共服务支出", "1990. 8S", "704.37", "1286.46"),
    )
    read = read_coded_section(section, coded_spec(TableKind.EXPENDITURE))
    assert read.data["rows"][0]["total"] is None
    assert read.unreadable == [
        {"what": "expenditure: 201 total", "text": "1990. 8S", "lines": [11, 11]}
    ]


def test_rows_without_amounts_are_dropped():
    """Code lists without figures (003's empty 国有资本 table) are not budget rows."""
    section = _section(
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("208", "社会保障和就业支出", "", "", ""),
    )
    read = read_coded_section(section, coded_spec(TableKind.EXPENDITURE))
    assert read.data["rows"] == []
    assert read.empty


def test_code_and_name_merged_into_one_cell():
    """Some converters put "2011301 行政运行" in one cell; the amounts shift left by one."""
    section = _section(
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("2011301 行政运行", "435. 85", "435. 85", ""),
        ("合计", "435.85", "435.85", ""),
    )
    read = read_coded_section(section, coded_spec(TableKind.EXPENDITURE))
    [only] = read.data["rows"]
    assert (only["code"], only["name"], only["total"], only["basic"]) == (
        "2011301",
        "行政运行",
        D("435.85"),
        D("435.85"),
    )
    assert read.data["total"]["total"] == D("435.85")


# --- 政府性基金 and 国有资本经营 tables: empty in every sample -----------------------------


@pytest.mark.parametrize("sample", ["000", "001", "002", "003"])
def test_empty_tables_are_present_and_empty(sample):
    result = parsed(sample)
    assert result["government_fund_income"] == []
    assert result["government_fund_expenditure"] == []
    assert result["state_capital"] == {"income": [], "expenditure": []}
    assert "government_fund_income" not in result["missing_tables"]
    empties = {table["kind"] for table in result["tables"] if table["empty"]}
    assert {"government_fund_income", "government_fund_expenditure", "state_capital"} <= empties


def test_special_funds_disclosure_has_no_such_tables():
    result = parsed("004")
    assert "government_fund_income" not in result
    assert "state_capital" not in result
