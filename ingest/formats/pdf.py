"""PDF with a text layer -> RawDocument; and a PDF page drawn as an image.

Most departments publish their disclosure as a PDF printed from Word, WPS or Excel.
Reading one goes in steps, each in its own module:

1. :mod:`ingest.formats.pdf_streams`: before pdfium sees the file, its streams are
   inflated in chunks and counted, so that a small file cannot unpack to gigabytes or
   to millions of objects on one page.
2. :mod:`ingest.formats.pdf_text_layer`: pdfium (pypdfium2) gives each page's glyphs
   with their boxes and its ruling lines, within per-page bounds and the time limit.
3. :mod:`ingest.formats.word_positions`: a page's words and rules become its pieces:
   ruled table rows (one cell per column) and text lines, split into cells at wide
   gaps. (OCR of scanned pages will feed the same function with its words.)
4. :mod:`ingest.formats.page_flow`: the pages' pieces become the document's rows:
   running headers and page numbers dropped, paragraphs joined, tables printed
   without rules put in columns, table rows cut by a page break joined.

Scanned pages: a page without a text layer whose pictures cover it, or a large picture
without text on a text page (a scanned table pasted in), is read by OCR
(:mod:`ingest.formats.pdf_scans`, :mod:`ingest.formats.ocr`) into the same pieces, page
by page, and its cells keep OCR's confidence (``RawDocument.confidence``). The time limit
grows by ``OCR_SECONDS_PER_PAGE`` for each page OCR reads; ``on_page`` hears of every
page read (the worker shows it as progress). ``OCR_ENABLED`` off refuses scans instead.

Provenance: every line records its page and boxes in ``RawDocument.locations``
(:mod:`ingest.formats.pdf_locations`); :func:`render_pdf_page` draws a page as a PNG
with a box highlighted, for the source viewer, within a pixel budget.

Limits (settings, read when a file is read; see .env.example): the file's size, its
pages (``PDF_MAX_PAGES``), a page's size in points (``PDF_MAX_PAGE_POINTS``), its
characters and objects (``PDF_MAX_PAGE_CHARS``, ``PDF_MAX_PAGE_OBJECTS``), what its
streams unpack to (``PDF_MAX_STREAM_BYTES``, ``PDF_MAX_UNPACKED_BYTES``), an image's
pixels (``PDF_MAX_IMAGE_PIXELS``) and the time (``PDF_TIME_LIMIT_SECONDS``), checked
inside the loops over pages, objects and glyphs. Past any of them, extraction stops
with a one-line message naming the limit. A PDF with neither text nor pictures gets a
clear "no text" error; a password-protected or damaged PDF its own message.
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ingest.errors import ExtractError
from ingest.formats.common import MAX_FILE_BYTES, assemble, check_size, setting
from ingest.formats.page_flow import drop_running_lines, rows_of
from ingest.formats.pdf_locations import PdfLocation, format_location, parse_location
from ingest.formats.pdf_scans import (
    ScanRead,
    merged_page,
    page_box,
    place_rows,
    read_scan,
    scan_regions,
)
from ingest.formats.pdf_streams import StreamLimits, check_streams
from ingest.formats.pdf_text_layer import Budget, read_page
from ingest.formats.word_positions import PageText, page_text
from ingest.limits import extend_time
from ingest.types import RawDocument

__all__ = [
    "DAMAGED",
    "NO_TEXT",
    "PASSWORD",
    "SCANNED",
    "SCAN_UNREADABLE",
    "PageCallback",
    "PdfLocation",
    "crop_png",
    "extract_pdf",
    "format_location",
    "highlight_png",
    "parse_location",
    "render_page_png",
    "render_pdf_page",
]

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = MAX_FILE_BYTES
MAX_PDF_PAGES = 500
# Extraction takes about 5-15 ms a page; 500 pages fit well inside this.
TIME_LIMIT_S = 240.0
MAX_PAGE_CHARS = 50_000  # the densest sample page has about 4,800
MAX_PAGE_OBJECTS = 100_000  # ... and about 2,700 objects
MAX_PAGE_POINTS = 5_000.0  # about 1.76 m: A0 is 2,384 x 3,370 points
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # an A4 page scanned at 600 dpi is about 35 million
RENDER_SCALE = 2.0  # 144 dpi: a table cell's digits stay readable
RENDER_MAX_PIXELS = 4_000_000  # an A3 page at RENDER_SCALE; larger pages are drawn smaller
# OCR takes 2-10 s of CPU a page on this machine's cores; a busy machine needs several times
# that. The budget grows by this much for every page read by OCR.
OCR_SECONDS_PER_PAGE = 60.0

# Called with (pages read, pages in the document, whether this page was read by OCR).
PageCallback = Callable[[int, int, bool], None]

SCANNED = (
    "这是扫描件(PDF 没有文字层),本系统未开启文字识别(OCR);请上传带文字层的 PDF、XLSX 或 DOCX。"
    " The PDF is a scan without a text layer and OCR is turned off."
)
SCAN_UNREADABLE = (
    "这是扫描件,文字识别(OCR)未能在页面上读出文字;请上传更清晰的扫描件或带文字层的文件。"
    " The PDF is a scan in which OCR found no text."
)
SCANNED_NOTE = "第 {pages} 页有扫描图片,已用文字识别(OCR)读取;识别可能有误的数字另行列出。"
NO_TEXT = "PDF 中没有任何文字。The PDF contains no text."
PASSWORD = (
    "PDF 有密码保护,无法读取;请上传未加密的文件。"
    " The PDF is password-protected; upload an unencrypted copy."
)
DAMAGED = "PDF 文件已损坏,无法读取。The PDF file is damaged and cannot be read."
TOO_MANY_PAGES = (
    "PDF 共 {pages} 页,超过 {limit} 页的上限。The PDF has {pages} pages; the limit is {limit}."
)
PAGE_TOO_LARGE = (
    "第 {page} 页的尺寸为 {width:.0f} × {height:.0f} 点,超过每边 {limit:.0f} 点的上限。"
    " Page {page} is {width:.0f} x {height:.0f} points; the limit is {limit:.0f} a side."
)

_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5
# pdfium keeps global state and is not safe to call from two threads at once (a
# threaded development server drawing two page images); one lock for the process.
PDFIUM_LOCK = threading.RLock()


# --- opening ------------------------------------------------------------------------------


def _open(data: bytes, password: str | None) -> Any:
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data, password=password or None)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY):
            raise ExtractError(PASSWORD) from exc
        raise ExtractError(DAMAGED) from exc
    except Exception as exc:  # anything else pdfium or its wrapper raises on a broken file
        raise ExtractError(DAMAGED) from exc


def page_size(document: Any, index: int) -> tuple[float, float]:
    """Width and height in points of page ``index`` (0-based), without loading it."""
    import pypdfium2.raw as pdfium_c

    size = pdfium_c.FS_SIZEF()
    if not pdfium_c.FPDF_GetPageSizeByIndexF(document.raw, index, ctypes.byref(size)):
        return (0.0, 0.0)
    return (size.width, size.height)


def check_page_size(number: int, width: float, height: float, limit: float) -> None:
    """Refuse a page over ``limit`` points a side (a 14,400-point page drew 6 GB)."""
    if width > limit or height > limit or not (math.isfinite(width) and math.isfinite(height)):
        raise ExtractError(
            PAGE_TOO_LARGE.format(page=number, width=width, height=height, limit=limit)
        )


def _no_page(done: int, total: int, by_ocr: bool) -> None:
    """The default PageCallback: nobody is watching."""


def read_pages(
    data: bytes,
    *,
    max_pages: int | None = None,
    time_limit_s: float | None = None,
    password: str = "",
    on_page: PageCallback = _no_page,
    ocr: bool | None = None,
) -> tuple[list[PageText], list[ScanRead]]:
    """Each page's text lines and table rows (see the module docstring), and what OCR read
    on the scanned pages and pictures (empty when ``ocr`` is off: ``OCR_ENABLED``)."""
    max_pages = max_pages if max_pages is not None else setting("PDF_MAX_PAGES", MAX_PDF_PAGES)
    time_limit_s = (
        time_limit_s
        if time_limit_s is not None
        else setting("PDF_TIME_LIMIT_SECONDS", TIME_LIMIT_S)
    )
    ocr = ocr if ocr is not None else setting("OCR_ENABLED", True)
    deadline = time.monotonic() + time_limit_s
    max_points = setting("PDF_MAX_PAGE_POINTS", MAX_PAGE_POINTS)
    check_streams(
        data,
        StreamLimits(
            max_stream_bytes=setting("PDF_MAX_STREAM_BYTES", MAX_STREAM_BYTES),
            max_total_bytes=setting("PDF_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES),
            max_operators=setting("PDF_MAX_PAGE_OBJECTS", MAX_PAGE_OBJECTS),
            max_image_pixels=setting("PDF_MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS),
            deadline=deadline,
            time_limit_s=time_limit_s,
        ),
    )
    budget = Budget(
        max_chars=setting("PDF_MAX_PAGE_CHARS", MAX_PAGE_CHARS),
        max_objects=setting("PDF_MAX_PAGE_OBJECTS", MAX_PAGE_OBJECTS),
        deadline=deadline,
        time_limit_s=time_limit_s,
    )
    seconds_per_scan = setting("OCR_SECONDS_PER_PAGE", OCR_SECONDS_PER_PAGE)
    with PDFIUM_LOCK:
        document = _open(data, password)
        try:
            count = len(document)
            if count == 0:
                raise ExtractError(DAMAGED)
            if count > max_pages:
                raise ExtractError(TOO_MANY_PAGES.format(pages=count, limit=max_pages))
            pages = []
            scans: list[ScanRead] = []
            for index in range(count):
                budget.check_time(index + 1)
                width, height = page_size(document, index)
                check_page_size(index + 1, width, height, max_points)
                layer = read_page(document.raw, index, budget)
                text = page_text(
                    index + 1, width, height, layer.words, layer.edges, has_images=layer.has_images
                )
                regions: list[tuple[float, float, float, float]] = []
                if ocr and layer.has_images:
                    box, media_top = page_box(document, index)
                    regions = scan_regions(document, index, layer, box, media_top)
                if regions:
                    # The page's OCR gets its own share of time on top of what is left, here
                    # and in the parse's budget (which the parent process enforces too).
                    extend_time(seconds_per_scan)
                    budget = replace(
                        budget,
                        deadline=budget.deadline + seconds_per_scan,
                        time_limit_s=budget.time_limit_s + seconds_per_scan,
                    )
                    pieces, reads = read_scan(document, index, regions, (width, height))
                    text = merged_page(text, pieces, whole_page=regions == [box])
                    scans.extend(reads)
                    budget.check_time(index + 1)
                pages.append(text)
                on_page(index + 1, count, bool(regions))
            return pages, scans
        finally:
            document.close()


def pdf_page_count(data: bytes) -> int:
    """How many pages a PDF has (0 when pdfium cannot open it); reads no page."""
    import pypdfium2

    with PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except Exception:  # a damaged or locked file: the parse reports it properly
            return 0
        try:
            return len(document)
        finally:
            document.close()


# --- the entry points ---------------------------------------------------------------------


def extract_pdf(  # noqa: PLR0913 - the limits and the progress hook are each a keyword
    data: bytes,
    filename: str,
    *,
    max_pages: int | None = None,
    max_bytes: int = MAX_PDF_BYTES,
    time_limit_s: float | None = None,
    password: str = "",
    on_page: PageCallback = _no_page,
    ocr: bool | None = None,
) -> RawDocument:
    """Read a PDF's text layer, and its scanned pages by OCR, into a RawDocument (see
    the module docstring).

    Raises :class:`ExtractError` with a one-line message for a PDF without any text, a
    scan while OCR is off, a password-protected or damaged file, or one over the size,
    page or time limits.
    """
    check_size("PDF", data, max_bytes)
    pages, scans = read_pages(
        data,
        max_pages=max_pages,
        time_limit_s=time_limit_s,
        password=password,
        on_page=on_page,
        ocr=ocr,
    )
    with_text = [page for page in pages if page.pieces]
    if not with_text:
        if scans:
            raise ExtractError(SCAN_UNREADABLE)
        raise ExtractError(SCANNED if any(page.has_images for page in pages) else NO_TEXT)
    notes = []
    scanned_pages = sorted({read.page for read in scans})
    if scanned_pages:
        notes.append(SCANNED_NOTE.format(pages=_page_list(scanned_pages)))
    unread = [page.number for page in pages if not page.pieces and page.has_images]
    unread = [number for number in unread if number not in scanned_pages]
    if unread:
        notes.append(
            f"第 {_page_list(unread)} 页是图片(没有文字层),未识别。"
            f" Pages {', '.join(map(str, unread))} are images without text; they were not read."
        )
    dropped = drop_running_lines(pages)
    if dropped:
        notes.append(f"已去掉 {dropped} 行页眉、页脚和页码。")
    empty = tuple(page.number for page in pages if not page.pieces and not page.has_images)
    rows = rows_of(pages)
    if scans:
        rows = place_rows(rows, scans)
    raw = assemble(data=data, filename=filename, source_format="pdf", rows=rows, notes=notes)
    return dataclasses.replace(raw, empty_pages=empty)


def _page_list(numbers: list[int]) -> str:
    """ "3、5–7" for pages 3, 5, 6 and 7."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "、".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def render_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale``, or less so that the page's image holds at most ``max_pixels`` pixels."""
    if width <= 0 or height <= 0:
        return scale
    return min(scale, math.sqrt(max_pixels / (width * height)))


