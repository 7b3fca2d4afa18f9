"""Ruling lines of a page -> the grids of cells they draw (tables printed with rules).

Pure geometry over plain data, whatever found the lines: the path objects of a PDF's
text layer (:mod:`ingest.formats.pdf_text_layer`) or, later, the strokes seen on a
scanned page's image. The steps are those of pdfplumber's table finder (after Anssi
Nurminen's thesis and Tabula), which the PDF reader used before, so that documents
keep the cells they had:

1. Every horizontal or vertical segment is an edge; edges less than a point long are
   dropped (a rectangle's short sides when it is drawn as a thin line).
2. Edges within :data:`SNAP` points of each other across are moved onto their mean
   position (a double rule, a cell border drawn by both neighbours), and collinear
   edges with gaps of at most :data:`JOIN` points are joined (tables drawn cell by
   cell); edges shorter than :data:`MIN_LENGTH` are then dropped.
3. Where a vertical and a horizontal edge meet (within :data:`MEET` points) is a
   corner. A cell is the smallest rectangle of four corners joined by edges.
4. Cells sharing a corner belong to one table; a table is kept when it has at least
   two cells (a single framed box is text in a frame, not a table).

Each table's rows are its cells grouped by their top; each row lists one cell per
column of the table (a column starts at any cell's left edge), ``None`` where a merged
cell of the row covers that column.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the top left

SNAP = 3.0
JOIN = 3.0
MEET = 3.0
MIN_LENGTH = 3.0
MIN_PREFILTER_LENGTH = 1.0


class Edge(NamedTuple):
    """A horizontal (``top == bottom``) or vertical (``x0 == x1``) ruling segment."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def is_horizontal(self) -> bool:
        return self.top == self.bottom

    @property
    def is_vertical(self) -> bool:
        return self.x0 == self.x1 and self.top != self.bottom

    @property
    def length(self) -> float:
        return max(self.x1 - self.x0, self.bottom - self.top)


def horizontal(y: float, x0: float, x1: float) -> Edge:
    return Edge(min(x0, x1), y, max(x0, x1), y)


