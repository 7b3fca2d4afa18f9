"""Tables whose rows carry a functional classification code: one reader for all of them.

The 收入 / 支出 tables of budgets and 决算, the 一般公共预算 and fund tables: a row is a 类
(3 digits), 款 (5) or 项 (7) with its name and amounts, and the 合计 row is kept apart as the
table's total. The columns are mapped by the table's own header (``header.read_header``)
onto the kind's vocabulary (``ingest.vocabulary.CODED_TABLES``), in whatever order and
however deep they are printed; the kind's layouts say which columns a table of that kind
prints, the national one first for headers too garbled to read.

Codes come in one cell ("2011301"), merged with their name ("2011301 行政运行"), or split
over 类 / 款 / 项 columns ("201 | 13 | 01"), where a 款 printed "2" (a spreadsheet that
dropped the leading zero) is 02. A name wrapped onto its own line is joined to the row
above; amounts printed on the line above or below their code row are joined to it. Rows
with a code but no amount at all (code lists some converters leave under an empty table)
are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    clean_name,
    empty_statement,
    has_amounts,
    is_amount_cell,
    is_numbering_row,
    line_lines,
    stated_empty_note,
)
from ingest.recognizers.header import (
    Header,
    Words,
    best_layout,
    read_header,
    resolve_columns,
    row_width,
    table_unit,
)
from ingest.segment import Section
from ingest.types import SourceLine
from ingest.vocabulary import CODE_WORDS, CODED_TABLES, COLUMN_WORDS, TOTAL_ROW_LABELS

MAX_CONTINUATION_CHARS = 10
MAX_CODE_CELLS = 5  # a code sits in the first cells: 类 | 款 | 项 after an empty cell at most
_HAS_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")
_TOTAL_ROW = re.compile(TOTAL_ROW_LABELS)
CODE_LENGTHS = (3, 5, 7)

# A hook that may move a short row's amounts; returns a note or None.
RowRepair = Callable[[dict[str, Any], SourceLine, dict[str, int], int], "str | None"]


@dataclass(frozen=True, slots=True)
class CodedSpec:
    """How to read one kind of coded table: its header words and printed layouts."""

    table: str
    words: Words
    layouts: tuple[tuple[str, ...], ...]
    first_value: int = 2  # the national template's first amount column (code, name, …)


@cache
def coded_spec(kind: str) -> CodedSpec:
    """The spec of a coded table kind, from ``ingest.vocabulary.CODED_TABLES``."""
    entry = CODED_TABLES[kind]
    keys = dict.fromkeys(key for layout in entry.layouts for key in layout)  # in layout order
    words = {key: COLUMN_WORDS[key] for key in keys if key in COLUMN_WORDS}
    return CodedSpec(kind, Words.of(CODE_WORDS, words, entry.words), entry.layouts)


@dataclass(frozen=True, slots=True)
class RowCode:
    """The code of a row, its name and where the name was printed."""

    code: str
    name: str
    name_index: int
    padded: bool = False  # a split part printed without its leading zero ("301 | 2")


def _code_parts(cells: Sequence[str], split: bool) -> tuple[list[str], int] | RowCode | None:
    """The code cells at the start of a row and the last one's index; a code merged with its
    name comes back as the row's code at once."""
    parts: list[str] = []
    last = -1
    for index, cell in enumerate(cells[:MAX_CODE_CELLS]):
        text = compact(cell)
        if not text:
            continue
        if not _DIGITS.fullmatch(text):
            if parts:
                break
            merged = _CODE_AND_NAME.match(cell.strip())
            if merged and not is_amount_cell(merged.group(2)):
                return RowCode(merged.group(1), clean_name(merged.group(2)), index)
            return None
        if not parts and len(text) not in CODE_LENGTHS:
            return None
        if parts and not (split and len(parts[0]) == 3 and len(text) <= 2 and len(parts) < 3):
            break
        parts.append(text)
        last = index
    return (parts, last) if parts else None


def _split_name(cells: Sequence[str], after: int) -> tuple[str, int]:
    """A split 类 row leaves its 款 and 项 cells empty before the name."""
    for index in range(after, min(len(cells), after + 2)):
        if compact(cells[index]):
            if is_amount_cell(cells[index]):
                break
            return clean_name(cells[index]), index
    return "", -1


