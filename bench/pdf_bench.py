"""PDF parse time per page and per document, and memory on a long PDF.

``pdf_figures()`` extracts and parses each sample's PDF fixture (tests/fixtures/formats/,
printed by headless Chromium) and returns the figures ``bench/run.py`` merges:

- ``pdf_text_layer_ms_per_page``: reading the text layer alone (``extract_pdf``: pdfium,
  rules, tables, lines, rows) of the five, best of three, over their pages: issue 12's
  target is at most 15 ms a page;
- ``pdf_text_layer_cpu_ms_per_page``: the same in this process's CPU time;
- ``pdf_borderless_ms_per_page`` (and ``…_cpu_…``): the same for the tables printed
  without ruling lines (003_borderless.pdf);
- the Shanghai samples read without their ruling lines (twins made as the tests make
  them, tests/ingest/formats/unruled_twins.py), against their ruled reading:
  ``pdf_borderless_twin_ms_per_page`` (extraction), ``pdf_borderless_rows_equal_pct``
  (rows equal, in order), ``pdf_borderless_amount_rows_equal_pct`` (rows holding an
  amount) and ``pdf_borderless_figures_equal_pct`` (every figure of the parse, its
  narrative aside: the amounts, codes and names read from the tables);
- ``pdf_parse_ms_per_page``: all five documents' time (extraction + parse) over their pages;
- ``pdf_parse_ms_per_doc``: the median document's time;
- with ``large_pages``, a PDF of that many pages (the samples' pages repeated, built with
  pypdfium2) is extracted first: ``pdf_large_pages``, ``pdf_large_ms_per_page`` and
  ``pdf_large_rss_growth_mb`` (how much the process's peak memory grew while extracting
  it), which stays small because each page's parsed objects are released once read.

As a script (``python -m bench.pdf_bench``) it prints one line per document and, last, the
figures as one JSON object. BENCH_PDF_LARGE_PAGES sets the long PDF's pages (default 300;
0 skips it).
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures" / "formats"
ROWS_DIR = FIXTURES / "pdf_rows"
SHANGHAI = sorted(
    [
        *(ROOT / "samples" / "disclosures").glob("sh-*.pdf"),
        *(ROOT / "samples" / "templates").glob("*.pdf"),
    ]
)
# "pdf_parse_ms_per_doc" is the median of these five documents (16 to 128 pages).
SAMPLES = ("000", "001", "002", "003", "004")


def _page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def long_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages: the sample fixtures' pages, repeated in order."""
    import io

    import pypdfium2

    target = pypdfium2.PdfDocument.new()
    sources = [
        pypdfium2.PdfDocument((FIXTURES / f"{sample}.pdf").read_bytes()) for sample in SAMPLES
    ]
    try:
        while len(target) < pages:
            for source in sources:
                take = min(len(source), pages - len(target))
                if take <= 0:
                    break
                target.import_pages(source, list(range(take)))
        buffer = io.BytesIO()
        target.save(buffer)
        return buffer.getvalue()
    finally:
        for source in sources:
            source.close()
        target.close()


def time_document(data: bytes, name: str) -> tuple[float, int]:
    """Milliseconds to extract and parse one PDF, and its pages."""
    from ingest.pipeline import parse_bytes

    started = time.perf_counter()
    parse_bytes(data, name)
    return (time.perf_counter() - started) * 1000, _page_count(data)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def large_figures(pages: int) -> dict[str, Any]:
    """Extraction of a ``pages``-page PDF: time per page and how much the peak RSS grew."""
    from ingest.formats.pdf import extract_pdf

    data = long_pdf(pages)
    before = _peak_rss_mb()
    started = time.perf_counter()
    raw = extract_pdf(data, "long.pdf", max_pages=max(pages, 1), time_limit_s=3600)
    elapsed = (time.perf_counter() - started) * 1000
    return {
        "pdf_large_pages": pages,
        "pdf_large_lines": len(raw.lines),
        "pdf_large_ms_per_page": round(elapsed / pages, 1),
        "pdf_large_rss_growth_mb": round(_peak_rss_mb() - before, 1),
    }


def extraction_ms_per_page(
    names: tuple[str, ...], repeat: int = 3, clock: Any = time.perf_counter
) -> float:
    """Milliseconds a page to read the text layer of these fixtures (best of ``repeat``);
    ``clock=time.process_time`` counts only this process's CPU, which other work on a
    shared machine slows less than the wall clock."""
    from ingest.formats.pdf import extract_pdf

    total_ms, pages = 0.0, 0
    for name in names:
        data = (FIXTURES / f"{name}.pdf").read_bytes()
        best = math.inf
        for _ in range(repeat):
            started = clock()
            extract_pdf(data, f"{name}.pdf")
            best = min(best, (clock() - started) * 1000)
        total_ms += best
        pages += _page_count(data)
    return round(total_ms / pages, 1)


def _twin_rows(data: bytes, name: str) -> tuple[list[str], float]:
    """A PDF's rows (page and cells) and the milliseconds its extraction took."""
    from ingest.formats.pdf import extract_pdf
    from ingest.formats.pdf_locations import parse_location

    started = time.perf_counter()
    raw = extract_pdf(data, name)
    elapsed = (time.perf_counter() - started) * 1000
    rows = [
        f"p{parse_location(raw.locations[line.no]).page}\t" + "\t".join(line.cells)
        for line in raw.lines
    ]
    return rows, elapsed


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every figure of a parse: (where, value) for each number and text it holds."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    elif value is not None:
        yield path, value


