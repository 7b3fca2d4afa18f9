"""The overall goal row of a performance-target form (总体目标).

Two-column forms print the goal for the implementation period (实施期目标) and
for the year (年度目标) side by side; the 年度 text is taken, or the 实施期 one
when the 年度 cell is empty. OCR of a cell holding several printed lines can
interleave them ("下断促进汽车销售增长,不 消费市场平稳增长。" | "斯释放消费清"):
such a goal is reported unreadable rather than stitched together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.forms.cells import cjk_count, clean_cell, is_latin_garbage, is_noise, join_cells
from ingest.normalize import compact
from ingest.types import SourceLine

_GOAL_LABEL = re.compile(r"^[^\u4e00-\u9fff]{0,3}(总体|.?体)目标$|^总体目标")
_INNER_SPACE = re.compile(r"[\u4e00-\u9fff，,。；]\s+[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Goal:
    """The goal read (None if unreadable), the column it came from and its lines."""

    text: str | None
    column: str | None
    lines: list[int]
    garbled: bool = False


def _is_goal_row(row: SourceLine) -> bool:
    return any(_GOAL_LABEL.match(compact(clean_cell(c))) for c in row.cells[:2] if c)


def _annual_column(rows: Sequence[SourceLine], index: int) -> int | None:
    """Column of 年度目标 in the label row just above the goal row (or in the goal row)."""
    for row in (rows[index], rows[index - 1] if index else rows[index]):
        for column, cell in enumerate(row.cells):
            if "年度目标" in compact(clean_cell(cell)):
                return column
    return None


def read_goal(rows: Sequence[SourceLine], *, two_columns: bool) -> Goal | None:
    """The annual overall goal of a form, or None when the form has no goal row."""
    found = [i for i, row in enumerate(rows) if _is_goal_row(row)]
    if not found:
        return None
    index = found[0]
    row = rows[index]
    if len(found) > 1:
        last = rows[found[-1]]
        return Goal(None, None, [row.no, last.last], garbled=True)
    texts = _text_cells(row)
    if not texts and index + 1 < len(rows) and len(rows[index + 1].filled) == 1:
        row = rows[index + 1]
        return _goal_from([(0, row.filled[0])], [row.no, row.last], "年度")
    annual_column = _annual_column(rows, index)
    if two_columns and annual_column is not None:
        annual = [(c, t) for c, t in texts if c >= annual_column - 1]
        period = [(c, t) for c, t in texts if c < annual_column - 1]
        if annual:
            return _goal_from(annual, [row.no, row.last], "年度")
        return _goal_from(period, [row.no, row.last], "实施期")
    return _goal_from(texts, [row.no, row.last], "年度")


def _text_cells(row: SourceLine) -> list[tuple[int, str]]:
    cells = []
    for column, raw in enumerate(row.cells):
        cell = clean_cell(raw)
        if (
            not cell
            or _GOAL_LABEL.match(compact(cell))
            or "年度目标" in cell
            or "实施期目标" in cell
        ):
            continue
        if is_noise(cell) or is_latin_garbage(cell) or cjk_count(cell) < 2:
            continue
        cells.append((column, cell))
    return cells


def _goal_from(cells: list[tuple[int, str]], lines: list[int], column: str) -> Goal:
    """Join goal cells; a multi-cell goal whose cells hold interleaved lines is garbled."""
    if not cells:
        return Goal(None, None, lines)
    texts = [text for _, text in cells]
    if len(texts) > 1 and any(_INNER_SPACE.search(text) for text in texts):
        return Goal(None, None, lines, garbled=True)
    return Goal(join_cells(texts), column, lines)
