"""Tables printed without ruling lines (or with horizontal rules only), rebuilt from where
their words are.

A page's lines outside its ruled tables come in as *tokens*: runs of glyphs with no gap
as wide as a space (the words :func:`ingest.formats.word_positions.cell_text` joins with
a space). Only geometry is read, never a table's vocabulary; the rules are those a reader
applies to a table whose lines were left out:

1. **Blocks.** Lines that overlap in height are one band (a header cell centred over two
   rows, a name printed around its row's figures). A table is a run of bands that wide
   gaps split into two or more segments (a dot leader belongs to the text before it).
   Runs join when the bands between and the later run sit in the earlier run's columns
   (a label may run over one column edge); the bands just above a table that hold no
   figure are its header, one of one segment only if it lies over the table; the bands
   just below that sit in its columns are its rows (further down too, below empty rows,
   unless they start at the table's left edge as text after a table does). Leading
   lines made only of "label: value" segments ("编制部门:…  单位:元") are the table's
   caption, not a row.
2. **Header and body.** The body starts at the first band with a figure (an amount, a
   code, a number), or at a line above it that starts where the body's texts start (a
   table continued from the page before, its rows of empty figures first), or at a text
   alone on its line below the header and beside all the cells of the header line above
   it (a blank table's "合计"); the lines above are the header. A header cell's lines
   are a header's pitch apart, one under the other; a header cell with another below it,
   or centred over two or more columns with headers below, is a *parent*; the others
   are *leaves*: one leaf per column.
3. **Columns.** Across the body's lines of two or more segments and the leaves, the
   x-ranges that no word covers separate the columns: amounts aligned on their right
   edge and names on their left edge leave a gap between two columns even when two cells
   of one row nearly touch. A gap narrower than a cell gap is kept only where figures or
   two headers border it (a name's words keep their spaces in every row); figures apart
   from their header join its column; a column empty in every row is found by its leaf
   alone. Each edge lies in its gap where the headers centred over their columns put it.
4. **Spans.** A text not aligned with its column (a centred "合计" under the codes, a
   header over several columns) goes to the first column of the span it is centred
   over, as a ruled table puts a merged cell's text in its first column; a header printed
   at its cell's left spans to the next header of its line.
5. **Header rows.** Each column's header cells, top to bottom, fill the header's rows; a
   cell over fewer rows than the deepest column spans rows, and is placed in the first
   (by where its text is centred: a cell printed at the last row's height leaves the
   rows above it empty). Horizontal rules, when printed, say it directly.
6. **Body rows.** A line without figures continues a cell of the row above when that
   cell's text ran to its column's end, the line starts where it starts, lies closer than
   the pitch of single-line rows and opens no numbered item ("二、"); it is the first part
   of the next row's text when it lies just above that row's figures. Horizontal rules
   between most rows make each ruled band one row.

The result is plain data (the glyphs of each cell), which
:mod:`ingest.formats.word_positions` turns into table rows like those of ruled tables.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.formats.ruled_tables import Box, Edge

if TYPE_CHECKING:
    from ingest.formats.word_positions import Word

CELL_GAP_EM = 1.0  # a gap this wide between two tokens separates two cells of a line
HEADER_GAP_EM = 0.3  # ... of a header line (whose cells hold no spaces, nor figures)
WRAP_PITCH_EM = 1.6  # at most this far apart (top to top), two lines can be one cell's
WRAP_PITCH_SHARE = 0.8  # ... and closer than this share of the table's row pitch
HEADER_WRAP_EM = 1.4  # a header cell's lines are at least this close (its rows are apart)
HEADER_PITCH_EM = 3.0  # a header line above a table lies at most this far above it
SIZE_SLACK = 0.15  # lines of one table differ in font size by at most this share
ALIGN_EM = 0.5  # two edges this close are aligned
HEADER_INSET_EM = 0.2  # a header this close to the start of the header under it is aligned left
FULL_EM = 1.0  # a wrapped line ends this close to the end of its column's longest text
CENTRE_EM = 0.75  # a text centred over a span lies this close to the span's centre
CENTRE_SHARE = 0.03  # ... plus this share of the span's width
RULE_SLACK = 1.5  # points: a rule this close to a line's edge is not between lines
RULE_COVER = 0.5  # a horizontal rule across this share of a table separates its rows
EDGE_EPSILON = 0.5  # points: a token overlaps a column by more than this
MAX_HEADER_ROWS = 5  # a header has at most this many rows of cells
MAX_COLUMNS = 40  # the widest budget tables have about 25 columns
MARGIN_ZONE = 0.1  # running footers sit in the bottom tenth of a page
EDGE_ROUNDS = 12  # rounds of moving column edges towards where the headers put them

_NUMBER = re.compile(r"[-−+]?[(（]?(?:\d[\d,，]*(?:[.．]\d*)?|[.．]\d+)%?[)）]?")
_LEADERS = frozenset("….·．。-—_－‧⋯")
_COLON = re.compile(r"[:：]")
# A list number opening a line: "二、", "(三)", "4." (not "4.5").
_LIST_NUMBER = re.compile(
    r"[一二三四五六七八九十百零]+、|[(（][一二三四五六七八九十百\d]+[)）]|\d+[.、．](?!\d)"
)


# --- tokens and lines ---------------------------------------------------------------------


@dataclass(slots=True)
class Token:
    """A run of glyphs without a space-wide gap: the smallest piece a column edge never cuts."""

    glyphs: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_figure(self) -> bool:
        return is_figure(self.text)

    @property
    def is_leader(self) -> bool:
        return is_leader(self.text)


def is_figure(text: str) -> bool:
    """An amount, a code or a number: what a table's body rows hold."""
    return bool(_NUMBER.fullmatch(text.strip()))


def is_leader(text: str) -> bool:
    """A dot leader: a run of three or more dots (or the like) leading to a page number."""
    text = text.replace(" ", "")
    return len(text) >= 3 and all(char in _LEADERS for char in text)


def make_token(glyphs: Sequence[Word]) -> Token:
    size = _middle([glyph.height for glyph in glyphs]) if glyphs else 0.0
    return Token(
        list(glyphs),
        min(glyph.x0 for glyph in glyphs),
        max(glyph.x1 for glyph in glyphs),
        min(glyph.top for glyph in glyphs),
        max(glyph.bottom for glyph in glyphs),
        size or 10.0,
        "".join(glyph.text for glyph in glyphs).strip(),
    )


