"""XLSX workbooks -> RawDocument: one table per sheet or per titled block.

Many departments publish the 13 tables as one workbook, a sheet per table in the
national template's layout: a title row merged across the table, the 单位名称 / 单位
rows, one or two header rows whose group cells (本年收入, 2024年预算数) are merged
over their columns, then the data rows. This module reads every visible sheet in
order and lays it out as the text parser reads a converted PDF:

- A sheet holds one or more blocks separated by blank rows. A row whose one text
  is merged across (nearly) the whole block is a text line (the title, 单位名称),
  and so is every row of a one-column block (a sheet of text). The other rows are
  table rows with one cell per column, from the block's first to its last used
  column, empty cells kept as ``""``.
- A merged cell keeps its text in its first (top-left) cell and leaves the other
  columns of the range empty, which is how a converted PDF's text lays out a
  merged header; column positions below stay in place.
- Numbers are read as the sheet shows them: the cell's number format gives the
  decimals (``#,##0.00`` -> two), so a stored float such as 1990.8300000000002
  reads ``1990.83`` and never carries binary noise; percentages read ``12.50%``.
  The value is rounded from its 15 significant digits, as Excel displays it.
- Formulas are read from the values Excel saved with the file; a formula without a
  saved value (a workbook written by a program and never opened in Excel) reads
  as an empty cell.

Every line records its sheet and cells (``'表1 收支总表'!A5:H5``).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ingest.errors import ExtractError
from ingest.formats.common import MAX_FILE_BYTES, Row, assemble, check_size, check_unpacked
from ingest.types import RawDocument

MAX_SHEETS = 300
MAX_SHEET_ROWS = 20_000
MAX_SHEET_COLUMNS = 200

UNREADABLE = (
    "无法读取 XLSX 工作簿,文件可能已损坏或有密码保护。"
    " The XLSX workbook cannot be read; it may be damaged or password-protected."
)
TOO_MUCH_UNPACKED = "XLSX 工作簿解压后过大,已拒绝读取。The XLSX workbook unpacks to too much data."
NO_CONTENT = "XLSX 工作簿中没有内容。The XLSX workbook has no filled cells."

_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_PLACEHOLDER = re.compile(r"[0#?]")
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


# --- numbers as shown ---------------------------------------------------------------------


def _format_section(number_format: str, negative: bool) -> str:
    sections = (number_format or "General").split(";")
    section = sections[1] if negative and len(sections) > 1 else sections[0]
    return _FORMAT_LITERALS.sub("", section)


def shown_number(value: float | int | Decimal, number_format: str) -> str:
    """The number as Excel shows it with ``number_format``, as a plain decimal string.

    The decimals come from the format (``0.00`` -> 2, ``#,##0`` -> 0, ``0.0%`` -> 1
    after scaling by 100); "General" shows the value's 15 significant digits.
    Thousands separators are kept when the format has them, as the sheet shows and
    a converted PDF prints them (the parser reads both); currency signs, literal
    text and colours are not. ``shown_number(1295.2400000000002, "#,##0.00") ==
    "1,295.24"``.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    exact = Decimal(value) if isinstance(value, int | Decimal) else Decimal(format(value, ".15g"))
    section = _format_section(number_format, exact < 0)
    if section.strip().lower() in ("general", "") or not _PLACEHOLDER.search(section):
        return _plain(exact)
    if "E" in section.upper():
        return _plain(exact)
    percent = "%" in section
    if percent:
        exact *= 100
    number_part = section.split("%")[0] if percent else section
    decimals = len(_PLACEHOLDER.findall(number_part.split(".", 1)[1])) if "." in number_part else 0
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)
    grouped = "," in number_part.split(".", 1)[0]
    text = format(rounded, ",f" if grouped else "f")
    return text + ("%" if percent else "")


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _date_text(value: dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return value.isoformat()


def cell_text(value: Any, number_format: str = "General") -> str:
    """The text a cell shows: numbers by their format, dates as ISO dates, text as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        try:
            return shown_number(value, number_format)
        except (InvalidOperation, ValueError):  # beyond decimal's precision: show all digits
            return _plain(Decimal(format(value, ".15g")))
    if isinstance(value, dt.date | dt.time):
        return _date_text(value)
    return str(value)


# --- sheets -> rows -----------------------------------------------------------------------


def _column_letter(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_ref(title: str) -> str:
    return title if _PLAIN_NAME.match(title) else "'" + title.replace("'", "''") + "'"


def _grid(sheet: Any, notes: list[str]) -> list[list[str]]:
    """The sheet's shown cell texts (row-major, 0-based), capped in size."""
    max_row = sheet.max_row or 0
    max_column = sheet.max_column or 0
    if max_row > MAX_SHEET_ROWS or max_column > MAX_SHEET_COLUMNS:
        notes.append(
            f"工作表 {sheet.title} 过大,只读取前 {MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列。"
        )
    return [
        [cell_text(cell.value, cell.number_format) for cell in row]
        for row in sheet.iter_rows(
            max_row=min(max_row, MAX_SHEET_ROWS), max_col=min(max_column, MAX_SHEET_COLUMNS)
        )
    ]


def _merged_across(sheet: Any) -> dict[tuple[int, int], int]:
    """(0-based row, 0-based first column) -> columns of the horizontal merge starting there."""
    widths: dict[tuple[int, int], int] = {}
    for merged in sheet.merged_cells.ranges:
        key = (merged.min_row - 1, merged.min_col - 1)
        widths[key] = max(widths.get(key, 0), merged.max_col - merged.min_col + 1)
    return widths


def _blocks(grid: Sequence[Sequence[str]]) -> Iterator[tuple[int, int]]:
    """(first, last) 0-based rows of each run of non-blank rows."""
    start = None
    for index, row in enumerate(grid):
        if any(row):
            if start is None:
                start = index
        elif start is not None:
            yield start, index - 1
            start = None
    if start is not None:
        yield start, len(grid) - 1


def _block_rows(
    sheet: Any,
    grid: Sequence[Sequence[str]],
    span: tuple[int, int],
    merged: dict[tuple[int, int], int],
) -> Iterator[Row]:
    first, last = span
    used = [c for r in range(first, last + 1) for c, text in enumerate(grid[r]) if text]
    left, right = min(used), max(used)
    width = right - left + 1
    ref = _sheet_ref(sheet.title)
    for index in range(first, last + 1):
        cells = list(grid[index][left : right + 1])
        cells += [""] * (width - len(cells))
        filled = [c for c, text in enumerate(cells) if text]
        if not filled:
            continue
        # A title merged over (nearly) the whole table, from its first column.
        spans_block = width > 1 and merged.get((index, left), 0) >= max(2, width * 4 // 5)
        is_text = len(filled) == 1 and (width == 1 or spans_block)
        row_number = index + 1
        if is_text:
            location = f"{ref}!{_column_letter(left + filled[0] + 1)}{row_number}"
            yield Row((cells[filled[0]],), location)
            continue
        location = (
            f"{ref}!{_column_letter(left + 1)}{row_number}:{_column_letter(right + 1)}{row_number}"
        )
        yield Row(tuple(cells), location)


def sheet_rows(sheet: Any, notes: list[str]) -> list[Row]:
    """The rows of one worksheet: text lines and table rows of each block, in order."""
    grid = _grid(sheet, notes)
    merged = _merged_across(sheet)
    rows: list[Row] = []
    for span in _blocks(grid):
        rows.extend(_block_rows(sheet, grid, span, merged))
    if rows:
        rows[0] = Row(rows[0].cells, rows[0].location, break_before=True)
    return rows


def extract_xlsx(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read every visible sheet of an XLSX workbook into a RawDocument.

    Raises :class:`ExtractError` for a file over ``max_bytes``, a damaged or
    encrypted workbook, or one without any filled cell.
    """
    from openpyxl import load_workbook  # the one module that reads workbooks

    check_size("XLSX", data, max_bytes)
    check_unpacked(data, UNREADABLE)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ExtractError(UNREADABLE) from exc
    notes: list[str] = []
    rows: list[Row] = []
    try:
        for count, sheet in enumerate(book.worksheets):
            if count >= MAX_SHEETS:
                notes.append(f"工作簿超过 {MAX_SHEETS} 个工作表,其余未读取。")
                break
            if sheet.sheet_state != "visible":
                notes.append(f"隐藏的工作表 {sheet.title} 未读取。")
                continue
            rows.extend(sheet_rows(sheet, notes))
    finally:
        book.close()
    if not rows:
        raise ExtractError(NO_CONTENT)
    return assemble(data=data, filename=filename, source_format="xlsx", rows=rows, notes=notes)
