"""CSV and XLSX downloads of a table's rows (all filtered rows, never just one page).

Rows come from `django_tables2.Table.as_values()`: a header row, then plain values, money
as 万元 Decimals (see `budgets.tables.common.MoneyColumn`). CSV starts with a UTF-8 byte-order mark
so that Excel on Windows reads the Chinese text; XLSX keeps numbers as numbers, formatted
with thousands separators.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.styles import Font

from budgets.templatetags.money import MISSING

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
# Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    """A cell value as a spreadsheet should get it: "—" (missing) → empty, text that a
    spreadsheet would run as a formula quoted with a leading apostrophe."""
    if value is None or value == MISSING:
        return None
    if isinstance(value, str):
        value = value.replace("\u200b", "")  # line-break hints of table headers
        if value.startswith(FORMULA_PREFIXES):
            return f"'{value}"
    return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def csv_response(*, rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A CSV download of `rows` (header first), UTF-8 with BOM."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if (cell := _plain(value)) is None else cell for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{filename}.csv")


def xlsx_response(
    *, rows: Iterable[Sequence[Any]], filename: str, sheet_title: str
) -> HttpResponse:
    """An XLSX download of `rows` (header first, bold, frozen); Decimals as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit
    for number, row in enumerate(rows):
        sheet.append([_plain(value) for value in row])
        if number == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, Decimal | float):
                cell.number_format = MONEY_FORMAT
    for column_cells in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width * 1.8, 8), 48)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, f"{filename}.xlsx")


def table_export_response(
    *, rows: Iterable[Sequence[Any]], export_format: str, filename: str, sheet_title: str
) -> HttpResponse:
    """The download in `export_format` ("csv" or "xlsx")."""
    if export_format == "xlsx":
        return xlsx_response(rows=rows, filename=filename, sheet_title=sheet_title)
    return csv_response(rows=rows, filename=filename)
