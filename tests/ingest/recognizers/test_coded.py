"""The coded reader: every table whose rows carry a functional code.

山西's 表2/表3/表5 (one code column, garbled headers), 上海's budget tables (codes split over
类 / 款 / 项, amounts in 元) and a 决算's 收入决算表 / 支出决算表 (万元), figures read by hand from
the documents.
"""

from decimal import Decimal as D

import pytest

from ingest.recognizers.coded import coded_spec, read_coded_section, row_code
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


# --- 上海: codes split over 类 / 款 / 项, amounts in 元 ----------------------------------------

OFFICE = "sh-putuo-office-2025-department"
WANLI_2023 = "sh-putuo-wanli-2023-department"
WANLI_2025 = "sh-putuo-wanli-2025-department"
COMMERCE = "sh-putuo-commerce-2025-unit"
PLANNING = "sh-putuo-planning-2024-final"
SOCIAL_WORK = "sh-putuo-social-work-2024-final"


def test_office_expenditure_rows_from_split_codes():
    """2025年部门支出预算总表 (p.11): "201 | 03 | 01 | 行政运行" is 2010301, amounts in 元."""
    result = parsed(OFFICE)
    rows = result["functional_expenditure"]
    assert len(rows) == 20
    assert (row(rows, code="201")["total"], row(rows, code="201")["basic"]) == (
        D("82096797.42"),
        D("15686797.42"),
    )
    admin = row(rows, code="2010301")
    assert (admin["name"], admin["total"], admin["basic"], admin["project"]) == (
        "行政运行",
        D("12029501.84"),
        D("11919501.84"),
        D("110000.00"),
    )
    assert row(rows, code="2010302")["basic"] is None  # an empty cell
    assert row(rows, code="2080505")["total"] == D("1763159.52")
    total = result["table_totals"]["functional_expenditure"]
    assert (total["total"], total["basic"], total["project"]) == (
        D("91016775.35"),
        D("24606775.35"),
        D("66410000.00"),
    )


def test_office_general_public_table_runs_over_a_repeated_header():
    """The 一般公共预算 table repeats its three header rows at the page break (p.14-15)."""
    rows = parsed(OFFICE)["general_public_expenditure"]
    assert len(rows) == 20
    assert row(rows, code="21011")["total"] == D("1097073.43")  # first row after the break
    assert row(rows, code="2210203")["basic"] == D("1867680.00")


def test_income_by_kind_of_income_in_a_shanghai_budget():
    """收入预算总表 (wanli 2023, p.11): 合计, 财政拨款收入, 事业收入, 经营收入, 其他收入."""
    result = parsed(WANLI_2023)
    rows = result["income_by_function"]
    assert len(rows) == 66
    census = row(rows, code="2010507")
    assert (census["name"], census["total"], census["fiscal_grant"]) == (
        "专项普查活动",
        D("601300"),
        D("601300"),
    )
    assert census["business_income"] is None and census["other_income"] is None
    assert row(rows, code="20138")["total"] == D("146200")
    assert result["table_totals"]["income_by_function"]["total"] == D("164978640")


def test_total_row_whose_empty_cells_were_dropped():
    """wanli 2025 prints "合计 | 189,767,551 | 101,341,746 | 88,425,805" under a 7-column
    header: the amounts are 合计, 基本支出, 项目支出 all the same."""
    total = parsed(WANLI_2025)["table_totals"]["functional_expenditure"]
    assert (total["total"], total["basic"], total["project"]) == (
        D("189767551"),
        D("101341746"),
        D("88425805"),
    )


# --- 决算: 收入决算表 and 支出决算表 in 万元 ------------------------------------------------------


def test_final_accounts_income_table():
    """收入决算表 (social work, p.6): 本年收入合计 | 财政拨款收入 | 上级补助收入 | … | 其他收入."""
    result = parsed(SOCIAL_WORK)
    rows = result["income_by_function"]
    assert len(rows) == 17
    assert row(rows, code="2013999")["total"] == D("202.24")
    assert row(rows, code="2080505")["fiscal_grant"] == D("6.18")
    assert row(rows, code="21011")["superior_subsidy"] is None
    assert result["table_totals"]["income_by_function"]["total"] == D("307.82")


def test_final_accounts_expenditure_table():
    """支出决算表 (social work, p.8): 本年支出合计 | 基本支出 | 项目支出 | 上缴上级支出 | …"""
    result = parsed(SOCIAL_WORK)
    rows = result["functional_expenditure"]
    social = row(rows, code="20139")
    assert (social["total"], social["basic"], social["project"]) == (
        D("264.87"),
        D("62.63"),
        D("202.24"),
    )
    assert social["paid_to_superior"] is None and social["subsidy_to_affiliated"] is None
    total = result["table_totals"]["functional_expenditure"]
    assert (total["total"], total["basic"], total["project"]) == (
        D("307.82"),
        D("105.58"),
        D("202.24"),
    )


def test_planning_spends_more_than_its_income_on_one_class():
    """planning 2024: 城乡社区支出 3832.36 received (收入决算表) and 3845.24 spent (支出决算表)."""
    result = parsed(PLANNING)
    assert row(result["income_by_function"], code="212")["total"] == D("3832.36")
    spent = row(result["functional_expenditure"], code="212")
    assert (spent["total"], spent["basic"], spent["project"]) == (
        D("3845.24"),
        D("1585.59"),
        D("2259.65"),
    )
    assert row(result["general_public_expenditure"], code="2120101")["basic"] == D("1084.02")


def test_blank_final_accounts_template_tables_are_present_and_empty():
    result = parsed("sh-final-accounts-template-2024")
    for key in (
        "income_by_function",
        "functional_expenditure",
        "general_public_expenditure",
        "government_fund_expenditure",
    ):
        assert result[key] == [], key
    assert result["state_capital"] == {"income": [], "expenditure": [], "total": None}


