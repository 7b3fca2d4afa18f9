"""Words with their boxes (and any ruling lines) of one page -> its text lines and table rows.

This is the part of PDF reading that does not care where the words came from: the text
layer gives one :class:`Word` per printed glyph (:mod:`ingest.formats.pdf_text_layer`),
an OCR engine gives words or phrases with a confidence. Either way a page is a list of
words and a list of ruling :class:`~ingest.formats.ruled_tables.Edge` (empty when the
page has none), and :func:`page_text` turns them into :class:`Piece` s, which
:mod:`ingest.formats.page_flow` assembles into the document's rows:

- Ruled tables (:func:`ingest.formats.ruled_tables.find_tables`): each table row is one
  piece with one cell per column; a word belongs to the cell its centre lies in, and a
  cell's words are read line by line and joined (see :func:`cell_text`).
- Everything else is read line by line: words whose tops lie within
  :data:`LINE_TOLERANCE` points of each other form a line. A line with gaps of
  :data:`CELL_GAP_EM` or more between words is split into cells there (a table printed
  without ruling lines); :func:`place_in_columns` later puts such cells under their
  columns.

Coordinates are PDF points from the page's top left corner. ``size`` is the text's
height in points (the font size; for OCR, the box's height will do).
"""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from ingest.formats.common import join_wrapped
from ingest.formats.ruled_tables import Edge, Table, find_tables, horizontal

Box = tuple[float, float, float, float]

LINE_TOLERANCE = 3.0  # points: words whose tops differ by less sit on one line
WORD_GAP = 3.0  # points: outside tables, a wider gap starts a new word
CELL_GAP_EM = 1.0  # a gap this wide between words separates two cells
WORD_GAP_EM = 0.15  # a gap this wide between characters is a space
DUPLICATE_EM = 0.1  # the same glyph this close to another is drawn over it
COLUMN_INDENT_EM = 4.0  # a one-cell line starting this far right sits in a table column
CLOSED_SLACK = 1.5  # points: a horizontal rule this close to a row's edge closes it
# Points: pdfium computes in single precision, so a gap of exactly one em reads 15.00001;
# comparisons at a threshold lean the way exact figures do.
EPSILON = 0.01

# Glyphs that CJK fonts share between two code points, whose ToUnicode maps name the
# one a simplified-Chinese text does not mean (measured on Chromium + Noto Sans CJK SC
# output: 专户 reads 专⼾, the Kangxi radical, which NFKC turns into the traditional
# 戶; the horizontal bar ― stands for the dash —).
SHARED_GLYPHS = str.maketrans({"⼾": "户", "戶": "户", "―": "—"})
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_NO_LINE_START = frozenset("，。、；：！？）》」』】〕,.;:!?)%")


class Word(NamedTuple):
    """A glyph or a word on a page: its text and box; OCR adds its ``confidence`` (0-1).

    A tuple, because a page has thousands of them and a tuple is made fastest.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    confidence: float | None = None

    @property
    def height(self) -> float:
        return self.size or (self.bottom - self.top)


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
    # The lowest OCR confidence of the words in each cell (``None``: a text layer).
    confidence: tuple[float | None, ...] = ()

    @property
    def ruled(self) -> bool:
        return self.table >= 0

    @property
    def box(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True)
class PageText:
    """What one page holds, kept after the page's objects are released."""

    number: int
    width: float
    height: float
    pieces: list[Piece] = field(default_factory=list)
    has_images: bool = False


# --- lines of words ------------------------------------------------------------------------


