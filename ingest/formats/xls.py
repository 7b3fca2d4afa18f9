"""Old Excel workbooks (.xls, BIFF8 in an OLE compound file) -> RawDocument.

Many finance bureaus still publish the tables as .xls. xlrd reads them; each sheet is
handed to :func:`ingest.formats.xlsx.sheet_rows` through a small view that looks like an
openpyxl worksheet (title, size, cells with their value and number format, merged
ranges), so an .xls gives the same rows as the same workbook saved as .xlsx: numbers as
the sheet shows them, merged titles as text lines, group headers over their columns.

Every line records its sheet and cells (``'表1 收支总表'!A5:H5``), as for .xlsx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ingest.errors import ExtractError
from ingest.formats.common import MAX_FILE_BYTES, assemble, check_size
from ingest.formats.xlsx import MAX_SHEETS, NO_CONTENT, sheet_rows
from ingest.types import RawDocument, Row

UNREADABLE = (
    "无法读取 XLS 工作簿,文件可能已损坏或有密码保护。"
    " The XLS workbook cannot be read; it may be damaged or password-protected."
)
NOT_A_WORKBOOK = (
    "这个 Office 文件不是 XLS 工作簿(旧版 Word 的 DOC 文件暂不支持),请另存为 XLSX、DOCX 或 PDF。"
    " The file is an old Office document but not an XLS workbook."
)


@dataclass(frozen=True, slots=True)
class _Cell:
    value: Any
    number_format: str


@dataclass(frozen=True, slots=True)
class _Range:
    min_row: int
    max_row: int
    min_col: int
    max_col: int


@dataclass(frozen=True, slots=True)
class _Merged:
    ranges: tuple[_Range, ...]


class SheetView:
    """An xlrd sheet as :func:`ingest.formats.xlsx.sheet_rows` reads a worksheet."""

    def __init__(self, book: Any, sheet: Any) -> None:
        self._book = book
        self._sheet = sheet
        self.title: str = sheet.name
        self.max_row: int = sheet.nrows
        self.max_column: int = sheet.ncols
        self.sheet_state = "visible" if sheet.visibility == 0 else "hidden"
        # xlrd gives merged ranges 0-based with exclusive ends; openpyxl 1-based inclusive.
        self.merged_cells = _Merged(
            tuple(
                _Range(low_row + 1, high_row, low_col + 1, high_col)
                for low_row, high_row, low_col, high_col in sheet.merged_cells
            )
        )

    def _number_format(self, xf_index: int) -> str:
        try:
            key = self._book.xf_list[xf_index].format_key
            return str(self._book.format_map[key].format_str or "General")
        except (IndexError, KeyError, AttributeError):
            return "General"

    def _cell(self, row: int, column: int) -> _Cell:
        import xlrd

        if column >= self._sheet.row_len(row):
            return _Cell(None, "General")
        cell = self._sheet.cell(row, column)
        number_format = self._number_format(cell.xf_index) if cell.xf_index is not None else ""
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return _Cell(None, "General")
        if cell.ctype == xlrd.XL_CELL_DATE:
            return _Cell(_date(cell.value, self._book.datemode), number_format)
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return _Cell(bool(cell.value), number_format)
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return _Cell(xlrd.error_text_from_code.get(cell.value, "#ERR"), number_format)
        return _Cell(cell.value, number_format or "General")

    def iter_rows(self, *, max_row: int, max_col: int) -> Iterator[list[_Cell]]:
        for row in range(min(max_row, self.max_row)):
            yield [self._cell(row, column) for column in range(min(max_col, self.max_column))]


def _date(value: float, datemode: int) -> dt.date | dt.datetime | str:
    import xlrd

    try:
        moment = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return str(value)
    return moment.date() if moment.time() == dt.time() else moment


def _open(data: bytes) -> Any:
    import xlrd
    from xlrd.compdoc import CompDocError

    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "find workbook" in str(exc).lower():  # xlrd: "Can't find workbook in OLE2 …"
            raise ExtractError(NOT_A_WORKBOOK) from exc
        raise ExtractError(UNREADABLE) from exc
    except (CompDocError, ValueError, IndexError, KeyError, AssertionError, EOFError) as exc:
        raise ExtractError(UNREADABLE) from exc
    except Exception as exc:  # xlrd raises many kinds for damaged files
        raise ExtractError(UNREADABLE) from exc


def extract_xls(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read every visible sheet of an .xls workbook into a RawDocument.

    Raises :class:`ExtractError` for a file over ``max_bytes``, a damaged or encrypted
    workbook, an OLE file that is not a workbook (an old .doc), or one without any
    filled cell.
    """
    check_size("XLS", data, max_bytes)
    book = _open(data)
    notes: list[str] = []
    rows: list[Row] = []
    try:
        for count in range(book.nsheets):
            if count >= MAX_SHEETS:
                notes.append(f"工作簿超过 {MAX_SHEETS} 个工作表,其余未读取。")
                break
            try:
                sheet = book.sheet_by_index(count)
            except Exception as exc:  # a damaged sheet record
                raise ExtractError(UNREADABLE) from exc
            view = SheetView(book, sheet)
            if view.sheet_state != "visible":
                notes.append(f"隐藏的工作表 {view.title} 未读取。")
                continue
            rows.extend(sheet_rows(view))
            book.unload_sheet(count)
    finally:
        book.release_resources()
    if not rows:
        raise ExtractError(NO_CONTENT.replace("XLSX", "XLS"))
    # Stored as "xlsx", the model's one Excel format: the source viewer treats both alike.
    return assemble(data=data, filename=filename, source_format="xlsx", rows=rows, notes=notes)