def _middle(values: list[float]) -> float:
    """The middle value (a median without averaging: quicker, and one of the values)."""
    return sorted(values)[len(values) // 2]


@dataclass(slots=True)
class Line:
    """One visual line: its tokens left to right."""

    tokens: list[Token]
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    segments: list[list[Token]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.tokens[0].x0

    @property
    def x1(self) -> float:
        return max(token.x1 for token in self.tokens)

    @property
    def has_figure(self) -> bool:
        return any(token.is_figure for token in self.tokens)


def make_line(tokens: Sequence[Token]) -> Line:
    ordered = sorted(tokens, key=lambda token: token.x0)
    size = _middle([token.size for token in ordered])
    line = Line(ordered, min(t.top for t in ordered), max(t.bottom for t in ordered), size, [])
    line.segments = _segments(ordered, size)
    return line


def _segments(
    tokens: Sequence[Token], size: float, gap_em: float = CELL_GAP_EM
) -> list[list[Token]]:
    """Tokens chained across gaps narrower than CELL_GAP_EM; a dot leader joins the text
    before it (a table of contents is text, not a table)."""
    segments: list[list[Token]] = []
    reach = -math.inf
    for token in tokens:
        if segments and (token.x0 - reach <= gap_em * size + 0.01 or token.is_leader):
            segments[-1].append(token)
        else:
            segments.append([token])
        reach = max(reach, token.x1) if len(segments[-1]) > 1 else token.x1
    return segments


def _is_caption(line: Line) -> bool:
    """A line of "label: value" segments above a table ("编制部门:…  单位:元")."""
    return all(_COLON.search("".join(token.text for token in segment)) for segment in line.segments)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnruledRow:
    """One row of a table read by position: the glyphs of each of its columns."""

    top: float
    bottom: float
    cells: tuple[tuple[Word, ...], ...]
    heading: bool = False


@dataclass(frozen=True, slots=True)
class UnruledTable:
    """A table read by position: its column edges (one more than its columns) and rows."""

    bounds: tuple[float, ...]
    rows: tuple[UnruledRow, ...]
    box: tuple[float, float, float, float]
    has_header: bool


# --- step 1: blocks of lines ----------------------------------------------------------------


def _is_tabular(line: Line) -> bool:
    return len(line.segments) >= 2


def _core_runs(lines: Sequence[Line]) -> list[list[int]]:
    """Runs of consecutive lines of two or more segments, without their leading captions."""
    runs: list[list[int]] = []
    for is_tabular, group in itertools.groupby(
        range(len(lines)), key=lambda i: _is_tabular(lines[i])
    ):
        if not is_tabular:
            continue
        run = list(group)
        while run and _is_caption(lines[run[0]]):
            run.pop(0)
        if run:
            runs.append(run)
    return runs


def _similar_size(line: Line, size: float) -> bool:
    return abs(line.size - size) <= SIZE_SLACK * size


def _fits(
    line: Line, bounds: Sequence[float], *, inside: bool = True, starts: Sequence[float] = ()
) -> bool:
    """Whether no token of ``line`` runs across an inner column edge by more than an em
    (edges found from a part of a table are rough: a longer figure in a later row may
    reach past one), and, if ``inside``, the line lies within the table; without
    ``inside``, figures are not asked (one may stand in a column the rows so far left
    empty), only text (a paragraph runs across columns), and a text that starts where
    texts of the table start may run on over one edge (a long label)."""
    inner = bounds[1:-1]
    if inside and (line.x0 < bounds[0] - 2 * line.size or line.x1 > bounds[-1] + 2 * line.size):
        return False
    for token in line.tokens:
        crossed = sum(
            token.x0 < edge - token.size and token.x1 > edge + token.size for edge in inner
        )
        if not crossed or (not inside and token.is_figure):
            continue
        aligned = any(abs(token.x0 - x0) <= ALIGN_EM * token.size for x0 in starts)
        if inside or crossed > 1 or not aligned:
            return False
    return True


def _blocks(lines: Sequence[Line], floor: float) -> list[list[int]]:
    """Index lists of the lines of each table (see the module docstring, step 1)."""
    joined: list[list[int]] = []
    for run in _core_runs(lines):
        if joined and _joins(lines, joined[-1], run):
            joined[-1] = list(range(joined[-1][0], run[-1] + 1))
        else:
            joined.append(run)
    below = [
        _with_rows_below(
            lines, block, joined[i + 1][0] if i + 1 < len(joined) else len(lines), floor
        )
        for i, block in enumerate(joined)
    ]
    blocks: list[list[int]] = []
    for block in below:
        first = _with_header_above(lines, block)[0]
        if blocks and first <= blocks[-1][-1]:
            if any(lines[i].has_figure for i in blocks[-1]):
                first = blocks[-1][-1] + 1
            else:  # a header printed apart from its table (a line of one cell between)
                first = blocks.pop()[0]
        blocks.append(list(range(first, block[-1] + 1)))
    return [block for block in blocks if len(block) >= 2]


def _run_bounds(lines: Sequence[Line], run: Sequence[int]) -> list[float]:
    """Rough column edges of a run of lines: from its rows with figures (a header's cells
    need not lie over the figures of their column), else from all its lines of cells."""
    multi = [lines[i] for i in run if _is_tabular(lines[i])]
    multi = [line for line in multi if line.has_figure] or multi
    regions = _content_regions([[(t.x0, t.x1) for t in line.tokens] for line in multi])
    return _edges_of(regions, multi[0].size if multi else 10.0)


def _joins(lines: Sequence[Line], block: Sequence[int], run: Sequence[int]) -> bool:
    """Whether ``run`` continues the table of ``block``: the lines between and the run's
    own lines all sit in the block's columns."""
    bounds = _run_bounds(lines, block)
    if len(bounds) < 3:
        return False
    size = lines[block[0]].size
    between = range(block[-1] + 1, run[-1] + 1)
    starts = [t.x0 for i in block for t in lines[i].tokens if not t.is_figure]
    # A later row may fill a column the rows so far left empty: only edges are checked.
    return all(
        _similar_size(lines[i], size)
        and _fits(lines[i], bounds, inside=False, starts=starts)
        and not _is_caption(lines[i])
        for i in between
    )


def _with_header_above(lines: Sequence[Line], block: list[int]) -> list[int]:
    """The block with the header lines just above it: lines without figures, of the
    table's size, a header's pitch apart; a line of one segment (a cell over several
    columns) must lie over the block (a header of several may reach past the body, over
    columns empty in every row)."""
    bounds = _run_bounds(lines, block)
    first = block[0]
    size = lines[first].size
    while first > 0:
        line = lines[first - 1]
        outside = line.x0 < bounds[0] - size or line.x1 > bounds[-1] + size
        if (
            _is_caption(line)
            or not _similar_size(line, size)
            or lines[first].top - line.top > HEADER_PITCH_EM * size
            or (outside and not _is_tabular(line))
            or line.has_figure
        ):
            break
        first -= 1
    return list(range(first, block[-1] + 1))


def _with_rows_below(lines: Sequence[Line], block: list[int], stop: int, floor: float) -> list[int]:
    """The block with the lines just below it that sit in its columns (a row whose other
    cells are empty): at the table's row pitch, or further down (below empty rows) when
    the line does not start at the table's left edge as text after a table does; never
    in the page's bottom margin (``floor``)."""
    bounds = _run_bounds(lines, block)
    pitch = _row_pitch([lines[i] for i in block])
    last = block[-1]
    size = lines[last].size
    while last + 1 < stop:
        line = lines[last + 1]
        far = line.top - lines[last].top > 1.3 * pitch
        if (
            _is_caption(line)
            or not _similar_size(line, size)
            or not _fits(line, bounds)
            or line.top > floor
            or (far and line.x0 <= bounds[0] + size)
        ):
            break
        last += 1
    return list(range(block[0], last + 1))


def _row_pitch(lines: Sequence[Line]) -> float:
    """The median pitch (top to top) of consecutive lines."""
    pitches = sorted(b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top)
    if not pitches:
        return 2 * (lines[0].size if lines else 10.0)
    return pitches[len(pitches) // 2]


def _single_row_pitch(body: Sequence[Line], size: float) -> float:
    """The pitch of the body's rows of one line: the least pitch, an em or more, between
    two consecutive rows with figures (lines printed at different heights within a row,
    one cell centred beside another, count as one)."""
    rows = [[body[i] for i in band] for band in _bands(body)]
    tops = [min(ln.top for ln in row) for row in rows if any(ln.has_figure for ln in row)]
    pitches = [b - a for a, b in itertools.pairwise(tops) if b - a >= size]
    return min(pitches) if pitches else 2 * size


# --- step 3: columns ----------------------------------------------------------------------


def _content_regions(lines: Iterable[Sequence[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The x-ranges that some interval covers, left to right (the union of all intervals)."""
    intervals = sorted(interval for line in lines for interval in line)
    regions: list[tuple[float, float]] = []
    for x0, x1 in intervals:
        if regions and x0 <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], x1))
        else:
            regions.append((x0, x1))
    return regions


def _edges_of(regions: Sequence[tuple[float, float]], size: float) -> list[float]:
    """Column edges around content regions: the middle of each gap, and half a typical gap
    (at most an em) outside the first and last."""
    if not regions:
        return []
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(regions)]
    pad = min(size, statistics.median(gaps) / 2) if gaps else size
    inner = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(regions)]
    return [regions[0][0] - pad, *inner, regions[-1][1] + pad]


@dataclass(slots=True)
class _HeaderCell:
    """A header cell: its segments, one per visual line, top to bottom."""

    parts: list[list[Token]]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    leaf: bool = True
    span: tuple[int, int] | None = None  # first and last column, once placed
    row: int = 0

    def __post_init__(self) -> None:
        part = self.parts[0]
        self.x0 = min(token.x0 for token in part)
        self.x1 = max(token.x1 for token in part)
        self.top = min(token.top for token in part)
        self.bottom = max(token.bottom for token in part)

    def add(self, part: list[Token]) -> None:
        self.parts.append(part)
        self.x0 = min(self.x0, *(token.x0 for token in part))
        self.x1 = max(self.x1, *(token.x1 for token in part))
        self.bottom = max(token.bottom for token in part)

    @property
    def tokens(self) -> list[Token]:
        return [token for part in self.parts for token in part]

    @property
    def size(self) -> float:
        return self.parts[0][0].size

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _split_at(segment: list[Token], edges: Sequence[float]) -> list[list[Token]]:
    """A header segment split where a body column edge falls between two of its tokens."""
    parts = [[segment[0]]]
    for previous, token in itertools.pairwise(segment):
        if any(previous.x1 <= edge <= token.x0 for edge in edges):
            parts.append([])
        parts[-1].append(token)
    return parts


def _header_cells(lines: Sequence[Line], edges: Sequence[float], wrap: float) -> list[_HeaderCell]:
    """The header's cells: segments (split at the body's column edges), joined with the
    segment below them when that one continues the same cell's text."""
    cells: list[_HeaderCell] = []
    for line in lines:
        for segment in _segments(line.tokens, line.size, HEADER_GAP_EM):
            for part in _split_at(segment, edges[1:-1]):
                above = _wrapped_above(cells, part, wrap)
                if above is not None:
                    above.add(part)
                else:
                    cells.append(_HeaderCell([part]))
    for cell in cells:
        cell.leaf = not any(
            other.top > cell.bottom - 1.0 and _overlap(cell, other) > EDGE_EPSILON
            for other in cells
            if other is not cell
        )
    return cells


def _overlap(a: _HeaderCell, b: _HeaderCell) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _wrapped_above(
    cells: Sequence[_HeaderCell], part: Sequence[Token], wrap: float
) -> _HeaderCell | None:
    """The cell whose last line ``part`` continues: just above it, over it."""
    x0, x1 = part[0].x0, part[-1].x1
    top = min(token.top for token in part)
    for cell in reversed(cells):
        last = cell.parts[-1]
        last_top = min(token.top for token in last)
        if not 0 < top - last_top <= wrap:
            continue
        above_x0, above_x1 = last[0].x0, max(token.x1 for token in last)
        size = last[0].size
        if min(x1, above_x1) - max(x0, above_x0) > 0 and (
            abs(x0 - above_x0) <= ALIGN_EM * size
            or abs((x0 + x1) / 2 - (above_x0 + above_x1) / 2) <= size
        ):
            return cell
    return None


def _leaves(cells: Sequence[_HeaderCell], body: Sequence[Line], size: float) -> list[_HeaderCell]:
    """The header's leaves: cells without a cell under them, except one printed over no
    body text and centred over two or more columns (a parent whose children lie beside
    it, "本年收入" over "项目" and "预算数")."""
    leaves = [cell for cell in cells if cell.leaf]
    for cell in list(leaves):
        others = [leaf for leaf in leaves if leaf is not cell]
        regions = _column_regions(body, others)
        if len(regions) < 2:
            continue
        edges = _column_edges(regions, others, body, size)
        below = [
            index
            for leaf in others
            if leaf.top > cell.bottom - 1.0
            for index in _columns_under(leaf.x0, leaf.x1, edges, leaf.size / 2)
        ]
        free = [index in below for index in range(len(edges) - 1)]
        under = _columns_under(cell.x0, cell.x1, edges)
        text = _Span(cell.x0, cell.x1, size, under[0], under[-1])
        span = _centred_span(text, edges, free)
        if span is not None and span[1] > span[0] and all(free[span[0] : span[1] + 1]):
            cell.leaf = False
            leaves.remove(cell)
    return leaves


def _column_regions(
    body: Sequence[Line], leaves: Sequence[_HeaderCell]
) -> list[tuple[float, float]]:
    """Content regions of the body's lines of two or more segments and of the leaves,
    with a region holding two leaves split between them."""
    spans = [[(t.x0, t.x1) for t in line.tokens] for line in body if _is_tabular(line)]
    spans.append([(leaf.x0, leaf.x1) for leaf in leaves])
    regions = []
    for x0, x1 in _content_regions(spans):
        inside = sorted(
            (leaf for leaf in leaves if leaf.x0 >= x0 and leaf.x1 <= x1), key=lambda c: c.x0
        )
        start = x0
        for left, right in itertools.pairwise(inside):
            if right.x0 > left.x1:
                regions.append((start, left.x1))
                start = right.x0
        regions.append((start, x1))
    words = [token for line in body if _is_tabular(line) for token in line.tokens]
    regions = _without_narrow_gaps(regions, leaves, words)
    if not leaves:
        return regions
    return _with_headers_joined(regions, leaves, words)


def _without_narrow_gaps(
    regions: list[tuple[float, float]], leaves: Sequence[_HeaderCell], words: Sequence[Token]
) -> list[tuple[float, float]]:
    """Regions with a gap narrower than a cell gap closed, unless figures border it or a
    header stands on each side: texts that keep a narrow gap in every row ("上海市 XX 局")
    are one cell's words, while a figure aligned on its cell's edge may come close to the
    next cell's text."""
    merged = [regions[0]] if regions else []
    for region in regions[1:]:
        left = merged[-1]
        size = min((t.size for t in words), default=10.0)
        narrow = region[0] - left[1] < CELL_GAP_EM * size
        if narrow and not _gap_is_kept(left, region, leaves, words):
            merged[-1] = (left[0], region[1])
        else:
            merged.append(region)
    return merged


def _gap_is_kept(
    left: tuple[float, float],
    right: tuple[float, float],
    leaves: Sequence[_HeaderCell],
    words: Sequence[Token],
) -> bool:
    def inside(region: tuple[float, float], x0: float, x1: float) -> bool:
        return region[0] <= x0 and x1 <= region[1]

    if any(inside(left, c.x0, c.x1) for c in leaves) and any(
        inside(right, c.x0, c.x1) for c in leaves
    ):
        return True
    return any(
        t.is_figure and (inside(left, t.x0, t.x1) or inside(right, t.x0, t.x1)) for t in words
    )


def _with_headers_joined(
    regions: list[tuple[float, float]],
    leaves: Sequence[_HeaderCell],
    words: Sequence[Token],
) -> list[tuple[float, float]]:
    """Regions with each one of body words only joined to a neighbour holding only a
    header: a figure aligned right in its cell ("0") need not lie under its header."""

    def holds(region: tuple[float, float], x0: float, x1: float) -> bool:
        return region[0] <= x0 and x1 <= region[1]

    headed = [any(holds(r, leaf.x0, leaf.x1) for leaf in leaves) for r in regions]
    worded = [any(holds(r, t.x0, t.x1) for t in words) for r in regions]
    figures_only = [
        all(t.is_figure for t in words if holds(r, t.x0, t.x1)) and worded[i]
        for i, r in enumerate(regions)
    ]
    index = 0
    while index < len(regions):
        if headed[index]:
            index += 1
            continue
        options = [
            (
                abs(regions[other][0] - regions[index][1])
                if other > index
                else regions[index][0] - regions[other][1],
                other,
            )
            for other in (index - 1, index + 1)
            if 0 <= other < len(regions) and headed[other] and not worded[other]
        ]
        if index > 0 and headed[index - 1] and figures_only[index]:
            options = [(0.0, index - 1)]  # figures aligned right, their header to the left
        if not options:
            index += 1
            continue
        low, high = sorted((index, min(options)[1]))
        regions[low : high + 1] = [(regions[low][0], regions[high][1])]
        headed[low : high + 1] = [True]
        worded[low : high + 1] = [True]
        figures_only[low : high + 1] = [False]
        index = low + 1
    return regions


def _column_edges(
    regions: Sequence[tuple[float, float]],
    leaves: Sequence[_HeaderCell],
    body: Sequence[Line],
    size: float,
) -> list[float]:
    """Column edges: each in the gap between two columns' contents, where the headers
    centred over their columns put it (a header's centre is its column's); the middle of
    the gap when no header says more."""
    edges = _edges_of(regions, size)
    if len(edges) < 3:
        return edges
    centres = _header_centres(regions, leaves, body, size)
    if not any(centre is not None for centre in centres):
        return edges
    limits = [
        (regions[0][0] - 3 * size, regions[0][0]),
        *((a[1], b[0]) for a, b in itertools.pairwise(regions)),
        (regions[-1][1], regions[-1][1] + 3 * size),
    ]
    for _ in range(EDGE_ROUNDS):
        for index, (low, high) in enumerate(limits):
            wanted = []
            if index > 0 and centres[index - 1] is not None:
                wanted.append(2 * centres[index - 1] - edges[index - 1])
            if index < len(centres) and centres[index] is not None:
                wanted.append(2 * centres[index] - edges[index + 1])
            if wanted:
                edges[index] = min(high, max(low, sum(wanted) / len(wanted)))
    return edges


def _header_centres(
    regions: Sequence[tuple[float, float]],
    leaves: Sequence[_HeaderCell],
    body: Sequence[Line],
    size: float,
) -> list[float | None]:
    """Each column's centre as its header says, or ``None``: a header aligned with the
    column's text on either side says nothing about the column's middle."""
    centres: list[float | None] = []
    for x0, x1 in regions:
        inside = [leaf for leaf in leaves if leaf.x0 >= x0 and leaf.x1 <= x1]
        words = [
            token for line in body for token in line.tokens if token.x0 >= x0 and token.x1 <= x1
        ]
        if len(inside) != 1:
            centres.append(None)
            continue
        leaf = inside[0]
        aligned = words and (
            abs(leaf.x0 - min(t.x0 for t in words)) <= ALIGN_EM * size
            or abs(leaf.x1 - max(t.x1 for t in words)) <= ALIGN_EM * size
        )
        centres.append(None if aligned else leaf.centre)
    return centres


# --- step 4: spans ------------------------------------------------------------------------


def _columns_under(
    x0: float, x1: float, edges: Sequence[float], slack: float = EDGE_EPSILON
) -> list[int]:
    """Indices of the columns the range x0..x1 overlaps by more than ``slack`` (the
    nearest one if none)."""
    found = [
        index
        for index in range(len(edges) - 1)
        if min(x1, edges[index + 1]) - max(x0, edges[index]) > slack
    ]
    if found:
        return found
    centre = (x0 + x1) / 2
    return [min(range(len(edges) - 1), key=lambda i: abs((edges[i] + edges[i + 1]) / 2 - centre))]


@dataclass(frozen=True, slots=True)
class _Span:
    """A text to place over columns: its extent, size, the columns it must cover, and the
    columns its span may take besides (``free``)."""

    x0: float
    x1: float
    size: float
    first: int
    last: int


def _centred_span(
    text: _Span, edges: Sequence[float], free: Sequence[bool], *, widest: bool = False
) -> tuple[int, int] | None:
    """The span of columns (first, last) the text is centred over, among the spans that
    cover its columns and take only ``free`` columns besides; the best centred one, or
    with ``widest`` the widest; ``None`` when it is centred over none."""
    centre = (text.x0 + text.x1) / 2
    low = text.first
    while low > 0 and free[low - 1]:
        low -= 1
    high = text.last
    while high < len(edges) - 2 and free[high + 1]:
        high += 1
    best: tuple[float, float, tuple[int, int]] | None = None
    for start in range(low, text.first + 1):
        for stop in range(text.last, high + 1):
            miss = abs((edges[start] + edges[stop + 1]) / 2 - centre)
            allowed = CENTRE_EM * text.size + CENTRE_SHARE * (edges[stop + 1] - edges[start])
            rank = (-(stop - start) if widest else 0.0, miss)
            if miss <= allowed and (best is None or rank < best[:2]):
                best = (*rank, (start, stop))
    return best[2] if best else None


def _token_span(
    token: Token, edges: Sequence[float], free: Sequence[bool]
) -> tuple[int, int] | None:
    under = _columns_under(token.x0, token.x1, edges)
    return _centred_span(_Span(token.x0, token.x1, token.size, under[0], under[-1]), edges, free)


def _phrases(tokens: Sequence[Token], edges: Sequence[float]) -> list[Token]:
    """A line's tokens joined into phrases: tokens closer than a cell gap with no column
    edge between them (the letters of a name spaced out to fill its cell, "1. 一般…"),
    each as one token that keeps its glyphs."""
    groups: list[list[Token]] = []
    inner = edges[1:-1]
    for token in tokens:
        if groups:
            last = groups[-1][-1]
            near = token.x0 - last.x1 <= CELL_GAP_EM * token.size + 0.01
            if near and not any(last.x1 <= edge <= token.x0 for edge in inner):
                groups[-1].append(token)
                continue
        groups.append([token])
    return [group[0] if len(group) == 1 else _joined(group) for group in groups]


def _joined(tokens: Sequence[Token]) -> Token:
    return Token(
        [glyph for token in tokens for glyph in token.glyphs],
        tokens[0].x0,
        max(token.x1 for token in tokens),
        min(token.top for token in tokens),
        max(token.bottom for token in tokens),
        tokens[0].size,
        " ".join(token.text for token in tokens),
    )


def _left_anchors(lines: Sequence[Sequence[Token]], edges: Sequence[float]) -> list[float | None]:
    """Each column's left edge of text: the most common left edge of its phrases."""
    starts: list[list[float]] = [[] for _ in range(len(edges) - 1)]
    for phrases in lines:
        for phrase in phrases:
            if not phrase.is_figure:
                under = _columns_under(phrase.x0, phrase.x1, edges)
                if len(under) == 1:
                    starts[under[0]].append(round(phrase.x0))
    # An edge shared by two or more texts; a text alone in its column aligns with nothing.
    anchors: list[float | None] = []
    for values in starts:
        common = Counter(values).most_common(1)
        anchors.append(common[0][0] if common and common[0][1] >= 2 else None)
    return anchors


# --- results: rows of cells -----------------------------------------------------------------


class _Grid:
    """The columns of one table, and where each body line's phrases go in them."""

    def __init__(
        self, edges: Sequence[float], body: Sequence[Line], *, as_phrases: bool = True
    ) -> None:
        self.edges = list(edges)
        self.width = len(edges) - 1
        self.as_phrases = as_phrases
        self.anchors = _left_anchors([self._phrases(line) for line in body], self.edges)
        self._placed: dict[int, list[list[Token]]] = {}

    def _phrases(self, line: Line) -> list[Token]:
        return _phrases(line.tokens, self.edges) if self.as_phrases else list(line.tokens)

    def place_line(self, line: Line) -> list[list[Token]]:
        """The phrases of one body line, column by column (kept for the line)."""
        placed = self._placed.get(id(line))
        if placed is None:
            placed = self._place(self._phrases(line))
            self._placed[id(line)] = placed
        return placed

    def _place(self, phrases: Sequence[Token]) -> list[list[Token]]:
        cells: list[list[Token]] = [[] for _ in range(self.width)]
        under = [_columns_under(phrase.x0, phrase.x1, self.edges) for phrase in phrases]
        # A text that starts at its column's text edge belongs there even if it runs on
        # over the next column (a long name beside an empty cell).
        aligned = [
            self._is_aligned(phrase, columns[0]) and (len(columns) == 1 or not phrase.is_figure)
            for phrase, columns in zip(phrases, under, strict=True)
        ]
        taken = [False] * self.width
        for columns, is_aligned in zip(under, aligned, strict=True):
            if is_aligned:
                taken[columns[0]] = True
        for phrase, columns, is_aligned in zip(phrases, under, aligned, strict=True):
            column = columns[0]
            if not is_aligned:
                span = _token_span(phrase, self.edges, [not t for t in taken])
                if span is not None:
                    column = span[0]
            cells[column].append(phrase)
            taken[column] = True
        return cells

    def _is_aligned(self, token: Token, column: int) -> bool:
        if token.is_figure:
            return True
        anchor = self.anchors[column]
        return anchor is not None and abs(token.x0 - anchor) <= ALIGN_EM * token.size


def _header_spans(cells: Sequence[_HeaderCell], edges: Sequence[float]) -> None:
    """Each header cell's span of columns: a leaf's own column; a parent's the widest span
    it is centred over that covers the cells under it and takes only columns with room
    above their cells; one printed at its first column's left, every column to its right
    with room; else the columns it lies over."""
    width = len(edges) - 1
    for cell in cells:
        if cell.leaf:
            under = _columns_under(cell.x0, cell.x1, edges)
            best = max(under, key=lambda i: min(cell.x1, edges[i + 1]) - max(cell.x0, edges[i]))
            cell.span = (best, best)
    for cell in sorted((c for c in cells if not c.leaf), key=lambda c: -c.top):
        under = _columns_under(cell.x0, cell.x1, edges, cell.size / 2)
        children = [
            other.span
            for other in cells
            if other.span is not None
            and other.top > cell.bottom - 1.0
            and _overlap(cell, other) > EDGE_EPSILON
        ]
        first = min([under[0], *(span[0] for span in children)])
        last = max([under[-1], *(span[1] for span in children)])
        free = [_has_room(cells, cell, index, edges) for index in range(width)]
        span = _centred_span(
            _Span(cell.x0, cell.x1, cell.size, first, last), edges, free, widest=True
        )
        starts = [other.x0 for other in cells if other.leaf and other.span == (first, first)]
        aligned = starts and abs(cell.x0 - min(starts)) <= HEADER_INSET_EM * cell.size
        if aligned and (span is None or span[0] == span[1]):
            # Printed at its cell's left, as the header under it: the cell runs right
            # as far as there is room.
            while last + 1 < width and free[last + 1]:
                last += 1
            span = (first, last)
        cell.span = span if span is not None else (first, last)


def _has_room(
    cells: Sequence[_HeaderCell], cell: _HeaderCell, column: int, edges: Sequence[float]
) -> bool:
    """Whether ``cell`` may span ``column``: no other cell of its line lies over it, and the
    column's cells placed so far lie below it."""
    for other in cells:
        if (
            other is cell
            or other.bottom <= cell.top + 1.0
            or other.top > cell.bottom + cell.size / 4
        ):
            continue  # wholly above (placed later) or wholly below
        if other.span is not None:
            first, last = other.span
        else:
            under = _columns_under(other.x0, other.x1, edges, other.size / 2)
            first, last = under[0], under[-1]
        if first <= column <= last:
            return False
    return True


def _header_rows(cells: Sequence[_HeaderCell], width: int) -> int:
    """Give each header cell its row (see the module docstring, step 5); the row count."""
    stacks = [
        sorted((c for c in cells if c.span[0] <= column <= c.span[1]), key=lambda c: c.top)
        for column in range(width)
    ]
    depth = max((len(stack) for stack in stacks), default=0)
    if depth == 0:
        return 0
    deep = [stack for stack in stacks if len(stack) == depth]
    rules = _row_rules(deep, depth)
    assigned: dict[int, int] = {}
    for stack in stacks:
        for cell, row in zip(stack, _stack_rows(stack, rules), strict=True):
            assigned[id(cell)] = min(assigned.get(id(cell), row), row)
    for cell in cells:
        cell.row = assigned.get(id(cell), 0)
    return depth


def _row_rules(deep: Sequence[Sequence[_HeaderCell]], depth: int) -> list[float]:
    """Where the rules between the header's rows would be (depth + 1 heights)."""
    tops = [statistics.median(stack[level].top for stack in deep) for level in range(depth)]
    bottoms = [statistics.median(stack[level].bottom for stack in deep) for level in range(depth)]
    inner = [(bottoms[k] + tops[k + 1]) / 2 for k in range(depth - 1)]
    pad = (tops[1] - bottoms[0]) / 2 if depth > 1 else (bottoms[0] - tops[0]) / 2
    return [tops[0] - pad, *inner, bottoms[-1] + pad]


def _stack_rows(stack: Sequence[_HeaderCell], rules: Sequence[float]) -> list[int]:
    """First rows of a column's header cells: the split of the rows among them that puts
    each text nearest the middle of its rows. The rows above the first cell may stay empty
    (a cell printed at the height of the last row, under a neighbour's cell spanning over
    it); on a tie the cells start as high as they can."""
    depth = len(rules) - 1
    if not stack or len(stack) >= depth:
        return list(range(len(stack)))
    best: tuple[float, list[int]] | None = None
    for starts in itertools.combinations(range(depth), len(stack)):
        firsts = list(starts)
        ends = [*starts[1:], depth]
        miss = sum(
            abs(cell.middle - (rules[first] + rules[end]) / 2)
            for cell, first, end in zip(stack, firsts, ends, strict=True)
        )
        if best is None or miss < best[0]:
            best = (miss, firsts)
    return best[1] if best else [0] * len(stack)


def _ruled_header_rows(cells: Sequence[_HeaderCell], rules: Sequence[Edge]) -> int:
    """Header rows from printed rules: a cell's row is that of the nearest rule above it."""
    above: dict[int, float] = {}
    for cell in cells:
        over = [
            rule.top
            for rule in rules
            if rule.top <= cell.top + RULE_SLACK
            and min(rule.x1, cell.x1) - max(rule.x0, cell.x0) > 0
        ]
        above[id(cell)] = max(over) if over else -1.0
    levels = sorted(set(above.values()))
    for cell in cells:
        cell.row = levels.index(above[id(cell)])
    return len(levels)


# --- step 6: body rows -----------------------------------------------------------------------


def _body_rows(
    body: Sequence[Line], rules: Sequence[Edge], wrap: float, grid: _Grid
) -> list[list[Line]]:
    """The body's lines grouped into rows (see the module docstring, step 6)."""
    if not body:
        return []
    by_rules = _rows_by_rules(body, rules)
    if by_rules is not None:
        return [_banded(group) for group in by_rules]
    body = _banded(body)
    rows = _Rows(body, rules, wrap, grid)
    grouped: list[list[Line]] = []
    leading: list[Line] = []
    for index, line in enumerate(body):
        if not leading and grouped and rows.continues(grouped[-1], body, index):
            grouped[-1].append(line)
        elif rows.leads(body, index):
            leading.append(line)
        else:
            grouped.append([*leading, line])
            leading = []
    if leading:
        grouped.append(leading)
    return grouped


class _Rows:
    """What decides whether a line without figures starts a row or continues a cell.

    A cell's text wraps when it is too long for its column: every line of it but the last
    runs to the column's right end (is *full*), the next line starts where it starts (or
    is centred under it), at the pitch of lines within a paragraph, and never with a list
    number ("二、", "(三)"), which starts a row.
    """

    def __init__(
        self, body: Sequence[Line], rules: Sequence[Edge], wrap: float, grid: _Grid
    ) -> None:
        self.rules = rules
        self.wrap = wrap
        self.grid = grid
        self.ends: list[float] = [-math.inf] * grid.width
        for line in body:
            for column, phrases in enumerate(grid.place_line(line)):
                for phrase in phrases:
                    if not phrase.is_figure:
                        self.ends[column] = max(self.ends[column], phrase.x1)

    def texts(self, line: Line) -> dict[int, Token]:
        """The line's text (not figures) in each column, as one phrase."""
        found = {}
        for column, phrases in enumerate(self.grid.place_line(line)):
            words = [phrase for phrase in phrases if not phrase.is_figure]
            if words:
                found[column] = words[0] if len(words) == 1 else _joined(words)
        return found

    def is_full(self, text: Token, column: int) -> bool:
        return text.x1 >= self.ends[column] - FULL_EM * text.size

    def _near(self, above: Line, below: Line) -> bool:
        return below.top - above.top <= self.wrap and not _rule_between(
            self.rules, above.bottom, below.top
        )

    def _wraps(self, above: Token, below: Token, column: int) -> bool:
        """Whether ``below`` can be the next line of the text ``above`` in ``column``."""
        aligned = (
            abs(below.x0 - above.x0) <= ALIGN_EM * below.size
            or abs(below.centre - above.centre) <= ALIGN_EM * below.size
        )
        return aligned and self.is_full(above, column) and not _LIST_NUMBER.match(below.text)

    def continues(self, row: Sequence[Line], body: Sequence[Line], index: int) -> bool:
        """Whether ``body[index]`` goes on with text of ``row`` that ran to its column's
        end (and is not nearer to the figures of the next row, which it leads)."""
        line = body[index]
        if line.has_figure or not self._near(row[-1], line):
            return False
        if (
            index + 1 < len(body)
            and body[index + 1].top - line.top < line.top - row[-1].top
            and self.leads(body, index)
        ):
            return False
        texts = self.texts(line)
        for column, text in texts.items():
            above = next(
                (found[column] for found in map(self.texts, reversed(row)) if column in found),
                None,
            )
            if above is None or not self._wraps(above, text, column):
                return False
        return bool(texts)

    def leads(self, body: Sequence[Line], index: int) -> bool:
        """Whether ``body[index]`` (no figures) is the first part of the next row's text,
        printed above the row's figures (a cell centred in height in a tall row): the
        lines below it up to the figures are near, and each of its texts either wraps
        onto the text under it or has none under it."""
        line = body[index]
        if line.has_figure or index + 1 >= len(body) or not self._near(line, body[index + 1]):
            return False
        following = body[index + 1]
        if not following.has_figure and not self.leads(body, index + 1):
            return False
        under = self.texts(following)
        return all(
            column not in under or self._wraps(text, under[column], column)
            for column, text in self.texts(line).items()
        )


def _rule_between(rules: Sequence[Edge], above: float, below: float) -> bool:
    return any(above + RULE_SLACK < rule.top < below - RULE_SLACK for rule in rules)


def _ruled_apart(rules: Sequence[Edge], above: Line, below: Line) -> bool:
    """Whether a rule runs between two lines: between their middles, as a ruled table
    gives a word to the cell its centre lies in (a glyph's box may reach past the rule
    under its row when the row is tight)."""
    return _rule_between(
        rules,
        (above.top + above.bottom) / 2 - RULE_SLACK,
        (below.top + below.bottom) / 2 + RULE_SLACK,
    )


def _rows_by_rules(body: Sequence[Line], rules: Sequence[Edge]) -> list[list[Line]] | None:
    """Rows as the bands between horizontal rules, when rules separate most lines."""
    if len(body) < 2 or not rules:
        return None
    separated = sum(_ruled_apart(rules, a, b) for a, b in itertools.pairwise(body))
    if separated < (len(body) - 1) / 2:
        return None
    rows: list[list[Line]] = [[body[0]]]
    for a, b in itertools.pairwise(body):
        if _ruled_apart(rules, a, b):
            rows.append([b])
        else:
            rows[-1].append(b)
    return rows


def _banded(lines: Sequence[Line]) -> list[Line]:
    """Lines that overlap in height joined into one: the lines of a cell wrapped beside a
    cell centred in height are placed in the columns together (a wrapped line printed
    further left, under a first line's indent, stays with it)."""
    return [
        make_line([token for i in band for token in lines[i].tokens])
        if len(band) > 1
        else lines[band[0]]
        for band in _bands(lines)
    ]


# --- the whole table ---------------------------------------------------------------------------


def _table_rules(edges: Sequence[Edge], box: tuple[float, float, float, float]) -> list[Edge]:
    """Horizontal rules inside the table's box, across a share of its width (header rules
    over a few columns count too: each is read where it lies)."""
    x0, top, x1, bottom = box
    return [
        edge
        for edge in edges
        if edge.is_horizontal
        and top - RULE_SLACK <= edge.top <= bottom + RULE_SLACK
        and min(edge.x1, x1) - max(edge.x0, x0) > 0
    ]


def _wide(rules: Sequence[Edge], x0: float, x1: float) -> list[Edge]:
    """Rules across most of x0..x1, as one rule per height (a rule drawn cell by cell is
    many short segments at one height)."""
    by_height: dict[int, float] = {}
    for rule in rules:
        key = round(rule.top)
        by_height[key] = by_height.get(key, 0.0) + max(0.0, min(rule.x1, x1) - max(rule.x0, x0))
    return [
        Edge(x0, float(top), x1, float(top))
        for top, covered in sorted(by_height.items())
        if covered > RULE_COVER * (x1 - x0)
    ]


def _body_start(lines: Sequence[Line]) -> int:
    """Index of the body's first line (see the module docstring, step 2): the first row
    with figures, or a row above it whose text starts where the body's text does (a
    table running on from the page before, its rows of empty figures first)."""
    bands = _bands(lines)
    first = next(
        (k for k, band in enumerate(bands) if any(lines[i].has_figure for i in band)), None
    )
    if first is None:  # no figures: an empty table's header and its "合计", or text
        return bands[-1][0] if len(bands) <= MAX_HEADER_ROWS + 1 else 0
    starts = [
        token.x0
        for band in bands[first:]
        for i in band
        for token in lines[i].tokens
        if not token.is_figure
    ]
    while first > 0 and (
        all(_is_body_like(lines[i], starts) for i in bands[first - 1])
        or _is_label_below_header(lines, bands, first - 1)
    ):
        first -= 1
    start = bands[first][0]
    return 0 if len(_bands(lines[:start])) > MAX_HEADER_ROWS else start


def _is_body_like(line: Line, starts: Sequence[float]) -> bool:
    """A line of one text that starts where a text of the body starts."""
    if len(line.segments) != 1 or line.has_figure:
        return False
    return any(abs(x0 - line.x0) <= ALIGN_EM * line.size for x0 in starts)


def _is_label_below_header(lines: Sequence[Line], bands: Sequence[list[int]], k: int) -> bool:
    """Whether band ``k`` is a row's label under the header, not a header cell: one text
    alone on its line, under a header line none of whose cells lies over it. A header
    cell lies under the cell it belongs to, or is centred over its rows when nothing is
    above it; a text below the header's cells and beside all of them ("合计" centred over
    the code and name columns of a table left blank) starts the body."""
    if k == 0 or len(bands[k]) != 1:
        return False
    line = lines[bands[k][0]]
    if len(line.segments) != 1 or line.has_figure:
        return False
    above = [token for i in bands[k - 1] for token in lines[i].tokens]
    return all(token.x1 <= line.x0 or token.x0 >= line.x1 for token in above) and all(
        token.bottom <= line.top for token in above
    )


def read_table(lines: Sequence[Line], edges: Sequence[Edge] = ()) -> UnruledTable | None:
    """The table printed by ``lines`` (a block, see :func:`find_tables`), or ``None`` when
    its words do not line up in two or more columns."""
    start = _body_start(lines)
    header, body = list(lines[:start]), list(lines[start:])
    size = statistics.median(line.size for line in lines)
    wrap = min(WRAP_PITCH_EM * size, WRAP_PITCH_SHARE * _single_row_pitch(body, size))
    body_edges = _edges_of(
        _content_regions([[(t.x0, t.x1) for t in ln.tokens] for ln in body if _is_tabular(ln)]),
        size,
    )
    cells = _header_cells(header, body_edges or [0.0, 0.0], max(wrap, HEADER_WRAP_EM * size))
    leaves = _leaves(cells, body, size)
    regions = _column_regions(body, leaves)
    if not 2 <= len(regions) <= MAX_COLUMNS:
        return None  # one column is a list; scores of them, words strewn over a page
    column_edges = _column_edges(regions, leaves, body, size)
    x0 = min(line.x0 for line in lines)
    x1 = max(line.x1 for line in lines)
    box = (min(x0, column_edges[0]), lines[0].top, max(x1, column_edges[-1]), lines[-1].bottom)
    rules = _table_rules(edges, box)
    grid = _Grid(column_edges, body)
    rows = _header_table_rows(cells, grid, rules)
    for group in _body_rows(body, _wide(rules, box[0], box[2]), wrap, grid):
        columns: list[list[Token]] = [[] for _ in range(grid.width)]
        for line in group:
            for index, tokens in enumerate(grid.place_line(line)):
                columns[index].extend(tokens)
        rows.append(_row(columns, heading=False))
    return UnruledTable(tuple(column_edges), tuple(rows), box, has_header=bool(header))


def _header_table_rows(
    cells: Sequence[_HeaderCell], grid: _Grid, rules: Sequence[Edge]
) -> list[UnruledRow]:
    if not cells:
        return []
    _header_spans(cells, grid.edges)
    header_top = min(cell.top for cell in cells)
    header_bottom = max(cell.bottom for cell in cells)
    inside = [rule for rule in rules if header_top - 2 * RULE_SLACK <= rule.top <= header_bottom]
    count = (
        _ruled_header_rows(cells, inside)
        if inside and any(rule.top <= header_top for rule in inside)
        else _header_rows(cells, grid.width)
    )
    rows = []
    for row in range(count):
        columns: list[list[Token]] = [[] for _ in range(grid.width)]
        for cell in cells:
            if cell.row == row:
                columns[cell.span[0]].extend(cell.tokens)
        if any(columns):
            rows.append(_row(columns, heading=True))
    return rows


def _row(columns: Sequence[Sequence[Token]], *, heading: bool) -> UnruledRow:
    tokens = [token for column in columns for token in column]
    return UnruledRow(
        min(token.top for token in tokens),
        max(token.bottom for token in tokens),
        tuple(tuple(glyph for token in column for glyph in token.glyphs) for column in columns),
        heading,
    )


def _bands(lines: Sequence[Line]) -> list[list[int]]:
    """Lines chained where they overlap in height: the lines of one table row whose cells
    print at different heights (a header cell centred over two rows, a wrapped cell)."""
    bands: list[list[int]] = []
    bottom = -math.inf
    for index, line in enumerate(lines):
        if bands and line.top < bottom - EDGE_EPSILON:
            bands[-1].append(index)
            bottom = max(bottom, line.bottom)
        else:
            bands.append([index])
            bottom = line.bottom
    return bands


def find_tables(
    lines: Sequence[Line], edges: Sequence[Edge] = (), page_height: float = 0.0
) -> list[UnruledTable]:
    """The tables printed without vertical rules among a page's ``lines`` (top to bottom).
    A line in the bottom tenth of a page of ``page_height`` (a footer) is not taken into a
    table above it unless it is split into cells itself."""
    bands = _bands(lines)
    merged = [make_line([t for i in band for t in lines[i].tokens]) for band in bands]
    floor = (1 - MARGIN_ZONE) * page_height if page_height > 0 else math.inf
    tables = []
    for block in _blocks(merged, floor):
        members = [i for index in block for i in bands[index]]
        table = read_table([lines[i] for i in members], edges)
        if table is not None:
            tables.append(table)
    return tables


def place_cells(
    rows: Sequence[Sequence[tuple[str, Box | None]]], edges: Sequence[float]
) -> list[list[int]] | None:
    """The column under ``edges`` of each filled cell of ``rows`` (cell text and box), as
    :func:`read_table` would place them: the rows of a table that runs on from the page
    before without repeating its header take that page's columns (a column empty on
    this page is still there). ``None`` when two cells of a row fall into one column."""
    boxes = [box for row in rows for _, box in row if box is not None]
    if not boxes or len(edges) < 3:
        return None
    size = statistics.median(box[3] - box[1] for box in boxes) or 10.0
    lines = []
    for row in rows:
        tokens = [
            Token([], box[0], box[2], box[1], box[3], size, text)
            for text, box in row
            if box is not None
        ]
        lines.append(Line(tokens, 0.0, 0.0, size, [[token] for token in tokens]))
    grid = _Grid(edges, [line for line in lines if line.tokens], as_phrases=False)
    placed = []
    for line in lines:
        where = {
            id(token): index
            for index, column in enumerate(grid.place_line(line))
            for token in column
        }
        columns = [where[id(token)] for token in line.tokens]
        if any(b <= a for a, b in itertools.pairwise(columns)):
            return None  # two cells in one column, or out of their order
        placed.append(columns)
    return placed
