"""Bytes -> RawDocument: decode the file and split its lines into cells.

Converters lay the same disclosure out in different ways: tab-separated cells
(the samples), markdown pipe tables, HTML ``<table>`` markup, GB18030 files with
CRLF line ends, UTF-8 with a byte-order mark. This module turns all of them into
one shape, a sequence of :class:`~ingest.types.SourceLine`, keeping the 1-based
line numbers of the decoded text so every figure can cite its source.

Binary containers (PDF, XLSX, DOCX, XLS) are read by :mod:`ingest.formats`, which this
module chooses among by the file's first bytes; the formats never import this module
(their error, :class:`~ingest.errors.ExtractError`, lives in :mod:`ingest.errors`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

from ingest.errors import ExtractError
from ingest.limits import LineBudget, columns_exceeded, parse_budget
from ingest.normalize import normalize_text
from ingest.text_rows import split_text_rows
from ingest.types import RawDocument, SourceLine

SUPPORTED_FORMATS = (
    "text (.txt, .md, .html; UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16)",
    "PDF (with a text layer, or scanned: read by OCR)",
    "XLSX",
    "XLS",
    "DOCX",
)
MAX_BINARY_RATIO = 0.02


_TABLE_START = re.compile(r"<table\b", re.I)
_TABLE_END = re.compile(r"</table\s*>", re.I)


def sniff_format(data: bytes) -> str:
    """Name the container format of ``data`` from its first bytes."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Tries the byte-order marks, then strict UTF-8, then GB18030 (a superset of
    GBK and GB2312, which is what Chinese government sites publish in).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Like the BOM-marked UTF-8 above: a stray odd byte at the end or a lone surrogate
        # (a truncated or badly converted file) becomes U+FFFD instead of failing the file.
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ExtractError(
            "无法识别文件编码(支持 UTF-8、UTF-8 BOM、GB18030/GBK、UTF-16)。"
            " The file's text encoding is not UTF-8, GB18030/GBK or UTF-16."
        ) from exc


# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in b"\t\n\r\f")


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    controls = len(_CONTROL_CHAR.findall(sample))
    return bool(sample) and controls / len(sample) > MAX_BINARY_RATIO


def _looks_binary_bytes(data: bytes) -> bool:
    """Control bytes in undecoded data: random or binary content, not text in any encoding.

    UTF-16 (which has a byte-order mark) legitimately contains NUL bytes; GB18030 and
    UTF-8 never use bytes below 0x20 inside characters.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:20000]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and (b"\x00" in sample or controls / len(sample) > MAX_BINARY_RATIO)


class _TableRows(HTMLParser):
    """Collects the rows of HTML tables with the source line of each ``<tr>``.

    ``colspan`` pads a cell with empty cells; ``rowspan`` leaves an empty cell in
    its column on the rows below, so later cells keep their column positions. Every cell
    produced, padding included, counts against the document's cell budget, and a row
    wider than the column budget is refused (``ingest.limits``).
    """

    def __init__(self, first_line: int, budget: LineBudget, columns: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.budget = budget
        self.columns = columns
        self.rows: list[SourceLine] = []
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self._rowspan = 1
        self._row_start = 0
        # column -> rows still covered by a rowspan from above; only columns still covered
        # are kept, so a row looks at as many entries as it has spanned columns.
        self._pending: dict[int, int] = {}

    def _line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._finish_row()
            self._cells, self._row_start = [], self._line()
        elif tag in ("td", "th"):
            if self._cells is None:
                self._cells, self._row_start = [], self._line()
            self._finish_cell()
            self._cell = []
            self._span = _span(dict(attrs).get("colspan"))
            self._rowspan = _span(dict(attrs).get("rowspan"))
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "caption":
            # A caption is the table's title: a row of its own, before the table's rows.
            self._finish_row()
            self._cells, self._row_start = [], self._line()
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag in ("tr", "table", "caption"):
            self._finish_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _append(self, cells: list[str], values: list[str]) -> None:
        """Add cells to the row being built, within the column and cell budgets."""
        if len(cells) + len(values) > self.columns:
            raise columns_exceeded(
                f"第 {self._row_start} 行的 HTML 表格行",
                f"The HTML row on line {self._row_start}",
                self.columns,
            )
        self.budget.add_cells(len(values))
        cells.extend(values)

    def _fill_spanned(self, cells: list[str], *, to_end: bool = False) -> None:
        """Empty cells for the columns that a rowspan above still covers."""
        pending = self._pending
        end = max(pending, default=-1) + 1 if to_end else 0
        while (column := len(cells)) in pending or column < end:
            if column in pending:
                pending[column] -= 1
                if not pending[column]:
                    del pending[column]
            self._append(cells, [""])

    def _finish_cell(self) -> None:
        if self._cell is not None and self._cells is not None:
            self._fill_spanned(self._cells)
            start = len(self._cells)
            self._append(
                self._cells, [normalize_text("".join(self._cell))] + [""] * (self._span - 1)
            )
            if self._rowspan > 1:
                for column in range(start, start + self._span):
                    self._pending[column] = self._rowspan - 1
        self._cell, self._span, self._rowspan = None, 1, 1

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._cells is not None:
            self._fill_spanned(self._cells, to_end=True)
        if self._cells is not None and any(self._cells):
            self.budget.add(0)
            self.rows.append(SourceLine(self._row_start, tuple(self._cells), self._line()))
        self._cells = None


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute as a count (1 when absent or implausible).

    ASCII digits only: "²" is a digit to ``str.isdigit`` but no number to ``int``.
    """
    if not value or not value.isascii() or not value.isdigit() or len(value) > 2:
        return 1
    return int(value) if 0 < int(value) < 50 else 1


