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
    PartScanner,
    Row,
    assemble,
    check_size,
    check_unpacked,
    is_xml_part,
    join_wrapped,
)
from ingest.limits import (
    MESSAGE_CELLS,
    BudgetExceeded,
    ParseBudget,
    check_time,
    columns_exceeded,
    parse_budget,
)
from ingest.types import RawDocument

# XML elements a document may have per cell of the cell budget (INGEST_MAX_CELLS): a table
# cell is a dozen (properties, paragraph, run, text), a paragraph of prose a few.
ELEMENTS_PER_CELL = 20

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


def _grid_value(element: Any, tag: str, default: int) -> int:
    """A whole-number ``w:val`` of a property element (gridSpan, gridBefore …)."""
    found = element.find(_qn(tag)) if element is not None else None
    value = found.get(_qn("w:val"), str(default)) if found is not None else str(default)
    return int(value) if value.isascii() and value.isdigit() else default


def _cell_span(cell: Any) -> tuple[int, bool]:
    """(columns the cell spans, whether it continues a vertical merge)."""
    properties = cell.find(_qn("w:tcPr"))
    if properties is None:
        return 1, False
    merge = properties.find(_qn("w:vMerge"))
    continues = merge is not None and merge.get(_qn("w:val"), "continue") != "restart"
    return max(_grid_value(properties, "w:gridSpan", 1), 1), continues


def _row_cells(row: Any, table: int, budget: ParseBudget) -> list[str]:
    """The cells of one table row; a row wider than the column budget is refused."""
    properties = row.find(_qn("w:trPr"))
    before = _grid_value(properties, "w:gridBefore", 0)
    after = _grid_value(properties, "w:gridAfter", 0)
    spans = [(cell, *_cell_span(cell)) for cell in row.iterchildren(_qn("w:tc"))]
    if before + after + sum(span for _, span, _ in spans) > budget.columns:
        raise _too_wide(table, budget)
    cells = [""] * before
    for cell, span, continues in spans:
        cells.append("" if continues else _cell_text(cell))
        cells.extend([""] * (span - 1))
    cells.extend([""] * after)
    return cells


def _too_wide(table: int, budget: ParseBudget) -> BudgetExceeded:
    return columns_exceeded(f"Word 文档的第 {table} 个表格", f"Table {table}", budget.columns)


def _table_rows(table: Any, number: int, budget: ParseBudget) -> Iterator[Row]:
    grid = table.find(_qn("w:tblGrid"))
    width = len(grid.findall(_qn("w:gridCol"))) if grid is not None else 0
    if width > budget.columns:
        raise _too_wide(number, budget)
    for index, row in enumerate(table.iterchildren(_qn("w:tr")), start=1):
        check_time()
        cells = _row_cells(row, number, budget)
        cells.extend([""] * (width - len(cells)))
        yield Row(tuple(cells), f"table {number} row {index}")


def body_rows(body: Any, budget: ParseBudget | None = None) -> Iterator[Row]:
    """The body's paragraphs and table rows in document order (content controls opened)."""
    budget = budget or parse_budget()
    paragraphs = tables = 0
    pending = list(reversed(body.getchildren()))  # a stack: the next element is last
    while pending:
        element = pending.pop()
        check_time()
        if element.tag == _qn("w:p"):
            paragraphs += 1
            yield from _paragraph_rows(element, paragraphs)
        elif element.tag == _qn("w:tbl"):
            tables += 1
            yield from _table_rows(element, tables, budget)
        elif element.tag == _qn("w:sdt"):
            content = element.find(_qn("w:sdtContent"))
            if content is not None:
                pending.extend(reversed(content.getchildren()))


class _DocumentScan(PartScanner):
    """The paragraphs, table cells and elements of a Word file, bounded before lxml builds them
    (a paragraph or a cell is one of INGEST_MAX_CELLS)."""

    def __init__(self, budget: ParseBudget, counts: list[int]) -> None:
        super().__init__(UNREADABLE)
        self.budget = budget
        self.counts = counts  # [cells, elements], over all parts

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.counts[1] += 1
        if name in ("p", "tc"):
            self.counts[0] += 1
        if (
            self.counts[0] > self.budget.cells
            or self.counts[1] > ELEMENTS_PER_CELL * self.budget.cells
        ):
            raise BudgetExceeded(MESSAGE_CELLS.format(limit=self.budget.cells))


def check_document(data: bytes, budget: ParseBudget | None = None) -> None:
    """Unpack the Word file once under the budgets, before python-docx reads it."""
    budget = budget or parse_budget()
    counts = [0, 0]

    def scan(name: str) -> PartScanner | None:
        return _DocumentScan(budget, counts) if is_xml_part(name) else None

    check_unpacked(data, UNREADABLE, scan=scan, budget=budget)


def extract_docx(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read a DOCX document's body into a RawDocument.

    Raises :class:`ExtractError` for a file over ``max_bytes``, a damaged or
    encrypted document, or one without text, and
    :class:`~ingest.limits.BudgetExceeded` for one over the parse budgets.
    """
    from docx import Document  # the one module that reads Word files

    check_size("DOCX", data, max_bytes)
    budget = parse_budget()
    check_document(data, budget)
    try:
        document = Document(io.BytesIO(data))
    except (BudgetExceeded, MemoryError):
        raise
    except Exception as exc:  # python-docx raises many kinds for damaged packages
        raise ExtractError(UNREADABLE) from exc
    rows = list(body_rows(document.element.body, budget))
    if not any(any(cell.strip() for cell in row.cells) for row in rows):
        raise ExtractError(NO_CONTENT)
    return assemble(data=data, filename=filename, source_format="docx", rows=rows)
