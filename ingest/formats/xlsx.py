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
import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ingest.errors import ExtractError
from ingest.formats.common import (
    DAMAGED_ZIP,
    MAX_FILE_BYTES,
    PartScanner,
    Row,
    assemble,
    check_size,
    check_unpacked,
    is_xml_part,
)
from ingest.limits import (
    MESSAGE_CELLS,
    MESSAGE_MERGED_RANGE,
    BudgetExceeded,
    ParseBudget,
    check_time,
    columns_exceeded,
    merged_exceeded,
    parse_budget,
    rows_exceeded,
)
from ingest.types import RawDocument

MAX_SHEETS = 300
# XML elements a workbook may have per cell of the cell budget (INGEST_MAX_CELLS): a cell
# with an inline string is five, styles and shared strings add a few; a workbook of many
# more elements than cells only makes its reader allocate.
ELEMENTS_PER_CELL = 10
# workbook.xml and its relationships name the sheets; a few kilobytes in practice.
MAX_INDEX_PART_BYTES = 4 * 1024 * 1024

UNREADABLE = (
    "无法读取 XLSX 工作簿,文件可能已损坏或有密码保护。"
    " The XLSX workbook cannot be read; it may be damaged or password-protected."
)
NO_CONTENT = "XLSX 工作簿中没有内容。The XLSX workbook has no filled cells."

_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_PLACEHOLDER = re.compile(r"[0#?]")
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


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


def _stored_cells(sheet: Any, budget: ParseBudget) -> Iterator[tuple[int, int, Any]]:
    """(1-based row, 1-based column, cell) of each cell the sheet stores.

    openpyxl keeps them in ``_cells``: visiting only those keeps time and memory in step with
    the file (its public iterators visit the whole rectangle up to the farthest styled cell,
    creating a cell object at each position). A sheet without it (the .xls view of
    :mod:`ingest.formats.xls`) is read row by row, once its size is within the budget.
    """
    stored = getattr(sheet, "_cells", None)
    if stored is not None:
        for (row, column), cell in stored.items():
            yield row, column, cell
        return
    where, where_en = f"工作表“{sheet.title}”", f"Worksheet {sheet.title}"
    if sheet.max_row > budget.sheet_rows:
        raise rows_exceeded(where, where_en, budget.sheet_rows)
    if sheet.max_column > budget.columns:
        raise columns_exceeded(where, where_en, budget.columns)
    for row, cells in enumerate(
        sheet.iter_rows(max_row=sheet.max_row, max_col=sheet.max_column), start=1
    ):
        for column, cell in enumerate(cells, start=1):
            yield row, column, cell


def _grid(sheet: Any, budget: ParseBudget) -> list[list[str]]:
    """The sheet's shown cell texts (row-major, 0-based), over the cells that have a value."""
    texts: dict[tuple[int, int], str] = {}
    for row, column, cell in _stored_cells(sheet, budget):
        if cell.value is None:
            continue
        text = cell_text(cell.value, cell.number_format)
        if text:
            texts[row - 1, column - 1] = text
            check_time()
    if not texts:
        return []
    height = 1 + max(row for row, _ in texts)
    width = 1 + max(column for _, column in texts)
    where, where_en = f"工作表“{sheet.title}”", f"Worksheet {sheet.title}"
    if height > budget.sheet_rows:
        raise rows_exceeded(where, where_en, budget.sheet_rows)
    if width > budget.columns:
        raise columns_exceeded(where, where_en, budget.columns)
    grid = [[""] * width for _ in range(height)]
    for (row, column), text in texts.items():
        grid[row][column] = text
    return grid


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


def sheet_rows(sheet: Any, budget: ParseBudget | None = None) -> list[Row]:
    """The rows of one worksheet: text lines and table rows of each block, in order."""
    grid = _grid(sheet, budget or parse_budget())
    merged = _merged_across(sheet)
    rows: list[Row] = []
    for span in _blocks(grid):
        rows.extend(_block_rows(sheet, grid, span, merged))
    if rows:
        rows[0] = Row(rows[0].cells, rows[0].location, break_before=True)
    return rows


# --- the workbook's budgets, checked while it is unpacked ------------------------------------


def _cell_position(reference: str) -> tuple[int, int] | None:
    """(1-based row, 1-based column) of "B5" / "$B$5"; None when it is not a cell reference."""
    match = _CELL_REF.match(reference)
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


class _WorkbookScan:
    """The cell, row and merged-range budgets of a workbook, over all of its parts."""

    def __init__(self, budget: ParseBudget, titles: dict[str, str]) -> None:
        self.budget = budget
        self.titles = titles
        self.cells = self.merged = self.elements = 0

    def scanner(self, name: str) -> PartScanner | None:
        if not is_xml_part(name):
            return None
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            return _SheetScanner(self, self.titles.get(name, name))
        return _PartScanner(self)

    def count_element(self) -> None:
        self.elements += 1
        if self.elements > ELEMENTS_PER_CELL * self.budget.cells:
            raise BudgetExceeded(self._cells_message())

    def count_cell(self) -> None:
        self.cells += 1
        if self.cells > self.budget.cells:
            raise BudgetExceeded(self._cells_message())

    def _cells_message(self) -> str:
        return MESSAGE_CELLS.format(limit=self.budget.cells)


