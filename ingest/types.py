"""Plain data passed between the pure ingest stages.

Every stage of the parser (extract -> segment -> recognize -> validate) takes and
returns these frozen dataclasses, so each stage can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line (or one table row) of the source document.

    ``no`` is the 1-based line number in the decoded source text; for a table row
    that spans several source lines (an HTML ``<tr>``) it is the first of them and
    ``end`` the last. ``cells`` are the normalized cell strings in column order;
    a line that is not part of a table is a single cell. Empty cells are kept as
    ``""`` so that column positions survive.
    """

    no: int
    cells: tuple[str, ...]
    end: int = 0
    # The non-empty cells, in order: computed once, since the readers ask for them on every
    # look at a row (the forms reader alone about 8,000 times a document).
    filled: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "filled", tuple(filter(None, self.cells)))

    @property
    def last(self) -> int:
        """The last source line this row covers."""
        return self.end or self.no

    @property
    def text(self) -> str:
        """The non-empty cells joined by one space."""
        return " ".join(self.filled)


@dataclass(frozen=True, slots=True)
class Row:
    """One line or table row as a format's reader gives it, before it is numbered.

    The readers of binary formats (:mod:`ingest.formats`) each yield these, and
    :func:`ingest.formats.common.assemble` numbers them into :class:`SourceLine`.

    ``location`` is a short reference a reader can follow: ``"p3 …"`` for a PDF
    page (see :mod:`ingest.formats.pdf`), ``"表1!A5:H5"`` for a worksheet row,
    ``"table 2 row 5"`` or ``"paragraph 12"`` for a Word document. ``break_before``
    puts a blank line before the row in the extracted text (a new page or sheet).
    """

    cells: tuple[str, ...]
    location: str = ""
    break_before: bool = False
    # OCR's confidence (0-1) in each cell, the lowest of its words; empty for a text layer.
    confidence: tuple[float | None, ...] = ()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A decoded disclosure: its text and its lines split into cells."""

    filename: str
    sha256: str
    source_format: str  # text | pdf | xlsx | docx
    text: str
    lines: tuple[SourceLine, ...]
    encoding: str = "utf-8"
    layout: str = "tsv"  # tsv | pipe | html | mixed
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Where each line sits in the original file, by line number, for formats whose
    # extracted text is not the file itself: "p3 x0,top,x1,bottom …" (PDF page and
    # boxes, see ingest.formats.pdf.parse_location), "表1!A5:H5" (worksheet cells),
    # "table 2 row 5" / "paragraph 12" (Word). Empty for text files.
    locations: dict[int, str] = field(default_factory=dict)
    # Pages of a PDF with nothing on them but running headers, footers or page numbers
    # (no text, no image): the review reports them as empty pages.
    empty_pages: tuple[int, ...] = ()
    # For lines read by OCR (a scanned page): each cell's confidence (0-1), by line number.
    confidence: dict[int, tuple[float | None, ...]] = field(default_factory=dict)
