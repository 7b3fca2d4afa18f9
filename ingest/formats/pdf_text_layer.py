"""One page of a PDF's text layer, through pdfium: its glyphs with their boxes, its rules.

pdfium (pypdfium2) parses a page in C, about 30 times faster than pdfminer did; this
module asks it, through its raw C functions (the helper objects cost more than the work
on a page of 2,000 glyphs), for:

- every printed glyph: its text, its box and its size (:class:`Word`). The box runs
  from the glyph's origin over its advance width, and vertically over the em box
  around the baseline (0.88 em above, 0.12 em below: where CJK fonts draw), so that
  glyphs of one line share their tops whatever their font's own metrics say. Spaces
  and line breaks that pdfium makes up between text objects are not glyphs and are
  left out; spaces printed as glyphs are kept (they separate words).
- every ruling segment: the horizontal and vertical sides of the page's path
  objects (lines, rectangles, the borders of filled cells), also inside form
  XObjects, as :class:`~ingest.formats.ruled_tables.Edge`.
- whether the page holds images (a scan, or a scanned table pasted into a page).

What is not printed is not read:

- Glyphs outside the page's crop box, or outside the clipping path of their text
  object. WPS prints a text frame that runs over a page break whole on both pages,
  clipped to the part each page shows (sh-putuo-commerce-2025-unit.pdf, pages 3-4,
  2025): without the clip, that text was read two or three times.
- (A glyph drawn again over itself, "fake bold", is read once: see
  :mod:`ingest.formats.word_positions`.)

Bounds: a page whose glyphs or objects exceed the limits given, or that takes past
the deadline, raises :class:`~ingest.errors.ExtractError` naming the page and the limit,
checked inside the loops (a page of two million text objects would otherwise hold the
process for a minute).
"""

from __future__ import annotations

import ctypes
import math
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

from ingest.errors import ExtractError
from ingest.formats.ruled_tables import Edge
from ingest.formats.word_positions import Word
from ingest.normalize import normalize_text

ASCENT_EM = 0.88
DESCENT_EM = 0.12
AXIS_SLACK = 0.1  # points: a segment this close to level or plumb counts as a rule
CHECK_EVERY = 512  # glyphs or objects between two looks at the clock
MAX_FORM_DEPTH = 8

TOO_MANY_CHARS = (
    "第 {page} 页的文字超过 {limit} 个字符的上限,已停止读取。"
    " Page {page} has more than {limit} characters."
)
TOO_MANY_OBJECTS = (
    "第 {page} 页的对象(文字、线条、图片)超过 {limit} 个的上限,已停止读取。"
    " Page {page} has more than {limit} objects."
)
TOO_SLOW = (
    "PDF 解析超过 {limit:.0f} 秒的时间上限(读到第 {page} 页)。"
    " Reading the PDF took longer than {limit:.0f} s (stopped at page {page})."
)

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
# pdfium marks a hyphen it takes for a line-end hyphenation with U+FFFE.
_SUBSTITUTES = {"\ufffe": "-"}
_SEGMENT_LINE, _SEGMENT_BEZIER, _SEGMENT_MOVE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Budget:
    """How much one page may hold, and when reading must stop (``time.monotonic()``)."""

    max_chars: int
    max_objects: int
    deadline: float
    time_limit_s: float

    def check_time(self, page: int) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractError(TOO_SLOW.format(limit=self.time_limit_s, page=page))


@dataclass(slots=True)
class PageLayer:
    """The text layer of one page: glyphs, ruling edges, and whether it holds images."""

    words: list[Word] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    has_images: bool = False


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


