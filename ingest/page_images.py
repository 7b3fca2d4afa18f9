"""Page images of stored PDF disclosures, for the source viewer: each page drawn once.

Drawing a page takes pdfium tens of milliseconds to seconds and a bitmap in memory; the
image depends only on the file (its sha256) and the page, so it is drawn on the first
request and kept as a file, ``MEDIA_ROOT/page-images/<sha256>/<page>.png``. Files rather
than Django's cache: an image is 100-500 KB, the per-process memory cache would hold one
copy per web process and evict the pages' cache, while files are shared by every process
and survive restarts; they go with the document's other files. A highlighted cell is
outlined on the kept image (no pdfium), so a page has one file whatever lines are asked
for: requests for every pair of lines cannot fill the disk.

Writes go to a temporary file first and are renamed into place, so two processes
drawing the same page at once both leave a whole file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from ingest.formats.pdf import crop_png, highlight_png, render_page_png

Box = tuple[float, float, float, float]

FOLDER = "page-images"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def page_image_path(*, sha256: str, page: int) -> Path:
    """Where the image of ``page`` of the file with this sha256 is kept."""
    if not _SHA256.match(sha256) or page < 1:
        raise ValueError("not a stored file's page")
    return Path(settings.MEDIA_ROOT) / FOLDER / sha256 / f"{page}.png"


def page_image_png(
    *,
    sha256: str,
    page: int,
    read_file: Callable[[], bytes],
    highlight: Box | None = None,
    crop: bool = False,
) -> bytes:
    """The PNG of ``page`` (1-based), drawn from ``read_file()`` only the first time;
    ``highlight`` outlined, and with ``crop`` only the part of the page around it (a cell
    OCR may have misread, shown beside its reading).

    Raises ``ValueError`` for a page the PDF does not have (nothing is kept then).
    """
    path = page_image_path(sha256=sha256, page=page)
    try:
        png = path.read_bytes()
    except FileNotFoundError:
        png = render_page_png(read_file(), page)
        _keep(path, png)
    if highlight is None:
        return png
    return crop_png(png, highlight) if crop else highlight_png(png, highlight)


def parse_box(value: str | None) -> Box | None:
    """``"x0,top,x1,bottom"`` (points, as a parse's ``low_confidence`` marks give them) ->
    a box, or None for anything else (a box of at most 10,000 points a side)."""
    parts = (value or "").split(",")
    if len(parts) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(part) for part in parts)
    except ValueError:
        return None
    if not all(0 <= v <= 10_000 for v in (x0, top, x1, bottom)) or x1 <= x0 or bottom <= top:
        return None
    return (x0, top, x1, bottom)


def _keep(path: Path, png: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(png)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
