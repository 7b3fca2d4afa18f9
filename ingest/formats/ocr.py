"""Scanned pages read by OCR: a page image -> words with boxes and confidences -> PageText.

Many county and township departments publish their disclosures as scans: PDF pages that
are one picture each, or a scanned table pasted into a text PDF. Such a page (or the
picture's region of it) is read here and handed to the same
:func:`ingest.formats.word_positions.page_text` as a text layer's glyphs, so that the
parser downstream cannot tell the difference, except that every cell keeps the
confidence of its reading:

1. The page (or the picture's region) is drawn in grey at :data:`DPI` by pdfium.
2. It is straightened: the skew that levels its rows (:func:`image_grid.skew_angle`,
   within ±5°) is undone, so table rows and text lines lie level.
3. rapidocr (the PP-OCRv6 Chinese detection and recognition models that ship inside the
   ``rapidocr`` wheel, run by ONNX Runtime on the CPU; nothing is downloaded) finds the
   phrases and reads them, with a score per character. A phrase is split into words at
   its spaces, except a stray space after a number's comma or point ("66, 410. 00"), and
   where it crosses a vertical rule; a word's confidence is its characters' lowest score.
4. A page whose phrases mostly stand upright (a landscape table scanned sideways) is
   turned a quarter; a page read with low confidence is tried upside down too, and the
   reading with the better confidence is kept.
5. The table grid comes from the image's ruling lines (:func:`image_grid.find_rules`,
   found before step 3 and painted out of the image OCR reads); a table printed without
   them is left to the words' alignment (``word_positions``).

Coordinates handed on are PDF points from the top left of the page's media box, like
the text layer's, in the straightened frame; :class:`Placement` maps a box back onto the
page as it is drawn (for the source viewer's outline).

The OCR engine loads on first use (seconds, and several hundred MB with ONNX Runtime):
only the worker and the command line read files, never a web request (see
``ingest.services``). Settings: ``OCR_DPI``, ``OCR_THREADS``, ``OCR_SECONDS_PER_PAGE``
(.env.example).
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import ExtractError
from ingest.formats.common import setting
from ingest.formats.image_grid import find_rules, skew_angle
from ingest.formats.ruled_tables import Edge
from ingest.formats.word_positions import PageText, Word, page_text

logger = logging.getLogger(__name__)

Box = tuple[float, float, float, float]

DPI = 150  # table digits read reliably; every step costs in proportion to the pixels
MAX_PIXELS = 9_000_000  # an A3 page at 150 dpi is 4.2 million; larger pages are drawn smaller
THREADS = 1  # a worker node runs one process per core: one thread each does not oversubscribe
SECONDS_PER_PAGE = 60.0  # the parse's time budget grows by this for every page read by OCR
# Phrases read with a lower score are noise (a speck read as "一"); those kept down to it are
# marked for review (see ingest.formats.ocr_review) rather than dropped unseen.
MIN_TEXT_SCORE = 0.3
UNCLIP_RATIO = 2.0
BOX_THRESHOLD = 0.3
DETECTION_MODEL = "PP-OCRv6_det_small.onnx"
RECOGNITION_MODEL = "PP-OCRv6_rec_small.onnx"
_UPRIGHT_SHARE = 0.6  # more phrases than this standing upright: the page lies sideways
_RETRY_BELOW = 0.8  # a page read with a lower median confidence is tried upside down too
_SKEW_MIN_DEGREES = 0.05
# A cell with at least this much dark ink (away from its rules) holds something to read.
_CELL_INSET_PX = 4
_INK_LEVEL = 128
_MIN_INK_PX = 40
_MIN_INK_SHARE = 0.01  # a smaller skew is left alone (turning blurs the image a little)
# A stray space OCR puts inside a printed number, after its thousands comma or its point.
_SPACE_IN_NUMBER = re.compile(r"(?<=\d[,.，．]) (?=\d)")


@dataclass(frozen=True, slots=True)
class Placement:
    """How the straightened image's points map onto the page: ``page = matrix · point``.

    ``matrix`` is (a, b, c, d, e, f): x' = a·x + b·y + e, y' = c·x + d·y + f.
    """

    matrix: tuple[float, float, float, float, float, float]

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.matrix
        return (a * x + b * y + e, c * x + d * y + f)

    def box(self, box: Box) -> Box:
        """The page's box around ``box`` of the straightened frame (its corners mapped)."""
        x0, top, x1, bottom = box
        corners = [self.point(x, y) for x in (x0, x1) for y in (top, bottom)]
        xs = [x for x, _ in corners]
        ys = [y for _, y in corners]
        return (min(xs), min(ys), max(xs), max(ys))


