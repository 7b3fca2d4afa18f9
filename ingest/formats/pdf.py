"""PDF with a text layer -> RawDocument: tables by ruling lines, text by position.

Most departments publish their disclosure as a PDF printed from Word or Excel. This
module reads it page by page with pdfplumber (pdfminer.six) and lays it out as the
text parser reads a converted PDF:

- Tables are found by their ruling lines. Each table row becomes one row with one
  cell per column (a merged cell keeps its text in its first column, the others
  are ``""``); a cell whose text wraps onto several lines is joined back into one
  string (see :func:`ingest.formats.common.join_wrapped`). A table that runs over
  a page break simply continues with the next page's rows.
- Text outside tables is read by position, line by line. The visual lines of a
  paragraph are joined into one line: a line continues the one above when that
  one ran to the right margin (or the next line's first word would not have fit
  on it), the next line is not indented, and the line spacing is the paragraph's,
  also across a page break. A line with wide gaps between its words (a table
  printed without ruling lines) is split into cells at the gaps, and the cells of
  consecutive such lines are put into columns by their horizontal positions.
- Running headers and footers are dropped: a line in the top or bottom tenth of
  the page that repeats (digits aside) at the same height on at least half of the
  pages, and page numbers ("- 3 -", "第 3 页 共 44 页") in those margins.
- Fonts that map hanzi to Kangxi radicals or CJK Radicals Supplement look-alikes
  (收⼊, ⻔) are folded back by :func:`ingest.normalize.normalize_text`.

Provenance: every line records its page and boxes in ``RawDocument.locations`` as
``"p3 x0,top,x1,bottom | x0,top,x1,bottom;…"`` (PDF points from the page's top
left corner: the line's box, then each cell's box, ``-`` for a merged cell).
:func:`parse_location` reads it back, and :func:`render_pdf_page` draws the page
as a PNG with a box highlighted, for the source viewer.

Limits: files over :data:`MAX_PDF_BYTES` or :data:`MAX_PDF_PAGES` pages are
refused, extraction stops with a clear error after ``time_limit_s`` seconds, and
each page's parsed objects are released once read, so memory stays bounded on a
300-page PDF. A PDF with no text layer (a scan) gets a clear "OCR is not
supported" error; a password-protected or damaged PDF gets its own message.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import math
import re
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.extract import ExtractError
from ingest.formats.common import MAX_FILE_BYTES, Row, assemble, check_size, join_wrapped
from ingest.normalize import compact, normalize_text
from ingest.types import RawDocument

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = MAX_FILE_BYTES
MAX_PDF_PAGES = 500
# Extraction takes about 0.1-0.2 s a page; 500 pages fit well inside this.
TIME_LIMIT_S = 240.0
RENDER_SCALE = 2.0  # 144 dpi: a table cell's digits stay readable

SCANNED = (
    "这是扫描件(PDF 没有文字层),暂不支持 OCR 识别;请上传带文字层的 PDF、XLSX 或 DOCX。"
    " The PDF is a scan without a text layer; OCR is not supported."
)
NO_TEXT = "PDF 中没有任何文字。The PDF contains no text."
PASSWORD = (
    "PDF 有密码保护,无法读取;请上传未加密的文件。"
    " The PDF is password-protected; upload an unencrypted copy."
)
DAMAGED = "PDF 文件已损坏,无法读取。The PDF file is damaged and cannot be read."
TOO_MANY_PAGES = (
    "PDF 共 {pages} 页,超过 {limit} 页的上限。The PDF has {pages} pages; the limit is {limit}."
)
TOO_SLOW = (
    "PDF 解析超过 {limit:.0f} 秒的时间上限(读到第 {page} 页)。"
    " Reading the PDF took longer than {limit:.0f} s (stopped at page {page})."
)

Box = tuple[float, float, float, float]

# Layout thresholds, in multiples of the text's font size.
_CELL_GAP_EM = 1.0  # a gap this wide between words separates two cells
_COLUMN_INDENT_EM = 4.0  # a one-cell line starting this far right sits in a table column
_WORD_GAP_EM = 0.15  # a gap this wide between characters is a space
_INDENT_EM = 0.6  # a line starting this far right of the margin is indented
# A line wrapped when the next line's first word would have ended this close to the
# margin (browsers and Word leave up to about a character free at a line's end).
_WRAP_SLACK_EM = 1.5
_MARGIN_ZONE = 0.1  # running headers/footers sit in the top/bottom tenth of the page
_LINE_PITCH_SLACK_EM = 0.3
_PAGE_NUMBER = re.compile(
    r"^[-—–·\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[-—–·\s]*$"
)
# Glyphs that CJK fonts share between two code points, whose ToUnicode maps name the
# one a simplified-Chinese text does not mean (measured on Chromium + Noto Sans CJK SC
# output: 专户 reads 专⼾, the Kangxi radical, which NFKC turns into the traditional
# 戶; the horizontal bar ― stands for the dash —).
_SHARED_GLYPHS = str.maketrans({"⼾": "户", "戶": "户", "―": "—"})
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_NO_LINE_START = frozenset("，。、；：！？）》」』】〕,.;:!?)%")


@dataclass(frozen=True, slots=True)
class Piece:
    """One visual line of text or one table row on a page."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    cells: tuple[str, ...]
    boxes: tuple[Box | None, ...]
    size: float = 0.0  # font size of a text line
    lead: float = 0.0  # width of its first unbreakable word (for paragraph joining)
    table: int = -1  # index of its ruled table on the page; -1 for text
    # A ruled row cut by a page break: no ruling line closes it at the page's end
    # (``open_bottom``) or opens it at the next page's start (``open_top``).
    open_top: bool = False
    open_bottom: bool = False

    @property
    def ruled(self) -> bool:
        return self.table >= 0

    @property
    def box(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True)
