"""The review of a disclosure as a 预算公开情况检查表 workbook (XLSX) for finance-bureau staff.

The sheet has the shape reviewers fill in by hand: a heading naming the document, then
one row per item — 检查内容 (the part), 检查项, 是否符合, 问题说明 — the 公开完整性
checklist first, then every finding (错误, 提示, 说明), each with a link to the line of
the document it cites. Text that a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from budgets.models import Disclosure
from budgets.selectors.review import InspectionRow, ReviewReport

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("序号", "检查内容", "检查项", "是否符合", "问题说明", "性质", "出处")
WIDTHS = (6, 18, 40, 10, 70, 8, 14)
FORMULA_PREFIXES = ("=", "+", "-", "@")
NOT_MET = PatternFill("solid", fgColor="FDE7E5")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def inspection_workbook(
    *,
    disclosure: Disclosure,
    report: ReviewReport,
    rows: Sequence[InspectionRow],
    line_url: Callable[[int, int | None], str],
    checked_on: date,
) -> bytes:
    """The 检查表 as XLSX bytes; ``line_url(start, end)`` links a row to its lines."""
    book = Workbook()
    sheet = book.active
    sheet.title = "检查表"
    document = f"{disclosure.entity_name}{disclosure.fiscal_year}年{disclosure.get_kind_display()}"
    title = f"{document}公开情况检查表"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    score = "—" if report.score is None else f"{report.score}分"
    sheet.append(
        [
            f"公开完整性：{score}；错误 {len(report.errors)} 处，提示 {len(report.notices)} 处，"
            f"说明 {len(report.infos)} 处；检查日期：{checked_on:%Y-%m-%d}（自动核对，供人工复核）"
        ]
    )
    sheet.append([])
    sheet.append(list(HEADER))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        where = ""
        if row.line_start:
            end = row.line_end or row.line_start
            where = (
                f"第{row.line_start}行" if end == row.line_start else f"第{row.line_start}–{end}行"
            )
        sheet.append(
            [
                number,
                _cell(row.part),
                _cell(row.item),
                row.conforms,
                _cell(row.note),
                row.severity,
                where,
            ]
        )
        current = sheet.max_row
        if row.line_start:
            link = sheet.cell(row=current, column=len(HEADER))
            link.hyperlink = line_url(row.line_start, row.line_end)
            link.font = Font(color="0563C1", underline="single")
        if row.conforms in ("否", "部分"):
            for cell in sheet[current]:
                cell.fill = NOT_MET
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = width
    for line in sheet.iter_rows(min_row=5):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
