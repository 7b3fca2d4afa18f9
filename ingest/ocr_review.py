"""What a reviewer should look at in a document read by OCR: cells that may be misread.

Pure: the RawDocument's per-cell confidence (``RawDocument.confidence``, only lines read by
OCR have one) and the validation report in, a list of marks out, stored in the parse as
``low_confidence`` and shown beside the validation report as 提示 "可能识别有误", each with
its page and box so the page image of the cell can be shown:

- ``{"reason": "low_confidence", "line", "cell", "text", "confidence", "page", "box"}``:
  a table cell, or any cell holding a digit, whose least certain character scored below
  ``OCR_REVIEW_CONFIDENCE``; or a table cell with ink OCR could not read (``text`` empty,
  ``confidence`` 0). A line of prose without figures is not listed: a doubtful character
  in it changes no figure.
- ``{"reason": "check_failed", "checks", "lines", "confidence", "page", "box"}``: failed
  checks citing the same lines read by OCR, one mark for them, when one of those lines
  holds a cell OCR was not sure of (below :data:`CHECK_SUSPECT_CONFIDENCE`) or could not
  read: one of its figures may be misread. A check that fails on cells read with near
  certainty is the document's own disagreement, which the validation report already shows.

A document with no OCR-read line gets an empty list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ingest.formats.pdf_locations import PdfLocation, parse_location
from ingest.types import RawDocument, SourceLine

REVIEW_CONFIDENCE = 0.8  # a cell scored below this is listed for review
CHECK_SUSPECT_CONFIDENCE = 0.98  # a failed check is OCR's doing only if a cell is below this
MAX_MARKS = 300  # a hopeless scan lists this many
LOW_CONFIDENCE = "low_confidence"
CHECK_FAILED = "check_failed"


def _rounded_box(box: Iterable[float]) -> list[float]:
    return [round(value, 1) for value in box]


def _matters(line: SourceLine, text: str) -> bool:
    """A cell whose misreading could change a figure: in a table row, or holding a digit."""
    return len(line.cells) > 1 or any(char.isdigit() for char in text)


def _cell_marks(raw: RawDocument, threshold: float) -> list[dict[str, Any]]:
    marks = []
    for line in raw.lines:
        scores = raw.confidence.get(line.no)
        location = parse_location(raw.locations.get(line.no, ""))
        if not scores or location is None:
            continue
        for index, (text, score) in enumerate(zip(line.cells, scores, strict=False)):
            box = location.cell_box(index)
            unread = score == 0.0 and not text.strip()
            if score is None or score >= threshold or box is None:
                continue
            if not unread and not (text.strip() and _matters(line, text)):
                continue
            marks.append(
                {
                    "reason": LOW_CONFIDENCE,
                    "line": line.no,
                    "cell": index,
                    "text": text,
                    "confidence": round(score, 3),
                    "page": location.page,
                    "box": _rounded_box(box),
                }
            )
    return marks


def _cited_lines(raw: RawDocument, check: dict[str, Any]) -> list[tuple[int, PdfLocation]]:
    """The lines a check cites (the ends of its span) that OCR read, with their places."""
    span = check.get("lines") or []
    cited = []
    for number in dict.fromkeys(span[:1] + span[-1:]):
        location = parse_location(raw.locations.get(number, ""))
        if raw.confidence.get(number) and location is not None and location.box is not None:
            cited.append((number, location))
    return cited


def _check_marks(
    raw: RawDocument, checks: Sequence[dict[str, Any]], suspect_below: float
) -> list[dict[str, Any]]:
    by_lines: dict[tuple[int, ...], dict[str, Any]] = {}
    for check in checks:
        if check.get("status") != "fail":
            continue
        cited = _cited_lines(raw, check)
        scores = [s for number, _ in cited for s in raw.confidence[number] if s is not None]
        if not cited or not scores or min(scores) >= suspect_below:
            continue
        key = tuple(number for number, _ in cited)
        if key in by_lines:
            by_lines[key]["checks"].append(check.get("check", ""))
            continue
        page = cited[0][1].page
        boxes = [location.box for _, location in cited if location.page == page]
        by_lines[key] = {
            "reason": CHECK_FAILED,
            "checks": [check.get("check", "")],
            "lines": [key[0], key[-1]],
            "confidence": round(min(scores), 3),
            "page": page,
            "box": _rounded_box(
                (
                    min(box[0] for box in boxes if box),
                    min(box[1] for box in boxes if box),
                    max(box[2] for box in boxes if box),
                    max(box[3] for box in boxes if box),
                )
            ),
        }
    return list(by_lines.values())


def ocr_review_marks(
    raw: RawDocument,
    checks: Sequence[dict[str, Any]],
    *,
    threshold: float = REVIEW_CONFIDENCE,
    suspect_below: float = CHECK_SUSPECT_CONFIDENCE,
) -> list[dict[str, Any]]:
    """The cells of ``raw`` OCR read with a confidence below ``threshold`` (or could not
    read), and the failed ``checks`` that may be OCR's doing (see the module docstring),
    at most MAX_MARKS."""
    if not raw.confidence:
        return []
    marks = _cell_marks(raw, threshold) + _check_marks(raw, checks, suspect_below)
    return marks[:MAX_MARKS]


def review_threshold() -> float:
    """``OCR_REVIEW_CONFIDENCE`` from the settings (0.8 without Django)."""
    from ingest.formats.common import setting

    return setting("OCR_REVIEW_CONFIDENCE", REVIEW_CONFIDENCE)