class PageText:
    """What one page holds, kept after the page's parsed objects are released."""

    number: int
    width: float
    height: float
    pieces: list[Piece] = field(default_factory=list)
    has_images: bool = False


# --- locations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PdfLocation:
    """A line's page (1-based), its box and its cells' boxes, in PDF points from top left."""

    page: int
    box: Box | None
    cells: tuple[Box | None, ...] = ()

    def cell_box(self, index: int) -> Box | None:
        """The box of cell ``index`` (the line's box when the cell has none)."""
        if 0 <= index < len(self.cells) and self.cells[index] is not None:
            return self.cells[index]
        return self.box


def _box_text(box: Box | None) -> str:
    return "-" if box is None else ",".join(f"{value:.1f}" for value in box)


def format_location(page: int, box: Box, cells: Sequence[Box | None] = ()) -> str:
    """``"p3 x0,top,x1,bottom | cell;cell;…"`` for RawDocument.locations."""
    text = f"p{page} {_box_text(box)}"
    if cells:
        text += " | " + ";".join(_box_text(cell) for cell in cells)
    return text


def _parse_box(text: str) -> Box | None:
    values = text.strip().split(",")
    if len(values) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(value) for value in values)
    except ValueError:
        return None
    return (x0, top, x1, bottom)


def parse_location(location: str) -> PdfLocation | None:
    """Read a PDF line's location back; ``None`` for a location of another format.

    >>> parse_location("p3 40.1,114.4,802.9,130.2 | 40.1,114.4,90.0,130.2;-")
    PdfLocation(page=3, box=(40.1, 114.4, 802.9, 130.2), cells=((40.1, 114.4, 90.0, 130.2), None))
    """
    match = re.match(r"^p(\d+)(?: ([^|]+))?(?: \| (.*))?$", location.strip())
    if not match:
        return None
    box = _parse_box(match.group(2) or "")
    cells = tuple(_parse_box(cell) for cell in (match.group(3) or "").split(";") if cell)
    return PdfLocation(int(match.group(1)), box, cells)


# --- reading pages ---------------------------------------------------------------------