def vertical(x: float, top: float, bottom: float) -> Edge:
    return Edge(x, min(top, bottom), x, max(top, bottom))


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a ruled table: its box and one cell box per column (``None``: merged)."""

    box: Box
    cells: tuple[Box | None, ...]


@dataclass(frozen=True, slots=True)
class Table:
    cells: tuple[Box, ...]

    @property
    def box(self) -> Box:
        return _bounds(self.cells)

    @property
    def rows(self) -> list[TableRow]:
        columns = sorted({cell[0] for cell in self.cells})
        ordered = sorted(self.cells, key=lambda cell: (cell[1], cell[0]))
        rows = []
        for _, row_cells in groupby(ordered, key=lambda cell: cell[1]):
            by_left = {cell[0]: cell for cell in row_cells}
            cells = tuple(by_left.get(x) for x in columns)
            rows.append(TableRow(_bounds([cell for cell in cells if cell]), cells))
        return rows


def _bounds(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


# --- step 2: snapping and joining ----------------------------------------------------------


def _clusters(values: Sequence[float], tolerance: float) -> dict[float, float]:
    """Each value -> the mean of its cluster (sorted values chained within ``tolerance``)."""
    ordered = sorted(values)
    means: dict[float, float] = {}
    group: list[float] = []
    for value in ordered:
        if group and value > group[-1] + tolerance:
            mean = sum(group) / len(group)
            means.update((member, mean) for member in group)
            group = []
        group.append(value)
    if group:
        mean = sum(group) / len(group)
        means.update((member, mean) for member in group)
    return means


def _snap(edges: Sequence[Edge]) -> tuple[list[Edge], list[Edge]]:
    plumb = [edge for edge in edges if edge[0] == edge[2] and edge[1] != edge[3]]
    level = [edge for edge in edges if edge[1] == edge[3]]
    across_v = _clusters([edge[0] for edge in plumb], SNAP)
    across_h = _clusters([edge[1] for edge in level], SNAP)
    verticals = [Edge(across_v[x], top, across_v[x], bottom) for x, top, _, bottom in plumb]
    horizontals = [Edge(x0, across_h[y], x1, across_h[y]) for x0, y, x1, _ in level]
    return verticals, horizontals


def _join(edges: Sequence[Edge], *, is_vertical: bool) -> list[Edge]:
    """Collinear edges whose gap is at most JOIN points become one edge."""
    joined: list[Edge] = []
    position = (lambda edge: edge.x0) if is_vertical else (lambda edge: edge.top)
    start = (lambda edge: edge.top) if is_vertical else (lambda edge: edge.x0)
    end = (lambda edge: edge.bottom) if is_vertical else (lambda edge: edge.x1)
    for _, line in groupby(sorted(edges, key=position), key=position):
        run: Edge | None = None
        for edge in sorted(line, key=start):
            if run is not None and start(edge) <= end(run) + JOIN:
                if end(edge) > end(run):
                    run = (
                        Edge(run.x0, run.top, run.x1, edge.bottom)
                        if is_vertical
                        else Edge(run.x0, run.top, edge.x1, run.bottom)
                    )
                continue
            if run is not None:
                joined.append(run)
            run = edge
        if run is not None:
            joined.append(run)
    return joined


def merge_edges(edges: Iterable[Edge]) -> tuple[list[Edge], list[Edge]]:
    """Snapped and joined (vertical, horizontal) edges at least MIN_LENGTH long."""
    # A border two cells share is often drawn by both: the same edge twice changes no
    # mean and no join.
    kept = [edge for edge in set(edges) if edge.length >= MIN_PREFILTER_LENGTH]
    verticals, horizontals = _snap(kept)
    verticals = [edge for edge in _join(verticals, is_vertical=True) if edge.length >= MIN_LENGTH]
    horizontals = [
        edge for edge in _join(horizontals, is_vertical=False) if edge.length >= MIN_LENGTH
    ]
    return verticals, horizontals


# --- steps 3 and 4: corners, cells, tables --------------------------------------------------


def _corners(
    verticals: Sequence[Edge], horizontals: Sequence[Edge]
) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    """Each corner -> (indices of the vertical edges, of the horizontal edges) meeting there."""
    corners: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    by_top = sorted(range(len(horizontals)), key=lambda i: (horizontals[i].top, horizontals[i].x0))
    tops = [horizontals[i].top for i in by_top]
    for v_index in sorted(range(len(verticals)), key=lambda i: (verticals[i].x0, verticals[i].top)):
        v = verticals[v_index]
        for h_index in by_top[bisect_left(tops, v.top - MEET) :]:
            h = horizontals[h_index]
            if h.top > v.bottom + MEET:
                break
            if v.top <= h.top + MEET and v.x0 >= h.x0 - MEET and v.x0 <= h.x1 + MEET:
                point = (v.x0, h.top)
                found = corners.setdefault(point, (set(), set()))
                found[0].add(v_index)
                found[1].add(h_index)
    return corners


def _cells(corners: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Box]:
    """The smallest cell whose top-left corner is each corner, where there is one."""
    by_x: dict[float, list[tuple[float, float]]] = defaultdict(list)
    by_y: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for point in sorted(corners):
        by_x[point[0]].append(point)
        by_y[point[1]].append(point)

    def down(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return bool(corners[a][0] & corners[b][0])

    def across(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return bool(corners[a][1] & corners[b][1])

    def smallest_cell(point: tuple[float, float]) -> Box | None:
        right: list[tuple[float, float]] | None = None
        for below_point in by_x[point[0]]:
            if below_point[1] <= point[1] or not down(point, below_point):
                continue
            if right is None:
                right = [p for p in by_y[point[1]] if p[0] > point[0] and across(point, p)]
            for right_point in right:
                corner = (right_point[0], below_point[1])
                if corner in corners and down(right_point, corner) and across(below_point, corner):
                    return (point[0], point[1], corner[0], corner[1])
        return None

    return [cell for cell in map(smallest_cell, sorted(corners)) if cell is not None]


def _tables(cells: Sequence[Box]) -> list[Table]:
    """Cells sharing a corner, as tables of two or more cells, top to bottom."""
    parent = list(range(len(cells)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[tuple[float, float], int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(index)] = root(owner[corner])
            else:
                owner[corner] = index
    groups: dict[int, list[Box]] = defaultdict(list)
    for index, cell in enumerate(cells):
        groups[root(index)].append(cell)
    tables = [Table(tuple(group)) for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda table: min((cell[1], cell[0]) for cell in table.cells))


def find_tables(edges: Iterable[Edge]) -> list[Table]:
    """The tables the ruling ``edges`` draw, top to bottom (see the module docstring)."""
    verticals, horizontals = merge_edges(edges)
    if not verticals or not horizontals:
        return []
    return _tables(_cells(_corners(verticals, horizontals)))
