"""What every table reader shares: the result of a read, cells, names and empty tables.

A reader reads one :class:`~ingest.segment.Section` by its header rows
(``ingest.recognizers.header``), never by line numbers. A table "present but empty" says so
in words ("本表无数据", "故本表为空表"); :func:`empty_statement` finds the statement, and a
reader that still finds figures keeps them and notes the contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ingest.normalize import CELL_CACHE_SIZE, LINE_CACHE_SIZE, compact, parse_amount
from ingest.types import SourceLine
from ingest.vocabulary import EMPTY_STATEMENT, EMPTY_STATEMENT_BARE_CHARS

CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_EMPTY_MARKS = re.compile(EMPTY_STATEMENT)
_NOTE = re.compile(r"^(?:注|说明|备注)[:：]|(?:本|此|该)表")
# Stray rule marks a PDF converter leaves in an empty cell.
_BLANK_CELLS = frozenset({"_", "__", "___", "…", "·"})
_SPACE_NEAR_CJK = re.compile(
    r"\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》()（）、])"
    r"|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》()（）、])\s+"
)
_NUMBERING_ROW = re.compile(r"^\d{1,2}$")
# "1." / "1．" / "(一)" before a label ("1. 一般公共预算资金").
_NUMBERED = re.compile(r"^(?:\d{1,2}[.．](?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）])")


@dataclass(slots=True)
class TableRead:
    """The result of reading one table: schema data plus what could not be read."""

    kind: str
    data: Any
    lines: list[int]
    empty: bool = False
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    # The unit the table prints ("元", "万元"); None when it states none.
    unit: str | None = None
    # The table's own statement that it has no data ({"text", "lines"}), if it makes one.
    stated_empty: dict[str, Any] | None = None
    # Other tables printed in this one (the 机关运行经费 column of a 三公 table).
    companions: list[TableRead] = field(default_factory=list)


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


@lru_cache(maxsize=CELL_CACHE_SIZE)
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


def empty_statement(lines: Sequence[SourceLine]) -> dict[str, Any] | None:
    """The section's statement that the table has no data, or ``None``.

    A short line may say it bare ("注: 本表无数据"); a longer one counts as a note about the
    table ("说明：…没有政府性基金预算财政拨款收入和支出，故本表无数据。").
    """
    for line in lines:
        if not any("数据" in cell or "空" in cell for cell in line.filled):
            continue  # every statement says 无数据 or 为空
        text = compact(line.text)
        if not _EMPTY_MARKS.search(text):
            continue
        if len(line.text) < EMPTY_STATEMENT_BARE_CHARS or _NOTE.search(text):
            return {"text": line.text, "lines": line_lines(line)}
    return None


def is_empty_table(lines: Sequence[SourceLine]) -> bool:
    """Whether the section says it has no data (the table is present but empty)."""
    return empty_statement(lines) is not None


def stated_empty_note(table: str, statement: dict[str, Any]) -> dict[str, Any]:
    """The note for a table that says it has no data and yet prints figures."""
    return {
        "what": f"{table}: the table says it has no data ({statement['text']}) but prints figures",
        "lines": statement["lines"],
    }


def is_numbering_row(line: SourceLine) -> bool:
    """The template's column-number row "1 2 3 4 5 6 7"."""
    filled = line.filled
    return len(filled) >= 3 and all(_NUMBERING_ROW.match(compact(cell)) for cell in filled)


def has_amounts(line: SourceLine, start: int = 0) -> bool:
    """Whether any cell from ``start`` on reads as a number."""
    return any(is_amount_cell(cell) for cell in line.cells[start:])


@lru_cache(maxsize=LINE_CACHE_SIZE)
def label(text: str) -> str:
    """A row label without numbering and layout.

    "七、文化旅游体育与传媒支 出" -> "文化旅游体育与传媒支出".
    """
    squeezed = compact(text)
    head = squeezed.find("、")
    squeezed = squeezed[head + 1 :] if 0 <= head <= 4 else _NUMBERED.sub("", squeezed)
    return squeezed.replace("“", "").replace("”", "").replace('"', "")


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """The entries whose value is not ``None``."""
    return {key: value for key, value in values.items() if value is not None}


def decimal_sum(values: Iterable[Decimal | None]) -> Decimal:
    """Sum of the non-empty values."""
    return sum((value for value in values if value is not None), Decimal("0"))
