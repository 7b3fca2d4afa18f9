"""Splitting a disclosure into table sections by title, never by line number."""

import pytest

from ingest.segment import (
    TABLE_ORDER,
    TableKind,
    contents_kinds,
    has_page_number,
    segment_sections,
    title_kind,
    title_kinds,
)
from ingest.types import SourceLine
from ingest.vocabulary import TEMPLATES

from .samples import FINAL_TEMPLATE, SHANGHAI_BUDGETS, SHANGHAI_FINALS, raw_document, sections

# The line of each table's title in the samples (the contents lines come much earlier).
TITLE_LINES = {
    "000": (79, 120, 156, 189, 234, 265, 310, 320, 331, 344, 357, 366, 396),
    "001": (84, 127, 177, 230, 273, 322, 368, 378, 391, 404, 415, 422, 456),
    "002": (81, 124, 164, 203, 250, 289, 338, 350, 363, 378, 393, 404, 425),
    "003": (62, 105, 131, 157, 204, 217, 244, 256, 267, 296, 313, 325, 343),
}


@pytest.mark.parametrize("sample", sorted(TITLE_LINES))
def test_every_template_table_is_found_at_its_title_not_in_the_contents(sample):
    found = sections(sample)
    assert tuple(found) == TABLE_ORDER
    assert tuple(found[kind].title_line for kind in TABLE_ORDER) == TITLE_LINES[sample]


def test_special_funds_disclosure_has_no_table_sections():
    """004 prints projects as prose and forms; 项目支出绩效目标申报表 is not a project table."""
    assert sections("004") == {}


def test_section_ends_before_the_next_part():
    """000's last table (上年结转 projects) stops at 第三部分, leaving the narrative out."""
    carried = sections("000")[TableKind.CARRYOVER_PROJECTS]
    assert carried.span == [396, 404]
    assert all("情况说明" not in line.text for line in carried.lines)


def test_procurement_catalogue_stays_out_of_every_table():
    """002 appends a catalogue whose codes ("004 会议服务") look like functional codes."""
    for section in sections("002").values():
        assert all(line.no < 440 for line in section.lines)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2024年预算收支总表", TableKind.SUMMARY),
        ("表一2024年预算收支总表", TableKind.SUMMARY),
        ("表1 部门收支总表", TableKind.SUMMARY),
        ("预算公开表1 2024年预算收支总表", TableKind.SUMMARY),
        ("2025年预算收入总表", TableKind.INCOME),
        ("表三2024年预算支出总表", TableKind.EXPENDITURE),
        ("2024年财政拨款收支总表", TableKind.FISCAL_GRANT),
        ("2024年一般公共预算支出预算表(不含上年结转)", TableKind.GENERAL_PUBLIC),
        ("表五 一般公共预算支出表", TableKind.GENERAL_PUBLIC),
        ("2024年一般公共预算安排基本支出分经济科目表(不含上年结转)", TableKind.ECONOMIC),
        ("2024年政府性基金预算收入表(不含上年结转)", TableKind.GOVERNMENT_FUND_INCOME),
        ("2024年政府性基金预算支出表(不含上年结转)", TableKind.GOVERNMENT_FUND_EXPENDITURE),
        ("2024年国有资本经营预算收支预算表(不含上年结转)", TableKind.STATE_CAPITAL),
        ('2024年财政拨款安排"三公"经费支出预算表', TableKind.THREE_PUBLIC),
        ("2023年一般公共预算“三公”经费支出预算表", TableKind.THREE_PUBLIC),
        ("预算公开表10 2024年财政拨款安排“三公”经费支出预算表", TableKind.THREE_PUBLIC),
        ("2024年财政拨款安排机关运行经费预算表", TableKind.OPERATING),
        ("2023年机关运行经费预算财政拨款情况统计表", TableKind.OPERATING),
        ("2024年项目支出预算表(本年预算)", TableKind.PROJECTS),
        ("2024年项目支出预算表（上年结转）", TableKind.CARRYOVER_PROJECTS),
        ("表十三2024年项目支出预算表(上年结转)", TableKind.CARRYOVER_PROJECTS),
        # 上海's budgets
        ("2025年部门财务收支预算总表", TableKind.SUMMARY),
        ("1. 2025年预算单位财务收支预算总表", TableKind.SUMMARY),
        ("2025年部门收入预算总表", TableKind.INCOME),
        ("2025年部门支出预算总表", TableKind.EXPENDITURE),
        ("4.2025年部门财政拨款收支预算总表", TableKind.FISCAL_GRANT),
        ("2025年部门一般公共预算支出功能分类预算表", TableKind.GENERAL_PUBLIC),
        ("2025年部门政府性基金预算支出功能分类预算表", TableKind.GOVERNMENT_FUND_EXPENDITURE),
        ("2025年部门国有资本经营预算支出功能分类预算表", TableKind.STATE_CAPITAL),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", TableKind.ECONOMIC),
        ("2025年部门“三公”经费和机关运行经费预算表", TableKind.THREE_PUBLIC),
        # 部门决算: no year, numbered in the contents ("一、收入支出决算总表")
        ("收入支出决算总表", TableKind.SUMMARY),
        ("一、收入支出决算总表", TableKind.SUMMARY),
        ("二、收入决算表", TableKind.INCOME),
        ("支出决算表", TableKind.EXPENDITURE),
        ("财政拨款收入支出决算总表", TableKind.FISCAL_GRANT),
        ("一般公共预算财政拨款支出决算表", TableKind.GENERAL_PUBLIC),
        ("一般公共预算财政拨款收入支出决算表", TableKind.GENERAL_PUBLIC),
        ("一般公共预算财政拨款基本支出决算表", TableKind.ECONOMIC),
        ("财政拨款“三公”经费支出决算表", TableKind.THREE_PUBLIC),
        ("政府性基金预算财政拨款收入支出决算表", TableKind.GOVERNMENT_FUND_EXPENDITURE),
        ("国有资本经营预算财政拨款收入支出决算表", TableKind.STATE_CAPITAL),
    ],
)
def test_title_kind_reads_template_titles_with_or_without_prefix_and_year(title, kind):
    assert title_kind(title) == kind