def _quiet_pdfminer() -> None:
    """pdfminer logs a warning per page for fonts without FontBBox; keep logs readable."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _open_error(exc: BaseException) -> ExtractError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return ExtractError(PASSWORD)
    return ExtractError(DAMAGED)


def _open(data: bytes, password: str) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data), password=password)
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        raise _open_error(exc) from exc


def _pages(pdf: Any, max_pages: int) -> list[Any]:
    try:
        pages = pdf.pages
    except Exception as exc:
        raise _open_error(exc) from exc
    if not pages:
        raise ExtractError(DAMAGED)
    if len(pages) > max_pages:
        raise ExtractError(TOO_MANY_PAGES.format(pages=len(pages), limit=max_pages))
    return pages


def read_pages(
    data: bytes,
    *,
    max_pages: int = MAX_PDF_PAGES,
    time_limit_s: float = TIME_LIMIT_S,
    password: str = "",
) -> Iterator[PageText]:
    """Each page's text lines and table rows, one page at a time.

    A page's parsed objects are released as soon as it is read; only its lines
    (plain strings and boxes) are kept.
    """
    _quiet_pdfminer()
    started = time.monotonic()
    with _open(data, password) as pdf:
        for page in _pages(pdf, max_pages):
            if time.monotonic() - started > time_limit_s:
                raise ExtractError(TOO_SLOW.format(limit=time_limit_s, page=page.page_number))
            try:
                yield page_text(page)
            except ExtractError:
                raise
            except Exception:  # one damaged page must not lose the others
                logger.warning("PDF page %s could not be read", page.page_number, exc_info=True)
                yield PageText(page.page_number, float(page.width), float(page.height))
            finally:
                page.close()


def _is_table(table: Any) -> bool:
    """A ruled grid of at least two cells (a single framed box is text in a frame)."""
    return sum(1 for row in table.rows for cell in row.cells) >= 2


def _closed(y: float, x0: float, x1: float, rulings: Sequence[dict[str, Any]]) -> bool:
    """Whether horizontal ruling lines at height ``y`` cover most of x0..x1.

    Tables drawn cell by cell have one short segment per cell, so the coverage adds up.
    """
    covered = sum(
        max(0.0, min(edge["x1"], x1) - max(edge["x0"], x0))
        for edge in rulings
        if abs(edge["top"] - y) <= 1.5
    )
    return covered > (x1 - x0) / 2


def _table_pieces(
    page_number: int, index: int, table: Any, rulings: Sequence[dict[str, Any]]
) -> list[Piece]:
    pieces = []
    values_by_row = table.extract(x_tolerance_ratio=_WORD_GAP_EM)
    for row, values in zip(table.rows, values_by_row, strict=True):
        cells = tuple(
            join_wrapped((value or "").split("\n")).translate(_SHARED_GLYPHS) for value in values
        )
        if not any(cells):
            continue
        x0, top, x1, bottom = row.bbox
        pieces.append(
            Piece(
                page_number,
                top,
                bottom,
                x0,
                x1,
                cells,
                tuple(row.cells),
                table=index,
                open_top=not _closed(top, x0, x1, rulings),
                open_bottom=not _closed(bottom, x0, x1, rulings),
            )
        )
    return pieces


def _find_tables(page: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """The page's ruled tables and its horizontal ruling lines.

    A table row that a page break cuts has no ruling line at the page's end (or at
    the next page's start); the column lines' ends stand in for it, so the cut row
    is still read as a row (and joined with its other part, see :func:`rows_of`).
    """
    edges = page.edges
    rulings = [edge for edge in edges if edge["orientation"] == "h"]
    columns = [edge for edge in edges if edge["orientation"] == "v"]
    settings: dict[str, Any] = {}
    if columns:
        ends = (min(edge["top"] for edge in columns), max(edge["bottom"] for edge in columns))
        x0 = min(edge["x0"] for edge in columns)
        x1 = max(edge["x1"] for edge in columns)
        open_ends = [y for y in ends if not _closed(y, x0, x1, rulings)]
        if open_ends:
            settings["explicit_horizontal_lines"] = open_ends
    tables = [table for table in page.find_tables(settings) if _is_table(table)]
    return tables, rulings


def _inside(obj: dict[str, Any], boxes: Sequence[Box]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _segments(chars: Sequence[dict[str, Any]], size: float) -> list[list[dict[str, Any]]]:
    """Split a line's characters where a gap is wide enough to separate table cells.

    Space characters stay in their segment (they are word spaces) but do not bridge
    a gap: the gap is measured between printed characters.
    """
    segments: list[list[dict[str, Any]]] = []
    last_printed: dict[str, Any] | None = None
    for char in chars:
        if char["text"].isspace():
            if segments:
                segments[-1].append(char)
            continue
        if last_printed is not None and char["x0"] - last_printed["x1"] <= _CELL_GAP_EM * size:
            segments[-1].append(char)
        else:
            segments.append([char])
        last_printed = char
    return [_strip_spaces(segment) for segment in segments]


def _strip_spaces(segment: list[dict[str, Any]]) -> list[dict[str, Any]]:
    while segment and segment[-1]["text"].isspace():
        segment.pop()
    return segment


def _segment_text(chars: Sequence[dict[str, Any]], size: float) -> str:
    text = ""
    previous = None
    for char in chars:
        if char["text"].isspace():
            text += " "
            continue
        if previous is not None and char["x0"] - previous["x1"] > _WORD_GAP_EM * size:
            text += " "
        text += char["text"]
        previous = char
    return re.sub(r" {2,}", " ", text)


def _lead_width(chars: Sequence[dict[str, Any]]) -> float:
    """Width of the line's first unbreakable unit: a Latin word or number, or one hanzi
    with the punctuation that may not start a line."""
    if not chars:
        return 0.0
    end = 0
    if _CJK.match(chars[0]["text"]):
        while end + 1 < len(chars) and chars[end + 1]["text"] in _NO_LINE_START:
            end += 1
    else:
        while (
            end + 1 < len(chars)
            and not _CJK.match(chars[end + 1]["text"])
            and not chars[end + 1]["text"].isspace()
        ):
            end += 1
    return float(chars[end]["x1"] - chars[0]["x0"])


def _text_pieces(page_number: int, page: Any, table_boxes: Sequence[Box]) -> list[Piece]:
    outside = page.filter(
        lambda obj: obj.get("object_type") != "char" or not _inside(obj, table_boxes)
    )
    pieces = []
    for line in outside.extract_text_lines(return_chars=True, strip=True):
        chars = [char for char in line["chars"] if char["text"]]
        if not chars:
            continue
        size = statistics.median(float(char["size"]) for char in chars) or 10.0
        segments = _segments(chars, size)
        if not segments:
            continue
        cells = tuple(
            _segment_text(segment, size).translate(_SHARED_GLYPHS) for segment in segments
        )
        boxes = tuple(
            (segment[0]["x0"], line["top"], segment[-1]["x1"], line["bottom"])
            for segment in segments
        )
        pieces.append(
            Piece(
                page_number,
                float(line["top"]),
                float(line["bottom"]),
                float(line["x0"]),
                float(line["x1"]),
                cells,
                boxes,
                size=size,
                lead=_lead_width(segments[0]),
            )
        )
    return pieces


def page_text(page: Any) -> PageText:
    """The text lines and table rows of one pdfplumber page, in reading order."""
    result = PageText(page.page_number, float(page.width), float(page.height))
    result.has_images = bool(page.images)
    if not page.chars:
        return result
    tables, rulings = _find_tables(page)
    for index, table in enumerate(tables):
        result.pieces.extend(_table_pieces(page.page_number, index, table, rulings))
    result.pieces.extend(_text_pieces(page.page_number, page, [table.bbox for table in tables]))
    result.pieces.sort(key=lambda piece: (round(piece.top, 1), piece.x0))
    return result


# --- running headers and footers ---------------------------------------------------------


def _margin_zone(piece: Piece, page: PageText) -> str | None:
    if piece.ruled:
        return None
    if piece.bottom <= page.height * _MARGIN_ZONE:
        return "top"
    if piece.top >= page.height * (1 - _MARGIN_ZONE):
        return "bottom"
    return None


def _running_key(piece: Piece, zone: str) -> tuple[str, str, int]:
    text = re.sub(r"\d+", "#", compact(normalize_text(" ".join(piece.cells))))
    return (zone, text, round(piece.top / 3))


def drop_running_lines(pages: list[PageText]) -> int:
    """Remove running headers, footers and page numbers in place; return how many."""
    seen: Counter[tuple[str, str, int]] = Counter()
    for page in pages:
        keys = set()
        for piece in page.pieces:
            zone = _margin_zone(piece, page)
            if zone:
                keys.add(_running_key(piece, zone))
        seen.update(keys)
    with_text = sum(1 for page in pages if page.pieces)
    threshold = max(2, math.ceil(with_text / 2))
    dropped = 0
    for page in pages:
        kept = []
        for piece in page.pieces:
            zone = _margin_zone(piece, page)
            is_running = zone is not None and (
                seen[_running_key(piece, zone)] >= threshold
                or _PAGE_NUMBER.match(normalize_text(" ".join(piece.cells)))
            )
            if is_running:
                dropped += 1
            else:
                kept.append(piece)
        page.pieces = kept
    return dropped


# --- joining paragraphs -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Margins:
    """The text column's left and right edges per page width, and line pitch per size."""

    edges: dict[int, tuple[float, float]]
    pitches: dict[int, float]

    def edge(self, page_width: float) -> tuple[float, float]:
        return self.edges.get(round(page_width), (0.0, page_width))


