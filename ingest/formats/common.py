"""What the PDF, XLSX and DOCX extractors share: limits, wrapped-text joining, assembly.

Each extractor turns its file into rows of cell strings in reading order, laid out
as the text parser expects them (one row per table row, one cell per column, empty
cells kept as ``""``, a text line as a single cell). :func:`assemble` numbers those
rows into :class:`~ingest.types.SourceLine` and writes the extracted text that the
line numbers point into: one line per row, cells separated by tabs, so that the
source viewer shows it and decoding that text again yields the same lines.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from xml.parsers.expat import ExpatError

from ingest.errors import ExtractError
from ingest.limits import (
    BudgetExceeded,
    LineBudget,
    ParseBudget,
    check_time,
    parse_budget,
    unpacked_exceeded,
)
from ingest.normalize import normalize_text
from ingest.types import RawDocument, Row, SourceLine

Limit = TypeVar("Limit", int, float)

MAX_FILE_BYTES = 50 * 1024 * 1024
# A workbook or Word file has a few dozen parts; a zip directory of many thousands is only
# there to make the reader allocate (what the parts unpack to: INGEST_UNPACKED_MB).
MAX_ZIP_PARTS = 10_000
UNPACK_CHUNK_BYTES = 1 << 20
# What zipfile and expat raise for a damaged, encrypted (RuntimeError) or oddly compressed
# (NotImplementedError) container or part.
DAMAGED_ZIP = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    ExpatError,
)

TOO_MANY_PARTS = (
    "文件包含 {count} 个部件,超过 {limit} 个的上限,已拒绝读取。"
    " The file holds {count} parts; the limit is {limit}."
)

_ASCII_WORD_END = re.compile(r"[A-Za-z0-9%)\].]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(\[]")
_CELL_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " "})


def setting(name: str, default: Limit) -> Limit:
    """A limit from Django's settings, read when a file is read (``default`` without Django)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        value = getattr(settings, name, default)
    except ImproperlyConfigured:
        return default
    return type(default)(value)


def too_large_message(kind: str, size: int, limit: int) -> str:
    """The one-line message for a file over the size cap."""
    return (
        f"文件过大({size / 1048576:.1f} MB),{kind} 文件上限为 {limit / 1048576:.0f} MB。"
        f" The {kind} file is {size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB."
    )


def check_size(kind: str, data: bytes, limit: int) -> None:
    """Raise :class:`ExtractError` when ``data`` is over ``limit`` bytes."""
    if len(data) > limit:
        raise ExtractError(too_large_message(kind, len(data), limit))


def check_unpacked(
    data: bytes,
    unreadable: str,
    *,
    scan: Callable[[str], PartScanner | None] | None = None,
    budget: ParseBudget | None = None,
) -> None:
    """Unpack every part of a zip container (XLSX, DOCX) once, counting what it unpacks to.

    The bytes are counted as they are read, never taken from the sizes the zip directory
    declares (a part whose declared size understates it fails its checksum, and a reader
    asking for the whole part at once would get it all in one piece). Over
    ``INGEST_UNPACKED_MB`` raises :class:`~ingest.limits.BudgetExceeded`; a damaged or
    encrypted container raises :class:`ExtractError` with ``unreadable``. ``scan(name)`` may
    return a :class:`PartScanner` that sees that part's bytes (the element budgets of
    :mod:`ingest.formats.xlsx` and :mod:`ingest.formats.docx`). Once this has passed, the
    library that reads the file reads parts whose sizes are known and bounded.
    """
    budget = budget or parse_budget()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ZIP_PARTS:
                raise BudgetExceeded(TOO_MANY_PARTS.format(count=len(parts), limit=MAX_ZIP_PARTS))
            unpacked = 0
            for info in parts:
                scanner = scan(info.filename) if scan is not None else None
                with archive.open(info) as part:
                    while chunk := part.read(UNPACK_CHUNK_BYTES):
                        unpacked += len(chunk)
                        if unpacked > budget.unpacked_bytes:
                            raise unpacked_exceeded(budget.unpacked_bytes)
                        if scanner is not None:
                            scanner.feed(chunk)
                        check_time()
                if scanner is not None:
                    scanner.close()
    except (BudgetExceeded, ExtractError):
        raise
    except DAMAGED_ZIP as exc:
        raise ExtractError(unreadable) from exc


def is_xml_part(name: str) -> bool:
    """Whether a part of an Office file is XML (the others are images, fonts, binaries)."""
    return name.lower().endswith((".xml", ".rels"))


class PartScanner:
    """Counts the XML elements of one part of a zip container as its bytes are unpacked.

    ``start(name, attributes)`` is called for every element (``name`` without its
    namespace prefix); subclasses raise :class:`~ingest.limits.BudgetExceeded` when a part
    asks for more than a disclosure can hold. Documents with a DOCTYPE are refused: Office
    files never have one, and it is how entity expansion ("billion laughs") starts.
    """

    def __init__(self, unreadable: str) -> None:
        self.unreadable = unreadable
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype

    def feed(self, chunk: bytes) -> None:
        self.parser.Parse(chunk, False)

    def close(self) -> None:
        self.parser.Parse(b"", True)

    def _doctype(self, *args: Any) -> None:
        raise ExtractError(self.unreadable)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.start(name.rpartition(":")[2], attributes)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """One element of the part; the base class only lets it through."""


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the visual lines of one wrapped cell or paragraph.

    Chinese text wraps between any two characters, so the pieces join without a
    space; a break between two Latin words or numbers stood for a space
    ("2373." / "00" -> "2373. 00", as the text layout of the samples prints it).
    """
    joined = ""
    for part in parts:
        piece = part.strip()
        if not piece:
            continue
        if joined and _ASCII_WORD_END.search(joined) and _ASCII_WORD_START.match(piece):
            joined += " "
        joined += piece
    return joined


def clean_cell(value: str) -> str:
    """A cell string as the parser reads it: normalized, on one line."""
    return normalize_text(value.translate(_CELL_BREAKS))


def assemble(
    *,
    data: bytes,
    filename: str,
    source_format: str,
    rows: Iterable[Row],
    layout: str = "tsv",
    notes: Sequence[str] = (),
) -> RawDocument:
    """Number ``rows`` into SourceLines and write the extracted text they cite.

    Cells are normalized (NFKC, radical look-alikes, spaces) and rows without any
    text are dropped. A row of one cell is a text line; a wider row is written with
    tabs, so :func:`ingest.extract.split_lines` reads the text back to the same lines.
    """
    text_lines: list[str] = []
    lines: list[SourceLine] = []
    locations: dict[int, str] = {}
    confidence: dict[int, tuple[float | None, ...]] = {}
    budget = LineBudget()
    for row in rows:
        budget.add(len(row.cells))
        cells = tuple(clean_cell(cell) for cell in row.cells)
        if not any(cells):
            continue
        if row.break_before and text_lines:
            text_lines.append("")
        text_lines.append("\t".join(cells))
        number = len(text_lines)
        lines.append(SourceLine(number, cells))
        if row.location:
            locations[number] = row.location
        if row.confidence:
            confidence[number] = row.confidence
    return RawDocument(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=source_format,
        text="\n".join(text_lines) + ("\n" if text_lines else ""),
        lines=tuple(lines),
        layout=layout,
        notes=tuple(notes),
        locations=locations,
        confidence=confidence,
    )
