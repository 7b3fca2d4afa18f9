"""The whole parse: layouts, golden files, bad and truncated input, the JSON printed."""

import json
import os
import re
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract import ExtractError
from ingest.pipeline import ParseError, parse_bytes, parse_document, to_json
from ingest.segment import TABLE_ORDER
from ingest.types import RawDocument, SourceLine

from .layouts import LINE_PRESERVING, VARIANTS, comparable
from .regenerate_golden import golden_path, golden_view, regenerate
from .samples import (
    ALL_SAMPLE_IDS,
    FINAL_TEMPLATE,
    SAMPLE_IDS,
    SHANGHAI_BUDGETS,
    SHANGHAI_FINALS,
    SHANGHAI_IDS,
    parsed,
    raw_document,
    sample_bytes,
)

# Keys filled by ingest.narrative / ingest.forms, compared apart from the tables.
THEIR_KEYS = (
    "narrative",
    "glossary",
    "procurement",
    "stated_changes",
    "performance_targets",
    "errors",
)
THEIR_CHECKS = ("form_funds", "narrative")
_LINE_IN_TEXT = re.compile(r"(?<=line )\d+|(?<=@)\d+")


def _text_without_line_numbers(value):
    """Line numbers quoted in strings ("form at line 479", "…经费@1307") move with the layout."""
    if isinstance(value, dict):
        return {k: _text_without_line_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_without_line_numbers(v) for v in value]
    return _LINE_IN_TEXT.sub("N", value) if isinstance(value, str) else value


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_layout_variants_parse_the_same(sample, variant):
    """Markdown pipes, HTML tables, GB18030+CRLF and a BOM give the same parse."""
    text = sample_bytes(sample).decode("utf-8")
    converted = parse_bytes(VARIANTS[variant](text), f"{sample}.{variant}")
    keep_lines = variant in LINE_PRESERVING
    expected = comparable(parsed(sample), keep_lines=keep_lines)
    actual = comparable(converted, keep_lines=keep_lines)
    if not keep_lines:
        expected, actual = _text_without_line_numbers(expected), _text_without_line_numbers(actual)
    assert actual == expected


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_layout_variant_keeps_the_figures_of_000(variant):
    text = sample_bytes("000").decode("utf-8")
    result = parse_bytes(VARIANTS[variant](text), "000.txt")
    assert result["summary"]["expenditure_total"] == D("2373.00")
    assert result["summary"]["basic_expenditure"] == D("1077.76")
    assert result["summary"]["project_expenditure"] == D("1295.24")
    assert len(result["projects"]) == 21
    assert result["source"]["layout"] in {"tsv", "pipe", "mixed", "html"}


def _split_golden(document):
    theirs = {k: document.get(k) for k in THEIR_KEYS}
    checks = document["validation"]
    theirs["checks"] = [c for c in checks if c["check"].startswith(THEIR_CHECKS)]
    mine = {k: v for k, v in document.items() if k not in THEIR_KEYS}
    mine["validation"] = [c for c in checks if not c["check"].startswith(THEIR_CHECKS)]
    for key in ("validation_summary", "unreadable"):
        mine.pop(key, None)
    return mine, theirs


@pytest.mark.parametrize("sample", ALL_SAMPLE_IDS)
def test_golden_tables_and_checks(sample):
    """The parse of each sample equals tests/fixtures/expected (REGENERATE_GOLDEN=1 rewrites)."""
    if os.environ.get("REGENERATE_GOLDEN"):
        regenerate((sample,))
    expected = json.loads(golden_path(sample).read_text(encoding="utf-8"))
    actual = json.loads(to_json(golden_view(parsed(sample))))
    assert _split_golden(actual)[0] == _split_golden(expected)[0]


@pytest.mark.parametrize("sample", ALL_SAMPLE_IDS)
def test_golden_narrative_and_forms(sample):
    """The narrative/forms part of the golden file, kept apart: another stage fills it."""
    expected = json.loads(golden_path(sample).read_text(encoding="utf-8"))
    actual = json.loads(to_json(golden_view(parsed(sample))))
    assert _split_golden(actual)[1] == _split_golden(expected)[1]


