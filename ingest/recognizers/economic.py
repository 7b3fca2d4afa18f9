"""基本支出分经济科目表: the 一般公共预算 basic expenditure by economic classification.

Two layouts print it:

- 山西 (the national budget template): rows named by 部门预算支出经济科目 (dept_item) and
  政府预算支出经济科目 (gov_item), no codes, with 合计 / 人员经费 / 公用经费. A category
  subtotal row (工资福利支出, 商品和服务支出 …) has a dept_item and no gov_item.
- with economic codes (上海's budget: "301 | 01 | 基本工资" under 类 / 款 columns with 合计 /
  人员经费 / 公用经费; a 决算: "30101 | 基本工资 | 决算数", two such tables side by side, closed
  by 人员经费合计 and 公用经费合计). A 3-digit code is the category of the codes under it.

Either way a category row is kept with ``is_category: true`` and the rows below it name it as
their ``category``.

Quirks of the 山西 layout handled here:
- a blank dept_item (000, 2024: "社会福利和救助", "设备购置") is a cell the PDF
  wrapped away; the row is kept with ``dept_item: null`` and a note, never guessed;
- OCR misreads of a category name ("讨个人和家庭的补助") are mapped to the
  template's name when only one character differs, keeping the printed text;
- a short row whose amounts slid under 人员经费 while its category is paid from
  公用经费 only (000, 2024: "信息网络及软件购置更新 设备购置 0.36 0.36") has lost an
  empty middle cell; its last amount is put back under 公用经费.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    clean_name,
    empty_statement,
    has_amounts,
    line_lines,
    stated_empty_note,
)
from ingest.recognizers.coded import read_header_of, row_code, total_row_shift
from ingest.recognizers.header import (
    Header,
    Words,
    header_text,
    read_header,
    resolve_columns,
    row_width,
    table_unit,
)
from ingest.segment import Section
from ingest.types import SourceLine
from ingest.vocabulary import (
    CODE_WORDS,
    ECONOMIC_CATEGORIES,
    ECONOMIC_CODED_WORDS,
    ECONOMIC_LAYOUT,
    ECONOMIC_TOTAL_ROWS,
    ECONOMIC_WORDS,
    TableKind,
)

CATEGORY_NAMES = tuple(name for _, name in ECONOMIC_CATEGORIES)
KEYS = ECONOMIC_LAYOUT
_WORDS = Words.of(ECONOMIC_WORDS)
_CODED_WORDS = Words.of(CODE_WORDS, ECONOMIC_CODED_WORDS)
_TOTAL_ROWS = tuple((key, re.compile(words)) for key, words in ECONOMIC_TOTAL_ROWS)


def canonical_category(name: str) -> str:
    """The template's category name for a printed one that differs by at most one character."""
    if name in CATEGORY_NAMES:
        return name
    for known in CATEGORY_NAMES:
        if len(known) == len(name) and sum(a != b for a, b in zip(known, name, strict=True)) <= 1:
            return known
    return name


def _is_total(line: SourceLine) -> bool:
    return compact(line.cells[0] if line.cells else "") in {"合计", "总计"} or (
        not compact(line.cells[0] if line.cells else "")
        and len(line.cells) > 1
        and compact(line.cells[1]) in {"合计", "总计"}
    )


def read_economic(section: Section) -> TableRead:
    """``{"total", "personnel", "public", "rows": [...]}``, whichever layout prints it."""
    if _names_a_code_column(section.lines):
        header, start = read_header_of(section.lines, _CODED_WORDS)
        data, cells, notes = _read_coded(section.lines[start:], header)
    else:
        start = 0
        data, cells, notes = _read_named(section.lines)
    stated = empty_statement(section.lines)
    if stated is not None and not _any_amount(data):
        data = {"total": None, "personnel": None, "public": None, "rows": []}
    elif stated is not None:
        notes.append(stated_empty_note("economic", stated))
    unit, _ = table_unit(section.lines[: start or len(section.lines)])
    return TableRead(
        kind=TableKind.ECONOMIC,
        data=data,
        lines=section.span,
        empty=not data["rows"] and all(data[key] is None for key in KEYS),
        unreadable=cells.unreadable,
        notes=notes,
        unit=unit,
        stated_empty=stated,
    )


def _names_a_code_column(lines: Sequence[SourceLine]) -> bool:
    """Whether the header above the first amounts names a code column (科目编码, 类 / 款)."""
    for line in lines:
        if has_amounts(line, 2):
            return False
        for cell in line.filled:
            if _CODED_WORDS.meaning(header_text(cell)) in ("code", "code_class"):
                return True
    return False


def _any_amount(data: dict[str, Any]) -> bool:
    values = [data.get(key) for key in KEYS]
    values += [row.get(key) for row in data["rows"] for key in KEYS]
    return any(value is not None and value != 0 for value in values)


# --- with economic codes ------------------------------------------------------------------