def _table_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``<table>…</table>`` block, in one pass over the text.

    A ``<table`` without a closing tag after it ends the search: every later start would
    fail to close too (a lazy regex over the rest of the text, once per start, was
    quadratic in the number of unclosed tables).
    """
    position = 0
    while (start := _TABLE_START.search(text, position)) is not None:
        end = _TABLE_END.search(text, start.end())
        if end is None:
            return
        yield start.start(), end.end()
        position = end.end()


def split_lines(text: str, budget: LineBudget | None = None) -> tuple[tuple[SourceLine, ...], str]:
    """Split decoded text into rows of cells and name the layout found."""
    budget = budget or LineBudget()
    columns = parse_budget().columns
    lines: list[SourceLine] = []
    layouts: set[str] = set()
    position, line_number = 0, 1
    for start, end in _table_blocks(text):
        lines.extend(_plain_lines(text, position, start, line_number, layouts, budget))
        line_number += text.count("\n", position, start)
        parser = _TableRows(line_number, budget, columns)
        parser.feed(text[start:end])
        parser.close()
        lines.extend(parser.rows)
        layouts.add("html")
        line_number += text.count("\n", start, end)
        position = end
    lines.extend(_plain_lines(text, position, len(text), line_number, layouts, budget))
    layout = layouts.pop() if len(layouts) == 1 else ("mixed" if layouts else "text")
    return tuple(lines), layout


def _plain_lines(
    text: str, start: int, stop: int, first: int, layouts: set[str], budget: LineBudget
) -> list[SourceLine]:
    """The rows of ``text[start:stop]``, whose first line is line ``first`` of the text."""
    rows = []
    for row in split_text_rows(text[start:stop].split("\n")):
        budget.add(len(row.cells))
        normalized = tuple(map(normalize_text, row.cells))
        if not any(normalized):
            continue
        if len(normalized) > 1:
            layouts.add("tsv" if row.marker == "spaces" else row.marker)
        rows.append(SourceLine(first + row.index, normalized))
    return rows


def extract_document(
    data: bytes, filename: str, *, on_page: Callable[[int, int, bool], None] | None = None
) -> RawDocument:
    """Decode a disclosure file into a :class:`RawDocument`.

    ``on_page(done, total, by_ocr)`` hears of each page of a PDF as it is read (a scan's
    OCR takes seconds a page). Raises :class:`ExtractError` with a one-line message for
    empty, binary or not-yet-supported files.
    """
    if not data.strip():
        raise ExtractError("文件为空。The file is empty.")
    container = sniff_format(data)
    if container in ("pdf", "zip", "ole"):
        from ingest.formats import extract_binary  # PDF, XLSX, XLS, DOCX: libraries load on demand

        return extract_binary(container, data, filename, on_page=on_page)
    if container != "text":
        names = {"pdf": "PDF", "zip": "XLSX/DOCX (zip)", "ole": "XLS/DOC"}
        raise ExtractError(
            f"暂不支持 {names[container]} 格式;目前支持:{'; '.join(SUPPORTED_FORMATS)}。"
            f" {names[container]} files are not supported yet."
        )
    if _looks_binary_bytes(data):
        raise ExtractError(
            "这是二进制文件,不是文本格式的预算公开文件。The file is binary, not text."
        )
    text, encoding = decode_text(data)
    if _looks_binary(text):
        raise ExtractError(
            "这是二进制文件,不是文本格式的预算公开文件。The file is binary, not text."
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines, layout = split_lines(text)
    return RawDocument(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format="text",
        text=text,
        lines=lines,
        encoding=encoding,
        layout=layout,
    )