def row_code(line: SourceLine, *, split: bool = False) -> RowCode | None:
    """The functional code of a row, or ``None``.

    The code is the first filled cell ("201", "20113", "2011301"), or that cell merged with
    the name ("2011301 行政运行"); with ``split`` (the header prints 类 / 款 / 项 columns) the
    parts after a 3-digit 类 are joined to it. Its name is the next cell; a code followed
    directly by an amount is no code row. ``name_index`` is -1 when a split row prints no
    name: its amounts then sit under their headers.
    """
    found = _code_parts(line.cells, split)
    if found is None or isinstance(found, RowCode):
        return found
    parts, last = found
    code = parts[0] + "".join(part.zfill(2) for part in parts[1:])
    padded = any(len(part) == 1 for part in parts[1:])
    following = line.cells[last + 1] if last + 1 < len(line.cells) else ""
    if is_amount_cell(following):
        return None
    if compact(following) or not split:
        return RowCode(code, clean_name(following), last + 1, padded)
    name, index = _split_name(line.cells, last + 2)
    return RowCode(code, name, index, padded)


def total_label_index(line: SourceLine) -> int | None:
    """Column of the 合计 label when the row is a table's total row, else ``None``."""
    for index, cell in enumerate(line.cells[:4]):
        text = compact(cell)
        if not text:
            continue
        return index if _TOTAL_ROW.fullmatch(text) else None
    return None


def total_row_shift(line: SourceLine, label: int, first: int) -> int:
    """How far a total row's amounts sit from the header's columns.

    A row whose converter dropped the empty cells after the label ("合计 | 2373.00 | …")
    starts its amounts right after it; otherwise they stay under their headers.
    """
    after = label + 1
    cells = line.cells
    if after < len(cells) and is_amount_cell(cells[after]):
        return after - first
    filled = next((i for i in range(after, len(cells)) if compact(cells[i])), None)
    return 0 if filled is None or filled >= first else filled - first


def _is_data_row(line: SourceLine, split: bool) -> bool:
    if row_code(line, split=split) is not None:
        return True
    return total_label_index(line) is not None and has_amounts(line)


def _is_amounts_line(line: SourceLine, first: int) -> bool:
    """A line of amounts alone, printed under the value columns (not a page number)."""
    filled = [index for index, cell in enumerate(line.cells) if cell]
    return (
        bool(filled)
        and filled[0] >= first
        and all(is_amount_cell(line.cells[index]) for index in filled)
    )


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
    spec: CodedSpec
    columns: dict[str, int]
    name_column: int
    width: int
    split: bool
    repair: RowRepair | None
    cells: Cells = field(init=False)
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = Cells(self.spec.table)

    @property
    def first(self) -> int:
        return self.name_column + 1

    def values(self, line: SourceLine, shift: int, what: str) -> dict[str, Decimal | None]:
        return {
            key: self.cells.amount(line, index + shift, f"{what} {key}")
            for key, index in self.columns.items()
        }

    def note(self, what: str, lines: list[int]) -> None:
        self.notes.append({"what": what, "lines": lines})

    def coded_row(
        self, line: SourceLine, coded: RowCode, amounts: SourceLine | None
    ) -> dict[str, Any] | None:
        source = amounts or line
        shift = 0
        if amounts is None and coded.name_index >= 0:
            shift = coded.name_index - self.name_column
        values = self.values(source, shift, coded.code)
        if all(value is None for value in values.values()):
            return None
        lines = [min(line.no, source.no), max(line.last, source.last)]
        row: dict[str, Any] = {"code": coded.code, "name": coded.name, **values, "lines": lines}
        if amounts is not None:
            self.note(f"{self.spec.table} {coded.code}: amounts printed on another line", lines)
        if coded.padded:
            self.note(f"{self.spec.table} {coded.code}: code part printed without its 0", lines)
        repaired = self.repair(row, line, self.columns, self.width) if self.repair else None
        if repaired:
            self.note(f"{self.spec.table} {coded.code}: {repaired}", lines)
        return row

    def read(self, lines: Sequence[SourceLine], codes: Sequence[RowCode | None]) -> None:
        """Read ``lines`` (``codes`` holds each line's code row, or None)."""
        last: dict[str, Any] | None = None
        pending: SourceLine | None = None  # amounts waiting for their code row
        taken: set[int] = set()  # lines of amounts already joined to the code row above
        for position, (line, coded) in enumerate(zip(lines, codes, strict=True)):
            if position in taken or is_numbering_row(line):
                continue
            if coded:
                row = self.coded_row(line, coded, None)
                if row is None and pending is not None:
                    row = self.coded_row(line, coded, pending)
                elif row is None and self._amounts_below(lines, position):
                    row = self.coded_row(line, coded, lines[position + 1])
                    taken.add(position + 1)
                pending = None
                if row is not None:
                    self.rows.append(row)
                last = row
                continue
            label = total_label_index(line)
            if label is not None and has_amounts(line):
                shift = total_row_shift(line, label, self.first)
                self.total = {**self.values(line, shift, "合计"), "lines": line_lines(line)}
                last = pending = None
                continue
            if _is_amounts_line(line, self.first):
                pending = line
                continue
            pending = None
            extra = _continuation(line) if last is not None else None
            if extra and last is not None:
                last["name"] += extra
                last["lines"] = [min(last["lines"][0], line.no), max(last["lines"][1], line.last)]
                self.note(f"name of {last['code']} wrapped onto the next line", last["lines"])
            else:
                last = None

    def _amounts_below(self, lines: Sequence[SourceLine], position: int) -> bool:
        return position + 1 < len(lines) and _is_amounts_line(lines[position + 1], self.first)


