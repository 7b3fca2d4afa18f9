"""What a reviewer should look at in a document read by OCR: cells that may be misread.

Pure: the RawDocument's per-cell confidence (``RawDocument.confidence``, only lines read by
OCR have one) and the validation report in, a list of marks out, stored in the parse as
``low_confidence`` (docs/disclosure-schema.md) and shown beside the validation report as
提示 "可能识别有误", each with its page and box so the page image of the cell can be shown:

- ``{"reason": "low_confidence", "line", "cell", "text", "confidence", "page", "box"}``:
  a non-empty cell whose least certain character scored below ``OCR_REVIEW_CONFIDENCE``.
- ``{"reason": "check_failed", "check", "lines", "confidence", "page", "box"}``: a failed
  check citing lines read by OCR; one of its figures may be misread (``confidence`` is the
  lowest of those lines' cells, ``box`` surrounds the cited lines on the first page).

A document with no OCR-read line gets an empty list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ingest.formats.pdf_locations import parse_location
from ingest.types import RawDocument

REVIEW_CONFIDENCE = 0.8  # a cell scored below this is listed for review
MAX_MARKS = 300  # a hopeless scan lists this many; the rest are counted in the notes
LOW_CONFIDENCE = "low_confidence"
CHECK_FAILED = "check_failed"


def _rounded_box(box: Iterable[float]) -> list[float]:
    return [round(value, 1) for value in box]


def _cell_marks(raw: RawDocument, threshold: float) -> list[dict[str, Any]]:
    marks = []
    for line in raw.lines:
        scores = raw.confidence.get(line.no)
        location = parse_location(raw.locations.get(line.no, ""))
        if not scores or location is None:
            continue
        for index, (text, score) in enumerate(zip(line.cells, scores, strict=False)):
            box = location.cell_box(index)
            if score is None or score >= threshold or not text.strip() or box is None:
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


def _check_mark(raw: RawDocument, check: dict[str, Any]) -> dict[str, Any] | None:
    span = check.get("lines") or []
    if not span:
        return None
    numbers = [n for n in range(span[0], span[-1] + 1) if raw.confidence.get(n)]
    located = [(n, parse_location(raw.locations.get(n, ""))) for n in numbers]
    located = [(n, loc) for n, loc in located if loc is not None and loc.box is not None]
    if not located:
        return None
    page = located[0][1].page
    boxes = [loc.box for _, loc in located if loc.page == page and loc.box is not None]
    scores = [s for n in numbers for s in raw.confidence[n] if s is not None]
    return {
        "reason": CHECK_FAILED,
        "check": check.get("check", ""),
        "lines": [located[0][0], located[-1][0]],
        "confidence": round(min(scores), 3) if scores else None,
        "page": page,
        "box": _rounded_box(
            (
                min(box[0] for box in boxes),
                min(box[1] for box in boxes),
                max(box[2] for box in boxes),
                max(box[3] for box in boxes),
            )
        ),
    }


def ocr_review_marks(
    raw: RawDocument, checks: Sequence[dict[str, Any]], *, threshold: float = REVIEW_CONFIDENCE
) -> list[dict[str, Any]]:
    """The cells of ``raw`` OCR read with a confidence below ``threshold`` and the failed
    ``checks`` citing lines OCR read (see the module docstring), at most MAX_MARKS."""
    if not raw.confidence:
        return []
    marks = _cell_marks(raw, threshold)
    for check in checks:
        if check.get("status") == "fail":
            mark = _check_mark(raw, check)
            if mark is not None:
                marks.append(mark)
    return marks[:MAX_MARKS]


def review_threshold() -> float:
    """``OCR_REVIEW_CONFIDENCE`` from the settings (0.8 without Django)."""
    from ingest.formats.common import setting

    return setting("OCR_REVIEW_CONFIDENCE", REVIEW_CONFIDENCE)
