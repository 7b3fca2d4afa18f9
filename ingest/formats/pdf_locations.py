"""Where a line of a PDF sits: its page and boxes, written into ``RawDocument.locations``.

Every line a PDF gives records its page and boxes as
``"p3 x0,top,x1,bottom | x0,top,x1,bottom;…"`` (PDF points from the page's top left
corner: the line's box, then each cell's box, ``-`` for a merged cell).
:func:`parse_location` reads it back, for the source viewer and the page images.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class PdfLocation:
    """A line's page (1-based), its box and its cells' boxes, in PDF points from top left."""

    page: int
    box: Box | None
    cells: tuple[Box | None, ...] = ()

    def cell_box(self, index: int) -> Box | None:
        """The box of cell ``index`` (the line's box when the cell has none)."""
        if 0 <= index < len(self.cells) and self.cells[index] is not None:
            return self.cells[index]
        return self.box


def _box_text(box: Box | None) -> str:
    return "-" if box is None else ",".join(f"{value:.1f}" for value in box)


def format_location(page: int, box: Box, cells: Sequence[Box | None] = ()) -> str:
    """``"p3 x0,top,x1,bottom | cell;cell;…"`` for RawDocument.locations."""
    text = f"p{page} {_box_text(box)}"
    if cells:
        text += " | " + ";".join(_box_text(cell) for cell in cells)
    return text


def _parse_box(text: str) -> Box | None:
    values = text.strip().split(",")
    if len(values) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(value) for value in values)
    except ValueError:
        return None
    return (x0, top, x1, bottom)


def parse_location(location: str) -> PdfLocation | None:
    """Read a PDF line's location back; ``None`` for a location of another format.

    >>> parse_location("p3 40.1,114.4,802.9,130.2 | 40.1,114.4,90.0,130.2;-")
    PdfLocation(page=3, box=(40.1, 114.4, 802.9, 130.2), cells=((40.1, 114.4, 90.0, 130.2), None))
    """
    match = re.match(r"^p(\d+)(?: ([^|]+))?(?: \| (.*))?$", location.strip())
    if not match:
        return None
    box = _parse_box(match.group(2) or "")
    cells = tuple(_parse_box(cell) for cell in (match.group(3) or "").split(";") if cell)
    return PdfLocation(int(match.group(1)), box, cells)