def _is_text_line(piece: Piece | None) -> bool:
    return piece is not None and not piece.ruled and len(piece.cells) == 1


def _right_edge(ends: list[float], tolerance: float = 4.0) -> float:
    """The rightmost end that several lines share: the text column's right margin.

    A single line running further (a wide heading, a line nudged by justification)
    must not move the margin, or full lines would look short of it.
    """
    ordered = sorted(ends, reverse=True)
    needed = min(3, len(ordered))
    for index, end in enumerate(ordered):
        if index + needed <= len(ordered) and ordered[index + needed - 1] >= end - tolerance:
            return end
    return ordered[0]


def _margins(pages: Sequence[PageText]) -> _Margins:
    lefts: dict[int, list[float]] = defaultdict(list)
    rights: dict[int, list[float]] = defaultdict(list)
    for page in pages:
        for piece in page.pieces:
            if _is_text_line(piece):
                lefts[round(page.width)].append(piece.x0)
                rights[round(page.width)].append(piece.x1)
    edges = {width: (min(lefts[width]), _right_edge(rights[width])) for width in lefts}
    margins = _Margins(edges, {})
    pitches: dict[int, list[float]] = defaultdict(list)
    for page in pages:
        for above, below in zip(page.pieces, page.pieces[1:], strict=False):
            if _wraps(above, below, page.width, margins):
                pitches[round(above.size)].append(below.top - above.top)
    return _Margins(edges, {size: min(values) for size, values in pitches.items() if values})


