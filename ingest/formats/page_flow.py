"""The pages' text lines and table rows -> the document's rows, in reading order.

Whatever read the pages (the text layer, or OCR of a scan), each page is a
:class:`~ingest.formats.word_positions.PageText` of pieces; this module lays them out as
the text parser reads a converted PDF:

- Running headers and footers are dropped: a line in the top or bottom tenth of the
  page that repeats (digits aside) at the same height on at least half of the pages,
  and page numbers ("- 3 -", "第 3 页 共 44 页") in those margins.
- The visual lines of a paragraph are joined into one line: a line continues the one
  above when that one ran to the right margin (or the next line's first word would not
  have fit on it), the next line is not indented, and the line spacing is the
  paragraph's, also across a page break.
- Lines split into cells by wide gaps (a table printed without ruling lines) are put
  into columns (:func:`ingest.formats.word_positions.place_in_columns`).
- A ruled table row that a page break cut in two is joined back into one row.

Every row records its page and boxes (:mod:`ingest.formats.pdf_locations`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.formats.common import join_wrapped
from ingest.formats.pdf_locations import format_location
from ingest.formats.word_positions import EPSILON, PageText, Piece, place_in_columns, unruled_runs
from ingest.normalize import compact, normalize_text
from ingest.types import Row

_INDENT_EM = 0.6  # a line starting this far right of the margin is indented
# A line wrapped when the next line's first word would have ended this close to the
# margin (browsers and Word leave up to about a character free at a line's end).
_WRAP_SLACK_EM = 1.5
_MARGIN_ZONE = 0.1  # running headers/footers sit in the top/bottom tenth of the page
_LINE_PITCH_SLACK_EM = 0.3
_PAGE_NUMBER = re.compile(
    r"^[-—–·\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[-—–·\s]*$"
)


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
    ran_to_margin = above.x1 + below.lead > right - _WRAP_SLACK_EM * above.size + EPSILON
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
        for start, stop in reversed(list(unruled_runs(page_pieces, left))):
            page_pieces[start:stop] = place_in_columns(page_pieces[start:stop])
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