class _Reader:
    """Reads one loaded pdfium page; holds the ctypes out-parameters it reuses."""

    def __init__(
        self, page: Any, number: int, budget: Budget, box: tuple[float, float, float, float]
    ) -> None:
        self.page = page
        self.number = number
        self.budget = budget
        # The page's crop box in PDF coordinates, and the top of its media box, from
        # which "top" is measured.
        self.left, self.bottom, self.right, self.top = box
        self.media_top = 0.0
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._fx, self._fy = ctypes.c_float(), ctypes.c_float()
        self._rect = pdfium_c.FS_RECTF()
        self._matrix = pdfium_c.FS_MATRIX()
        self._l, self._b, self._r, self._t = (ctypes.c_float() for _ in range(4))
        self.objects = 0

    # --- objects: rules and images ---------------------------------------------------------

    def _too_many(self) -> ExtractError:
        return ExtractError(
            TOO_MANY_OBJECTS.format(page=self.number, limit=self.budget.max_objects)
        )

    def _object_matrix(self, obj: int) -> Matrix:
        m = self._matrix
        if not _object_get_matrix(obj, m):
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def objects_of(self, layer: PageLayer) -> None:
        """Every object of the page, and of the forms it places, counted against the budget;
        paths give their rules, images say the page holds images."""
        count = pdfium_c.FPDFPage_CountObjects(self.page)
        if count > self.budget.max_objects:
            raise self._too_many()
        self._objects(
            [_page_object(self.page, index) for index in range(count)], _IDENTITY, layer, 0
        )

    def _objects(self, objects: list[int], outer: Matrix, layer: PageLayer, depth: int) -> None:
        self.objects += len(objects)
        if self.objects > self.budget.max_objects:
            raise self._too_many()
        for done, obj in enumerate(objects):
            if done % CHECK_EVERY == 0:
                self.budget.check_time(self.number)
            kind = _object_type(obj)
            if kind == _PATH:
                if outer is _IDENTITY and self._thin_path(obj, layer.edges):
                    continue
                layer.edges.extend(self._path_edges(obj, outer))
            elif kind == _IMAGE:
                layer.has_images = True
            elif kind == _FORM and depth < MAX_FORM_DEPTH:
                matrix = _compose(self._object_matrix(obj), outer)
                inner = [_form_object(obj, index) for index in range(_form_count(obj))]
                self._objects(inner, matrix, layer, depth + 1)

    def _thin_path(self, obj: int, edges: list[Edge]) -> bool:
        """A thin path (a rule drawn as a line or a filled bar) is its bounding box: one
        call instead of three for each of its points. False for any other path."""
        low_x, low_y, high_x, high_y = self._l, self._b, self._r, self._t
        if not _object_bounds(obj, low_x, low_y, high_x, high_y):
            return False
        x0, y0, x1, y1 = low_x.value, low_y.value, high_x.value, high_y.value
        if x1 - x0 >= 2.0 and y1 - y0 >= 2.0:
            return False
        # Sides shorter than a point are no rule (ruled_tables drops them).
        top, bottom = self.media_top - y1, self.media_top - y0
        if x1 - x0 >= 1.0:
            edges += (Edge(x0, top, x1, top), Edge(x0, bottom, x1, bottom))
        if bottom - top >= 1.0:
            edges += (Edge(x0, top, x0, bottom), Edge(x1, top, x1, bottom))
        return True

    def _path_edges(self, obj: int, outer: Matrix) -> Iterator[Edge]:
        """The level and plumb sides of a path (every side of a rectangle)."""
        matrix = _compose(self._object_matrix(obj), outer)
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for index in range(_path_count(obj)):
            segment = _path_segment(obj, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, self._fx, self._fy)
            x, y = _apply(matrix, self._fx.value, self._fy.value)
            point = (x, self.media_top - y)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == _SEGMENT_MOVE or not points:
                start = point
            elif kind == _SEGMENT_LINE:
                edge = _level_or_plumb(points[-1], point)
                if edge is not None:
                    yield edge
            points.append(point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                edge = _level_or_plumb(point, start)
                if edge is not None:
                    yield edge

    # --- glyphs -------------------------------------------------------------------------------

    def _clip_box(self, obj: int) -> tuple[float, float, float, float] | None:
        """The bounding box of an object's clipping path (its paths intersected), in PDF
        coordinates; ``None`` when it has none."""
        clip = _clip_path(obj)
        if not clip:
            return None
        fx, fy = self._fx, self._fy
        box: tuple[float, float, float, float] | None = None
        for path in range(_clip_count(clip)):
            xs, ys = [], []
            for index in range(_clip_segments(clip, path)):
                _segment_point(_clip_segment(clip, path, index), fx, fy)
                xs.append(fx.value)
                ys.append(fy.value)
            if not xs:
                continue
            path_box = (min(xs), min(ys), max(xs), max(ys))
            box = (
                path_box
                if box is None
                else (
                    max(box[0], path_box[0]),
                    max(box[1], path_box[1]),
                    min(box[2], path_box[2]),
                    min(box[3], path_box[3]),
                )
            )
        return box

    def glyphs(self, text_page: Any, layer: PageLayer) -> None:
        """Every printed glyph of the page, in pdfium's order (see the module docstring)."""
        count = pdfium_c.FPDFText_CountChars(text_page)
        if count > self.budget.max_chars:
            raise ExtractError(TOO_MANY_CHARS.format(page=self.number, limit=self.budget.max_chars))
        text = _page_text(text_page, count)
        x, y = self._x, self._y
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        last_object = None
        last_origin = (math.nan, math.nan)
        words = layer.words
        self._pieces: list[int] = []
        self._clips: dict[float, tuple[float, float, float, float]] = {}
        for index in range(count):
            if index % CHECK_EVERY == 0:
                self.budget.check_time(self.number)
            obj = _text_object(text_page, index)
            if not obj:
                continue  # a space or line break pdfium made up
            if obj != last_object:
                last_object = obj
                self._start_object(text_page, index, obj)
            get_origin(text_page, index, x, y)
            origin = (x.value, y.value)
            char = text[index] if text is not None else _unicode(text_page, index)
            if origin == last_origin and not char.isspace():
                # One glyph that stands for several characters (a ligature, a "——"):
                # pdfium gives each character the glyph's origin and box.
                words[-1] = _extended(words[-1], char)
                continue
            word = self._glyph(text_page, index, char, origin, len(words))
            last_origin = (math.nan, math.nan) if word is None else origin
            if word is not None:
                words.append(word)
        _fit_pieces(words, self._pieces)

    def _start_object(self, text_page: Any, index: int, obj: int) -> None:
        """The size of the text object's glyphs; its clip is read when needed."""
        matrix = self._matrix
        pdfium_c.FPDFText_GetMatrix(text_page, index, matrix)
        scale = (matrix.c**2 + matrix.d**2) ** 0.5 or 1.0
        self._size = pdfium_c.FPDFText_GetFontSize(text_page, index) * scale
        self._object = obj
        self._clip: tuple[float, float, float, float] | None = None

    def _glyph(
        self, text_page: Any, index: int, char: str, origin: tuple[float, float], position: int
    ) -> Word | None:
        """The glyph at ``index`` as a Word, or None when it is not printed."""
        ox, oy = origin
        if char < " " and not char.isspace():
            return None  # a control character a broken ToUnicode map gives (NUL …)
        if not (self.left <= ox <= self.right and self.bottom <= oy <= self.top):
            return None  # outside the crop box: not printed
        size, rect = self._size, self._rect
        pdfium_c.FPDFText_GetLooseCharBox(text_page, index, rect)
        x1 = rect.right
        replaced = rect.left - ox > 0.01 or ox - rect.left > 0.01
        if replaced:
            # pdfium has replaced the character (a Kangxi radical by the hanzi, a
            # ligature by its letters) and gives the glyph's ink box: a hanzi is one em
            # wide, a letter reaches the next glyph (see _fit_pieces).
            char = _SIMPLIFIED.get(char, char)
            x1 = ox + size if _is_wide(char) else max(rect.right, ox)
        if not self._shown(ox, oy, x1):
            return None
        if replaced:  # only a glyph that becomes a word: ``position`` is its index
            self._pieces.append(position)
        baseline = self.media_top - oy
        return Word(
            _SUBSTITUTES.get(char, char),
            ox,
            baseline - ASCENT_EM * size,
            x1,
            baseline + DESCENT_EM * size,
            size,
        )

    def _shown(self, x0: float, y: float, x1: float) -> bool:
        """Whether a glyph shows inside its object's clip.

        Reading a clipping path costs a dozen calls, and WPS makes a text object of
        every glyph: a glyph inside the clip of a shown glyph on its line is taken as
        shown; only the others are held to their own object's clip.
        """
        line = round(y, 1)
        shown = self._clips.get(line)
        if shown is not None and _inside_clip(shown, x0, y, x1, self._size):
            return True
        if self._clip is None:
            self._clip = self._clip_box(self._object) or _NO_CLIP
        if not _inside_clip(self._clip, x0, y, x1, self._size):
            return False  # clipped away entirely
        self._clips[line] = self._clip
        return True


_NO_CLIP = (-math.inf, -math.inf, math.inf, math.inf)


def _inside_clip(
    clip: tuple[float, float, float, float], x0: float, y: float, x1: float, size: float
) -> bool:
    """Whether a glyph (origin ``x0, y``, right edge ``x1``) shows at all inside ``clip``."""
    return not (x1 < clip[0] or x0 > clip[2] or y + size < clip[1] or y > clip[3])


def _unicode(text_page: Any, index: int) -> str:
    try:
        return chr(pdfium_c.FPDFText_GetUnicode(text_page, index))
    except ValueError:
        return "\ufffd"


def _extended(word: Word, char: str) -> Word:
    return Word(word.text + char, word.x0, word.top, word.x1, word.bottom, word.size)


def _fit_pieces(words: list[Word], pieces: list[int]) -> None:
    """A replaced Latin letter reaches to the next glyph on its line (its advance)."""
    for index in pieces:
        word = words[index]
        if _is_wide(word.text) or index + 1 >= len(words):
            continue
        following = words[index + 1]
        if abs(following.top - word.top) < 1 and word.x0 < following.x0 < word.x0 + word.size:
            words[index] = Word(word.text, word.x0, word.top, following.x0, word.bottom, word.size)


def _by_address(name: str, argtypes: tuple[Any, ...], restype: Any) -> Any:
    """A copy of a pdfium function taking or giving page objects as plain addresses:
    comparing two ctypes pointers costs a cast each, about 4 µs, on every glyph."""
    original = getattr(pdfium_c, name)
    function = type(original)(ctypes.cast(original, ctypes.c_void_p).value)
    function.argtypes = argtypes
    function.restype = restype
    return function


_ADDRESS = ctypes.c_void_p
_FLOAT = ctypes.POINTER(ctypes.c_float)
_text_object = _by_address(
    "FPDFText_GetTextObject", (pdfium_c.FPDF_TEXTPAGE, ctypes.c_int), _ADDRESS
)
_clip_path = _by_address("FPDFPageObj_GetClipPath", (_ADDRESS,), pdfium_c.FPDF_CLIPPATH)
_page_object = _by_address("FPDFPage_GetObject", (pdfium_c.FPDF_PAGE, ctypes.c_int), _ADDRESS)
_object_type = _by_address("FPDFPageObj_GetType", (_ADDRESS,), ctypes.c_int)
_object_bounds = _by_address(
    "FPDFPageObj_GetBounds", (_ADDRESS, _FLOAT, _FLOAT, _FLOAT, _FLOAT), ctypes.c_int
)
_object_get_matrix = _by_address(
    "FPDFPageObj_GetMatrix", (_ADDRESS, ctypes.POINTER(pdfium_c.FS_MATRIX)), ctypes.c_int
)
_form_count = _by_address("FPDFFormObj_CountObjects", (_ADDRESS,), ctypes.c_int)
_form_object = _by_address("FPDFFormObj_GetObject", (_ADDRESS, ctypes.c_ulong), _ADDRESS)
_clip_count = _by_address("FPDFClipPath_CountPaths", (pdfium_c.FPDF_CLIPPATH,), ctypes.c_int)
_clip_segments = _by_address(
    "FPDFClipPath_CountPathSegments", (pdfium_c.FPDF_CLIPPATH, ctypes.c_int), ctypes.c_int
)
_clip_segment = _by_address(
    "FPDFClipPath_GetPathSegment",
    (pdfium_c.FPDF_CLIPPATH, ctypes.c_int, ctypes.c_int),
    _ADDRESS,
)
_segment_point = _by_address("FPDFPathSegment_GetPoint", (_ADDRESS, _FLOAT, _FLOAT), ctypes.c_int)
_path_count = _by_address("FPDFPath_CountSegments", (_ADDRESS,), ctypes.c_int)
_path_segment = _by_address(
    "FPDFPath_GetPathSegment", (_ADDRESS, ctypes.c_int), pdfium_c.FPDF_PATHSEGMENT
)


def _simplified() -> dict[str, str]:
    """Traditional hanzi -> the simplified one a Kangxi radical look-alike stands for.

    pdfium replaces a Kangxi radical (⾺, U+2FBA) by the hanzi Unicode folds it into
    (馬); fonts of simplified-Chinese documents use the radical for the simplified
    character (马), which :func:`ingest.normalize.normalize_text` restores from the
    radical. The same mapping, keyed by pdfium's replacement, except where a CJK
    Radicals Supplement look-alike stands for the traditional character itself (⻑ for
    長): pdfium folds both to 長, and the text keeps what the page prints.
    """
    kept = {normalize_text(chr(code)) for code in range(0x2E80, 0x2EF4)}
    # Dots share one glyph too; the text means the middle dot.
    table = {"・": "·", "•": "·"}
    for code in range(0x2F00, 0x2FD6):
        radical = chr(code)
        folded = unicodedata.normalize("NFKC", radical)
        simplified = normalize_text(radical)
        if simplified != folded and folded not in kept:
            table[folded] = simplified
    return table


_SIMPLIFIED = _simplified()


def _is_wide(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
    )


def _page_text(text_page: Any, count: int) -> str | None:
    """All characters of the page in one call; ``None`` when they do not map one to one
    (characters beyond the BMP take two UTF-16 units), so each is asked for instead."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(
        text_page, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: max(0, written - 1) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _level_or_plumb(a: tuple[float, float], b: tuple[float, float]) -> Edge | None:
    if abs(a[1] - b[1]) <= AXIS_SLACK:
        y = (a[1] + b[1]) / 2
        return Edge(min(a[0], b[0]), y, max(a[0], b[0]), y)
    if abs(a[0] - b[0]) <= AXIS_SLACK:
        x = (a[0] + b[0]) / 2
        return Edge(x, min(a[1], b[1]), x, max(a[1], b[1]))
    return None


def _rectangle_edges(x0: float, top: float, x1: float, bottom: float) -> Iterator[Edge]:
    yield Edge(x0, top, x1, top)
    yield Edge(x0, bottom, x1, bottom)
    yield Edge(x0, top, x0, bottom)
    yield Edge(x1, top, x1, bottom)


def read_page(document: Any, index: int, budget: Budget) -> PageLayer:
    """The glyphs, ruling edges and images of page ``index`` (0-based) of an open pdfium
    document (``FPDF_DOCUMENT``). Raises ExtractError past the budget."""
    number = index + 1
    page = pdfium_c.FPDF_LoadPage(document, index)
    if not page:
        return PageLayer()
    try:
        layer = PageLayer()
        box = _crop_box(page)
        reader = _Reader(page, number, budget, box)
        reader.media_top = _media_top(page)
        reader.objects_of(layer)
        text_page = pdfium_c.FPDFText_LoadPage(page)
        if text_page:
            try:
                reader.glyphs(text_page, layer)
            finally:
                pdfium_c.FPDFText_ClosePage(text_page)
        return layer
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _media_top(page: Any) -> float:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if pdfium_c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        return max(bottom.value, top.value)
    return pdfium_c.FPDF_GetPageHeightF(page)


def _crop_box(page: Any) -> tuple[float, float, float, float]:
    """The visible part of the page: its crop box, or its media box."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if pdfium_c.FPDFPage_GetCropBox(
        page, left, bottom, right, top
    ) or pdfium_c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        x0, x1 = sorted((left.value, right.value))
        y0, y1 = sorted((bottom.value, top.value))
        return (x0 - 1, y0 - 1, x1 + 1, y1 + 1)
    width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    return (-1.0, -1.0, width + 1, height + 1)
