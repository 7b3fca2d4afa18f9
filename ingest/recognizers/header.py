"""One reader of table headers: the rows above a table's data -> what each column means.

A header cell spanned over several columns is printed once, in its first column, with empty
cells after it; a cell spanned over several rows is printed once, with empty cells below
it. Each column gets the texts printed above it, top to bottom (its *path*): a cell covers
the columns from its own up to the next filled cell of its row, never beyond the cell above
it. The path is mapped onto a vocabulary (``ingest.vocabulary``): the deepest text that names
a meaning decides, and a generic total (合计 / 小计) under a group that has a meaning of its
own (公务用车购置及运行费, 本年支出) is that group's total. So 合计 / 基本支出 / 项目支出 are found
in whatever order and however deep they are printed, and codes split over 类 / 款 / 项
columns are told from one 科目编码 column.

Two tables printed side by side (the 决算 基本支出 table's two economic-code columns) show as
a header naming the code column twice: :meth:`Header.panels` splits the columns there. A
header too garbled to read leaves columns without meaning; the readers then fall back on
the national template's column order (:func:`resolve_columns`).

The table's unit is read here too: "单位：元", "金额单位：万元".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.normalize import LINE_CACHE_SIZE, compact
from ingest.types import SourceLine
from ingest.vocabulary import (
    CODE_PART_KEYS,
    CODE_WORDS,
    GENERIC_TOTAL,
    HEADER_GROUPS,
    HEADER_META,
    STAGES,
    UNIT_LINE,
)

_META = re.compile(HEADER_META)
_UNIT = re.compile(UNIT_LINE)
_GENERIC_TOTAL = re.compile(GENERIC_TOTAL)
_LEADING_YEAR = re.compile(r"^\d{4}年度?")
_QUOTES = str.maketrans("", "", "“”\"'‘’")
_STAGES = tuple((stage, re.compile(words)) for stage, words in STAGES)
_STAGE_WORDS = re.compile("|".join(words for _, words in STAGES))


# Compared and hashed by identity: each vocabulary is built once, and its meanings are cached
# per (vocabulary, text).
@dataclass(frozen=True, slots=True, eq=False)
class Words:
    """A vocabulary of header words, compiled: meaning key -> pattern of a whole cell."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def of(cls, *vocabularies: Mapping[str, str]) -> Words:
        """The words of ``vocabularies`` merged (a later one overrides a key)."""
        merged: dict[str, str] = {}
        for vocabulary in vocabularies:
            merged.update(vocabulary)
        return cls(tuple((key, re.compile(words)) for key, words in merged.items()))

    @property
    def keys(self) -> tuple[str, ...]:
        """Every meaning, in the vocabulary's order."""
        return tuple(key for key, _ in self.patterns)

    def meaning(self, text: str) -> str | None:
        """The key a header text names, or ``None``."""
        return _meaning(self, text)


@lru_cache(maxsize=LINE_CACHE_SIZE)
def _meaning(words: Words, text: str) -> str | None:
    for candidate in (text, _STAGE_WORDS.sub("", text)):
        if not candidate:
            continue
        for key, pattern in words.patterns:
            if pattern.fullmatch(candidate):
                return key
    return None


def header_text(cell: str) -> str:
    """A header cell as its words: no spaces, quotes or leading year ("2024年预算数" -> 预算数)."""
    return _LEADING_YEAR.sub("", compact(cell).translate(_QUOTES))


def is_meta_line(line: SourceLine) -> bool:
    """A line above the header that labels no column: preparer, unit, page marker, note."""
    return any(_META.search(compact(cell)) for cell in line.filled)


def table_unit(lines: Iterable[SourceLine]) -> tuple[str | None, list[int]]:
    """The unit a table states ("单位：元" -> 元) and the line saying it."""
    for line in lines:
        match = _UNIT.search(compact(line.text))
        if match:
            return match.group(1), [line.no, line.last]
    return None, []


def row_width(rows: Iterable[SourceLine]) -> int:
    """The widest row, counting cells up to the last filled one."""
    widest = 0
    for row in rows:
        filled = [index for index, cell in enumerate(row.cells) if cell]
        if filled:
            widest = max(widest, filled[-1] + 1)
    return widest


def column_paths(rows: Sequence[SourceLine], width: int) -> tuple[tuple[str, ...], ...]:
    """The header texts above each column, top to bottom, spans resolved."""
    paths: list[list[str]] = [[] for _ in range(width)]
    # The columns the deepest cell seen so far covers, per column: a cell below spans no
    # further than the cell above it.
    parents = [(0, width - 1)] * width
    for row in rows:
        cells = [header_text(cell) for cell in row.cells[:width]]
        cells += [""] * (width - len(cells))
        spans = list(parents)
        for column, text in enumerate(cells):
            if not text:
                continue
            end = column
            while end + 1 <= parents[column][1] and not cells[end + 1]:
                end += 1
            for covered in range(column, end + 1):
                paths[covered].append(text)
                spans[covered] = (column, end)
        parents = spans
    return tuple(tuple(path) for path in paths)


