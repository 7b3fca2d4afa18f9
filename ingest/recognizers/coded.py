"""Tables whose rows carry a functional classification code (功能分类科目编码).

Used by the 收入总表, 支出总表, 一般公共预算支出表 and 政府性基金预算支出表
recognizers. A row is a 类 (3 digits), 款 (5) or 项 (7) with its name and amounts;
the 合计 row is kept apart as the table's total. Names wrapped inside a cell
are compacted; a name wrapped onto its own line (a short text row without code or
amounts right after a coded row) is joined to the row above. Rows with a code but
no amount at all (the catalogue-like code lists some converters leave under an
empty table) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    clean_name,
    find_columns,
    has_amounts,
    header_width,
    is_amount_cell,
    is_empty_table,
    is_numbering_row,
    line_lines,
    resolve_columns,
    rows_span,
    split_code,
)
from ingest.segment import Section
from ingest.types import SourceLine

TOTAL_LABELS = frozenset({"合计", "总计", "收入合计", "支出合计"})
MAX_CONTINUATION_CHARS = 10
_HAS_DIGIT = re.compile(r"\d")

# A hook that may move a short row's amounts; returns a note or None.
RowRepair = Callable[[dict[str, Any], SourceLine, dict[str, int], int], "str | None"]


@dataclass(frozen=True, slots=True)
class CodedLayout:
    """The amount columns of one coded table, in the template's order."""

    table: str
    spec: tuple[tuple[str, re.Pattern[str]], ...]
    first_value: int = 2

    @property
    def keys(self) -> tuple[str, ...]:
        """The amount keys in column order."""
        return tuple(key for key, _ in self.spec)


EXPENDITURE_SPEC: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("total", re.compile(r"合计|小计|总计")),
    ("basic", re.compile(r"基本支出")),
    ("project", re.compile(r"项目支出")),
)


def total_row_start(line: SourceLine) -> int | None:
    """Index of the first amount cell of a 合计 row, or ``None`` if this is not one."""
    for index, cell in enumerate(line.cells[:3]):
        text = compact(cell)
        if not text:
            continue
        if text not in TOTAL_LABELS:
            return None
        following = line.cells[index + 1] if index + 1 < len(line.cells) else ""
        return index + 1 if is_amount_cell(following) else index + 2
    return None


def _is_data_row(line: SourceLine) -> bool:
    return split_code(line) is not None or (total_row_start(line) is not None and has_amounts(line))


def _continuation(line: SourceLine) -> str | None:
    filled = line.filled
    if len(filled) != 1 or has_amounts(line):
        return None
    text = clean_name(filled[0])
    if len(text) > MAX_CONTINUATION_CHARS or _HAS_DIGIT.search(text):
        return None
    return text


@dataclass(slots=True)
class _Reader:
    layout: CodedLayout
    cells: Cells
    columns: dict[str, int]
    width: int
    repair: RowRepair | None

    def values(self, line: SourceLine, shift: int, what: str) -> dict[str, Decimal | None]:
        return {
            key: self.cells.amount(line, index + shift, f"{what} {key}")
            for key, index in self.columns.items()
        }


def read_coded_section(
    section: Section, layout: CodedLayout, repair: RowRepair | None = None
) -> TableRead:
    """Read a coded table into ``{"rows": [...], "total": {...}|None}``."""
    lines = section.lines
    empty = is_empty_table(lines)
    start = next((i for i, line in enumerate(lines) if _is_data_row(line)), len(lines))
    found = find_columns(lines[:start], layout.spec)
    width = header_width([line for line in lines[start:] if _is_data_row(line)])
    columns = resolve_columns(found, layout.keys, layout.first_value, width)
    reader = _Reader(layout, Cells(layout.table), columns, width, repair)
    rows, total, notes = _read_rows(lines[start:], reader)
    if empty:
        rows, total = [], None
    data = {"rows": rows, "total": total}
    return TableRead(
        kind=section.kind,
        data=data,
        lines=section.span,
        empty=empty or (not rows and total is None),
        unreadable=reader.cells.unreadable,
        notes=notes,
    )


def _read_rows(
    lines: Sequence[SourceLine], reader: _Reader
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    total: dict[str, Any] | None = None
    notes: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    first = reader.layout.first_value
    for line in lines:
        if is_numbering_row(line):
            continue
        coded = split_code(line)
        if coded:
            code, name, name_index = coded
            values = reader.values(line, name_index + 1 - first, code)
            if all(value is None for value in values.values()):
                last = None
                continue
            row: dict[str, Any] = {"code": code, "name": name, **values, "lines": line_lines(line)}
            note = reader.repair(row, line, reader.columns, reader.width) if reader.repair else None
            if note:
                notes.append(
                    {"what": f"{reader.layout.table} {code}: {note}", "lines": row["lines"]}
                )
            rows.append(row)
            last = row
            continue
        start = total_row_start(line)
        if start is not None and has_amounts(line):
            total = {**reader.values(line, start - first, "合计"), "lines": line_lines(line)}
            last = None
            continue
        extra = _continuation(line) if last is not None else None
        if extra and last is not None:
            last["name"] += extra
            last["lines"] = rows_span_of(last["lines"], line)
            notes.append(
                {
                    "what": f"name of {last['code']} wrapped onto the next line",
                    "lines": last["lines"],
                }
            )
        else:
            last = None
    return rows, total, notes


def rows_span_of(span: list[int], line: SourceLine) -> list[int]:
    """Extend ``span`` to cover ``line``."""
    return [min(span[0], line.no), max(span[1], line.last)]


__all__ = [
    "EXPENDITURE_SPEC",
    "CodedLayout",
    "read_coded_section",
    "rows_span",
    "total_row_start",
]
