"""The shape of one validation check, shared by every stage that reconciles figures.

A check compares an expected figure with the actual one and cites the source
lines of both. Published disclosures round each 元 figure to 0.01 万元, so sums
are often off by a cent or two: such a difference is reported as ``rounding``
with its size, apart from real disagreements (``mismatch``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

CENT = Decimal("0.01")


@lru_cache(maxsize=256)
def rounding_tolerance(parts: int) -> Decimal:
    """How far a sum of ``parts`` rounded figures may drift: half a cent each, at least a cent."""
    return max(CENT, (CENT / 2 * parts).quantize(CENT))


def line_span(*spans: Iterable[int] | None) -> list[int]:
    """The smallest ``[first, last]`` range covering every given line or range."""
    numbers = [n for span in spans if span for n in span if n]
    return [min(numbers), max(numbers)] if numbers else []


def make_check(
    check: str,
    expected: Decimal | None,
    actual: Decimal | None,
    lines: list[int],
    *,
    tolerance: Decimal = CENT,
    message: str = "",
) -> dict[str, Any]:
    """Build one check in the disclosure-schema shape.

    ``status`` is ``pass`` when the figures agree, within ``tolerance`` counted as
    ``rounding``; ``fail`` on a real disagreement; ``skipped`` when either side is
    missing. ``kind`` says which (``ok`` | ``rounding`` | ``mismatch`` | ``missing``)
    and ``difference`` is ``actual - expected``.
    """
    result: dict[str, Any] = {
        "check": check,
        "expected": expected,
        "actual": actual,
        "lines": lines,
    }
    if expected is None or actual is None:
        result.update(status="skipped", kind="missing", difference=None)
    else:
        difference = actual - expected
        if difference == 0:
            result.update(status="pass", kind="ok")
        elif abs(difference) <= tolerance:
            result.update(status="pass", kind="rounding")
        else:
            result.update(status="fail", kind="mismatch")
        result["difference"] = difference
    if message:
        result["message"] = message
    return result