IDENTITY = Placement((1.0, 0.0, 0.0, 1.0, 0.0, 0.0))


@dataclass(slots=True)
class ScannedPage:
    """What OCR read on one page: its pieces, the words they came from, and the mapping
    of their (straightened) boxes back onto the page."""

    text: PageText
    words: list[Word]
    placement: Placement
    skew_degrees: float = 0.0
    quarter_turns: int = 0
    # Table cells (straightened frame) with ink on them that OCR read nothing from.
    unread: list[Box] = field(default_factory=list)


# --- the engine --------------------------------------------------------------------------------


MODELS_MISSING = (
    "文字识别(OCR)模型文件缺失,无法读取扫描件;请重新安装依赖(rapidocr)。"
    " The OCR models are missing; reinstall the rapidocr package."
)


def _model_path(name: str) -> str:
    """A model shipped inside the rapidocr wheel. Naming the file makes rapidocr load it
    rather than look for a download (it downloads only when given no path)."""
    import rapidocr

    path = Path(rapidocr.__file__).parent / "models" / name
    if not path.is_file():
        raise ExtractError(MODELS_MISSING)
    return str(path)


@functools.lru_cache(maxsize=2)
def _engine(threads: int) -> Any:
    # Imported here: onnxruntime and OpenCV take seconds and hundreds of MB to load, which
    # only a process that reads a scan should pay.
    from rapidocr import RapidOCR

    logger.info("loading the OCR models (%s thread(s))", threads)
    return RapidOCR(
        params={
            "Global.use_cls": False,  # pages are turned upright as a whole (see _read_oriented)
            "Global.text_score": MIN_TEXT_SCORE,
            "Global.log_level": "error",
            "Det.model_path": _model_path(DETECTION_MODEL),
            "Rec.model_path": _model_path(RECOGNITION_MODEL),
            # Boxes drawn wider than the default 1.6: a thin first stroke ("一、") is kept.
            "Det.unclip_ratio": UNCLIP_RATIO,
            # A lone character in a narrow cell (类 / 款 / 项 headers) scores below the
            # default 0.5 as a box; recognition's score still filters noise.
            "Det.box_thresh": BOX_THRESHOLD,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


def ocr_engine() -> Any:
    """The process's OCR engine (loaded once, with ``OCR_THREADS`` threads)."""
    return _engine(max(1, setting("OCR_THREADS", THREADS)))


# --- phrases -> words ---------------------------------------------------------------------------


def _bounds(points: Sequence[Sequence[float]]) -> Box:
    xs = [float(point[0]) for point in points]
    ys = [float(point[1]) for point in points]
    return (min(xs), min(ys), max(xs), max(ys))


def phrase_words(
    pieces: Sequence[tuple[str, float, Sequence[Sequence[float]]]],
    *,
    points_per_pixel: float = 1.0,
    cuts: Sequence[float] = (),
) -> list[Word]:
    """One OCR phrase, given as its recognized pieces (text, score, box in pixels; a
    character, or a run of Latin letters and digits), as words in points.

    The phrase is split at its spaces (a stray space after a number's comma or point is
    dropped instead) and between two pieces that a vertical rule falls between (``cuts``:
    x in pixels; OCR reads an amount ending at a cell's right border and the next cell's
    first word as one phrase). A word is boxed by its pieces, as high as the phrase, and is
    as confident as its least certain piece.
    """
    boxes = [_bounds(box) for _, _, box in pieces]
    top = min((box[1] for box in boxes), default=0.0)
    bottom = max((box[3] for box in boxes), default=0.0)
    words: list[Word] = []
    current: list[int] = []

    def close() -> None:
        if current:
            text = "".join(pieces[i][0] for i in current).strip()
            if text:
                words.append(
                    Word(
                        text,
                        min(boxes[i][0] for i in current) * points_per_pixel,
                        top * points_per_pixel,
                        max(boxes[i][2] for i in current) * points_per_pixel,
                        bottom * points_per_pixel,
                        (bottom - top) * points_per_pixel,
                        min(float(pieces[i][1]) for i in current),
                    )
                )
        current.clear()

    solid = [index for index, (text, _, _) in enumerate(pieces) if text and not text.isspace()]
    cut_before = _amount_cuts(
        [pieces[index][0] for index in solid],
        {
            position
            for position in range(1, len(solid))
            if any(
                _centre(boxes[solid[position - 1]]) < cut < _centre(boxes[solid[position]])
                for cut in cuts
            )
        },
    )
    cut_pieces = {solid[position] for position in cut_before}
    for index, (text, _, _) in enumerate(pieces):
        if text.isspace() or not text:
            before = "".join(pieces[i][0] for i in current)[-2:]
            after = pieces[index + 1][0] if index + 1 < len(pieces) else ""
            if not _SPACE_IN_NUMBER.search(f"{before} {after[:1]}"):
                close()
            continue
        if current and index in cut_pieces:
            close()
        current.append(index)
    close()
    return words


def _centre(box: Box) -> float:
    return (box[0] + box[2]) / 2


# An amount as documents print it: thousands grouped by commas, or not at all; any decimals.
_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_AMOUNT_CHARS = frozenset("0123456789,.-")
AMOUNT_CUT_SHIFTS = (1, -1, 2, -2)  # characters a cut may move: the boxes are shared out evenly


def _two_amounts(left: str, right: str) -> bool:
    """Both sides read as amounts with as many decimals (two cells of one table)."""
    first, second = _AMOUNT.fullmatch(left), _AMOUNT.fullmatch(right)
    if first is None or second is None:
        return False
    return len(first.group(1) or "") == len(second.group(1) or "")


def _amount_cuts(chars: Sequence[str], cuts: set[int]) -> set[int]:
    """Cuts (positions in ``chars``) at vertical rules, each moved by a character or two when
    it splits a run of digits into two malformed amounts and a nearby cut gives two well
    formed ones: the characters' boxes of a piece are shared out evenly, so a rule between
    touching amounts ("3,807,295.583,807,295.58") can fall one character off."""
    moved: set[int] = set()
    for cut in sorted(cuts):
        start, end = cut, cut
        while (
            start > 0 and chars[start - 1] in _AMOUNT_CHARS and (start == cut or start not in moved)
        ):
            start -= 1
        while end < len(chars) and chars[end] in _AMOUNT_CHARS and (end == cut or end not in cuts):
            end += 1
        run, split = "".join(chars[start:end]), cut - start
        best = cut
        if 0 < split < len(run) and not _two_amounts(run[:split], run[split:]):
            best = next(
                (
                    cut + shift
                    for shift in AMOUNT_CUT_SHIFTS
                    if 0 < split + shift < len(run)
                    and _two_amounts(run[: split + shift], run[split + shift :])
                ),
                cut,
            )
        moved.add(best)
    return moved


def _characters(
    piece: tuple[str, float, Sequence[Sequence[float]]],
) -> list[tuple[str, float, Sequence[Sequence[float]]]]:
    """A recognized piece of several characters (OCR gives a run of digits or Latin letters
    as one: "82,096,797.4282,096,797.42" when two amounts touch) as its characters, the
    box shared out evenly, so that a vertical rule or a space can fall between them."""
    text, score, box = piece
    if len(text) <= 1:
        return [piece]
    x0, top, x1, bottom = _bounds(box)
    step = (x1 - x0) / len(text)
    return [
        (
            char,
            score,
            [
                [x0 + i * step, top],
                [x0 + (i + 1) * step, top],
                [x0 + (i + 1) * step, bottom],
                [x0 + i * step, bottom],
            ],
        )
        for i, char in enumerate(text)
    ]


def _phrase_pieces(
    text: str, score: float, box: Sequence[Sequence[float]], results: Any
) -> list[tuple[str, float, Sequence[Sequence[float]]]]:
    """The phrase's recognized characters with their boxes, or, when OCR gave pieces that
    do not spell the phrase, the phrase's characters with its box shared out evenly."""
    pieces = [(str(piece[0]), float(piece[1]), piece[2]) for piece in results or ()]
    if not (
        pieces and "".join(piece[0] for piece in pieces).replace(" ", "") == text.replace(" ", "")
    ):
        pieces = [(text, score, box)]
    return [char for piece in pieces for char in _characters(piece)]


def _crossing(verticals: Sequence[Edge], box: Box) -> list[float]:
    """The x of the vertical rules (pixels) that cross the middle of ``box`` (pixels)."""
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    return [
        edge.x0 for edge in verticals if x0 < edge.x0 < x1 and edge.top <= middle <= edge.bottom
    ]


# What ONNX Runtime says when an allocation fails (under the parse's memory budget, RLIMIT_AS):
# its C++ std::bad_alloc comes back as a RuntimeException carrying these words.
_ALLOCATION_FAILED = ("bad_alloc", "Failed to allocate")


def _run_engine(image: Any) -> Any:
    """OCR of one image; an allocation ONNX Runtime could not make is a MemoryError, so the
    parse reports its memory budget instead of an internal error."""
    try:
        return ocr_engine()(image, return_word_box=True)
    except MemoryError:
        raise
    except Exception as exc:
        if any(words in str(exc) for words in _ALLOCATION_FAILED):
            raise MemoryError(str(exc).splitlines()[0] if str(exc) else "") from exc
        raise


def read_words(
    image: Any, *, points_per_pixel: float, verticals: Sequence[Edge] = ()
) -> list[Word]:
    """The words OCR reads on a grey or BGR image, in points (``points_per_pixel``);
    phrases are split where they cross a vertical rule (``verticals``, in pixels)."""
    import cv2

    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    output = _run_engine(image)
    if output.boxes is None or output.txts is None:
        return []
    results = output.word_results or ((),) * len(output.txts)
    words: list[Word] = []
    for box, text, score, pieces in zip(
        output.boxes, output.txts, output.scores, results, strict=False
    ):
        words.extend(
            phrase_words(
                _phrase_pieces(str(text), float(score), box, pieces),
                points_per_pixel=points_per_pixel,
                cuts=_crossing(verticals, _bounds(box)),
            )
        )
    return words


# --- straightening --------------------------------------------------------------------------------


def _turned(gray: Any, degrees: float) -> tuple[Any, Any]:
    """``gray`` turned by ``degrees`` on a canvas large enough to keep every corner, white
    where nothing was; and the 2×3 matrix taking the turned image's pixels back."""
    import cv2
    import numpy as np

    height, width = gray.shape
    radians = math.radians(degrees)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    new_width = math.ceil(width * cos + height * sin)
    new_height = math.ceil(width * sin + height * cos)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    matrix[0, 2] += (new_width - width) / 2
    matrix[1, 2] += (new_height - height) / 2
    turned = cv2.warpAffine(
        gray,
        matrix,
        (new_width, new_height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )
    return turned, cv2.invertAffineTransform(matrix).astype(np.float64)


def _quarter_turned(gray: Any, turns: int) -> tuple[Any, Any]:
    """``gray`` turned by ``turns`` quarters clockwise, and the matrix taking it back."""
    import numpy as np

    turns %= 4
    height, width = gray.shape
    turned = np.ascontiguousarray(np.rot90(gray, -turns))
    # Back from the turned image's (x, y) to the original's.
    back = {
        0: [[1, 0, 0], [0, 1, 0]],
        1: [[0, 1, 0], [-1, 0, height - 1]],
        2: [[-1, 0, width - 1], [0, -1, height - 1]],
        3: [[0, -1, width - 1], [1, 0, 0]],
    }[turns]
    return turned, np.array(back, dtype=np.float64)


def _compose(outer: Any, inner: Any) -> Any:
    """The 2×3 affine matrix of ``inner`` then ``outer``."""
    import numpy as np

    full = np.vstack([outer, [0, 0, 1]]) @ np.vstack([inner, [0, 0, 1]])
    return full[:2]


def _placement(back_px: Any, points_per_pixel: float, offset: tuple[float, float]) -> Placement:
    """Straightened points -> page points: to pixels (less ``offset``), back through
    ``back_px`` into the drawn image's pixels, to points (plus ``offset``)."""
    import numpy as np

    dx, dy = offset
    scale = points_per_pixel
    to_pixels = np.array([[1 / scale, 0, -dx / scale], [0, 1 / scale, -dy / scale]])
    to_points = np.array([[scale, 0, dx], [0, scale, dy]], dtype=np.float64)
    full = _compose(to_points, _compose(back_px, to_pixels))
    (a, b, e), (c, d, f) = full.tolist()
    return Placement((a, b, c, d, e, f))


# --- one page ---------------------------------------------------------------------------------


def _median_confidence(words: Sequence[Word]) -> float:
    scores = sorted(word.confidence for word in words if word.confidence is not None)
    return scores[len(scores) // 2] if scores else 0.0


def _stands_upright(words: Sequence[Word]) -> bool:
    """Whether most phrases of several characters are taller than wide (text running
    down the image: the page was scanned sideways)."""
    long_words = [word for word in words if len(word.text) >= 3]
    if len(long_words) < 5:
        return False
    upright = sum(1 for word in long_words if word.bottom - word.top > word.x1 - word.x0)
    return upright > _UPRIGHT_SHARE * len(long_words)


def _straightened(gray: Any) -> tuple[Any, Any, float]:
    """The image with its skew undone, the matrix back to ``gray``, and the skew."""
    import numpy as np

    degrees = skew_angle(gray)
    if abs(degrees) < _SKEW_MIN_DEGREES:
        return gray, np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float64), 0.0
    image, back = _turned(gray, degrees)
    return image, back, degrees


@dataclass(slots=True)
class _Reading:
    image: Any
    back: Any
    words: list[Word]
    edges: list[Edge]  # in points
    degrees: float
    turns: int
    without_rules: Any = None

    @property
    def confidence(self) -> float:
        return _median_confidence(self.words)


def _read_turned(gray: Any, turns: int, points_per_pixel: float) -> _Reading:
    turned, back_turn = _quarter_turned(gray, turns) if turns else (gray, None)
    image, back, degrees = _straightened(turned)
    if back_turn is not None:
        back = _compose(back_turn, back)
    edges, without_rules = find_rules(image, points_per_pixel)
    verticals = [
        Edge(*(value / points_per_pixel for value in edge)) for edge in edges if edge.is_vertical
    ]
    words = read_words(without_rules, points_per_pixel=points_per_pixel, verticals=verticals)
    return _Reading(image, back, words, edges, degrees, turns, without_rules)


def _read_oriented(gray: Any, points_per_pixel: float) -> _Reading:
    """The reading of the page the right way up: as drawn, unless most phrases stand
    upright (tried a quarter turn either way) or it reads poorly (tried upside down)."""
    best = _read_turned(gray, 0, points_per_pixel)
    if _stands_upright(best.words):
        others = [1, 3]
    elif best.words and best.confidence < _RETRY_BELOW:
        others = [2]
    else:
        others = []
    for turns in others:
        reading = _read_turned(gray, turns, points_per_pixel)
        if reading.confidence > best.confidence:
            best = reading
    return best


def read_scanned_image(
    number: int,
    gray: Any,
    *,
    points_per_pixel: float,
    offset: tuple[float, float] = (0.0, 0.0),
    page_size: tuple[float, float] | None = None,
) -> ScannedPage:
    """Read a grey page image by OCR: a whole page, or the region of a page whose top
    left corner lies at ``offset`` points from the page's.

    The words and pieces are in points of the straightened frame (shifted by ``offset``);
    ``page_size`` is the page's size in points (the image's own by default).
    """
    reading = _read_oriented(gray, points_per_pixel)
    edges = reading.edges
    words = reading.words
    dx, dy = offset
    if dx or dy:
        words = [
            word._replace(
                x0=word.x0 + dx, x1=word.x1 + dx, top=word.top + dy, bottom=word.bottom + dy
            )
            for word in words
        ]
        edges = [Edge(e.x0 + dx, e.top + dy, e.x1 + dx, e.bottom + dy) for e in edges]
    height, width = reading.image.shape
    size = page_size or (width * points_per_pixel, height * points_per_pixel)
    text = page_text(number, size[0], size[1], words, edges, has_images=True)
    placement = _placement(reading.back, points_per_pixel, offset)
    unread = _unread_cells(text, reading.without_rules, points_per_pixel, offset)
    return ScannedPage(text, words, placement, reading.degrees, reading.turns, unread)


def _unread_cells(
    text: PageText, image: Any, points_per_pixel: float, offset: tuple[float, float]
) -> list[Box]:
    """Empty table cells with ink in them: OCR saw something it could not read (a smudge,
    a stamp over a figure), which a reviewer must look at rather than take for blank."""
    dx, dy = offset
    inset = _CELL_INSET_PX
    unread = []
    for piece in text.pieces:
        if not piece.ruled:
            continue
        for cell_text, box in zip(piece.cells, piece.boxes, strict=False):
            if cell_text or box is None:
                continue
            left = int((box[0] - dx) / points_per_pixel) + inset
            top = int((box[1] - dy) / points_per_pixel) + inset
            right = int((box[2] - dx) / points_per_pixel) - inset
            bottom = int((box[3] - dy) / points_per_pixel) - inset
            if right - left < 4 or bottom - top < 4:
                continue
            inked = int((image[top:bottom, left:right] < _INK_LEVEL).sum())
            if inked >= _MIN_INK_PX and inked > _MIN_INK_SHARE * (right - left) * (bottom - top):
                unread.append(box)
    return unread