def test_to_json_prints_amounts_as_numbers_with_two_decimals():
    text = to_json(parsed("000"))
    assert '"income_total": 2373.00,' in text
    assert '"lines": [85, 85]' in text
    assert json.loads(text)["summary"]["basic_expenditure"] == 1077.76
    special = to_json(parsed("004"))
    assert '"total": 631.81' in special
    assert '"amount": 5.50' in special  # "5.5 万元" in the prose


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", ExtractError, "empty"),
        (bytes(range(256)) * 8, ExtractError, "binary"),
        (b"%PDF-1.4 ...", ExtractError, ""),
        ("今天天气很好。\n我们去公园散步。\n".encode(), ParseError, "not a budget disclosure"),
        ("合计\t1.00\t2.00\n".encode("gb18030"), ParseError, "not a budget disclosure"),
    ],
)
def test_bad_input_gets_one_clear_line(data, error, words):
    with pytest.raises(error) as caught:
        parse_bytes(data, "bad.txt")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_truncated_disclosure_parses_what_is_there_and_lists_the_rest():
    """000 cut after its 表3: 表1-3 are read, 表4-13 are listed as missing."""
    lines = sample_bytes("000").decode().split("\n")[:188]
    result = parse_bytes("\n".join(lines).encode(), "000-cut.txt")
    assert result["summary"]["income_total"] == D("2373.00")
    assert result["table_totals"]["functional_expenditure"]["project"] == D("1295.24")
    assert result["missing_tables"] == list(TABLE_ORDER[3:])
    assert "economic_basic" not in result


def test_cover_only_is_a_disclosure_with_every_table_missing():
    result = parse_bytes("晋城市商务局\n2024年度单位预算公开\n".encode(), "cover.txt")
    assert (result["entity"], result["fiscal_year"], result["kind"]) == (
        "晋城市商务局",
        2024,
        "unit_budget",
    )
    assert result["missing_tables"] == list(TABLE_ORDER)
    assert result["validation"] == []


def test_unreadable_cell_is_listed_never_guessed():
    text = (
        sample_bytes("000")
        .decode()
        .replace("1990. 83\t704. 37\t1286. 46", "1990. 8З\t704. 37\t1286. 46", 1)
    )
    result = parse_bytes(text.encode(), "000-noise.txt")
    assert result["functional_expenditure"][0]["total"] is None
    assert any(item["text"] == "1990. 8З" for item in result["unreadable"])


def _raw(lines):
    return RawDocument("t.txt", "0" * 64, "text", "", tuple(lines))


SAMPLE_LINES = [
    line for sample in ("000", "001", "003") for line in raw_document(sample).lines[60:480]
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SAMPLE_LINES), max_size=120))
def test_parser_never_raises_on_shuffled_real_lines(lines):
    """Any mix of real table lines parses or is rejected as no disclosure, never crashes."""
    renumbered = [SourceLine(no, line.cells) for no, line in enumerate(lines, start=1)]
    try:
        result = parse_document(_raw(renumbered))
    except ParseError:
        return
    json.loads(to_json(result))


SHANGHAI_LINES = [
    line
    for sample in ("sh-putuo-commerce-2025-unit", "sh-putuo-planning-2024-final")
    for line in raw_document(sample).lines[80:300]
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SHANGHAI_LINES), max_size=120))
def test_parser_never_raises_on_shuffled_shanghai_lines(lines):
    """Split codes, spanned headers, 决算 tables in any order: parsed or refused, never a crash."""
    renumbered = [SourceLine(no, line.cells) for no, line in enumerate(lines, start=1)]
    try:
        result = parse_document(_raw(renumbered))
    except ParseError:
        return
    json.loads(to_json(result))


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_parse_bytes_never_raises_on_arbitrary_text(text):
    """Arbitrary text is parsed or refused with ExtractError (ParseError is one), nothing else."""
    try:
        result = parse_bytes(text.encode("utf-8"), "random.txt")
    except ExtractError:
        return
    json.loads(to_json(result))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "合计",
                    "201",
                    "2011301",
                    "一般公共服务支出",
                    "1,295. 24",
                    "",
                    "-",
                    "_",
                    "2024年预算支出总表",
                    "本表无数据",
                    "基本支出",
                    "项目支出",
                    "晋城市商务局",
                    "2023年项目支出预算表(上年结转)",
                    "一、一般公共预算",
                    "收入总计",
                    "x",
                ]
            ),
            min_size=1,
            max_size=7,
        ),
        max_size=40,
    )
)
def test_parse_bytes_never_raises_on_table_like_text(rows):
    text = "\n".join("\t".join(cells) for cells in rows)
    try:
        result = parse_bytes(text.encode(), "tables.txt")
    except ExtractError:
        return
    json.loads(to_json(result))


