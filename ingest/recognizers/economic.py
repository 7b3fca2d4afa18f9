"""表6 一般公共预算安排基本支出分经济科目表: department item × government item.

Rows are 部门预算支出经济科目 (dept_item) by 政府预算支出经济科目 (gov_item) with
合计 / 人员经费 / 公用经费. A category subtotal row (工资福利支出, 商品和服务支出,
对个人和家庭的补助, 资本性支出 …) has a dept_item and no gov_item; it is kept with
``is_category: true`` and the rows below it name it as their ``category``.

Quirks handled here:
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
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    clean_name,
    find_columns,
    has_amounts,
    header_width,
    is_empty_table,
    line_lines,
    resolve_columns,
)
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

CATEGORY_NAMES = (
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "债务利息及费用支出",
    "资本性支出",
    "资本性支出(基本建设)",
    "对企业补助",
    "对企业补助(基本建设)",
    "对社会保障基金补助",
    "其他支出",
)
KEYS = ("total", "personnel", "public")
SPEC = (
    ("total", re.compile(r"合计|小计")),
    ("personnel", re.compile(r"人员经费(?:支出)?")),
    ("public", re.compile(r"公用经费(?:支出)?")),
)


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


class EconomicRecognizer:
    """Reads 基本支出分经济科目表."""

    kind = TableKind.ECONOMIC

    def matches(self, section: Section) -> bool:
        """The section's title names the economic classification table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """``{"total", "personnel", "public", "rows": [...]}``."""
        lines = section.lines
        start = next(
            (i for i, line in enumerate(lines) if has_amounts(line, 2) and len(line.filled) >= 2),
            len(lines),
        )
        found = find_columns(lines[:start], SPEC)
        width = header_width(lines[start:])
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
            row = self._row(line, values, category, notes, columns, width)
            if row["is_category"]:
                category = row
            data["rows"].append(row)
        if is_empty_table(lines):
            data = {"total": None, "personnel": None, "public": None, "rows": []}
        return TableRead(
            kind=self.kind,
            data=data,
            lines=section.span,
            empty=not data["rows"] and data["total"] is None,
            unreadable=cells.unreadable,
            notes=notes,
        )

    def _row(
        self,
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