def _wraps(above: Piece, below: Piece, page_width: float, margins: _Margins) -> bool:
    """Whether ``below`` continues ``above`` by position alone (spacing aside)."""
    if not (_is_text_line(above) and _is_text_line(below)):
        return False
    if abs(above.size - below.size) > 0.5:
        return False
    left, right = margins.edge(page_width)
    ran_to_margin = above.x1 + below.lead > right - _WRAP_SLACK_EM * above.size
    indented = below.x0 > left + _INDENT_EM * below.size
    return ran_to_margin and not indented


def _continues(above: Piece, below: Piece, page_width: float, margins: _Margins) -> bool:
    if not _wraps(above, below, page_width, margins):
        return False
    if above.page != below.page:
        return True  # the caller only asks across a page break for its last/first lines
    pitch = margins.pitches.get(round(above.size))
    if pitch is None:
        return below.top - above.bottom < 0.8 * above.size
    return below.top - above.top <= pitch + _LINE_PITCH_SLACK_EM * above.size


# --- tables without ruling lines -------------------------------------------------------------


def _column_bounds(rows: Sequence[Piece]) -> list[float]:
    """Left bounds of the columns: where the cells of the rows with the most cells (the
    full rows) start, column by column. Names and headers start at their column's left
    edge; an amount, right-aligned, ends before the next column starts."""
    widest = max(len(row.cells) for row in rows)
    full = [row for row in rows if len(row.cells) == widest]
    bounds = [-math.inf]
    for index in range(1, widest):
        starts = [row.boxes[index][0] for row in full if row.boxes[index]]  # type: ignore[index]
        bounds.append(min(starts) - 1.0)
    return bounds