# --- other regions' templates: 上海's budgets and 部门决算 ------------------------------------


@pytest.mark.parametrize("sample", SHANGHAI_IDS)
def test_every_table_of_the_shanghai_samples_is_read(sample):
    result = parsed(sample)
    expected = 10 if sample in SHANGHAI_BUDGETS else 9  # 三公 and 机关运行经费 share a table
    assert len(result["tables"]) == expected
    assert result["missing_tables"] == []
    assert not result["unreadable"]


@pytest.mark.parametrize(
    ("sample", "unit", "empty"),
    [
        ("sh-putuo-office-2025-department", "元", {"government_fund_expenditure", "state_capital"}),
        ("sh-putuo-wanli-2023-department", "元", {"government_fund_expenditure", "state_capital"}),
        (
            "sh-putuo-planning-2024-final",
            "万元",
            {"government_fund_expenditure", "state_capital"},
        ),
        (
            "sh-putuo-social-work-2024-final",
            "万元",
            {"government_fund_expenditure", "state_capital", "three_public"},
        ),
    ],
)
def test_document_unit_and_tables_present_but_empty(sample, unit, empty):
    result = parsed(sample)
    assert result["amount_unit"] == unit
    assert {table["kind"] for table in result["tables"] if table["empty"]} == empty


def test_a_table_printed_in_another_unit_is_converted_and_says_so():
    """office prints its tables in 元 and its 三公 table in 万元: 867.50 万元 is stored as
    8,675,000.00 元, and the table records 万元 and its step (0.01 万元 = 100 元)."""
    result = parsed("sh-putuo-office-2025-department")
    assert result["three_public"]["total"] == D("8675000.00")
    [three] = [table for table in result["tables"] if table["kind"] == "three_public"]
    assert (three["unit"], three["resolution"]) == ("万元", D("100"))
    [summary] = [table for table in result["tables"] if table["kind"] == "summary"]
    assert summary["unit"] == "元" and "resolution" not in summary


def test_whole_yuan_tables_record_their_step():
    [summary] = [
        table
        for table in parsed("sh-putuo-wanli-2023-department")["tables"]
        if table["kind"] == "summary"
    ]
    assert summary["resolution"] == D("1")


def test_the_blank_final_accounts_template_has_every_table_present_and_empty():
    result = parsed(FINAL_TEMPLATE)
    assert result["kind"] == "department_final"
    assert [table["kind"] for table in result["tables"]] == [
        "summary",
        "income",
        "expenditure",
        "fiscal_grant",
        "general_public",
        "economic",
        "three_public",
        "government_fund_expenditure",
        "state_capital",
    ]
    assert all(table["empty"] for table in result["tables"])
    assert result["missing_tables"] == []


@pytest.mark.parametrize("sample", SHANGHAI_FINALS)
def test_final_accounts_figures_use_the_budget_keys(sample):
    """A 决算 reports its tables under the budget's keys, so the two line up."""
    result = parsed(sample)
    for key in (
        "summary",
        "income_by_function",
        "functional_expenditure",
        "general_public_expenditure",
        "fiscal_grant",
        "economic_basic",
        "three_public",
        "three_public_budget",
    ):
        assert key in result, key


def test_a_final_accounts_table_missing_from_a_truncated_document_is_listed():
    """planning cut before its 三公 table: the tables after it are listed as missing."""
    lines = [line for line in raw_document("sh-putuo-planning-2024-final").lines if line.no < 272]
    renumbered = [SourceLine(no, line.cells) for no, line in enumerate(lines, start=1)]
    result = parse_document(
        RawDocument("planning-cut.txt", "0" * 64, "text", "", tuple(renumbered))
    )
    assert result["missing_tables"] == [
        "three_public",
        "government_fund_expenditure",
        "state_capital",
    ]