class _PartScanner(PartScanner):
    def __init__(self, workbook: _WorkbookScan) -> None:
        super().__init__(UNREADABLE)
        self.workbook = workbook

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.workbook.count_element()


class _SheetScanner(_PartScanner):
    """A worksheet's cells, rows and merged ranges, bounded before openpyxl builds them."""

    def __init__(self, workbook: _WorkbookScan, title: str) -> None:
        super().__init__(workbook)
        self.where, self.where_en = f"工作表“{title}”", f"Worksheet {title}"
        self.rows = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.workbook.count_element()
        if name == "c":
            self.workbook.count_cell()
            self._within(_cell_position(attributes.get("r", "")))
        elif name == "row":
            self.rows += 1
            number = attributes.get("r", "")
            self._within((int(number) if number.isascii() and number.isdigit() else 0, 0))
            self._within((self.rows, 0))
        elif name == "mergeCell":
            self._merged(attributes.get("ref", ""))

    def _within(self, position: tuple[int, int] | None) -> None:
        budget = self.workbook.budget
        if position is None:
            return
        row, column = position
        if row > budget.sheet_rows:
            raise rows_exceeded(self.where, self.where_en, budget.sheet_rows)
        if column > budget.columns:
            raise columns_exceeded(self.where, self.where_en, budget.columns)

    def _merged(self, reference: str) -> None:
        first, _, last = reference.partition(":")
        start, end = _cell_position(first), _cell_position(last or first)
        if start is None or end is None:
            return  # openpyxl refuses it as damaged
        budget = self.workbook.budget
        if max(start[0], end[0]) > budget.sheet_rows or max(start[1], end[1]) > budget.columns:
            raise BudgetExceeded(
                MESSAGE_MERGED_RANGE.format(
                    where=self.where,
                    where_en=self.where_en,
                    range=reference[:40],
                    rows=budget.sheet_rows,
                    columns=budget.columns,
                )
            )
        area = (abs(end[0] - start[0]) + 1) * (abs(end[1] - start[1]) + 1)
        self.workbook.merged += area
        if self.workbook.merged > self.workbook.budget.cells:
            raise merged_exceeded(self.where, self.where_en, self.workbook.budget.cells)


class _IndexReader(PartScanner):
    """The sheets of workbook.xml (name, relationship id) or the targets of its .rels."""

    def __init__(self) -> None:
        super().__init__(UNREADABLE)
        self.found: dict[str, str] = {}

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "sheet":
            key = next((v for k, v in attributes.items() if k.rpartition(":")[2] == "id"), "")
            self.found[key] = attributes.get("name", "")
        elif name == "Relationship":
            self.found[attributes.get("Id", "")] = attributes.get("Target", "")


def _index(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    reader = _IndexReader()
    with archive.open(name) as part:
        content = part.read(MAX_INDEX_PART_BYTES + 1)
    if len(content) > MAX_INDEX_PART_BYTES:
        raise ExtractError(UNREADABLE)
    reader.feed(content)
    reader.close()
    return reader.found


def sheet_titles(data: bytes) -> dict[str, str]:
    """Worksheet part name -> sheet title ("xl/worksheets/sheet1.xml" -> "表1"), for messages.

    Empty when the workbook's index cannot be read (unpacking it then says why).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = _index(archive, "xl/workbook.xml")
            targets = _index(archive, "xl/_rels/workbook.xml.rels")
    except (ExtractError, KeyError, *DAMAGED_ZIP):
        return {}
    titles = {}
    for key, title in sheets.items():
        target = targets.get(key, "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        titles[posixpath.normpath(part)] = title
    return titles


def check_workbook(data: bytes, budget: ParseBudget | None = None) -> None:
    """Unpack the workbook once under the budgets, before openpyxl reads it.

    Raises :class:`~ingest.limits.BudgetExceeded` for a workbook that unpacks to more than
    INGEST_UNPACKED_MB, has more cells or merged cells than INGEST_MAX_CELLS, or a cell or
    merged range beyond INGEST_MAX_SHEET_ROWS / INGEST_MAX_COLUMNS (a merge over
    ``A1:XFD1048576`` would have openpyxl create 17 billion cells).
    """
    budget = budget or parse_budget()
    scan = _WorkbookScan(budget, sheet_titles(data))
    check_unpacked(data, UNREADABLE, scan=scan.scanner, budget=budget)


def extract_xlsx(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read every visible sheet of an XLSX workbook into a RawDocument.

    Raises :class:`ExtractError` for a file over ``max_bytes``, a damaged or
    encrypted workbook, or one without any filled cell, and
    :class:`~ingest.limits.BudgetExceeded` for one over the parse budgets.
    """
    from openpyxl import load_workbook  # the one module that reads workbooks

    check_size("XLSX", data, max_bytes)
    budget = parse_budget()
    check_workbook(data, budget)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (BudgetExceeded, MemoryError):
        raise
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
            rows.extend(sheet_rows(sheet, budget))
    finally:
        book.close()
    if not rows:
        raise ExtractError(NO_CONTENT)
    return assemble(data=data, filename=filename, source_format="xlsx", rows=rows, notes=notes)