def _rendered(
    data: bytes, page: int, scale: float, password: str | None, max_pixels: int
) -> tuple[Any, float, float, float]:
    """Page ``page`` drawn as a PIL image, with the scale used and the crop box's offset
    from the media box (locations are measured from the media box's top left)."""
    with PDFIUM_LOCK:
        try:
            document = _open(data, password)
        except ExtractError as exc:
            raise ValueError(str(exc)) from exc
        try:
            if not 1 <= page <= len(document):
                raise ValueError(f"the PDF has {len(document)} pages, not page {page}")
            width, height = page_size(document, page - 1)
            scale = render_scale(width, height, scale, max_pixels)
            pdf_page = document[page - 1]
            try:
                image = pdf_page.render(scale=scale).to_pil().convert("RGB")
                left, _, _, crop_top = pdf_page.get_cropbox()
                media_left, _, _, media_top = pdf_page.get_mediabox()
            finally:
                pdf_page.close()
        finally:
            document.close()
    return image, scale, left - media_left, media_top - crop_top


def _png(image: Any, info: Any = None) -> bytes:
    buffer = io.BytesIO()
    # Level 1: a page image is encoded on every highlighted request; size matters less.
    image.save(buffer, format="PNG", compress_level=1, pnginfo=info)
    return buffer.getvalue()


