"""The budgets one parse runs under, and the checks the readers make against them.

A disclosure is a few thousand lines and a few tens of thousands of cells (the largest sample:
2,560 lines, 26,000 cells); a hostile file of a few kilobytes can ask for billions (a merged
range over a whole worksheet, a zip part that unpacks to gigabytes, a span of a million
columns). Every parse therefore runs under explicit budgets, read from settings when a parse
starts (``parse_budget``):

- **memory** and **wall time** of the whole parse, enforced from outside by the child process
  it runs in (:mod:`ingest.parse_process`), and the wall time also from inside, by
  :func:`check_time` in the readers' long loops (per row, sheet, paragraph), so that a slow
  file stops with a message instead of being killed;
- **what a zip container unpacks to**, counted as it is read (:mod:`ingest.formats.common`);
- **lines and cells** of the extracted document, and **sheet dimensions and merged ranges**,
  bounded to what a budget table can be (``LineBudget``, :mod:`ingest.formats.xlsx`).

Going over a budget raises :class:`BudgetExceeded`, whose message names the limit in
Chinese first, then English, like every ingest error; nothing is stored then.

The deadline is process-wide state: the readers are pure functions of their input, and
:func:`check_time` is the one place that looks at the clock, set by :func:`time_budget`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from ingest.normalize import parse_amount
from ingest.types import SourceLine

MESSAGE_MEMORY = (
    "解析所需内存超过上限 {megabytes} MB(INGEST_PARSE_MEMORY_MB),已停止,未保存任何数据。"
    " Parsing needed more than the memory limit of {megabytes} MB; nothing was stored."
)
MESSAGE_TIME = (
    "解析超过时间上限 {seconds} 秒(INGEST_PARSE_SECONDS),已停止,未保存任何数据。"
    " Parsing took longer than the time limit of {seconds} s; nothing was stored."
)
MESSAGE_UNPACKED = (
    "文件解压后超过上限 {megabytes} MB(INGEST_UNPACKED_MB),已拒绝读取。"
    " The file unpacks to more than the limit of {megabytes} MB."
)
MESSAGE_LINES = (
    "文件超过 {limit} 行的上限(INGEST_MAX_LINES),不像一份预算公开文件,已停止读取。"
    " The file has more than {limit} lines, the limit for one disclosure."
)
MESSAGE_CELLS = (
    "文件超过 {limit} 个单元格的上限(INGEST_MAX_CELLS),不像一份预算公开文件,已停止读取。"
    " The file has more than {limit} cells, the limit for one disclosure."
)
MESSAGE_COLUMNS = (
    "{where}超过 {limit} 列的上限(INGEST_MAX_COLUMNS),已停止读取。"
    " {where_en} is wider than the limit of {limit} columns."
)
MESSAGE_ROWS = (
    "{where}超过 {limit} 行的上限(INGEST_MAX_SHEET_ROWS),已停止读取。"
    " {where_en} is longer than the limit of {limit} rows."
)
MESSAGE_MERGED_RANGE = (
    "{where}的合并单元格 {range} 超出 {rows} 行、{columns} 列的上限"
    "(INGEST_MAX_SHEET_ROWS、INGEST_MAX_COLUMNS),已停止读取。"
    " The merged range {range} of {where_en} reaches beyond {rows} rows or {columns} columns."
)
MESSAGE_MERGED = (
    "{where}的合并单元格共超过 {limit} 个单元格(INGEST_MAX_CELLS),已停止读取。"
    " The merged ranges of {where_en} cover more than {limit} cells."
)


class BudgetExceeded(ValueError):
    """A parse went over one of its budgets; ``str()`` is a one-line message naming it."""


@dataclass(frozen=True)
class ParseBudget:
    """The limits of one parse (see the module docstring; settings ``INGEST_*``)."""

    memory_bytes: int
    seconds: float
    unpacked_bytes: int
    lines: int
    cells: int
    columns: int
    sheet_rows: int

    @property
    def memory_message(self) -> str:
        return MESSAGE_MEMORY.format(megabytes=self.memory_bytes // (1024 * 1024))

    @property
    def time_message(self) -> str:
        return MESSAGE_TIME.format(seconds=f"{self.seconds:g}")


def parse_budget() -> ParseBudget:
    """The budgets configured in settings, read now (never at import time)."""
    return ParseBudget(
        memory_bytes=settings.INGEST_PARSE_MEMORY_MB * 1024 * 1024,
        seconds=float(settings.INGEST_PARSE_SECONDS),
        unpacked_bytes=settings.INGEST_UNPACKED_MB * 1024 * 1024,
        lines=settings.INGEST_MAX_LINES,
        cells=settings.INGEST_MAX_CELLS,
        columns=settings.INGEST_MAX_COLUMNS,
        sheet_rows=settings.INGEST_MAX_SHEET_ROWS,
    )


# --- wall time -------------------------------------------------------------------------------

_deadline: float | None = None
_seconds = 0.0
_time_message = ""
_on_extend: Callable[[float], None] | None = None


@contextmanager
def time_budget(
    seconds: float, *, on_extend: Callable[[float], None] | None = None
) -> Iterator[None]:
    """Let :func:`check_time` stop the work of this block after ``seconds``.

    ``on_extend(seconds)`` hears of every :func:`extend_time`: whoever enforces the deadline
    from outside (the parent of :mod:`ingest.parse_process`) moves its own as far.
    """
    global _deadline, _seconds, _time_message, _on_extend  # the one clock every reader checks
    saved = _deadline, _seconds, _time_message, _on_extend
    _deadline, _seconds, _on_extend = time.monotonic() + seconds, seconds, on_extend
    _time_message = MESSAGE_TIME.format(seconds=f"{seconds:g}")
    try:
        yield
    finally:
        _deadline, _seconds, _time_message, _on_extend = saved


def extend_time(seconds: float) -> None:
    """Give the work under :func:`time_budget` ``seconds`` more (no-op outside a budget).

    For work whose size shows only while it is read: a scanned page read by OCR takes seconds
    where a text page takes milliseconds, so the reader adds ``OCR_SECONDS_PER_PAGE`` for each
    one it finds (``ingest.formats.pdf``), and the budget grows with the pages actually read.
    """
    global _deadline, _seconds, _time_message
    if _deadline is None:
        return
    _deadline += seconds
    _seconds += seconds
    _time_message = MESSAGE_TIME.format(seconds=f"{_seconds:g}")
    if _on_extend is not None:
        _on_extend(seconds)


def check_time() -> None:
    """Raise :class:`BudgetExceeded` once the parse's time is up (no-op outside a budget).

    Cheap enough (one clock read) to call once per row or paragraph.
    """
    if _deadline is not None and time.monotonic() > _deadline:
        raise BudgetExceeded(_time_message)


# --- lines and cells -------------------------------------------------------------------------


class LineBudget:
    """Counts the lines and cells a reader produces; raises once either passes its limit.

    One instance per document, so a reader can stop as soon as the file turns out larger
    than a disclosure can be, before building the rest of it.
    """

    def __init__(self, budget: ParseBudget | None = None) -> None:
        budget = budget or parse_budget()
        self.max_lines, self.max_cells = budget.lines, budget.cells
        self.lines = self.cells = 0

    def add(self, cells: int, lines: int = 1) -> None:
        """Count one more line of ``cells`` cells (and look at the clock)."""
        self.lines += lines
        self.cells += cells
        if self.lines > self.max_lines:
            raise BudgetExceeded(MESSAGE_LINES.format(limit=self.max_lines))
        if self.cells > self.max_cells:
            raise BudgetExceeded(MESSAGE_CELLS.format(limit=self.max_cells))
        check_time()

    def add_cells(self, cells: int) -> None:
        """Count cells that belong to a line counted later (a row being built)."""
        self.add(cells, lines=0)


def columns_exceeded(where: str, where_en: str, limit: int) -> BudgetExceeded:
    """The error for a table row or sheet wider than ``limit`` columns."""
    return BudgetExceeded(MESSAGE_COLUMNS.format(where=where, where_en=where_en, limit=limit))


def rows_exceeded(where: str, where_en: str, limit: int) -> BudgetExceeded:
    """The error for a worksheet longer than ``limit`` rows."""
    return BudgetExceeded(MESSAGE_ROWS.format(where=where, where_en=where_en, limit=limit))


def merged_exceeded(where: str, where_en: str, limit: int) -> BudgetExceeded:
    """The error for merged ranges covering more than ``limit`` cells."""
    return BudgetExceeded(MESSAGE_MERGED.format(where=where, where_en=where_en, limit=limit))


def unpacked_exceeded(limit_bytes: int) -> BudgetExceeded:
    """The error for a zip container that unpacks to more than ``limit_bytes``."""
    return BudgetExceeded(MESSAGE_UNPACKED.format(megabytes=limit_bytes // (1024 * 1024)))


# --- figures ---------------------------------------------------------------------------------

# Digits a number in the document may have. Converters join a row of figures into one cell
# ("10 20 10 20 …" reads as one 32-digit number in a sample), so long numbers do occur; the
# parse computes with enough precision for the longest (``figure_precision``), and a number
# longer than this is no figure anyone could mean.
MAX_FIGURE_DIGITS = 1000
# Decimal digits the parse computes with at least, and beyond the longest number: room for
# the cents, the factor from 万元 to yuan and sums (the default 28 would make a quantize of a
# 27-digit figure raise InvalidOperation).
BASE_PRECISION = 60
PRECISION_MARGIN = 30
# What the database stores: money NUMERIC(18, 2) in yuan, indicator and check figures
# NUMERIC(20, 4); both hold 16 integer digits.
STORABLE_LIMIT = Decimal(10) ** 16
# The largest factor from a document's unit to yuan (万元), applied to every figure: only
# figures a thousand times beyond any real budget are refused.
LARGEST_UNIT_FACTOR = 10_000

MESSAGE_FIGURE_DIGITS = (
    "第 {line} 行的数字“{figure}”有 {digits} 位,超过 {limit} 位的上限,不是金额,未导入。"
    " The number on line {line} has {digits} digits; the limit is {limit}."
)
MESSAGE_FIGURE_STORAGE = (
    "第 {line} 行的数字 {figure}({key})超出数据库可存储的范围(16 位整数的元),未入库。"
    " The figure {figure} ({key}) on line {line} is too large to store."
)


def _figure_text(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def figure_precision(lines: Iterable[SourceLine]) -> int:
    """The decimal precision that computes with every number of the document exactly enough.

    Only cells that read as a number as a whole count (digits inside prose are text). Raises
    :class:`BudgetExceeded`, naming the number and its line, for one of more than
    ``MAX_FIGURE_DIGITS`` digits.
    """
    longest = 0
    for line in lines:
        for cell in line.filled:
            if len(cell) <= BASE_PRECISION - PRECISION_MARGIN:
                continue
            try:
                amount = parse_amount(cell)
            except ValueError:
                continue
            digits = len(amount.as_tuple().digits) if amount is not None else 0
            if digits > MAX_FIGURE_DIGITS:
                raise BudgetExceeded(
                    MESSAGE_FIGURE_DIGITS.format(
                        line=line.no,
                        figure=_figure_text(cell),
                        digits=digits,
                        limit=MAX_FIGURE_DIGITS,
                    )
                )
            longest = max(longest, digits, amount.adjusted() + 1 if amount is not None else 0)
    return max(BASE_PRECISION, longest + PRECISION_MARGIN)


def figure_beyond_storage(parsed: Mapping[str, Any]) -> str | None:
    """The message for the first figure of a parse the database cannot hold, or None.

    Amounts are in the document's unit (up to 万元, hence ``LARGEST_UNIT_FACTOR``); the
    message names the figure, its key and the line it was read from.
    """
    for key, value, lines in _figures(parsed, "", None):
        factor = LARGEST_UNIT_FACTOR if isinstance(value, Decimal) else 1
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if not finite or abs(Decimal(value)) * factor >= STORABLE_LIMIT:
            return MESSAGE_FIGURE_STORAGE.format(
                line=_line_words(lines), figure=_figure_text(value), key=key
            )
    return None


def _line_words(lines: Any) -> str:
    if isinstance(lines, list | tuple) and lines and all(isinstance(n, int) for n in lines):
        first, last = min(lines), max(lines)
        return str(first) if first == last else f"{first}–{last}"
    return "?"


def _figures(value: Any, key: str, lines: Any) -> Iterator[tuple[str, Decimal | float, Any]]:
    """(key, figure, lines) of every Decimal and float in the parse, with the nearest lines."""
    if isinstance(value, Decimal | float):
        yield key, value, lines
    elif isinstance(value, Mapping):
        own = value.get("lines", lines)
        cited = value.get("source_lines")
        for name, item in value.items():
            if name in ("lines", "source_lines"):
                continue
            where = cited.get(name, own) if isinstance(cited, Mapping) else own
            yield from _figures(item, str(name), where)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _figures(item, key, lines)
