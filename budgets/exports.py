"""CSV and XLSX downloads of what the pages show (all filtered rows, never just one page),
of each disclosure's tables, and the streamed bulk download of every published figure.

Rows come from `django_tables2.Table.as_values()`: a header row, then plain values, money
as 万元 Decimals (see `budgets.tables.common.MoneyColumn`). CSV starts with a UTF-8 byte-order mark
so that Excel on Windows reads the Chinese text; XLSX keeps numbers as numbers, formatted
with thousands separators.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
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
    sheet.title = _sheet_title(sheet_title)
    _fill_sheet(sheet, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, f"{filename}.xlsx")


def _fill_sheet(sheet: Any, rows: Iterable[Sequence[Any]]) -> None:
    """Rows into a worksheet: the first bold and frozen, Decimals as formatted numbers."""
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


# Exports of what a journalist sees. Every row that comes from a document carries the
# document's page and its source lines (`source_cells`); every amount column names its unit.
# Lists across documents give exact yuan (元): documents print 万元 or 元, and 万元 with two
# decimals would round the 元 ones.

SOURCE_HEADER = ("文件链接", "出处行", "出处链接")
EXPORT_ROW_LIMIT = 20000  # rows a list page exports at most; the bulk download has them all


@dataclass(frozen=True)
class Sheet:
    """One table of an export: a title (the XLSX sheet's name), a header row and rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


class SourceLinks:
    """Absolute links to documents and their lines, built without a reverse() per row (the
    bulk download writes millions of rows)."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = request.build_absolute_uri("/").rstrip("/")
        self.detail = reverse("disclosure_detail", args=[0]).replace("/0/", "/{}/")
        self.source = reverse("disclosure_source", args=[0]).replace("/0/", "/{}/")

    def disclosure_url(self, disclosure_id: int) -> str:
        return self.base + self.detail.format(disclosure_id)

    def cells(
        self, disclosure_id: int, line_start: int | None, line_end: int | None
    ) -> tuple[str, str, str]:
        """(document URL, "165-170", URL of the lines in the source viewer)."""
        source = self.base + self.source.format(disclosure_id)
        if not line_start:
            return self.disclosure_url(disclosure_id), "", source
        end = line_end or line_start
        lines = f"{line_start}-{end}" if end != line_start else str(line_start)
        return (
            self.disclosure_url(disclosure_id),
            lines,
            f"{source}?lines={line_start}-{end}#L{line_start}",
        )


def _sheet_rows(sheet: Sheet) -> Iterator[Sequence[Any]]:
    yield sheet.header
    yield from sheet.rows


def workbook_response(*, sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    """An XLSX download with a sheet per table (header bold and frozen, numbers as numbers)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _fill_sheet(workbook.create_sheet(_sheet_title(sheet.title)), _sheet_rows(sheet))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, f"{filename}.xlsx")


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    return "".join("-" if c in "[]:*?/\\" else c for c in title)[:31]


def sheets_response(*, sheets: Sequence[Sheet], export_format: str, filename: str) -> HttpResponse:
    """The first sheet as CSV, or every sheet in one XLSX."""
    if export_format == "xlsx":
        return workbook_response(sheets=sheets, filename=filename)
    return csv_response(rows=_sheet_rows(sheets[0]), filename=filename)


class _Echo:
    """A file-like object whose write() returns what it was given, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def streaming_csv_response(*, rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A CSV download written while it is read: memory stays flat however many rows."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(
                ["" if (cell := _plain(value)) is None else cell for value in row]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{filename}.csv")