def _outline(
    image: Any, box: tuple[float, float, float, float], placement: tuple[float, ...]
) -> None:
    from PIL import ImageDraw

    scale, dx, dy = placement
    x0, top, x1, bottom = box
    corners = [(x0 - dx) * scale, (top - dy) * scale, (x1 - dx) * scale, (bottom - dy) * scale]
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle(corners, fill=(255, 214, 0, 70), outline=(220, 30, 30, 255), width=3)


def render_page_png(
    data: bytes, page: int, *, scale: float = RENDER_SCALE, max_pixels: int | None = None
) -> bytes:
    """Page ``page`` (1-based) as a PNG that remembers how it was drawn (scale and crop
    offset, in a text chunk), so :func:`highlight_png` can outline a box on it later
    without drawing the page again. Raises ``ValueError`` for a page the PDF lacks."""
    from PIL.PngImagePlugin import PngInfo

    limit = (
        max_pixels
        if max_pixels is not None
        else setting("PDF_RENDER_MAX_PIXELS", RENDER_MAX_PIXELS)
    )
    image, scale, dx, dy = _rendered(data, page, scale, None, limit)
    info = PngInfo()
    info.add_text(_PLACEMENT, f"{scale:.6f},{dx:.3f},{dy:.3f}")
    return _png(image, info)


