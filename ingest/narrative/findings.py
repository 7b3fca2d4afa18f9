"""The shape of what the narrative checks report: a check dict that quotes its words.

Narrative checks are validation checks (``ingest.checks.make_check``) with three
more keys: ``quote``, the words of the document at fault; ``unit``, the unit of
``expected`` and ``actual`` ("%" for percentages, "万元" for the prose's amounts,
"个" for counts); and, for a finding about wording rather than figures, ``kind``
"wording" with ``severity`` "notice" (提示). Messages are plain Chinese: they are
shown on public pages as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ingest.checks import make_check

Check = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A stated percentage against the one its amounts give, and whether rounding explains it."""

    expected: Decimal
    stated: Decimal
    passed: bool


def percent_check(
    name: str, outcome: Outcome, lines: list[int] | tuple[int, ...], *, message: str, quote: str
) -> Check:
    """A check of a stated percentage (``unit`` "%") whose pass or fail rounding decided."""
    check = make_check(f"narrative:{name}", outcome.expected, outcome.stated, list(lines))
    if outcome.passed:
        check.update(status="pass", kind="ok" if outcome.expected == outcome.stated else "rounding")
    else:
        check.update(status="fail", kind="mismatch")
    check.update(unit="%", message=message, quote=quote)
    return check


def error_finding(name: str, lines: list[int] | tuple[int, ...], message: str, quote: str) -> Check:
    """Figures in the text that contradict each other, with no single expected value."""
    return {
        "check": f"narrative:{name}",
        "status": "fail",
        "kind": "mismatch",
        "expected": None,
        "actual": None,
        "difference": None,
        "lines": list(lines),
        "message": message,
        "quote": quote,
        "severity": "error",
    }


def wording_finding(
    name: str, lines: list[int] | tuple[int, ...], message: str, quote: str
) -> Check:
    """A finding about words or punctuation (提示): no figures to compare."""
    return {
        "check": f"narrative:{name}",
        "status": "fail",
        "kind": "wording",
        "expected": None,
        "actual": None,
        "difference": None,
        "lines": list(lines),
        "message": message,
        "quote": quote,
        "severity": "notice",
    }