@pytest.mark.parametrize(
    "text",
    [
        "阳泉市市级预算部门（单位）项目支出绩效目标申报表",
        "(项目绩效目标表公开情况见附件)",
        "晋城市商务局2024年单位预算公开报告",
        "部门公开表9",
        "预算公开表10",
        "五、一般公共预算支出情况说明",
        "2024年度晋城市商务局支出预算2373万元,其中:基本支出1077.76万元",
        "上海市规划和自然资源局 2024 年度部门决算表",
        "二、收入决算情况说明",
        "财政项目支出绩效目标填报表",
    ],
)
def test_footers_markers_forms_and_prose_are_not_titles(text):
    assert title_kind(text) is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("表一2024年预算收支总表", "3"), True),
        (("表六2024年一般公共预算安排基本支出分经济科目表(不含上年结转)11",), True),
        (("表五2025年一般公共预算支出预算表(不含上年结转)", ".12"), True),
        (("2023年预算收支总表.....", "2"), True),
        (("2024年预算收支总表",), False),
        (("单位名称: 晋城市商务局 单位: 万元",), False),
    ],
)
def test_contents_entries_are_recognized_by_their_page_numbers(cells, expected):
    assert has_page_number(SourceLine(1, cells)) is expected


def test_contents_run_without_page_numbers_is_ignored():
    """A run of titles (a contents page) opens no section, even with no page numbers."""
    lines = [
        SourceLine(1, ("表十一2024年财政拨款安排机关运行经费预算表",)),
        SourceLine(2, ("表十二2024年项目支出预算表(本年预算)",)),
        SourceLine(3, ("第三部分 情况说明",)),
        SourceLine(10, ("2024年项目支出预算表(本年预算)",)),
        SourceLine(11, ("项目名称", "合计")),
        SourceLine(12, ("某项目", "1.00")),
    ]
    found = segment_sections(lines)
    assert [(section.kind, section.title_line) for section in found] == [(TableKind.PROJECTS, 10)]


def test_contents_of_001_with_wrapped_entries_opens_no_section():
    """001's contents wraps 表六 over two lines ("(不含" / "上年=结转) .13")."""
    lines = raw_document("001").lines
    toc = [line for line in lines if line.no < 42]
    assert segment_sections(toc) == []


def test_title_repeated_on_the_next_page_continues_the_table():
    lines = [
        SourceLine(1, ("2024年预算支出总表",)),
        SourceLine(2, ("科目编码", "科目名称", "合计", "基本支出", "项目支出")),
        SourceLine(3, ("201", "一般公共服务支出", "10.00", "10.00", "")),
        SourceLine(4, ("2024年预算支出总表(续)",)),
        SourceLine(5, ("科目编码", "科目名称", "合计", "基本支出", "项目支出")),
        SourceLine(6, ("208", "社会保障和就业支出", "5.00", "5.00", "")),
    ]
    [section] = segment_sections(lines)
    assert section.span == [1, 6]
    assert [line.no for line in section.lines] == [2, 3, 5, 6]


def test_a_combined_title_names_both_tables():
    assert title_kinds("2025年部门“三公”经费和机关运行经费预算表") == (
        TableKind.THREE_PUBLIC,
        TableKind.OPERATING,
    )
    assert title_kinds("财政拨款“三公”经费支出决算表") == (TableKind.THREE_PUBLIC,)


def _template(kinds):
    return next(tables for documents, tables in TEMPLATES if kinds <= documents)


@pytest.mark.parametrize("sample", SHANGHAI_BUDGETS)
def test_shanghai_budgets_print_nine_tables_and_list_them_in_the_contents(sample):
    found = sections(sample)
    shanghai = TEMPLATES[1][1]
    assert set(found) == set(shanghai) - {TableKind.OPERATING}  # printed in the 三公 table
    assert set(contents_kinds(raw_document(sample).lines)) == set(shanghai)


@pytest.mark.parametrize("sample", [*SHANGHAI_FINALS, FINAL_TEMPLATE])
def test_final_accounts_print_the_nine_tables_of_their_template(sample):
    """The 决算 titles carry no year; the contents lists them as "一、收入支出决算总表" lines."""
    final = _template({"department_final"})
    assert tuple(sections(sample)) == final
    assert contents_kinds(raw_document(sample).lines) == final


def test_final_accounts_table_starts_at_its_title_not_at_the_part_heading():
    """planning prints "上海市规划和自然资源局 2024 年度部门决算表" above its first title."""
    summary = sections("sh-putuo-planning-2024-final")[TableKind.SUMMARY]
    assert summary.title == "收入支出决算总表"
    assert summary.lines[0].text.replace(" ", "") in {"单位:万元", "单位：万元"}