def highlight_png(png: bytes, highlight: tuple[float, float, float, float]) -> bytes:
    """A page PNG from :func:`render_page_png` with ``highlight`` (points) outlined."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as source:
        placement = tuple(float(value) for value in source.text[_PLACEMENT].split(","))
        image = source.convert("RGB")
    _outline(image, highlight, placement)
    return _png(image)


_PLACEMENT = "budget-portal-placement"
CROP_MARGIN_PT = 36.0  # half an inch of the page around a cropped box


def crop_png(
    png: bytes, box: tuple[float, float, float, float], margin: float = CROP_MARGIN_PT
) -> bytes:
    """The part of a page PNG from :func:`render_page_png` around ``box`` (points), with
    ``margin`` points to spare on each side, ``box`` outlined: a cell beside its reading."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as source:
        scale, dx, dy = (float(value) for value in source.text[_PLACEMENT].split(","))
        image = source.convert("RGB")
    _outline(image, box, (scale, dx, dy))
    x0, top, x1, bottom = box
    left = max(0, int((x0 - margin - dx) * scale))
    upper = max(0, int((top - margin - dy) * scale))
    right = min(image.width, int((x1 + margin - dx) * scale))
    lower = min(image.height, int((bottom + margin - dy) * scale))
    if right <= left or lower <= upper:
        return _png(image)
    return _png(image.crop((left, upper, right, lower)))


def render_pdf_page(
    data: bytes,
    page: int,
    highlight: tuple[float, float, float, float] | None = None,
    *,
    scale: float = RENDER_SCALE,
    password: str | None = None,
    max_pixels: int | None = None,
) -> bytes:
    """Render page ``page`` (1-based) of a PDF as PNG bytes, ``highlight`` box outlined.

    ``highlight`` is ``(x0, top, x1, bottom)`` in PDF points from the page's top left
    corner, as :func:`parse_location` returns it for a line or cell. The image holds at
    most ``max_pixels`` pixels (``PDF_RENDER_MAX_PIXELS``): a larger page is drawn at a
    smaller scale. Raises ``ValueError`` for a page the document does not have.
    Pages are drawn unrotated.
    """
    limit = (
        max_pixels
        if max_pixels is not None
        else setting("PDF_RENDER_MAX_PIXELS", RENDER_MAX_PIXELS)
    )
    image, scale, dx, dy = _rendered(data, page, scale, password, limit)
    if highlight is not None:
        _outline(image, highlight, (scale, dx, dy))
    return _png(image)
