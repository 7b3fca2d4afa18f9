"""Ruling lines -> grids of cells, as pdfplumber's table finder drew them."""

import itertools

from ingest.formats.ruled_tables import Edge, find_tables, horizontal, vertical


def grid(xs, ys, *, skip=()):
    """Edges of a grid with columns at ``xs`` and rows at ``ys``; ``skip`` leaves out
    vertical segments (column x, row index) to merge two cells."""
    edges = [horizontal(y, xs[0], xs[-1]) for y in ys]
    for x in xs:
        for row, (top, bottom) in enumerate(itertools.pairwise(ys)):
            if (x, row) not in skip:
                edges.append(vertical(x, top, bottom))
    return edges


def test_a_grid_gives_rows_of_cells():
    (table,) = find_tables(grid([10, 60, 110], [10, 30, 50]))
    rows = table.rows
    assert [row.cells for row in rows] == [
        ((10, 10, 60, 30), (60, 10, 110, 30)),
        ((10, 30, 60, 50), (60, 30, 110, 50)),
    ]
    assert table.box == (10, 10, 110, 50)


def test_a_merged_cell_leaves_its_other_columns_empty():
    (table,) = find_tables(grid([10, 60, 110], [10, 30, 50], skip={(60, 0)}))
    assert [row.cells for row in table.rows] == [
        ((10, 10, 110, 30), None),
        ((10, 30, 60, 50), (60, 30, 110, 50)),
    ]


def test_nearby_lines_snap_and_broken_lines_join():
    """A border drawn twice 1 pt apart is one; a rule drawn cell by cell is one line."""
    edges = [
        horizontal(10, 10, 60),
        horizontal(10, 61, 110),  # a 1-point gap: joined
        horizontal(30.8, 10, 110),  # drawn again, 0.8 pt lower: snapped
        horizontal(30, 10, 110),
        vertical(10, 10, 30),
        vertical(60, 10, 30),
        vertical(110, 10, 30),
    ]
    (table,) = find_tables(edges)
    assert len(table.rows) == 1
    assert len(table.rows[0].cells) == 2


def test_a_single_frame_is_not_a_table():
    assert find_tables(grid([10, 110], [10, 50])) == []


def test_short_and_slanted_segments_are_no_rules():
    assert find_tables([Edge(10, 10, 10.5, 10), vertical(10, 10, 11)]) == []
