"""A scanned page's image -> its skew angle and the ruling lines of its tables.

Pure image geometry with OpenCV over a grey page image (numpy, ink dark on light paper),
no OCR: :mod:`ingest.formats.ocr` straightens the page with :func:`skew_angle` before
reading it, and hands the rules of :func:`find_rules` to
:func:`ingest.formats.word_positions.page_text`, which finds the grid of cells with
:mod:`ingest.formats.ruled_tables` exactly as it does for the rules of a text layer.

- **Skew**: the angle at which the rows of ink are sharpest. The page is binarized and
  shrunk, turned by each candidate angle, and the rows' ink counts compared: text lines
  and table rules give tall narrow peaks only when they lie level (the projection-profile
  method). A coarse pass over ±:data:`MAX_SKEW_DEGREES` is refined around its best.
- **Ruling lines**: ink is separated from paper by a threshold that follows the local
  brightness (scans are unevenly lit), then opened with a long thin kernel: a run of ink
  at least that long horizontally (vertically) survives, the strokes of characters do
  not. Each remaining run that meets another is one edge, measured in points; the runs
  are painted out of the image that OCR then reads.
"""

from __future__ import annotations

from typing import Any

from ingest.formats.ruled_tables import Edge, horizontal, vertical

MAX_SKEW_DEGREES = 5.0
_SKEW_WIDTH_PX = 900  # the skew is measured on the page shrunk to this width
_COARSE_STEP = 0.5
_FINE_STEP = 0.05
# Text height in pixels is unknown before OCR; at 150 dpi body text is 18-30 px high. A
# vertical run must be longer than the tallest stroke of a character, a horizontal one
# longer than the widest; both shorter than the smallest ruled cell.
_MIN_VERTICAL_PX = 34
_MIN_HORIZONTAL_PX = 48
_MAX_THICKNESS_PX = 12  # a thicker run of ink is a filled shape, not a rule
_MEET_PX = 6  # a rule ending this close to another meets it
_THRESHOLD_BLOCK_PX = 31
_THRESHOLD_OFFSET = 12


def _ink(gray: Any) -> Any:
    """255 where there is ink, 0 on paper: a threshold following the local brightness."""
    import cv2

    return cv2.adaptiveThreshold(
        gray,
        255,
        cv2.ADAPTIVE_THRESH_MEAN_C,
        cv2.THRESH_BINARY_INV,
        _THRESHOLD_BLOCK_PX,
        _THRESHOLD_OFFSET,
    )


def _profile_sharpness(ink: Any, degrees: float) -> float:
    import cv2
    import numpy as np

    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: Any) -> float:
    """The angle in degrees (counter-clockwise, OpenCV's sense) that levels the page's rows.

    Turning the image by it (:func:`cv2.getRotationMatrix2D` with this angle) straightens
    the page. 0.0 for a blank page.
    """
    import cv2
    import numpy as np

    height, width = gray.shape
    factor = min(1.0, _SKEW_WIDTH_PX / max(width, 1))
    small = cv2.resize(gray, (max(1, int(width * factor)), max(1, int(height * factor))))
    ink = _ink(small)
    if not ink.any():
        return 0.0

    def best(candidates: Any) -> float:
        scores = [(_profile_sharpness(ink, float(angle)), float(angle)) for angle in candidates]
        return max(scores)[1]

    coarse = best(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, _COARSE_STEP))
    return round(
        best(np.arange(coarse - _COARSE_STEP, coarse + _COARSE_STEP + 1e-9, _FINE_STEP)), 3
    )


Run = tuple[int, int, int, int]  # x, y, width, height in pixels


def _runs(ink: Any, kernel_size: tuple[int, int]) -> tuple[list[Run], Any]:
    """(x, y, width, height) of each connected run of ink that the kernel fits in, and the
    image of their labels (run ``i`` is label ``i + 1``)."""
    import cv2

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, kernel_size)
    opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    runs: list[Run] = [
        (int(stats[i][0]), int(stats[i][1]), int(stats[i][2]), int(stats[i][3]))
        for i in range(1, count)
    ]
    return runs, labels


def _meets(vertical_run: Run, horizontal_run: Run) -> bool:
    """Whether a vertical and a horizontal run cross or touch (a table's corner, T or +)."""
    vx, vy, vw, vh = vertical_run
    hx, hy, hw, hh = horizontal_run
    x = vx + vw / 2
    y = hy + hh / 2
    return hx - _MEET_PX <= x <= hx + hw + _MEET_PX and vy - _MEET_PX <= y <= vy + vh + _MEET_PX


def _mask(labels: Any, kept: list[int]) -> Any:
    import numpy as np

    return np.isin(labels, np.asarray(kept, dtype=labels.dtype) + 1)


def find_rules(gray: Any, points_per_pixel: float) -> tuple[list[Edge], Any]:
    """The horizontal and vertical ruling lines of a (straightened) page image, in points,
    and the image with them painted over in white.

    ``points_per_pixel`` converts the image's pixels to PDF points (72 / dpi). Only rules
    that meet another are kept: a table's rules meet at its corners, while a long stroke
    of a large character, or an underline, meets none. The rules are taken off the image
    OCR reads: a character printed against a cell's border ("一、" at the left rule) is
    otherwise read as part of the rule and lost.
    """
    import cv2

    ink = _ink(gray)
    # Close the gaps that blur and JPEG noise leave in a thin rule before opening.
    ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    h_runs, h_labels = _runs(ink, (_MIN_HORIZONTAL_PX, 1))
    v_runs, v_labels = _runs(ink, (1, _MIN_VERTICAL_PX))
    h_thin = [i for i, run in enumerate(h_runs) if run[3] <= _MAX_THICKNESS_PX]
    v_kept = [
        i
        for i, run in enumerate(v_runs)
        if run[2] <= _MAX_THICKNESS_PX and any(_meets(run, h_runs[j]) for j in h_thin)
    ]
    h_kept = [i for i in h_thin if any(_meets(v_runs[j], h_runs[i]) for j in v_kept)]
    scale = points_per_pixel
    edges = []
    for index in h_kept:
        x, y, width, height = h_runs[index]
        edges.append(horizontal((y + height / 2) * scale, x * scale, (x + width) * scale))
    for index in v_kept:
        x, y, width, height = v_runs[index]
        edges.append(vertical((x + width / 2) * scale, y * scale, (y + height) * scale))
    cleaned = gray.copy()
    if edges:
        rules = (_mask(h_labels, h_kept) | _mask(v_labels, v_kept)).astype("uint8")
        rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        cleaned[rules > 0] = 255
    return edges, cleaned
