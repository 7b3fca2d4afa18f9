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
import zipfile
from collections.abc import Iterable, Sequence
from typing import TypeVar

from ingest.errors import ExtractError
from ingest.normalize import normalize_text
from ingest.types import RawDocument, Row, SourceLine

Limit = TypeVar("Limit", int, float)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # XLSX/DOCX are zip files: a bound on what they unpack to

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


def check_unpacked(data: bytes, unreadable: str, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a zip container (XLSX, DOCX) that unpacks to more than ``limit`` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractError(unreadable) from exc
    if unpacked > limit:
        raise ExtractError(
            f"文件解压后过大({unpacked / 1048576:.0f} MB),已拒绝读取。"
            f" The file unpacks to {unpacked / 1048576:.0f} MB; the limit is"
            f" {limit / 1048576:.0f} MB."
        )


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
    for row in rows:
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
