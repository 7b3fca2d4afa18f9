"""Find the performance-target forms (项目支出绩效目标申报表) among a document's rows.

Every project form has exactly one row for central funds (其中：中央财政资金);
the department-wide form (整体支出绩效目标申报表) has none, so that row anchors a
form. From the anchor the form reaches back over its title, name, department
and attribute rows, and forward to its footer (负责人 / 填报日期) or to whatever
clearly is not part of it: the next form, a narrative heading, the
department-wide form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.forms.cells import cjk_count, clean_cell, is_noise
from ingest.normalize import CELL_CACHE_SIZE, compact
from ingest.types import SourceLine

MAX_HEADER_ROWS = 9

_HEADER_WORDS = re.compile(
    r"项目名|主管部门|部门及代码|实施单位|预算单位|项目属性|项目性质|项目期|项目日期|项目代码|项目编码"
    r"|施单位|施単位|项目编号|项目号|项目资金|资金总额|预算合计|绩效目标申报表|^[(（]\d{4}\s*年度[)）]$|^项目$"
)
_FOOTER = re.compile(r"^(负责人|经办人|經办人|填报日期|联系电话)")
_NARRATIVE_HEADING = re.compile(r"^(第[一二三四五]部分|[一二三四五六七八九十]{1,3}、)")
_PROSE_PROJECT = re.compile(r"^[(（]?\d{1,2}[)）]\s*项目名称")
_CENTRAL = re.compile(r"^(其中|英中)?[:：]?中央.{0,2}(财政|政|拨款|资金)")
_DEPARTMENT_FORM = re.compile(r"整体支出绩效目标|部门基本信息|^单位名称$|^部门名称$")


@dataclass(frozen=True, slots=True)
class FormBlock:
    """Row indices (into the document's lines) of one form: ``start``..``end`` inclusive."""

    start: int
    anchor: int
    end: int


def is_central_funds_row(row: SourceLine) -> bool:
    """Whether a table row lists central funds (其中：中央财政资金 / 中央财政拨款)."""
    return any(map(_is_central_cell, row.filled))


def is_header_row(row: SourceLine) -> bool:
    """Whether a row belongs to a form's heading part (title, name, department, attribute)."""
    return any(map(_is_header_cell, row.filled[:6]))


def is_footer_row(row: SourceLine) -> bool:
    """Whether a row is a form's signature line (负责人 / 经办人 / 填报日期)."""
    return any(map(_is_footer_cell, row.filled[:3]))


def is_form_stop(row: SourceLine) -> bool:
    """Whether a row certainly lies outside any project form (heading, prose, department form)."""
    if len(row.filled) == 1 and _is_stop_heading(row.filled[0]):
        return True
    return any(map(_is_department_form_cell, row.filled[:4]))


# Each row test looks at cells one by one, and every line of a document is tested: the
# answers per cell are cached (cells repeat within and across documents).


def _is_central_cell(cell: str) -> bool:
    # Every cell of the document comes here; only one holding 央 can read 中央 once cleaned
    # (no other character cleans into 央), so the rest are answered without cleaning or cache.
    return len(cell) <= 24 and "央" in cell and _reads_central(cell)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _reads_central(cell: str) -> bool:
    return bool(_CENTRAL.search(compact(clean_cell(cell))))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _is_header_cell(cell: str) -> bool:
    return bool(_HEADER_WORDS.search(compact(clean_cell(cell))))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _is_footer_cell(cell: str) -> bool:
    return bool(_FOOTER.match(compact(clean_cell(cell))))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _is_stop_heading(cell: str) -> bool:
    first = compact(clean_cell(cell))
    return bool(_NARRATIVE_HEADING.match(first) or _PROSE_PROJECT.match(first))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _is_department_form_cell(cell: str) -> bool:
    return bool(_DEPARTMENT_FORM.search(compact(clean_cell(cell))))


def _is_prose(row: SourceLine) -> bool:
    return len(row.filled) == 1 and cjk_count(row.filled[0]) > 40


def find_form_blocks(lines: Sequence[SourceLine]) -> list[FormBlock]:
    """Locate every project performance-target form, in document order."""
    anchors = [i for i, row in enumerate(lines) if is_central_funds_row(row)]
    starts: list[int] = []
    previous = -1
    for anchor in anchors:
        starts.append(_reach_back(lines, anchor, max(previous + 1, anchor - MAX_HEADER_ROWS)))
        previous = anchor
    blocks = []
    for position, anchor in enumerate(anchors):
        limit = starts[position + 1] - 1 if position + 1 < len(anchors) else len(lines) - 1
        blocks.append(FormBlock(starts[position], anchor, _reach_forward(lines, anchor, limit)))
    return blocks


def _reach_back(lines: Sequence[SourceLine], anchor: int, floor: int) -> int:
    """The first row of a form: back from its central-funds row over heading rows."""
    start = anchor
    index = anchor - 1
    while index >= floor:
        row = lines[index]
        if is_footer_row(row) or is_form_stop(row) or _is_prose(row):
            break
        if is_header_row(row) or _is_name_row(lines, index):
            start = index
        elif all(is_noise(cell) for cell in row.filled):
            pass
        elif anchor - index > 2:
            break
        index -= 1
    return start


def _is_name_row(lines: Sequence[SourceLine], index: int) -> bool:
    """A short untitled row right above the department row: the project name on its own."""
    row = lines[index]
    if index + 1 >= len(lines) or not row.filled or len(row.filled) > 3:
        return False
    text = compact(clean_cell(row.filled[0]))
    if not (2 <= cjk_count(text) <= 40) or re.search(r"[。；;]", text):
        return False
    below = compact(clean_cell(lines[index + 1].text))
    return bool(re.search(r"主管部门|部门及代码|项目名称|实施单位", below))


def _reach_forward(lines: Sequence[SourceLine], anchor: int, limit: int) -> int:
    """The last row of a form: its footer, or the row before something that is not the form."""
    end = anchor
    for index in range(anchor + 1, limit + 1):
        row = lines[index]
        if is_form_stop(row):
            break
        end = index
        if is_footer_row(row):
            break
    return end
