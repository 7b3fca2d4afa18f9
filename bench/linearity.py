"""``python -m bench.linearity``: does parsing stay linear in the size of its input?

Each case builds an input of size n, 2n and 4n (the shapes issue 15 found quadratic, and whole
documents) and times the parse the worker runs (:func:`ingest.services.disclosure_parse_steps`,
in this process so only the parse is timed), the fastest of three runs. It prints the time of
each size and the ratio of each doubling: about 2 is linear, about 4 quadratic. The last line
is one JSON object: ``linearity_<case>_ratio`` (the larger of the two doublings) and
``linearity_worst_ratio``. Ratios are noisy on a shared machine; above 3 is flagged.

Cases:
- ``repeated_title``: one line of prose repeated 2,000 / 4,000 / 8,000 times inside the
  情况说明 (joined into one paragraph; 87 s at 10,000 before);
- ``html_spans``: tables of cells spanning 10 columns and 2 rows, 2,500 / 5,000 / 10,000 cells;
- ``unclosed_tables``: 10,000 / 20,000 / 40,000 lines opening a ``<table`` never closed;
- ``xlsx_cells``: a workbook with 40,000 / 80,000 / 160,000 more (empty) cells;
- ``form_rows``: a performance form's row repeated 1,000 / 2,000 / 4,000 times;
- ``text_document``: sample 001 repeated 2 / 4 / 8 times (every stage, on real content).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import django_setup  # noqa: E402 - after the path

SUPERLINEAR_RATIO = 3.0
RUNS = 3


def _cases() -> dict[str, tuple[Callable[[int], bytes], str, tuple[int, int, int]]]:
    from fuzz import hostile

    sample_001 = hostile.sample_text("001")
    return {
        "repeated_title": (hostile.repeated_title_text, "t.txt", (2000, 4000, 8000)),
        "html_spans": (
            lambda n: hostile.spans_html(n, colspan=10, rowspan=2),
            "t.html",
            (2500, 5000, 10000),
        ),
        "unclosed_tables": (
            lambda n: ("2024年部门预算\n" + "<table x>\n" * n).encode(),
            "t.html",
            (10000, 20000, 40000),
        ),
        "xlsx_cells": (hostile.tiny_cells_xlsx, "t.xlsx", (40000, 80000, 160000)),
        "form_rows": (hostile.repeated_form_row_text, "t.txt", (1000, 2000, 4000)),
        "text_document": (lambda n: ("\n".join([sample_001] * n)).encode(), "t.txt", (2, 4, 8)),
    }


def _time(data: bytes, filename: str) -> float:
    """Fastest of RUNS parses; an input refused by the parser is timed up to its refusal."""
    from ingest.services import disclosure_parse_steps

    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        # An input refused (ExtractError, BudgetExceeded) is timed all the same.
        with contextlib.suppress(ValueError):
            disclosure_parse_steps(data, filename, lambda percent, words: None)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    django_setup()
    figures: dict[str, float] = {}
    for name, (build, filename, sizes) in _cases().items():
        times = [_time(build(size), filename) for size in sizes]
        ratios = [later / max(earlier, 1e-6) for earlier, later in itertools.pairwise(times)]
        worst = max(ratios)
        figures[f"linearity_{name}_ratio"] = round(worst, 2)
        steps = ", ".join(
            f"{size}: {seconds * 1000:.0f} ms" for size, seconds in zip(sizes, times, strict=True)
        )
        flag = "  SUPERLINEAR" if worst > SUPERLINEAR_RATIO else ""
        print(f"{name}: {steps}; doubling x{ratios[0]:.2f}, x{ratios[1]:.2f}{flag}", flush=True)
    figures["linearity_worst_ratio"] = max(figures.values())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
