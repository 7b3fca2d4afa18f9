"""DOCX documents -> RawDocument: paragraphs and tables in document order.

Some departments publish the disclosure as a Word file: the narrative as
paragraphs, the budget tables and performance forms as Word tables. This module
walks the document body in order (python-docx for the package, its XML for the
order) and lays it out as the text parser reads a converted PDF:

- A paragraph is a text line; a soft line break inside it starts a new line, and a
  paragraph whose text is laid out with tabs becomes a row of cells, as a
  tab-separated text line would.
- A table row is one row with one cell per grid column: a cell spanning columns
  (``gridSpan``) keeps its text in its first column and leaves the others empty, a
  cell continuing a vertical merge (``vMerge``) is empty, and the paragraphs of
  one cell are joined as one wrapped cell (a nested table's text included).
- Page headers, footers, footnotes and comments live in other parts of the
  package and are not read, so running headers never reach the parser.

Every line records where it is: ``"paragraph 12"`` or ``"table 3 row 5"``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from ingest.errors import ExtractError
from ingest.formats.common import (
    MAX_FILE_BYTES,
    Row,
    assemble,
    check_size,
    check_unpacked,
    join_wrapped,
)
from ingest.types import RawDocument

UNREADABLE = (
    "无法读取 DOCX 文档,文件可能已损坏或有密码保护。"
    " The DOCX document cannot be read; it may be damaged or password-protected."
)
NO_CONTENT = "DOCX 文档中没有文字。The DOCX document has no text."


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _paragraph_text(element: Any) -> str:
    from docx.text.paragraph import Paragraph

    return str(Paragraph(element, None).text)


def _paragraph_rows(element: Any, number: int) -> Iterator[Row]:
    for line in _paragraph_text(element).split("\n"):
        inner = line.strip("\t ")
        cells = tuple(line.split("\t")) if "\t" in inner else (inner,)
        yield Row(cells, f"paragraph {number}")


def _cell_text(cell: Any) -> str:
    return join_wrapped(_paragraph_text(p) for p in cell.iter(_qn("w:p")))


def _cell_span(cell: Any) -> tuple[int, bool]:
    """(columns the cell spans, whether it continues a vertical merge)."""
    properties = cell.find(_qn("w:tcPr"))
    if properties is None:
        return 1, False
    span = properties.find(_qn("w:gridSpan"))
    merge = properties.find(_qn("w:vMerge"))
    columns = int(span.get(_qn("w:val"), "1")) if span is not None else 1
    continues = merge is not None and merge.get(_qn("w:val"), "continue") != "restart"
    return max(columns, 1), continues


def _grid_skip(row: Any, tag: str) -> int:
    properties = row.find(_qn("w:trPr"))
    skip = properties.find(_qn(tag)) if properties is not None else None
    return int(skip.get(_qn("w:val"), "0")) if skip is not None else 0


def _row_cells(row: Any) -> list[str]:
    cells = [""] * _grid_skip(row, "w:gridBefore")
    for cell in row.iterchildren(_qn("w:tc")):
        columns, continues = _cell_span(cell)
        cells.append("" if continues else _cell_text(cell))
        cells.extend([""] * (columns - 1))
    cells.extend([""] * _grid_skip(row, "w:gridAfter"))
    return cells


def _table_rows(table: Any, number: int) -> Iterator[Row]:
    grid = table.find(_qn("w:tblGrid"))
    width = len(grid.findall(_qn("w:gridCol"))) if grid is not None else 0
    for index, row in enumerate(table.iterchildren(_qn("w:tr")), start=1):
        cells = _row_cells(row)
        cells.extend([""] * (width - len(cells)))
        yield Row(tuple(cells), f"table {number} row {index}")


def body_rows(body: Any) -> Iterator[Row]:
    """The body's paragraphs and table rows in document order (content controls opened)."""
    paragraphs = tables = 0
    pending = list(body.iterchildren())
    while pending:
        element = pending.pop(0)
        if element.tag == _qn("w:p"):
            paragraphs += 1
            yield from _paragraph_rows(element, paragraphs)
        elif element.tag == _qn("w:tbl"):
            tables += 1
            yield from _table_rows(element, tables)
        elif element.tag == _qn("w:sdt"):
            content = element.find(_qn("w:sdtContent"))
            if content is not None:
                pending[:0] = list(content.iterchildren())


def extract_docx(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read a DOCX document's body into a RawDocument.

    Raises :class:`ExtractError` for a file over ``max_bytes``, a damaged or
    encrypted document, or one without text.
    """
    from docx import Document  # the one module that reads Word files

    check_size("DOCX", data, max_bytes)
    check_unpacked(data, UNREADABLE)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for damaged packages
        raise ExtractError(UNREADABLE) from exc
    rows = list(body_rows(document.element.body))
    if not any(any(cell.strip() for cell in row.cells) for row in rows):
        raise ExtractError(NO_CONTENT)
    return assemble(data=data, filename=filename, source_format="docx", rows=rows)