def borderless_twin_figures(*, verbose: bool = False) -> dict[str, Any]:
    """The Shanghai samples without their ruling lines against their ruled reading."""
    import difflib
    import re

    from ingest.pipeline import parse_bytes
    from tests.ingest.formats.compare import SECTIONS, figures
    from tests.ingest.formats.unruled_twins import without_rules

    amount = re.compile(r"-?\d[\d,]*\.\d+|-?\d{1,3}(?:,\d{3})+")
    keys = [key for section, names in SECTIONS.items() if section != "narrative" for key in names]
    totals = Counter()
    for path in SHANGHAI:
        expected = (ROWS_DIR / f"{path.stem}.txt").read_text(encoding="utf-8").splitlines()
        twin = without_rules(path.read_bytes())
        rows, elapsed = _twin_rows(twin, path.name)
        matcher = difflib.SequenceMatcher(None, expected, rows, autojunk=False)
        equal = sum(block.size for block in matcher.get_matching_blocks())
        left = Counter(rows)
        with_amounts = [r for r in expected if any(amount.fullmatch(c) for c in r.split("\t")[1:])]
        found = 0
        for row in with_amounts:
            if left[row]:
                left[row] -= 1
                found += 1
        ruled = figures(parse_bytes(path.read_bytes(), path.name))
        bare = figures(parse_bytes(twin, path.name))
        ruled_leaves = set(_leaves({key: ruled.get(key) for key in keys}))
        bare_leaves = set(_leaves({key: bare.get(key) for key in keys}))
        totals.update(
            rows=len(expected),
            rows_equal=equal,
            amount_rows=len(with_amounts),
            amount_rows_equal=found,
            figures=len(ruled_leaves),
            figures_equal=len(ruled_leaves & bare_leaves),
            pages=_page_count(twin),
            ms=elapsed,
        )
        if verbose:
            print(
                f"{path.name} without rules: {equal}/{len(expected)} rows,"
                f" {found}/{len(with_amounts)} rows with amounts,"
                f" {len(ruled_leaves & bare_leaves)}/{len(ruled_leaves)} figures"
            )
    return {
        "pdf_borderless_twin_ms_per_page": round(totals["ms"] / totals["pages"], 1),
        "pdf_borderless_rows_equal_pct": round(100 * totals["rows_equal"] / totals["rows"], 1),
        "pdf_borderless_amount_rows_equal_pct": round(
            100 * totals["amount_rows_equal"] / totals["amount_rows"], 1
        ),
        "pdf_borderless_figures_equal_pct": round(
            100 * totals["figures_equal"] / totals["figures"], 1
        ),
    }


def pdf_figures(*, large_pages: int = 0, verbose: bool = False) -> dict[str, Any]:
    """PDF parse time per page and per document (and, with ``large_pages``, a long PDF)."""
    figures: dict[str, Any] = {}
    figures["pdf_text_layer_ms_per_page"] = extraction_ms_per_page(SAMPLES)
    figures["pdf_text_layer_cpu_ms_per_page"] = extraction_ms_per_page(
        SAMPLES, clock=time.process_time
    )
    figures["pdf_borderless_ms_per_page"] = extraction_ms_per_page(("003_borderless",))
    figures["pdf_borderless_cpu_ms_per_page"] = extraction_ms_per_page(
        ("003_borderless",), clock=time.process_time
    )
    figures.update(borderless_twin_figures(verbose=verbose))
    if verbose:
        print(
            f"text layer: {figures['pdf_text_layer_ms_per_page']} ms/page (target 15;"
            f" CPU {figures['pdf_text_layer_cpu_ms_per_page']}),"
            f" borderless: {figures['pdf_borderless_ms_per_page']} ms/page"
        )
    if large_pages:  # first, so the peak memory it reports is its own
        figures.update(large_figures(large_pages))
        if verbose:
            print(
                f"{large_pages}-page PDF: {figures['pdf_large_ms_per_page']} ms/page, peak memory"
                f" grew by {figures['pdf_large_rss_growth_mb']} MB"
            )
    times, pages = [], []
    for sample in SAMPLES:
        path = FIXTURES / f"{sample}.pdf"
        elapsed, count = time_document(path.read_bytes(), path.name)
        times.append(elapsed)
        pages.append(count)
        if verbose:
            print(f"{path.name}: {count} pages, {elapsed:.0f} ms ({elapsed / count:.0f} ms/page)")
    figures.update(
        pdf_parse_ms_per_page=round(sum(times) / sum(pages), 1),
        pdf_parse_ms_per_doc=round(statistics.median(times), 1),
        pdf_pages_per_doc=round(statistics.median(pages), 1),
    )
    return figures


def main() -> None:
    large = int(os.environ.get("BENCH_PDF_LARGE_PAGES", "300"))
    print(json.dumps(pdf_figures(large_pages=large, verbose=True)))


if __name__ == "__main__":
    main()