def _read_coded(
    lines: Sequence[SourceLine], header: Header
) -> tuple[dict[str, Any], Cells, list[dict[str, Any]]]:
    """Rows of every side-by-side panel, panel after panel, categories by their 3-digit code."""
    cells = Cells("economic")
    data: dict[str, Any] = {"total": None, "personnel": None, "public": None, "rows": []}
    notes: list[dict[str, Any]] = []
    split = bool(header.code_parts)
    for first, last in header.panels():
        keys = header.keys[first : last + 1]
        columns = {key: keys.index(key) for key in KEYS if key in keys}
        name_column = keys.index("name") if "name" in keys else len(header.code_parts) or 1
        categories: dict[str, str] = {}
        for line in lines:
            view = SourceLine(line.no, line.cells[first : last + 1], line.end)
            if not view.filled:
                continue
            coded = row_code(view, split=split)
            if coded is None:
                _total_row(view, columns, name_column, cells, data)
                continue
            shift = coded.name_index - name_column if coded.name_index >= 0 else 0
            values = {
                key: cells.amount(view, column + shift, f"{coded.code} {key}")
                for key, column in columns.items()
            }
            if all(value is None for value in values.values()):
                continue
            row = _coded_row(coded.code, coded.name, values, categories, view)
            if coded.padded:
                notes.append(
                    {
                        "what": f"economic {coded.code}: code part without its 0",
                        "lines": row["lines"],
                    }
                )
            data["rows"].append(row)
    return data, cells, notes


def _coded_row(
    code: str,
    name: str,
    values: dict[str, Any],
    categories: dict[str, str],
    line: SourceLine,
) -> dict[str, Any]:
    row: dict[str, Any] = {"code": code}
    if len(code) == 3:
        categories[code] = canonical_category(compact(name))
        row.update(dept_item=categories[code], gov_item=None)
        row.update({key: values.get(key) for key in KEYS}, is_category=True)
    else:
        row.update(dept_item=name or None, gov_item=None)
        row.update({key: values.get(key) for key in KEYS}, is_category=False)
        row["category"] = categories.get(code[:3])
    row["lines"] = line_lines(line)
    return row


def _total_row(
    line: SourceLine,
    columns: dict[str, int],
    name_column: int,
    cells: Cells,
    data: dict[str, Any],
) -> None:
    """A panel's closing row: 合计 (every column), or 人员经费合计 / 公用经费合计 (its amount)."""
    filled = [index for index, cell in enumerate(line.cells) if cell]
    if not filled or not has_amounts(line):
        return
    label = compact(line.cells[filled[0]])
    key = next((key for key, pattern in _TOTAL_ROWS if pattern.fullmatch(label)), None)
    if key is None:
        return
    shift = total_row_shift(line, filled[0], name_column + 1)
    values = {
        column_key: cells.amount(line, column + shift, f"{label} {column_key}")
        for column_key, column in columns.items()
    }
    if key == "total":
        data.update(values)
    else:
        data[key] = values.get("total")
    data["total_lines"] = line_lines(line)


# --- 山西: rows named by dept_item and gov_item ---------------------------------------------


def _read_named(
    lines: Sequence[SourceLine],
) -> tuple[dict[str, Any], Cells, list[dict[str, Any]]]:
    start = next(
        (i for i, line in enumerate(lines) if has_amounts(line, 2) and len(line.filled) >= 2),
        len(lines),
    )
    found = read_header(lines[:start], _WORDS, 0).columns(KEYS)
    width = row_width(lines[start:])
    columns = resolve_columns(found, KEYS, 2, width)
    cells = Cells("economic")
    data: dict[str, Any] = {"total": None, "personnel": None, "public": None, "rows": []}
    notes: list[dict[str, Any]] = []
    category: dict[str, Any] | None = None
    for line in lines[start:]:
        if not has_amounts(line, 2):
            continue
        values = {key: cells.amount(line, index, key) for key, index in columns.items()}
        if _is_total(line):
            data.update(values)
            data["total_lines"] = line_lines(line)
            continue
        row = _named_row(line, values, category, notes, columns, width)
        if row["is_category"]:
            category = row
        data["rows"].append(row)
    return data, cells, notes


def _named_row(
    line: SourceLine,
    values: dict[str, Any],
    category: dict[str, Any] | None,
    notes: list[dict[str, Any]],
    columns: dict[str, int],
    width: int,
) -> dict[str, Any]:
    dept = clean_name(line.cells[0]) if line.cells else ""
    gov = clean_name(line.cells[1]) if len(line.cells) > 1 else ""
    name = canonical_category(compact(dept))
    if dept and not gov and name in CATEGORY_NAMES:
        row = {"dept_item": name, "gov_item": None, **values, "is_category": True}
        if name != compact(dept):
            row["printed"] = dept
        row["lines"] = line_lines(line)
        return row
    row = {
        "dept_item": dept or None,
        "gov_item": gov or None,
        **values,
        "is_category": False,
        "category": category["dept_item"] if category else None,
        "lines": line_lines(line),
    }
    if not dept:
        notes.append(
            {
                "what": "economic: dept_item blank in the source (wrapped cell)",
                "lines": row["lines"],
            }
        )
        row["dept_item_blank"] = True
    note = _repair_public_only(row, line, category, columns, width)
    if note:
        notes.append({"what": f"economic: {note}", "lines": row["lines"]})
    return row


def _repair_public_only(
    row: dict[str, Any],
    line: SourceLine,
    category: dict[str, Any] | None,
    columns: dict[str, int],
    width: int,
) -> str | None:
    """Move a short row's amount from 人员经费 to 公用经费 when its category is public-only."""
    if category is None or len(line.cells) >= width:
        return None
    public_only = category.get("personnel") is None and category.get("public") is not None
    if not public_only or row["personnel"] is None or row["public"] is not None:
        return None
    if columns.get("personnel") != len(line.cells) - 1:
        return None
    row["public"], row["personnel"] = row["personnel"], None
    return (
        "amount read under 人员经费 moved to 公用经费 (row short of columns, public-only category)"
    )