def _start(lines: Sequence[SourceLine], split: bool) -> int:
    start = next((i for i, line in enumerate(lines) if _is_data_row(line, split)), len(lines))
    # Amounts printed on the line above the first code row belong to it, not to the header.
    while (
        start > 0
        and _is_amounts_line(lines[start - 1], 1)
        and not is_numbering_row(lines[start - 1])
    ):
        start -= 1
    return start


def read_header_of(lines: Sequence[SourceLine], words: Words) -> tuple[Header, int]:
    """The header of a coded table and the index of its first data row."""
    start = _start(lines, split=False)
    header = read_header(lines[:start], words, 0)
    if header.code_parts:  # split codes: data may start earlier than a joined code shows
        start = _start(lines, split=True)
        header = read_header(lines[:start], words, 0)
    return header, start


def read_coded_section(
    section: Section, spec: CodedSpec, repair: RowRepair | None = None
) -> TableRead:
    """Read a coded table into ``{"rows": [...], "total": {...}|None}``."""
    lines = section.lines
    header, start = read_header_of(lines, spec.words)
    split = bool(header.code_parts)
    body = lines[start:]
    codes = [row_code(line, split=split) for line in body]
    data_rows = [
        line
        for line, coded in zip(body, codes, strict=True)
        if coded is not None or (total_label_index(line) is not None and has_amounts(line))
    ]
    width = row_width(data_rows)
    found = header.columns(key for layout in spec.layouts for key in layout)
    layout = best_layout(found, spec.layouts)
    name_column = header.name_column
    if name_column is None:
        name_column = len(header.code_parts) if split else spec.first_value - 1
    columns = resolve_columns(found, layout, name_column + 1, width, trusted=not header.garbled)
    for key, column in found.items():  # a column the layout does not know is read too
        if key not in columns and column not in columns.values():
            columns[key] = column
    reader = _Reader(spec, columns, name_column, width, split, repair)
    reader.read(body, codes)
    stated = empty_statement(lines)
    rows, total = reader.rows, reader.total
    if stated is not None and not _has_figures(rows, total):
        rows, total = [], None
    elif stated is not None:
        reader.notes.append(stated_empty_note(spec.table, stated))
    unit, _ = table_unit(lines[:start])
    return TableRead(
        kind=section.kind,
        data={"rows": rows, "total": total},
        lines=section.span,
        empty=not rows and total is None,
        unreadable=reader.cells.unreadable,
        notes=reader.notes,
        unit=unit,
        stated_empty=stated,
    )


def _has_figures(rows: Sequence[dict[str, Any]], total: dict[str, Any] | None) -> bool:
    """Whether any row or the total prints an amount other than zero."""
    return any(
        isinstance(value, Decimal) and value != 0
        for row in (*rows, *((total,) if total else ()))
        for value in row.values()
    )


__all__ = [
    "CodedSpec",
    "RowCode",
    "coded_spec",
    "read_coded_section",
    "row_code",
    "total_label_index",
]