# --- rows printed oddly ---------------------------------------------------------------------

SPLIT_HEADER = (
    ("功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"),
    ("类", "款", "项", "", "", "", ""),
)


def _split_section(*rows):
    lines = tuple(
        SourceLine(no, cells) for no, cells in enumerate((*SPLIT_HEADER, *rows), start=10)
    )
    return Section(TableKind.EXPENDITURE, "支出预算总表", 9, lines)


def test_split_code_part_without_its_leading_zero():
    """A spreadsheet that stored 款 as a number prints "301 | 2": that is 30102."""
    read = read_coded_section(
        _split_section(
            ("208", "", "", "社会保障和就业支出", "5.00", "5.00", ""),
            ("208", "5", "", "行政事业单位养老支出", "5.00", "5.00", ""),
        ),
        coded_spec(TableKind.EXPENDITURE),
    )
    assert [r["code"] for r in read.data["rows"]] == ["208", "20805"]
    assert any("without its 0" in note["what"] for note in read.notes)


def test_amounts_printed_on_the_line_above_their_code_row():
    read = read_coded_section(
        _split_section(
            ("", "", "", "", "1,554,220.00", "1,554,220.00", ""),
            ("208", "05", "01", "行政单位离退休", "", "", ""),
            ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "1,763,159.52", "1,763,159.52"),
        ),
        coded_spec(TableKind.EXPENDITURE),
    )
    rows = read.data["rows"]
    assert [(r["code"], r["total"], r["lines"]) for r in rows] == [
        ("2080501", D("1554220.00"), [12, 13]),
        ("2080505", D("1763159.52"), [14, 14]),
    ]


def test_amounts_printed_on_the_line_below_their_code_row():
    read = read_coded_section(
        _split_section(
            ("221", "02", "03", "购房补贴", "", "", ""),
            ("", "", "", "", "1,867,680.00", "1,867,680.00", ""),
            ("221", "02", "01", "住房公积金", "1,741,445.22", "1,741,445.22", ""),
        ),
        coded_spec(TableKind.EXPENDITURE),
    )
    assert [(r["code"], r["basic"]) for r in read.data["rows"]] == [
        ("2210203", D("1867680.00")),
        ("2210201", D("1741445.22")),
    ]


def test_name_wrapped_onto_a_second_line_without_a_code():
    read = read_coded_section(
        _split_section(
            (
                "201",
                "03",
                "99",
                "其他政府办公厅(室)及相关机构事务",
                "20,120,000.00",
                "",
                "20,120,000.00",
            ),
            ("", "", "", "支出", "", "", ""),
        ),
        coded_spec(TableKind.EXPENDITURE),
    )
    [only] = read.data["rows"]
    assert only["name"] == "其他政府办公厅(室)及相关机构事务支出"
    assert only["project"] == D("20120000.00")


def test_a_table_saying_it_is_empty_beside_figures_keeps_them_and_says_so():
    read = read_coded_section(
        _split_section(
            ("201", "03", "01", "行政运行", "12.00", "12.00", ""),
            ("注:本部门无政府性基金预算财政拨款安排的预算,故本表为空表。",),
        ),
        coded_spec(TableKind.EXPENDITURE),
    )
    assert read.data["rows"][0]["total"] == D("12.00")
    assert read.stated_empty["lines"] == [13, 13]
    assert any("says it has no data" in note["what"] for note in read.notes)


@pytest.mark.parametrize(
    ("cells", "split", "expected"),
    [
        (("2011301", "行政运行", "1.00"), False, ("2011301", "行政运行", 1)),
        (("", "201", "一般公共服务支出", "1.00"), False, ("201", "一般公共服务支出", 2)),
        (("2011301 行政运行", "1.00"), False, ("2011301", "行政运行", 0)),
        (("201", "13", "01", "行政运行", "1.00"), True, ("2011301", "行政运行", 3)),
        (("201", "", "", "一般公共服务支出", "1.00"), True, ("201", "一般公共服务支出", 3)),
        (("201", "1.00"), False, None),  # a code followed by an amount: no code row
        (("201", "13", "01", "行政运行"), False, None),  # split parts only when the header says
        (("1000", "办公费"), False, None),  # four digits are no functional code
    ],
)
def test_row_code(cells, split, expected):
    coded = row_code(SourceLine(1, cells), split=split)
    assert (coded and (coded.code, coded.name, coded.name_index)) == expected


def test_general_public_income_and_expenditure_table_of_final_accounts():
    """The national 决算 template's 一般公共预算财政拨款收入支出决算表: 年初结转和结余 | 本年收入 |
    本年支出 (合计 | 基本支出 | 项目支出) | 年末结转和结余, each row balancing."""
    rows = (
        ("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
        ("功能分类科目编码", "科目名称", "", "", "合计", "基本支出", "项目支出", ""),
        ("201", "一般公共服务支出", "2.00", "10.00", "11.00", "8.00", "3.00", "1.00"),
        ("合计", "", "2.00", "10.00", "11.00", "8.00", "3.00", "1.00"),
    )
    lines = tuple(SourceLine(no, cells) for no, cells in enumerate(rows, start=1))
    section = Section(TableKind.GENERAL_PUBLIC, "一般公共预算财政拨款收入支出决算表", 0, lines)
    read = read_coded_section(section, coded_spec(TableKind.GENERAL_PUBLIC))
    [only] = read.data["rows"]
    assert (only["carryover"], only["income"], only["total"], only["year_end_carryover"]) == (
        D("2.00"),
        D("10.00"),
        D("11.00"),
        D("1.00"),
    )
    assert read.data["total"]["basic"] == D("8.00")