def _column_of(box: Box, bounds: Sequence[float]) -> int:
    centre = (box[0] + box[2]) / 2
    return max(index for index, bound in enumerate(bounds) if bound <= centre)


def _place_in_columns(rows: Sequence[Piece]) -> list[Piece]:
    """Cells of a table printed without ruling lines, put under their columns."""
    bounds = _column_bounds(rows)
    placed = []
    for row in rows:
        cells = [""] * len(bounds)
        boxes: list[Box | None] = [None] * len(bounds)
        for text, box in zip(row.cells, row.boxes, strict=True):
            if box is None:
                continue
            index = _column_of(box, bounds)
            cells[index] = f"{cells[index]} {text}".strip()
            boxes[index] = box
        placed.append(
            Piece(row.page, row.top, row.bottom, row.x0, row.x1, tuple(cells), tuple(boxes))
        )
    return placed


def _is_row_part(piece: Piece, left: float) -> bool:
    """A one-cell line that sits in a table column rather than at the text margin."""
    return (
        not piece.ruled
        and len(piece.cells) == 1
        and piece.x0 > left + _COLUMN_INDENT_EM * (piece.size or 10.0)
    )


def _unruled_runs(pieces: Sequence[Piece], left: float) -> Iterator[tuple[int, int]]:
    """(start, stop) index ranges of a table printed without ruling lines.

    A run starts at a line split into cells by wide gaps and goes on over such lines
    and over one-cell lines that sit in a column (a row whose other cells are empty);
    a one-cell line at the text margin (a title, a paragraph) ends it.
    """
    index = 0
    while index < len(pieces):
        if pieces[index].ruled or len(pieces[index].cells) < 2:
            index += 1
            continue
        stop = index + 1
        while stop < len(pieces) and (
            (not pieces[stop].ruled and len(pieces[stop].cells) >= 2)
            or _is_row_part(pieces[stop], left)
        ):
            stop += 1
        yield index, stop
        index = stop


# --- assembling rows ----------------------------------------------------------------------


def _location(piece: Piece) -> str:
    return format_location(piece.page, piece.box, piece.boxes if len(piece.cells) > 1 else ())


def _paragraph_row(lines: Sequence[Piece], break_before: bool) -> Row:
    first = lines[0]
    on_first_page = [line for line in lines if line.page == first.page]
    box = (
        min(line.x0 for line in on_first_page),
        first.top,
        max(line.x1 for line in on_first_page),
        on_first_page[-1].bottom,
    )
    text = join_wrapped(line.cells[0] for line in lines)
    return Row((text,), format_location(first.page, box), break_before)


def _pieces_in_order(pages: Sequence[PageText], margins: _Margins) -> list[Piece]:
    pieces: list[Piece] = []
    for page in pages:
        page_pieces = list(page.pieces)
        left = margins.edge(page.width)[0]
        for start, stop in reversed(list(_unruled_runs(page_pieces, left))):
            page_pieces[start:stop] = _place_in_columns(page_pieces[start:stop])
        pieces.extend(page_pieces)
    return pieces


def _is_cut_row(above: Piece, below: Piece) -> bool:
    """``below`` is the rest of the table row ``above`` that a page break cut."""
    return (
        above.ruled
        and below.ruled
        and above.open_bottom
        and below.open_top
        and below.page == above.page + 1
        and len(above.cells) == len(below.cells)
    )


def _join_cut_row(row: Row, rest: Piece) -> Row:
    cells = tuple(
        join_wrapped((first, second)) for first, second in zip(row.cells, rest.cells, strict=True)
    )
    return Row(cells, row.location, row.break_before)


