"""What every table recognizer shares: the protocol, header columns, cells and names.

A recognizer reads one :class:`~ingest.segment.Section` by its header row, never
by line numbers. Headers come back garbled from PDF conversion ("时175年人出起57年
日中級"), split over two rows, or with labels shifted by a column; columns are
therefore located by their labels where the labels are consistent and by the
national template's column order where they are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from ingest.normalize import compact, parse_amount
from ingest.segment import Section
from ingest.types import SourceLine

CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")
_EMPTY_MARKS = re.compile(r"本表无数据|此表无数据|本表为空|无数据")
# Stray rule marks a PDF converter leaves in an empty cell.
_BLANK_CELLS = frozenset({"_", "__", "___", "…", "·"})
_SPACE_NEAR_CJK = re.compile(
    r"\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》()（）、])"
    r"|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》()（）、])\s+"
)
_NUMBERING_ROW = re.compile(r"^\d{1,2}$")


class Recognizer(Protocol):
    """Reads one kind of table; ``matches`` checks the section's title and header."""

    kind: str

    def matches(self, section: Section) -> bool:
        """Whether this recognizer reads ``section``."""
        ...

    def read(self, section: Section) -> TableRead:
        """The table's data in the disclosure-schema shape."""
        ...


@dataclass(slots=True)
class TableRead:
    """The result of reading one table: schema data plus what could not be read."""

    kind: str
    data: Any
    lines: list[int]
    empty: bool = False
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


class Cells:
    """Reads amounts out of cells, collecting the unreadable ones instead of guessing."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.unreadable: list[dict[str, Any]] = []

    def amount(self, line: SourceLine, index: int | None, what: str) -> Decimal | None:
        """The amount in ``line.cells[index]``; ``None`` for an empty or missing cell."""
        if index is None or index < 0 or index >= len(line.cells):
            return None
        return self.parse(line, line.cells[index], what)

    def parse(self, line: SourceLine, text: str, what: str) -> Decimal | None:
        """Read ``text`` as an amount; an unreadable one is recorded and read as ``None``."""
        if compact(text) in _BLANK_CELLS:
            return None
        try:
            return parse_amount(text)
        except ValueError:
            self.unreadable.append(
                {"what": f"{self.table}: {what}", "text": text, "lines": line_lines(line)}
            )
            return None


def line_lines(line: SourceLine) -> list[int]:
    """``[first, last]`` source lines of one row."""
    return [line.no, line.last]


def rows_span(lines: Iterable[SourceLine]) -> list[int]:
    """``[first, last]`` source lines covered by ``lines``."""
    numbers = [n for line in lines for n in (line.no, line.last)]
    return [min(numbers), max(numbers)] if numbers else []


def clean_name(text: str) -> str:
    """A name as the document means it: no layout spaces inside Chinese text.

    "机关事业单位基本养老保险缴费支 出" -> "机关事业单位基本养老保险缴费支出"; spaces between
    Latin words survive.
    """
    return _SPACE_NEAR_CJK.sub("", text).strip()


def is_amount_cell(text: str) -> bool:
    """Whether a cell reads as a number (the stray rule mark "_" counts as empty, not a number)."""
    if not text or compact(text) in _BLANK_CELLS:
        return False
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def looks_numeric(text: str) -> bool:
    """Whether a cell is meant as a number even if it does not read as one ("2373. 0O")."""
    squeezed = compact(text)
    if not squeezed or squeezed in _BLANK_CELLS:
        return False
    digits = sum(ch.isdigit() for ch in squeezed)
    return digits >= 1 and digits * 2 >= len(squeezed) and not CODE.match(squeezed)


def is_empty_table(lines: Sequence[SourceLine]) -> bool:
    """Whether the section says 本表无数据 (the table is present but empty)."""
    return any(_EMPTY_MARKS.search(compact(line.text)) for line in lines if len(line.text) < 40)


def is_numbering_row(line: SourceLine) -> bool:
    """The template's column-number row "1 2 3 4 5 6 7"."""
    filled = line.filled
    return len(filled) >= 3 and all(_NUMBERING_ROW.match(compact(cell)) for cell in filled)


def split_code(line: SourceLine) -> tuple[str, str, int] | None:
    """``(code, name, name_index)`` of a functional-code row, or ``None``.

    The code sits in one of the first two cells ("201", "20113", "2011301"); its name
    is the next cell, or the rest of the same cell when a converter merged them.
    """
    cells = line.cells
    for index, cell in enumerate(cells[:3]):
        text = compact(cell)
        if not text:
            continue
        if CODE.match(text):
            name = cells[index + 1] if index + 1 < len(cells) else ""
            if is_amount_cell(name):
                return None
            return text, clean_name(name), index + 1
        merged = _CODE_AND_NAME.match(cell.strip())
        if merged and not is_amount_cell(merged.group(2)):
            return merged.group(1), clean_name(merged.group(2)), index
        return None
    return None


def has_amounts(line: SourceLine, start: int = 0) -> bool:
    """Whether any cell from ``start`` on reads as a number."""
    return any(is_amount_cell(cell) for cell in line.cells[start:])


def find_columns(
    rows: Sequence[SourceLine], spec: Sequence[tuple[str, re.Pattern[str]]]
) -> dict[str, int]:
    """Column index of each labelled column found in the header ``rows``."""
    found: dict[str, int] = {}
    for row in rows:
        for index, cell in enumerate(row.cells):
            text = compact(cell)
            for key, pattern in spec:
                if key not in found and pattern.fullmatch(text):
                    found[key] = index
                    break
    return found


def resolve_columns(
    found: dict[str, int], keys: Sequence[str], first: int, width: int
) -> dict[str, int]:
    """Columns to read: the labels' positions when they agree with the template's order.

    When labels are missing or out of order (a garbled header), the template's
    order is used from the ``first`` value column, provided the table is exactly as
    wide as the template; otherwise the consistent labels are kept and gaps filled.
    """
    positions = [found[key] for key in keys if key in found]
    in_order = positions == sorted(positions) and len(set(positions)) == len(positions)
    if in_order and len(found) == len(keys):
        return dict(found)
    if width - first == len(keys) or not positions:
        return {key: first + offset for offset, key in enumerate(keys)}
    resolved = dict(found) if in_order else {}
    previous = first - 1
    for offset, key in enumerate(keys):
        if key in resolved:
            previous = resolved[key]
            continue
        candidate = max(previous + 1, first + offset)
        if candidate not in resolved.values():
            resolved[key] = candidate
            previous = candidate
    return resolved


def header_width(rows: Sequence[SourceLine]) -> int:
    """The widest row, counting cells up to the last non-empty one."""
    widest = 0
    for row in rows:
        filled = [index for index, cell in enumerate(row.cells) if cell]
        if filled:
            widest = max(widest, filled[-1] + 1)
    return widest


def label(text: str) -> str:
    """A row label without numbering and layout.

    "七、文化旅游体育与传媒支 出" -> "文化旅游体育与传媒支出".
    """
    squeezed = compact(text)
    head = squeezed.find("、")
    if 0 <= head <= 4:
        squeezed = squeezed[head + 1 :]
    return squeezed.replace("“", "").replace("”", "").replace('"', "")


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """The entries whose value is not ``None``."""
    return {key: value for key, value in values.items() if value is not None}


def decimal_sum(values: Iterable[Decimal | None]) -> Decimal:
    """Sum of the non-empty values."""
    return sum((value for value in values if value is not None), Decimal("0"))