def stage_of(path: Sequence[str]) -> str | None:
    """Whether a column holds 预算数 or 决算数, from any text above it."""
    for text in reversed(path):
        for stage, pattern in _STAGES:
            if pattern.search(text):
                return stage
    return None


def column_key(path: Sequence[str], words: Words) -> str | None:
    """What a column means: the deepest text with a meaning; a generic total under a group
    with a meaning of its own is that group's (or the code / name column it is printed in)."""
    for depth in range(len(path) - 1, -1, -1):
        key = words.meaning(path[depth])
        if key is None:
            continue
        if _GENERIC_TOTAL.fullmatch(path[depth]):
            # Under a group with a meaning: that group's total, or, under a code or name
            # column, the label of the table's 合计 row printed in the header's last row.
            for above in range(depth - 1, -1, -1):
                group = words.meaning(path[above])
                if group is not None:
                    return group
        return key
    return None


def is_garbled(path: Sequence[str], words: Words) -> bool:
    """Whether a column's header cells contradict each other: a cell over it names another
    meaning that is no group of the column's own ("上年结转" spanned over "单位资金")."""
    key = column_key(path, words)
    if key in CODE_WORDS:
        return False
    for text in path:
        above = words.meaning(text)
        if above in (None, key) or above in CODE_WORDS or _GENERIC_TOTAL.fullmatch(text):
            continue
        if key not in HEADER_GROUPS.get(above, frozenset()):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Header:
    """A table's header read: every column's path and meaning, and the table's unit."""

    paths: tuple[tuple[str, ...], ...]
    keys: tuple[str | None, ...]
    garbled: bool = False

    @property
    def width(self) -> int:
        """How many columns the header describes."""
        return len(self.keys)

    def columns(self, keys: Iterable[str] | None = None) -> dict[str, int]:
        """Each meaning's first column (of ``keys`` only, when given)."""
        wanted = None if keys is None else set(keys)
        found: dict[str, int] = {}
        for column, key in enumerate(self.keys):
            if key is not None and key not in found and (wanted is None or key in wanted):
                found[key] = column
        return found

    @property
    def code_parts(self) -> tuple[int, ...]:
        """The 类 / 款 / 项 columns of codes printed split, in order; empty if not split."""
        found = self.columns(CODE_PART_KEYS)
        return tuple(found[key] for key in CODE_PART_KEYS if key in found)

    @property
    def name_column(self) -> int | None:
        """The column of the rows' names (科目名称), if the header says."""
        return self.columns(("name",)).get("name")

    def panels(self) -> list[tuple[int, int]]:
        """Column ranges of tables printed side by side: a header naming its code column twice.

        A single table is one panel covering every column.
        """
        starts = [
            column
            for column, key in enumerate(self.keys)
            if key in ("code", "code_class")
            and (column == 0 or self.keys[column - 1] not in ("code", "code_class"))
        ]
        if len(starts) < 2 or starts[0] > 1:
            return [(0, self.width - 1)]
        bounds = [*starts[1:], self.width]
        return [(start, stop - 1) for start, stop in zip(starts, bounds, strict=True)]


def read_header(rows: Sequence[SourceLine], words: Words, width: int) -> Header:
    """Map the header ``rows`` (the lines above the data) onto ``words``."""
    labelled = [row for row in rows if row.filled and not is_meta_line(row)]
    width = max(width, row_width(labelled))
    paths = column_paths(labelled, width)
    keys = tuple(column_key(path, words) for path in paths)
    garbled = any(
        key is not None and is_garbled(path, words) for key, path in zip(keys, paths, strict=True)
    )
    return Header(paths, keys, garbled)


def resolve_columns(
    found: Mapping[str, int],
    keys: Sequence[str],
    first: int,
    width: int,
    *,
    trusted: bool = False,
) -> dict[str, int]:
    """Columns to read: the labels' positions when they agree with the template's order, or
    in any order when the header names every column and is ``trusted`` (not garbled).

    When labels are missing or out of order in a garbled header, the template's order is
    used from the ``first`` value column, provided the table is exactly as wide as the
    template; otherwise the consistent labels are kept and gaps filled.
    """
    found = {key: column for key, column in found.items() if key in keys}
    positions = [found[key] for key in keys if key in found]
    distinct = len(set(positions)) == len(positions)
    in_order = positions == sorted(positions) and distinct
    if (in_order or (trusted and distinct)) and len(found) == len(keys):
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


def best_layout(found: Mapping[str, int], layouts: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """The printed layout the header's labels fit best: most labels found, fewest missing."""
    return tuple(
        max(
            layouts,
            key=lambda layout: (
                sum(key in found for key in layout),
                -sum(key not in found for key in layout),
                -layouts.index(layout),
            ),
        )
    )
