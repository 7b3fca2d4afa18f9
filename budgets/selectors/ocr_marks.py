"""Figures OCR may have misread, as the disclosure and review pages list them (可能识别有误).

A disclosure parsed from a scan keeps OCR's doubtful cells in its parse
(``parsed["low_confidence"]``, see :mod:`ingest.ocr_review`); these selectors read them and
shape each for a page: what was read, why it is doubtful in plain words, and the address of
the page image cropped around the cell, so the reader can compare the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from budgets.models import Disclosure

UNREAD = "（有字迹，未能识别）"
REASONS = {
    "low_confidence": "识别把握不足",
    "check_failed": "所在行的校验未通过",
}


@dataclass(frozen=True)
class OcrMark:
    """One doubtful reading: its text (or the failed check), page, lines and cell image."""

    reason: str
    text: str
    confidence_percent: int | None
    page: int
    line_start: int
    line_end: int
    image_url: str


def _box_parameter(box: Iterable[float]) -> str:
    return ",".join(f"{value:.1f}" for value in box)


def ocr_marks_from(
    marks: Iterable[dict[str, Any]] | None, *, page_image_url: Callable[[int], str]
) -> list[OcrMark]:
    """The parse's ``low_confidence`` marks for a page; ``page_image_url(page)`` is the
    address of a page's image, to which the cell's box is added."""
    shaped = []
    for mark in marks or ():
        try:
            page = int(mark["page"])
            box = _box_parameter(mark["box"])
        except (KeyError, TypeError, ValueError):
            continue
        lines = mark.get("lines") or [mark.get("line") or 0]
        confidence = mark.get("confidence")
        text = str(mark.get("text") or "")
        if mark.get("reason") == "low_confidence" and not text:
            text = UNREAD
        shaped.append(
            OcrMark(
                reason=REASONS.get(mark.get("reason", ""), "可能识别有误"),
                text=text,
                confidence_percent=round(confidence * 100)
                if isinstance(confidence, float)
                else None,
                page=page,
                line_start=int(lines[0] or 0),
                line_end=int(lines[-1] or 0),
                image_url=f"{page_image_url(page)}?box={box}",
            )
        )
    return shaped


def disclosure_ocr_marks(
    *, disclosure: Disclosure, page_image_url: Callable[[int], str]
) -> list[OcrMark]:
    """The doubtful OCR readings of a disclosure (none unless it was read from a scan).

    The page's queryset leaves the parse out; only its ``low_confidence`` key is fetched.
    """
    marks = (
        Disclosure.objects.filter(pk=disclosure.pk)
        .values_list("parsed__low_confidence", flat=True)
        .first()
    )
    return ocr_marks_from(marks, page_image_url=page_image_url)
