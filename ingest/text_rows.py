"""Plain-text lines -> table cells, whichever way a converter marked the columns.

Converters that turn a PDF into text mark a table's columns differently: tabs (the
samples), markdown pipe tables with outer pipes (``| a | b |``) or without them
(``a | b``, which a ``---|---`` separator line marks as a table), and runs of
spaces instead of tabs on some lines of an otherwise tab-separated table. This
module splits each line into cells so that all of them give the same columns.

A run of spaces only separates cells on a line that sits in a table, i.e. next to
a line whose cells are marked by tabs or pipes; elsewhere (prose) it is text. Runs
of spaces cannot say for certain how many empty cells they stand for; the width
of the document's narrowest gap between two cells is taken as one column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACE_RUN = re.compile(r" {2,}|\u3000+")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_AMOUNT = re.compile(r"^-?\d[\d,]*(\.\s?\d+)?$")
DEFAULT_GAP = 2
MIN_TABLE_CELLS = 3


@dataclass(frozen=True, slots=True)
class TextRow:
    """One line's cells (raw, not yet normalized) and how its columns were marked."""

    index: int  # position in the lines given
    cells: tuple[str, ...]
    marker: str  # "tsv" | "pipe" | "spaces" | "text"


def split_text_rows(lines: Sequence[str]) -> list[TextRow]:
    """Cells of each line; pipe separator lines are left out (they carry no cells)."""
    pipe_style = _pipe_blocks(lines)
    marked = [("\t" in line or index in pipe_style) for index, line in enumerate(lines)]
    space_rows = _space_separated(lines, marked)
    gap = _column_gap(_interior_runs(lines[index]) for index in space_rows)
    rows: list[TextRow] = []
    for index, line in enumerate(lines):
        if index in pipe_style:
            if PIPE_SEPARATOR.match(line):
                continue
            rows.append(TextRow(index, _pipe_cells(line, outer=pipe_style[index]), "pipe"))
        elif "\t" in line:
            rows.append(TextRow(index, tuple(line.split("\t")), "tsv"))
        elif index in space_rows:
            rows.append(TextRow(index, _space_cells(line, gap), "spaces"))
        else:
            text = _MARKDOWN_BULLET.sub("", _MARKDOWN_HEADING.sub("", line))
            rows.append(TextRow(index, (text,), "text"))
    return rows


# --- pipe tables ---------------------------------------------------------------------------


def _pipe_blocks(lines: Sequence[str]) -> dict[int, bool]:
    """Lines of pipe tables -> whether that table has outer pipes.

    A run of lines holding pipes is a table when it has a ``---|---`` separator
    line, or when every line opens with a pipe (the outer-pipe style, which needs
    no separator to be recognized).
    """
    result: dict[int, bool] = {}
    start = None
    for index in range(len(lines) + 1):
        has_pipe = index < len(lines) and "|" in lines[index] and "\t" not in lines[index]
        if has_pipe and start is None:
            start = index
        elif not has_pipe and start is not None:
            result.update(_pipe_block(lines, start, index))
            start = None
    return result


def _pipe_block(lines: Sequence[str], start: int, stop: int) -> dict[int, bool]:
    block = range(start, stop)
    separators = [i for i in block if PIPE_SEPARATOR.match(lines[i])]
    if separators:
        outer = lines[separators[0]].strip().startswith("|")
        return dict.fromkeys(block, outer)
    outer_rows = [i for i in block if _has_outer_pipes(lines[i])]
    return dict.fromkeys(outer_rows, True)


def _has_outer_pipes(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _pipe_cells(line: str, *, outer: bool) -> tuple[str, ...]:
    stripped = line.strip()
    if outer and stripped.startswith("|"):
        # Drop exactly one outer pipe on each side: "|||a|" keeps its empty cells.
        stripped = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
    return tuple(stripped.split("|"))


# --- runs of spaces --------------------------------------------------------------------------


def _space_separated(lines: Sequence[str], marked: list[bool]) -> set[int]:
    """Lines whose cells are runs of spaces: spaced lines joined to a table's marked lines.

    A spaced line of three or more cells with an amount among them is a table row;
    a spaced line next to a marked line belongs to its table, and so, in turn, does
    a spaced line next to that one.
    """
    candidates = {
        index for index, line in enumerate(lines) if not marked[index] and _is_spaced(line)
    }
    found = {index for index in candidates if _reads_as_table_row(lines[index])}
    for index in found:
        marked[index] = True
    # A chain of spaced lines joins a table from above or below: one sweep each way.
    for order in (sorted(candidates), sorted(candidates, reverse=True)):
        for index in order:
            if index not in found and _next_to_table(marked, lines, index):
                found.add(index)
                marked[index] = True
    return found


def _reads_as_table_row(line: str) -> bool:
    """A spaced line of three or more cells, one of them an amount: a table row on its own."""
    cells = [cell for cell in _SPACE_RUN.split(line.strip()) if cell]
    return len(cells) >= MIN_TABLE_CELLS and any(_AMOUNT.match(cell) for cell in cells)


def _is_spaced(line: str) -> bool:
    """Whether a line has a run of spaces inside, before or after its text (empty cells)."""
    if not line.strip():
        return False
    edges = (line[:2], line[-2:])
    return bool(_interior_runs(line)) or any(edge in ("  ",) or "\u3000" in edge for edge in edges)


def _next_to_table(marked: Sequence[bool], lines: Sequence[str], index: int) -> bool:
    """Whether the nearest non-blank line above or below has its cells marked."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and not lines[other].strip():
            other += step
        if 0 <= other < len(lines) and marked[other]:
            return True
    return False


def _interior_runs(line: str) -> list[int]:
    """Widths of the runs of spaces between two pieces of text on the line."""
    return [len(m.group()) for m in _SPACE_RUN.finditer(line.strip())]


def _column_gap(runs_per_line: Iterable[list[int]]) -> int:
    """The width that one column gap takes: the commonest narrowest run of the lines."""
    narrowest = Counter(min(runs) for runs in runs_per_line if runs)
    return narrowest.most_common(1)[0][0] if narrowest else DEFAULT_GAP


def _space_cells(line: str, gap: int) -> tuple[str, ...]:
    """Cells of a line whose columns are runs of spaces; wide runs stand for empty cells."""
    body = line.rstrip()
    lead = len(body) - len(body.lstrip(" \u3000"))
    cells: list[str] = [""] * (round(lead / gap) if lead >= gap else 0)
    position = lead
    for match in _SPACE_RUN.finditer(body, lead):
        cells.append(body[position : match.start()])
        cells.extend([""] * max(0, round(len(match.group()) / gap) - 1))
        position = match.end()
    cells.append(body[position:])
    return tuple(cells)
