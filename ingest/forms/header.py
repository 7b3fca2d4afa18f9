"""The heading part of a performance-target form: name, department, unit, attribute, funds.

Rows here are label/value pairs whose labels OCR often splits ("项目名" | "称")
or garbles ("项目原" | "男性" for 项目属性); labels are therefore matched by
their leading characters, and values are the cells between one label and the
next, joined as wrapped text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ingest.forms.cells import cjk_count, clean_cell, is_latin_garbage, is_noise, join_cells
from ingest.forms.funds import (
    SOURCES,
    Fragment,
    FundsRow,
    complete_from,
    read_funds_row,
    resolve_amounts,
)
from ingest.normalize import compact
from ingest.types import SourceLine

_NAME_LABEL = re.compile(r"^(项目名[称和标]?|項目名[称和]?|项目[4]?|项目名称[(（].*[)）])$")
_NAME_LABEL_PREFIX = re.compile(r"^项目名称\s*")
_NAME_REMNANTS = {
    "称",
    "尔",
    "弥",
    "鉨",
    "妳",
    "亦",
    "名称",
    "当称",
    "呂称",
    "3称",
    "家",
    "名",
    "1",
    "F",
}
_DEPARTMENT_LABEL = re.compile(r"^(主管部门|部门及代码|项目代码|项目名称)")
_DEPARTMENT_VALUE = re.compile(r"^\d{3}(?!\d)[-\s—]?[\u4e00-\u9fff]")
_UNIT_LABEL = re.compile(r"(实施|突施|施|预算|功能|能|於)单位$|^[Ç]?施单位$")
_ATTRIBUTE_LABEL = re.compile(r"^项目(属|原|履|性质|性)")
_ATTRIBUTE_VALUE = re.compile(r"(经常性|一次性|延续性|专项|一般|及性|选择)项目")
_PERIOD_LABEL = re.compile(r"项目(期|日期)")
_PERIOD_VALUE = re.compile(r"^\d{1,2}\s*[年月]$|^\d{4}$")
_STANDARD_ATTRIBUTES = {
    "经常性": "经常性项目(长期开展)",
    "一次性": "一次性项目(1年结束)",
    "延续性": "延续性项目(阶段开展)",
}


def read_project_name(rows: Sequence[SourceLine]) -> tuple[str | None, list[int]]:
    """The project name and the line numbers it was read from.

    Looks for the 项目名称 row; without one, a short row standing alone above the
    department row (a title the converter pulled out of the table).
    """
    for row in rows:
        cells = [clean_cell(c) for c in row.cells]
        for index, cell in enumerate(cells[:4]):
            flat = compact(cell)
            if _NAME_LABEL.match(flat) or _NAME_LABEL.match(re.sub(r"[^\u4e00-\u9fff]", "", flat)):
                value = _name_from_cells(cells[index + 1 :])
                if value and not _DEPARTMENT_VALUE.match(value):
                    return value, [row.no, row.last]
                break
            if flat.startswith("项目名称") and cjk_count(flat) > 6:
                return _tidy_name(_NAME_LABEL_PREFIX.sub("", cell)), [row.no, row.last]
    for position, row in enumerate(rows[:-1]):
        below = compact(clean_cell(rows[position + 1].text))
        if len(row.filled) == 1 and re.search(r"主管部门|部门及代码|项目名称", below):
            text = compact(clean_cell(row.filled[0]))
            if 2 <= cjk_count(text) <= 40 and "申报表" not in text and "年度" not in text:
                return _tidy_name(text), [row.no, row.last]
    return _name_from_merged_rows(rows)


def _name_from_cells(cells: list[str]) -> str | None:
    kept: list[str] = []
    for cell in cells:
        flat = compact(cell)
        if not flat or cjk_count(flat) == 0 or is_latin_garbage(cell):
            continue
        if not kept and (flat in _NAME_REMNANTS or (is_noise(cell) and cjk_count(flat) > 1)):
            continue
        if _DEPARTMENT_LABEL.match(flat) or _UNIT_LABEL.search(flat) or _PERIOD_LABEL.search(flat):
            break
        kept.append(cell)
    return _tidy_name(_join_overlapping(kept)) if kept else None


def _join_overlapping(cells: list[str]) -> str:
    """Join name pieces, dropping a digit OCR repeated at a cell cut ("…)2" | "2024年")."""
    text = ""
    for cell in cells:
        piece = compact(cell)
        if text and piece and text[-1].isdigit() and piece[0] == text[-1]:
            piece = piece[1:]
        text += piece
    return text


def _tidy_name(text: str) -> str | None:
    """Strip debris from a name: stray Latin letters and symbols at the edges, "- " lead-ins."""
    text = join_cells([text])
    text = re.sub(r"\s+(II|I|\d\.|[A-Za-z]{1,3})(?=\s|$)", "", text)
    text = re.sub(r"(?<![A-Za-z])[A-Za-z](?=[\u4e00-\u9fff])(?!镇)", "", text)
    text = re.sub(r"^[\s\-—·•:：>/「」]+|[\s\-—·•:：=_「」]+$", "", text)
    text = re.sub(r"[·•「」<>/\\|~^*#†]", "", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])[A-Z]{1,3}$", "", text)
    text = compact(text)
    return text or None


def _name_from_merged_rows(rows: Sequence[SourceLine]) -> tuple[str | None, list[int]]:
    """A name printed inside another heading row (rows merged by the converter)."""
    for row in rows:
        for cell in row.filled:
            flat = compact(clean_cell(cell))
            if (
                cjk_count(flat) >= 6
                and re.search(r"项目|经费|资金|费用|活动", flat)
                and not re.search(
                    r"主管部门|实施单位|属性|资金总额|申报表|性项目|财政资金|^项目名称", flat
                )
            ):
                return _tidy_name(flat), [row.no, row.last]
    return None, []


def _value_after(cells: list[str], label: re.Pattern[str], stop: re.Pattern[str]) -> str | None:
    """The joined cells after the first cell matching ``label``, up to one matching ``stop``."""
    for index, cell in enumerate(cells):
        if label.search(compact(cell)):
            kept = []
            for other in cells[index + 1 :]:
                if stop.search(compact(other)):
                    break
                if other and not is_noise(other) and not is_latin_garbage(other):
                    kept.append(other)
            return join_cells(kept) or None
    return None


def read_department(rows: Sequence[SourceLine]) -> str | None:
    """主管部门及代码 as "code-name" ("038-阳泉市商务局")."""
    for row in rows:
        cells = [clean_cell(c) for c in row.cells]
        for index, cell in enumerate(cells):
            flat = compact(cell)
            match = re.match(
                r"^(?:主管部门及代码|主管部门|部门及代码)?(\d{3})[-\s—]*([\u4e00-\u9fff].*)$", flat
            )
            if not match:
                continue
            tail = []
            for other in cells[index + 1 :]:
                if (
                    _UNIT_LABEL.search(compact(other))
                    or "实施单位" in compact(other)
                    or compact(other) in ("实", "突", "实施", "施")
                ):
                    break
                if other and cjk_count(other) and not is_latin_garbage(other):
                    tail.append(other)
            name = match.group(2) + compact("".join(tail))
            name = re.sub(r"(?<=[\u4e00-\u9fff])\d+(?=[\u4e00-\u9fff])", "", name)
            name = re.sub(r"[^\u4e00-\u9fff()（）]", "", name)
            return f"{match.group(1)}-{name}"
    return None


def read_implementing_unit(rows: Sequence[SourceLine]) -> str | None:
    """实施单位 as printed, wrapped pieces joined."""
    stop = re.compile(r"^$a")
    for row in rows:
        cells = [clean_cell(c) for c in row.cells]
        for index, cell in enumerate(cells):
            flat = compact(cell)
            if _UNIT_LABEL.search(flat) and cjk_count(flat) <= 6:
                value = _value_after(cells[index:], _UNIT_LABEL, stop)
                if value:
                    return compact(re.sub(r"[-—·•|†+]", "", value))
            merged = re.match(r"^实施单位\s*(\S+)$", cell)
            if merged:
                return merged.group(1)
    return None


def read_attribute_and_period(rows: Sequence[SourceLine]) -> tuple[str | None, str | None]:
    """项目属性 (normalized to the national wording when recognizable) and 项目期."""
    attribute = period = None
    for row in rows:
        cells = [clean_cell(c) for c in row.cells]
        text = compact(" ".join(cells))
        if attribute is None and (_ATTRIBUTE_VALUE.search(text) or _ATTRIBUTE_LABEL.match(text)):
            attribute = _attribute_value(cells)
        for index, cell in enumerate(cells):
            flat = compact(cell)
            if not _PERIOD_LABEL.search(flat):
                continue
            inline = re.sub(r".*项目(期|日期)", "", flat)
            candidates = [inline, *(compact(c) for c in cells[index + 1 :])]
            for value in candidates:
                if value and _PERIOD_VALUE.match(value):
                    period = value
                    break
            if period:
                break
    return attribute, period


def _attribute_value(cells: list[str]) -> str | None:
    joined = compact(" ".join(cells))
    match = _ATTRIBUTE_VALUE.search(joined)
    if not match:
        return None
    kind = match.group(1)
    if kind in _STANDARD_ATTRIBUTES:
        return _STANDARD_ATTRIBUTES[kind]
    tail = re.match(r".*?项目[(（][^)）]*[)）]", joined[match.start() :])
    return tail.group(0) if tail else joined[match.start() : match.end()]


def read_funds(rows: Sequence[SourceLine], anchor: int, *, two_columns: bool) -> dict[str, Any]:
    """The funds block around the central-funds row ``rows[anchor]``.

    Returns ``annual`` and ``period`` totals (元), the annual ``sources``, the raw
    text of an annual total that could not be read, and the lines used.
    """
    total_row = rows[anchor - 1] if anchor > 0 else rows[anchor]
    total = read_funds_row(total_row)
    annual, period, raw = _read_totals(total, two_columns=two_columns)
    annual_note = None
    if annual is None and raw and (completed := complete_from(raw.split(" | "), period)):
        annual = completed
        annual_note = (
            f"年度资金总额 cell damaged ({raw!r}); it can only read as the 实施期 {period}"
        )
    sources: dict[str, Decimal | None] = {}
    period_sources: dict[str, Decimal | None] = {}
    last = anchor
    for row in rows[anchor : anchor + 6]:
        funds_row = read_funds_row(row)
        kinds = [kind for kind, _ in funds_row.labels if kind in SOURCES]
        if not kinds:
            break
        last = rows.index(row)
        for kind in dict.fromkeys(kinds):
            period_value, annual_value, pieces = _source_columns(
                funds_row, kind, two_columns=two_columns
            )
            if annual_value is None and pieces:
                annual_value = complete_from(pieces, period_value)
            sources.setdefault(kind, annual_value)
            period_sources.setdefault(kind, period_value)
    return {
        "annual": annual,
        "period": period,
        "annual_raw": raw,
        "annual_note": annual_note,
        "sources": sources,
        "period_sources": period_sources,
        "lines": [total_row.no, rows[last].last],
    }


def _read_totals(
    total: FundsRow, *, two_columns: bool
) -> tuple[Decimal | None, Decimal | None, str]:
    annual_occ = total.occurrences("annual_total")
    period_occ = total.occurrences("period_total")
    period = resolve_amounts(period_occ[0], 1)[0] if period_occ else None
    if annual_occ:
        fragments = annual_occ[0]
        return resolve_amounts(fragments, 1)[0], period, " | ".join(t for t, _ in fragments)
    fragments = [f for _, frags in total.labels for f in frags]
    if not fragments:
        return None, period, ""
    if two_columns and len(fragments) >= 2:
        values = resolve_amounts(fragments, 2)
        return values[1], period or values[0], " | ".join(t for t, _ in fragments)
    return resolve_amounts(fragments, 1)[0], period, " | ".join(t for t, _ in fragments)


def _source_columns(
    funds_row: FundsRow, kind: str, *, two_columns: bool
) -> tuple[Decimal | None, Decimal | None, list[str]]:
    """(实施期, 年度) amounts of one source in a row, and the 年度 fragments as printed."""
    occurrences = funds_row.occurrences(kind)
    if not two_columns:
        return None, resolve_amounts(occurrences[-1], 1)[0], _texts(occurrences[-1])
    if len(occurrences) >= 2:
        period = resolve_amounts(occurrences[0], 1)[0]
        return period, resolve_amounts(occurrences[1], 1)[0], _texts(occurrences[1])
    fragments = occurrences[0]
    if len(fragments) >= 2:
        first, second = resolve_amounts(fragments, 2)
        return first, second, _texts(fragments[1:])
    return resolve_amounts(fragments, 1)[0], None, []


def _texts(fragments: list[Fragment]) -> list[str]:
    return [text for text, _ in fragments]