def _by_line(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines by their tops (chained within LINE_TOLERANCE), top to
    bottom; each line left to right (words at one position keep their order), a glyph
    drawn over the same glyph ("fake bold": WPS prints it two or three times, a fraction
    of a point apart) kept once."""
    ordered = sorted(words, key=attrgetter("top"))
    lines: list[list[Word]] = []
    last_top = -math.inf
    for word in ordered:
        if not lines or word.top > last_top + LINE_TOLERANCE:
            lines.append([])
        lines[-1].append(word)
        last_top = word.top
    return [_without_overstrikes(sorted(line, key=attrgetter("x0"))) for line in lines]


def _without_overstrikes(line: list[Word]) -> list[Word]:
    kept: list[Word] = []
    for word in line:
        if kept:
            previous = kept[-1]
            reach = DUPLICATE_EM * previous.height
            if (
                word.text == previous.text
                and word.x0 - previous.x0 <= reach
                and abs(word.top - previous.top) <= reach
                and not word.text.isspace()
            ):
                continue
        kept.append(word)
    return kept


def _split_words(line: Sequence[Word], gap_of: float | None) -> list[list[Word]]:
    """A line's glyphs grouped into words: a space, a step back or a gap wider than
    ``gap_of`` × the previous glyph's size (WORD_GAP points when ``None``) breaks a word."""
    words: list[list[Word]] = []
    current: list[Word] = []
    for word in line:
        if word.text.isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current:
            previous = current[-1]
            gap = WORD_GAP if gap_of is None else gap_of * previous.height
            if (
                word.x0 < previous.x0
                or word.x0 > previous.x1 + gap
                or abs(word.top - previous.top) > LINE_TOLERANCE
            ):
                words.append(current)
                current = []
        current.append(word)
    if current:
        words.append(current)
    return words


def _word_lines(words: Sequence[Word], gap_of: float | None) -> list[list[list[Word]]]:
    """Lines of words (each a list of glyphs): glyphs are put on lines and split into
    words, then the words are put on lines again by their own tops (a word's top is its
    highest glyph's)."""
    grouped = [word for line in _by_line(words) for word in _split_words(line, gap_of)]
    lines: list[list[list[Word]]] = []
    last_top = -math.inf
    for word in grouped:
        top = min(glyph.top for glyph in word)
        if not lines or abs(top - last_top) > LINE_TOLERANCE:
            lines.append([])
        lines[-1].append(word)
        last_top = top
    return lines


def cell_text(words: Sequence[Word]) -> str:
    """A table cell's text: its lines top to bottom joined by newlines, words by spaces."""
    if len(words) <= 1:
        return "" if not words or words[0].text.isspace() else words[0].text
    return "\n".join(
        " ".join("".join(glyph.text for glyph in word) for word in line)
        for line in _word_lines(words, WORD_GAP_EM)
    )


# --- ruled tables ----------------------------------------------------------------------------


class _ByCentre:
    """A page's words indexed by the height of their centres, to find those in a box."""

    def __init__(self, words: Sequence[Word]) -> None:
        placed = sorted(
            (
                ((w.top + w.bottom) / 2, (w.x0 + w.x1) / 2, order, w)
                for order, w in enumerate(words)
            ),
            key=lambda item: item[0],
        )
        self.ys = [item[0] for item in placed]
        self.placed = placed

    def within(self, box: Box, *, closed: bool = False) -> list[tuple[float, int, Word]]:
        """(centre x, order on the page, word) of the words whose centre lies in ``box``,
        in page order. Half-open unless ``closed``: a cell owns its top and left border
        but not its bottom and right."""
        x0, top, x1, bottom = box
        start = bisect_left(self.ys, top)
        stop = bisect_right(self.ys, bottom) if closed else bisect_left(self.ys, bottom)
        found = [
            (cx, order, word)
            for _, cx, order, word in self.placed[start:stop]
            if (x0 <= cx <= x1 if closed else x0 <= cx < x1)
        ]
        found.sort(key=lambda item: item[1])
        return found


class _Rulings:
    """A page's horizontal ruling lines, by height, to ask which close a table row."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.by_height: dict[int, list[Edge]] = defaultdict(list)
        for edge in edges:
            if edge.is_horizontal:
                self.by_height[math.floor(edge.top)].append(edge)

    def near(self, y: float) -> Iterator[Edge]:
        for bucket in range(math.floor(y - CLOSED_SLACK), math.floor(y + CLOSED_SLACK) + 1):
            for edge in self.by_height.get(bucket, ()):
                if abs(edge.top - y) <= CLOSED_SLACK:
                    yield edge

    def closed(self, y: float, x0: float, x1: float) -> bool:
        """Whether horizontal ruling lines at height ``y`` cover most of x0..x1.

        Tables drawn cell by cell have one short segment per cell, so the coverage adds up.
        """
        covered = sum(max(0.0, min(edge.x1, x1) - max(edge.x0, x0)) for edge in self.near(y))
        return covered > (x1 - x0) / 2


def page_tables(edges: Sequence[Edge], width: float) -> list[Table]:
    """The ruled tables of a page.

    A table row that a page break cuts has no ruling line at the page's end (or at
    the next page's start); the column lines' ends stand in for it, so the cut row is
    still read as a row (and joined with its other part, see
    :func:`ingest.formats.page_flow.rows_of`).
    """
    rulings = _Rulings(edges)
    columns = [edge for edge in edges if edge.is_vertical]
    extra: list[Edge] = []
    if columns:
        ends = (min(edge.top for edge in columns), max(edge.bottom for edge in columns))
        x0 = min(edge.x0 for edge in columns)
        x1 = max(edge.x1 for edge in columns)
        extra = [horizontal(y, 0.0, width) for y in ends if not rulings.closed(y, x0, x1)]
    return find_tables([*edges, *extra])


def _table_pieces(
    page: int, index: int, table: Table, words: _ByCentre, rulings: _Rulings
) -> list[Piece]:
    pieces = []
    for row in table.rows:
        # The row's cells do not overlap and run left to right: each word goes to the
        # last cell starting at or left of its centre, if it lies inside that cell.
        present = [cell for cell in row.cells if cell is not None]
        lefts = [cell[0] for cell in present]
        in_cells: list[list[Word]] = [[] for _ in present]
        for cx, _, word in words.within(row.box):
            slot = bisect_right(lefts, cx) - 1
            if slot < 0:
                continue
            cell = present[slot]
            cy = (word.top + word.bottom) / 2
            if cx < cell[2] and cell[1] <= cy < cell[3]:
                in_cells[slot].append(word)
        texts: list[str] = []
        confidence: list[float | None] = []
        filled = iter(in_cells)
        for cell in row.cells:
            if cell is None:
                texts.append("")
                confidence.append(None)
                continue
            in_cell = next(filled)
            texts.append(cell_text(in_cell))
            confidence.append(_lowest_confidence(in_cell))
        cells = tuple(join_wrapped(text.split("\n")).translate(SHARED_GLYPHS) for text in texts)
        if not any(cells):
            continue
        x0, top, x1, bottom = row.box
        pieces.append(
            Piece(
                page,
                top,
                bottom,
                x0,
                x1,
                cells,
                row.cells,
                table=index,
                open_top=not rulings.closed(top, x0, x1),
                open_bottom=not rulings.closed(bottom, x0, x1),
                confidence=tuple(confidence) if any(c is not None for c in confidence) else (),
            )
        )
    return pieces


def _lowest_confidence(words: Iterable[Word]) -> float | None:
    known = [word.confidence for word in words if word.confidence is not None]
    return min(known) if known else None


# --- text outside tables ----------------------------------------------------------------------


def _segments(line: Sequence[Word], size: float) -> list[list[Word]]:
    """Split a line's words where a gap is wide enough to separate table cells."""
    segments: list[list[Word]] = []
    for word in line:
        if segments and word.x0 - segments[-1][-1].x1 <= CELL_GAP_EM * size + EPSILON:
            segments[-1].append(word)
        else:
            segments.append([word])
    return segments


def _segment_text(words: Sequence[Word], size: float) -> str:
    text = ""
    previous = None
    for word in words:
        if previous is not None and word.x0 - previous.x1 > WORD_GAP_EM * size:
            text += " "
        text += word.text
        previous = word
    return re.sub(r" {2,}", " ", text)


def _lead_width(words: Sequence[Word]) -> float:
    """Width of the line's first unbreakable unit: a Latin word or number, or one hanzi
    with the punctuation that may not start a line (a word of several characters, as
    OCR gives, counts its share of the width)."""
    first = words[0]
    if len(first.text) > 1:
        unit = re.match(r"[^\u2e80-\u9fff\s]+|.[，。、；：！？）》」』】〕,.;:!?)%]*", first.text)
        share = len(unit.group(0)) / len(first.text) if unit else 1.0
        return (first.x1 - first.x0) * share
    end = 0
    if _CJK.match(first.text):
        while end + 1 < len(words) and words[end + 1].text in _NO_LINE_START:
            end += 1
    else:
        while (
            end + 1 < len(words)
            and not _CJK.match(words[end + 1].text)
            and not words[end + 1].text.isspace()
        ):
            end += 1
    return words[end].x1 - first.x0


def _text_pieces(page: int, words: Sequence[Word]) -> list[Piece]:
    pieces = []
    for line in _word_lines(words, None):
        glyphs = [glyph for word in line for glyph in word if glyph.text]
        if not glyphs:
            continue
        size = statistics.median(glyph.height for glyph in glyphs) or 10.0
        segments = _segments(glyphs, size)
        top = min(glyph.top for glyph in glyphs)
        bottom = max(glyph.bottom for glyph in glyphs)
        cells = tuple(_segment_text(segment, size).translate(SHARED_GLYPHS) for segment in segments)
        boxes: tuple[Box | None, ...] = tuple(
            (segment[0].x0, top, segment[-1].x1, bottom) for segment in segments
        )
        confidence = tuple(_lowest_confidence(segment) for segment in segments)
        pieces.append(
            Piece(
                page,
                top,
                bottom,
                min(glyph.x0 for glyph in glyphs),
                max(glyph.x1 for glyph in glyphs),
                cells,
                boxes,
                size=size,
                lead=_lead_width(segments[0]),
                confidence=confidence if any(c is not None for c in confidence) else (),
            )
        )
    return pieces


def page_text(
    number: int,
    width: float,
    height: float,
    words: Sequence[Word],
    edges: Sequence[Edge] = (),
    *,
    has_images: bool = False,
) -> PageText:
    """The text lines and table rows of one page, in reading order (top to bottom)."""
    result = PageText(number, width, height, has_images=has_images)
    if not any(word.text.strip() for word in words):
        return result
    tables = page_tables(edges, width)
    rulings = _Rulings(edges)
    indexed = _ByCentre(words)
    in_tables: set[int] = set()
    for index, table in enumerate(tables):
        result.pieces.extend(_table_pieces(number, index, table, indexed, rulings))
        in_tables.update(order for _, order, _ in indexed.within(table.box, closed=True))
    outside = [word for order, word in enumerate(words) if order not in in_tables]
    result.pieces.extend(_text_pieces(number, outside))
    result.pieces.sort(key=lambda piece: (round(piece.top, 1), piece.x0))
    return result


# --- tables without ruling lines -------------------------------------------------------------


def _column_bounds(rows: Sequence[Piece]) -> list[float]:
    """Left bounds of the columns: where the cells of the rows with the most cells (the
    full rows) start, column by column. Names and headers start at their column's left
    edge; an amount, right-aligned, ends before the next column starts."""
    widest = max(len(row.cells) for row in rows)
    full = [row for row in rows if len(row.cells) == widest]
    bounds = [-math.inf]
    for index in range(1, widest):
        starts = [box[0] for row in full if (box := row.boxes[index]) is not None]
        bounds.append(min(starts) - 1.0)
    return bounds


def _column_of(box: Box, bounds: Sequence[float]) -> int:
    centre = (box[0] + box[2]) / 2
    return max(index for index, bound in enumerate(bounds) if bound <= centre)


def place_in_columns(rows: Sequence[Piece]) -> list[Piece]:
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
        and piece.x0 > left + COLUMN_INDENT_EM * (piece.size or 10.0)
    )


def unruled_runs(pieces: Sequence[Piece], left: float) -> Iterator[tuple[int, int]]:
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
