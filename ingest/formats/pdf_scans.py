"""Which parts of a PDF are scans, and reading them by OCR into the text layer's shape.

:func:`ingest.formats.pdf.read_pages` asks, page by page, :func:`scan_regions`: a page
without a text layer whose pictures cover it is a scanned page (read whole); a page with a
text layer that also holds a large picture with (almost) no text over it (a scanned table
pasted into a text PDF) has that picture's region read, and its text layer read as usual.
A picture with text drawn over it (a letterhead, a background, a searchable scan's
invisible text) is left to the text layer.

:func:`read_scan` draws the page with pdfium in grey and hands the page, or the picture's
region of it, to :mod:`ingest.formats.ocr`. After the document's rows are assembled,
:func:`place_rows` gives each row read by OCR its cells' confidence (the lowest of the
words in each cell) and maps its boxes from the straightened image back onto the page.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ingest.formats.common import setting
from ingest.formats.pdf_locations import format_location, parse_location
from ingest.formats.pdf_text_layer import PageLayer
from ingest.formats.word_positions import PageText, Piece, Word
from ingest.types import Row

Box = tuple[float, float, float, float]

# A picture is read by OCR when it covers at least this share of the page and no more than
# this many of the text layer's glyphs lie on it.
MIN_PICTURE_SHARE = 0.08
MAX_GLYPHS_ON_PICTURE = 10
_REGION_MARGIN_PT = 2.0


@dataclass(slots=True)
class ScanRead:
    """One region of one page read by OCR (``box`` is the page's box for a whole page)."""

    page: int
    box: Box
    words: list[Word]
    placement: Any  # ingest.formats.ocr.Placement (OCR modules load only when needed)
    skew_degrees: float = 0.0
    unread: list[Box] = field(default_factory=list)  # cells with ink OCR read nothing from

    def holds(self, box: Box) -> bool:
        """Whether a row's box (straightened frame) lies on this region."""
        x = (box[0] + box[2]) / 2
        y = (box[1] + box[3]) / 2
        x0, top, x1, bottom = self.box
        slack = _REGION_MARGIN_PT + 0.1 * max(x1 - x0, bottom - top)
        return x0 - slack <= x <= x1 + slack and top - slack <= y <= bottom + slack


# --- which regions ------------------------------------------------------------------------------


def page_box(document: Any, index: int) -> tuple[Box, float]:
    """The visible part of page ``index`` (its crop box) in points from the media box's top
    left, as the text layer measures, and the media box's top in PDF space."""
    page = document[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        media_left, _, _, media_top = page.get_mediabox()
    finally:
        page.close()
    x0, y0 = left - media_left, media_top - top
    return (x0, y0, x0 + (right - left), y0 + (top - bottom)), media_top


def _picture_boxes(document: Any, index: int, media_top: float) -> list[Box]:
    """The boxes of the page's pictures, in points from the media box's top left."""
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        return []
    try:
        boxes = []
        for number in range(pdfium_c.FPDFPage_CountObjects(page)):
            obj = pdfium_c.FPDFPage_GetObject(page, number)
            if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
                continue
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                boxes.append(
                    (left.value, media_top - top.value, right.value, media_top - bottom.value)
                )
        return boxes
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _glyphs_on(words: Sequence[Word], box: Box) -> int:
    x0, top, x1, bottom = box
    return sum(
        1
        for word in words
        if word.text.strip()
        and x0 <= (word.x0 + word.x1) / 2 <= x1
        and top <= (word.top + word.bottom) / 2 <= bottom
    )


def scan_regions(
    document: Any, index: int, layer: PageLayer, page_box: Box, media_top: float
) -> list[Box]:
    """The regions of page ``index`` (of an open ``pypdfium2.PdfDocument``) to read by OCR:
    ``[page_box]`` for a scanned page, the boxes of large pictures without text on a mixed
    page, else nothing."""
    if not layer.has_images:
        return []
    has_text = any(word.text.strip() for word in layer.words)
    x0, top, x1, bottom = page_box
    page_area = max((x1 - x0) * (bottom - top), 1.0)
    pictures = []
    for box in _picture_boxes(document, index, media_top):
        clipped = (max(box[0], x0), max(box[1], top), min(box[2], x1), min(box[3], bottom))
        if clipped[2] > clipped[0] and clipped[3] > clipped[1]:
            pictures.append(clipped)
    if not has_text:
        # A scanned page, possibly stored as strips or tiles (some scanners do): read whole.
        covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in pictures)
        return [page_box] if covered >= MIN_PICTURE_SHARE * page_area else []
    regions = [
        box
        for box in _without_overlaps(pictures)
        if (box[2] - box[0]) * (box[3] - box[1]) >= MIN_PICTURE_SHARE * page_area
        and _glyphs_on(layer.words, box) <= MAX_GLYPHS_ON_PICTURE
    ]
    return regions


def _without_overlaps(boxes: list[Box]) -> list[Box]:
    """Pictures drawn over one another (a scan in strips) merged into one region."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        for position, other in enumerate(merged):
            if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                merged[position] = (
                    min(box[0], other[0]),
                    min(box[1], other[1]),
                    max(box[2], other[2]),
                    max(box[3], other[3]),
                )
                break
        else:
            merged.append(box)
    return merged


# --- reading -------------------------------------------------------------------------------------


def _render_grey(document: Any, index: int) -> tuple[Any, float, tuple[float, float]]:
    """Page ``index`` drawn in grey for OCR (numpy), points per pixel, and the drawn crop
    box's offset from the media box's top left, in points."""
    page = document[index]
    try:
        width, height = page.get_size()
        dpi = setting("OCR_DPI", 150)
        scale = min(
            dpi / 72, math.sqrt(setting("OCR_MAX_PIXELS", 9_000_000) / max(width * height, 1.0))
        )
        bitmap = page.render(scale=scale, grayscale=True)
        gray = bitmap.to_numpy()
        if gray.ndim == 3:
            gray = gray[..., 0]
        gray = gray.copy()
        left, _, _, crop_top = page.get_cropbox()
        media_left, _, _, media_top = page.get_mediabox()
    finally:
        page.close()
    return gray, 1 / scale, (left - media_left, media_top - crop_top)


def read_scan(
    document: Any, index: int, regions: Sequence[Box], page_size: tuple[float, float]
) -> tuple[list[Piece], list[ScanRead]]:
    """Read the ``regions`` of page ``index`` (an open ``pypdfium2.PdfDocument``) by OCR: their
    pieces in the straightened frame, and what each region read."""
    from ingest.formats.ocr import read_scanned_image

    number = index + 1
    gray, points_per_pixel, (dx, dy) = _render_grey(document, index)
    pieces: list[Piece] = []
    reads = []
    height, width = gray.shape
    for box in regions:
        left = max(0, int((box[0] - dx) / points_per_pixel))
        top = max(0, int((box[1] - dy) / points_per_pixel))
        right = min(width, math.ceil((box[2] - dx) / points_per_pixel))
        bottom = min(height, math.ceil((box[3] - dy) / points_per_pixel))
        if right - left < 8 or bottom - top < 8:
            continue
        offset = (left * points_per_pixel + dx, top * points_per_pixel + dy)
        scanned = read_scanned_image(
            number,
            gray[top:bottom, left:right],
            points_per_pixel=points_per_pixel,
            offset=offset,
            page_size=page_size,
        )
        pieces.extend(scanned.text.pieces)
        reads.append(
            ScanRead(
                number, box, scanned.words, scanned.placement, scanned.skew_degrees, scanned.unread
            )
        )
    return pieces, reads


def merged_page(text: PageText, pieces: Sequence[Piece], whole_page: bool) -> PageText:
    """The page's pieces with those OCR read: instead of the text layer's for a scanned
    page, beside them for a picture on a text page."""
    kept = [] if whole_page else list(text.pieces)
    kept.extend(pieces)
    kept.sort(key=lambda piece: (round(piece.top, 1), piece.x0))
    return PageText(text.number, text.width, text.height, kept, has_images=True)


# --- rows: confidence and boxes on the page ---------------------------------------------


def _lowest(read: ScanRead, box: Box | None) -> float | None:
    """The lowest confidence of the words in ``box``; 0.0 for a cell with ink OCR could
    not read; None for a cell without either."""
    if box is None:
        return None
    x0, top, x1, bottom = box
    words = read.words
    scores = [
        word.confidence
        for word in words
        if word.confidence is not None
        and x0 - 0.5 <= (word.x0 + word.x1) / 2 <= x1 + 0.5
        and top - 0.5 <= (word.top + word.bottom) / 2 <= bottom + 0.5
    ]
    if scores:
        return min(scores)
    for unread in read.unread:
        x = (unread[0] + unread[2]) / 2
        y = (unread[1] + unread[3]) / 2
        if x0 <= x <= x1 and top <= y <= bottom:
            return 0.0
    return None


def _placed_row(row: Row, read: ScanRead) -> Row:
    location = parse_location(row.location)
    if location is None or location.box is None:
        return row
    if location.cells:
        confidence = tuple(_lowest(read, cell) for cell in location.cells)
    else:
        confidence = (_lowest(read, location.box),)
    if not any(score is not None for score in confidence):
        return row
    cells = [None if cell is None else read.placement.box(cell) for cell in location.cells]
    placed = format_location(location.page, read.placement.box(location.box), cells)
    return replace(row, location=placed, confidence=confidence)


def place_rows(rows: Sequence[Row], reads: Sequence[ScanRead]) -> list[Row]:
    """Rows with the confidence of their OCR-read cells, and their boxes on the page."""
    by_page: dict[int, list[ScanRead]] = {}
    for read in reads:
        by_page.setdefault(read.page, []).append(read)
    placed = []
    for row in rows:
        location = parse_location(row.location) if row.location else None
        on_page = by_page.get(location.page, []) if location and location.box else []
        read = next((r for r in on_page if r.holds(location.box)), None) if location else None
        placed.append(row if read is None else _placed_row(row, read))
    return placed