def rows_of(pages: Sequence[PageText]) -> list[Row]:
    """Paragraphs joined, table rows as they are, in page order, with locations."""
    margins = _margins(pages)
    widths = {page.number: page.width for page in pages}
    rows: list[Row] = []
    paragraph: list[Piece] = []
    paragraph_break = False
    last_page = 0
    pieces = _pieces_in_order(pages, margins)
    for index, piece in enumerate(pieces):
        new_page = piece.page != last_page
        last_page = piece.page
        if paragraph and _continues(paragraph[-1], piece, widths[piece.page], margins):
            paragraph.append(piece)
            continue
        if paragraph:
            rows.append(_paragraph_row(paragraph, paragraph_break))
            paragraph = []
        if _is_text_line(piece):
            paragraph, paragraph_break = [piece], new_page and index > 0
            continue
        if index and _is_cut_row(pieces[index - 1], piece) and rows:
            rows[-1] = _join_cut_row(rows[-1], piece)
            continue
        rows.append(Row(piece.cells, _location(piece), new_page and index > 0))
    if paragraph:
        rows.append(_paragraph_row(paragraph, paragraph_break))
    return rows


# --- the entry points ---------------------------------------------------------------------


def extract_pdf(
    data: bytes,
    filename: str,
    *,
    max_pages: int = MAX_PDF_PAGES,
    max_bytes: int = MAX_PDF_BYTES,
    time_limit_s: float = TIME_LIMIT_S,
    password: str = "",
) -> RawDocument:
    """Read a PDF's text layer into a RawDocument (see the module docstring).

    Raises :class:`ExtractError` with a one-line message for a scan, a
    password-protected or damaged file, or one over the size, page or time limits.
    """
    check_size("PDF", data, max_bytes)
    pages = list(
        read_pages(data, max_pages=max_pages, time_limit_s=time_limit_s, password=password)
    )
    with_text = [page for page in pages if page.pieces]
    if not with_text:
        raise ExtractError(SCANNED if any(page.has_images for page in pages) else NO_TEXT)
    notes = []
    scanned = [page.number for page in pages if not page.pieces and page.has_images]
    if scanned:
        notes.append(
            f"第 {', '.join(map(str, scanned))} 页是图片(没有文字层),未识别。"
            f" Pages {', '.join(map(str, scanned))} are images without text; OCR is not supported."
        )
    dropped = drop_running_lines(pages)
    if dropped:
        notes.append(f"已去掉 {dropped} 行页眉、页脚和页码。")
    empty = tuple(page.number for page in pages if not page.pieces and not page.has_images)
    raw = assemble(
        data=data, filename=filename, source_format="pdf", rows=rows_of(pages), notes=notes
    )
    return dataclasses.replace(raw, empty_pages=empty)


def render_pdf_page(
    data: bytes,
    page: int,
    highlight: tuple[float, float, float, float] | None = None,
    *,
    scale: float = RENDER_SCALE,
    password: str | None = None,
) -> bytes:
    """Render page ``page`` (1-based) of a PDF as PNG bytes, ``highlight`` box outlined.

    ``highlight`` is ``(x0, top, x1, bottom)`` in PDF points from the page's top left
    corner, as :func:`parse_location` returns it for a line or cell. Raises
    ``ValueError`` for a page the document does not have. Pages are drawn unrotated.
    """
    import pypdfium2
    from PIL import ImageDraw

    document = pypdfium2.PdfDocument(data, password=password)
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"the PDF has {len(document)} pages, not page {page}")
        pdf_page = document[page - 1]
        image = pdf_page.render(scale=scale).to_pil().convert("RGB")
        if highlight is not None:
            left, _, _, crop_top = pdf_page.get_cropbox()
            media_left, _, _, media_top = pdf_page.get_mediabox()
            dx, dy = left - media_left, media_top - crop_top
            x0, top, x1, bottom = highlight
            box = [(x0 - dx) * scale, (top - dy) * scale, (x1 - dx) * scale, (bottom - dy) * scale]
            draw = ImageDraw.Draw(image, "RGBA")
            draw.rectangle(box, fill=(255, 214, 0, 70), outline=(220, 30, 30, 255), width=3)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        document.close()
