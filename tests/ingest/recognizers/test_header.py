"""One reader of table headers: spans, meanings, split codes, side-by-side tables, units.

The property tests take a real table (上海 普陀区人民政府办公室's 2025 支出预算总表, codes split
over 类 / 款 / 项, amounts in 元), print it again with its columns reordered, its codes split or
joined and its amounts in 元 or 万元, and read it back: the same codes, the same yuan.
"""

from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.recognizers.coded import coded_spec, read_coded_section
from ingest.recognizers.header import (
    Words,
    column_paths,
    read_header,
    stage_of,
    table_unit,
)
from ingest.segment import Section, TableKind
from ingest.types import SourceLine
from ingest.vocabulary import CODE_WORDS, THREE_PUBLIC_ITEMS, YUAN_PER_UNIT

from ..samples import sections

OFFICE = "sh-putuo-office-2025-department"
THREE_PUBLIC_WORDS = Words.of(dict(THREE_PUBLIC_ITEMS))


def lines(*rows):
    return tuple(SourceLine(no, tuple(cells)) for no, cells in enumerate(rows, start=1))


# The header of 上海's 三公 and 机关运行经费 table, as printed (three rows, spans).
SHANGHAI_THREE_PUBLIC = lines(
    ("“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"),
    ("合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""),
    ("", "", "", "小计", "购置费", "运行费", ""),
)
# The header of a 决算's 三公 table: four rows, 预算数 and 决算数 under every item.
FINAL_THREE_PUBLIC = lines(
    ("财政拨款“三公”经费", *[""] * 11),
    ("合计", "", "因公出国(境)费", "", "公务用车购置及运行维护费", *[""] * 5, "公务接待费", ""),
    ("", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""),
    ("预算数", "决算数") * 6,
)


def test_spanned_cells_cover_the_columns_up_to_the_next_cell_of_their_row():
    paths = column_paths(SHANGHAI_THREE_PUBLIC, 7)
    assert paths[4] == ("三公经费预算数", "公务用车购置及运行费", "购置费")
    # A cell below spans no further than the cell above it: 公务用车购置及运行费 stops at 运行费.
    assert paths[6] == ("机关运行经费预算数",)


def test_a_generic_total_under_a_group_is_the_groups_total():
    header = read_header(SHANGHAI_THREE_PUBLIC, THREE_PUBLIC_WORDS, 7)
    assert header.keys == (
        "total",
        "outbound_travel",
        "reception",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
        "operating",
    )


def test_stages_and_items_of_a_final_accounts_header():
    header = read_header(FINAL_THREE_PUBLIC, THREE_PUBLIC_WORDS, 12)
    assert header.keys[4:10] == (
        "vehicle_total",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_purchase",
        "vehicle_operation",
        "vehicle_operation",
    )
    assert [stage_of(path) for path in header.paths[:2]] == ["budget", "final"]
    assert header.keys[10:] == ("reception", "reception")


def test_codes_split_over_class_section_item_columns():
    words = coded_spec(TableKind.EXPENDITURE).words
    header = read_header(
        lines(
            ("编制部门:上海市普陀区人民政府办公室", "单位:元"),
            ("项目", "", "", "", "支出预算", "", ""),
            ("功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"),
            ("类", "款", "项", "", "", "", ""),
        ),
        words,
        7,
    )
    assert header.code_parts == (0, 1, 2)
    assert header.name_column == 3
    assert header.columns(("total", "basic", "project")) == {"total": 4, "basic": 5, "project": 6}


def test_a_header_naming_the_code_column_twice_is_two_tables_side_by_side():
    header = read_header(
        lines(("经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数")),
        Words.of(CODE_WORDS, {"total": "决算数"}),
        6,
    )
    assert header.panels() == [(0, 2), (3, 5)]


def test_the_total_row_printed_in_the_last_header_row_is_no_column():
    """A 决算 fund table prints its 合计 row's label beside the 本年支出 sub-headers."""
    header = read_header(
        lines(
            ("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
            ("功能分类科目编码", "科目名称", "", "", "", "", "", ""),
            ("合计", "", "", "", "合计", "基本支出", "项目支出", ""),
        ),
        coded_spec(TableKind.GOVERNMENT_FUND_EXPENDITURE).words,
        8,
    )
    assert header.keys == (
        "code",
        "name",
        "carryover",
        "income",
        "total",
        "basic",
        "project",
        "year_end_carryover",
    )


def test_table_unit():
    assert table_unit(lines(("编制部门:上海市商务委员会", "单位:元")))[0] == "元"
    assert table_unit(lines(("单位:万元",)))[0] == "万元"
    assert table_unit(lines(("金额单位：万元",)))[0] == "万元"
    assert table_unit(lines(("单位名称: 晋城市商务局",)))[0] is None


# --- properties: the same table printed another way reads the same ---------------------------

VALUES = ("total", "basic", "project")
LABELS = {"total": "合计", "basic": "基本支出", "project": "项目支出"}


def office_rows():
    """The real rows of the office's 支出预算总表: code, name and amounts in 元."""
    section = sections(OFFICE)[TableKind.EXPENDITURE]
    read = read_coded_section(section, coded_spec(TableKind.EXPENDITURE))
    return read.data["rows"], read.data["total"]


def _amount(value, unit, separators):
    if value is None:
        return ""
    amount = value / YUAN_PER_UNIT[unit]
    text = format(amount.normalize(), "f") if unit != "元" else format(amount, "f")
    if separators and unit == "元":
        whole, _, cents = text.partition(".")
        text = f"{int(whole):,}" + (f".{cents}" if cents else "")
    return text


def printed(rows, total, order, split, unit, separators):
    """The table printed with its value columns in ``order``, codes split or joined."""
    code_cells = ("类", "款", "项") if split else ("功能分类科目编码",)
    header = [
        (f"单位:{unit}",),
        (code_cells[0], "功能分类科目名称", *(LABELS[key] for key in order)),
    ]
    if split:
        header[1] = (
            "功能分类科目编码",
            "",
            "",
            "功能分类科目名称",
            *(LABELS[key] for key in order),
        )
        header.append(("类", "款", "项", "", *[""] * len(order)))
    body = []
    for row in rows:
        code = row["code"]
        codes = (code[:3], code[3:5], code[5:7]) if split else (code,)
        amounts = tuple(_amount(row[key], unit, separators) for key in order)
        body.append((*codes, row["name"], *amounts))
    pad = ("",) * (len(code_cells) - 1)
    body.append(("合计", *pad, "", *(_amount(total[key], unit, separators) for key in order)))
    return Section(TableKind.EXPENDITURE, "支出预算总表", 1, lines(*header, *body))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(VALUES),
    split=st.booleans(),
    unit=st.sampled_from(("元", "万元")),
    separators=st.booleans(),
)
def test_reordered_split_or_joined_yuan_or_wan_read_the_same_yuan(order, split, unit, separators):
    rows, total = office_rows()
    read = read_coded_section(
        printed(rows, total, order, split, unit, separators), coded_spec(TableKind.EXPENDITURE)
    )
    assert read.unit == unit

    def yuan(row, unit="元"):
        factor = YUAN_PER_UNIT[unit]
        return tuple(None if row[key] is None else row[key] * factor for key in VALUES)

    assert [(r["code"], yuan(r, unit)) for r in read.data["rows"]] == [
        (r["code"], yuan(r)) for r in rows
    ]
    assert yuan(read.data["total"], unit) == yuan(total)


@settings(max_examples=30, deadline=None)
@given(order=st.permutations(range(3)))
def test_three_public_items_in_any_order(order):
    """上海's 三公 columns (合计, 因公出国, 公务接待费) printed in another order read the same."""
    names = ("合计", "因公出国(境)费", "公务接待费")
    values = ("867.50", "839.00", "28.50")
    header = lines(
        ("“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"),
        (*(names[i] for i in order), "公务用车购置及运行费", "", "", ""),
        ("", "", "", "小计", "购置费", "运行费", ""),
        (*(values[i] for i in order), "", "", "", "213.28"),
    )
    from ingest.recognizers.three_public import read_three_public

    read = read_three_public(
        Section(TableKind.THREE_PUBLIC, "“三公”经费和机关运行经费预算表", 0, header)
    )
    assert (read.data["total"], read.data["outbound_travel"], read.data["reception"]) == (
        D("867.50"),
        D("839.00"),
        D("28.50"),
    )
    assert read.data["vehicle_total"] is None
    [operating] = read.companions
    assert operating.data["total"] == D("213.28")
