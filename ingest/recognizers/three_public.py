"""The “三公”经费 table, and the 机关运行经费 a table may print beside it.

Two layouts print it:

- one row per item (山西: 因公出国(境)费, 公务接待费, 公务用车购置及运行费 with ①购置费 and
  ②运行维护费, 合计), columns by fund (合计, 一般公共预算 …): the 合计 column is read and the
  by-fund columns are kept under ``by_fund``;
- one row of figures under a header naming the items (上海's budget, where a last column
  holds the 机关运行经费; a 决算, where each item has a 预算数 and a 决算数 column). The header
  reader maps each column onto its item and stage. A 决算's ``three_public`` holds the 决算数
  (an empty 决算数 cell is null, never the 预算数 beside it) and ``three_public_budget`` the
  预算数; a 机关运行经费 column becomes the 机关运行经费 table's read.

A table that says it has no data gives objects of nulls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    empty_statement,
    has_amounts,
    is_amount_cell,
    line_lines,
    looks_numeric,
    stated_empty_note,
)
from ingest.recognizers.header import (
    Words,
    read_header,
    resolve_columns,
    row_width,
    stage_of,
    table_unit,
)
from ingest.segment import Section
from ingest.types import SourceLine
from ingest.vocabulary import THREE_PUBLIC_FUNDS, THREE_PUBLIC_ITEMS, TableKind

KEYS = (
    "total",
    "outbound_travel",
    "reception",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
)
_ITEMS = tuple((key, re.compile(words)) for key, words in THREE_PUBLIC_ITEMS if key != "operating")
_ITEM_WORDS = Words.of(dict(THREE_PUBLIC_ITEMS))
_FUND_WORDS = Words.of(dict(THREE_PUBLIC_FUNDS))
FUND_KEYS = tuple(key for key, _ in THREE_PUBLIC_FUNDS)
MAX_LABEL_CHARS = 20
_LEADING_NUMBERING = re.compile(r"^[①②③(（\d一二三四五六七八九十、.．)）]+")


def data_row_key(line: SourceLine) -> str | None:
    """The row key of a data row: a label first, then only amounts or empty cells.

    A label is short: the prose after the table ("(一)因公出国(境)费839万元,与…持平。")
    names the items too.
    """
    filled = line.filled
    if not filled or len(compact(filled[0])) > MAX_LABEL_CHARS:
        return None
    if any(not looks_numeric(cell) and not is_amount_cell(cell) for cell in filled[1:]):
        return None
    return row_key(filled[0])


def row_key(text: str) -> str | None:
    """The schema key of a 三公 row label ("①公务用车购置费" -> "vehicle_purchase")."""
    squeezed = _LEADING_NUMBERING.sub("", compact(text))
    return next((key for key, pattern in _ITEMS if pattern.search(squeezed)), None)


def read_three_public(section: Section) -> TableRead:
    """The schema's three_public object (and three_public_budget, 机关运行经费 when printed)."""
    lines = section.lines
    start = next((i for i, line in enumerate(lines) if data_row_key(line)), None)
    if start is None:
        return _read_columns(section)
    return _read_rows(section, start)


# --- one row per item ---------------------------------------------------------------------


def _read_rows(section: Section, start: int) -> TableRead:
    lines = section.lines
    found = read_header(lines[:start], _FUND_WORDS, 0).columns(FUND_KEYS)
    columns = resolve_columns(found, FUND_KEYS, 1, row_width(lines[start:]))
    cells = Cells("three_public")
    data: dict[str, Any] = dict.fromkeys(KEYS)
    by_fund: dict[str, dict[str, Any]] = {}
    source_lines: dict[str, list[int]] = {}
    stated = empty_statement(lines)
    for line in lines[start:]:
        key = data_row_key(line)
        if key is None or key in source_lines or not line.cells:
            continue
        offset = next(i for i, cell in enumerate(line.cells) if cell)
        values = {
            fund: cells.amount(line, index + offset, f"{key} {fund}")
            for fund, index in columns.items()
        }
        source_lines[key] = line_lines(line)
        data[key] = values["total"]
        if any(value is not None for value in values.values()) and has_amounts(line):
            by_fund[key] = values
    notes: list[dict[str, Any]] = []
    if stated is not None:
        if any(data[key] for key in KEYS):
            notes.append(stated_empty_note("three_public", stated))
        else:
            data, by_fund = dict.fromkeys(KEYS), {}
    data["by_fund"] = by_fund
    data["source_lines"] = source_lines
    unit, _ = table_unit(lines[:start])
    return TableRead(
        kind=TableKind.THREE_PUBLIC,
        data=data,
        lines=section.span,
        empty=all(data[key] is None for key in KEYS),
        unreadable=cells.unreadable,
        notes=notes,
        unit=unit,
        stated_empty=stated,
    )


# --- one row of figures, items in the header ----------------------------------------------


def _read_columns(section: Section) -> TableRead:
    lines = section.lines
    start = next((i for i, line in enumerate(lines) if has_amounts(line)), len(lines))
    figures = next((line for line in lines[start:] if has_amounts(line)), None)
    width = row_width([figures]) if figures else 0
    header = read_header(lines[:start], _ITEM_WORDS, width)
    cells = Cells("three_public")
    by_stage: dict[str | None, dict[str, Any]] = {}
    for column, (key, path) in enumerate(zip(header.keys, header.paths, strict=True)):
        if key is None or figures is None:
            continue
        value = cells.amount(figures, column, key)
        by_stage.setdefault(stage_of(path), {}).setdefault(key, value)
    stated = empty_statement(lines)
    notes: list[dict[str, Any]] = []
    if stated is not None and any(any(values.values()) for values in by_stage.values()):
        notes.append(stated_empty_note("three_public", stated))
    has_final = any(stage == "final" for stage in _stages(header.paths))
    own = by_stage.get("final" if has_final else "budget") or by_stage.get(None) or {}
    cited = line_lines(figures) if figures is not None else []
    data: dict[str, Any] = {key: own.get(key) for key in KEYS}
    data["by_fund"] = {}
    data["source_lines"] = {key: cited for key in KEYS if key in own}
    if has_final:
        budget = by_stage.get("budget") or {}
        data["budget"] = {key: budget.get(key) for key in KEYS}
    unit, _ = table_unit(lines[:start])
    read = TableRead(
        kind=TableKind.THREE_PUBLIC,
        data=data,
        lines=section.span,
        empty=all(data[key] is None for key in KEYS),
        unreadable=cells.unreadable,
        notes=notes,
        unit=unit,
        stated_empty=stated,
    )
    operating_column = header.columns(("operating",)).get("operating")
    if operating_column is not None:
        value = own.get("operating")
        if value is None and figures is not None:
            value = cells.amount(figures, operating_column, "operating")
        read.companions.append(
            TableRead(
                kind=TableKind.OPERATING,
                data={"total": value, "rows": [], "total_lines": cited or None},
                lines=section.span,
                empty=value is None,
                unit=unit,
            )
        )
    return read


def _stages(paths: Sequence[Sequence[str]]) -> list[str | None]:
    return [stage_of(path) for path in paths]
