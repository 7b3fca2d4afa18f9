"""PDF parse time per page and per document, and memory on a long PDF.

``pdf_figures()`` extracts and parses each sample's PDF fixture (tests/fixtures/formats/,
printed by headless Chromium) and returns the figures ``bench/run.py`` merges:

- ``pdf_text_layer_ms_per_page``: reading the text layer alone (``extract_pdf``: pdfium,
  rules, tables, lines, rows) of the five, best of three, over their pages: issue 12's
  target is at most 15 ms a page;
- ``pdf_text_layer_cpu_ms_per_page``: the same in this process's CPU time;
- ``pdf_borderless_ms_per_page``: the same for the tables printed without ruling lines
  (003_borderless.pdf);
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures" / "formats"
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


def pdf_figures(*, large_pages: int = 0, verbose: bool = False) -> dict[str, Any]:
    """PDF parse time per page and per document (and, with ``large_pages``, a long PDF)."""
    figures: dict[str, Any] = {}
    figures["pdf_text_layer_ms_per_page"] = extraction_ms_per_page(SAMPLES)
    figures["pdf_text_layer_cpu_ms_per_page"] = extraction_ms_per_page(
        SAMPLES, clock=time.process_time
    )
    figures["pdf_borderless_ms_per_page"] = extraction_ms_per_page(("003_borderless",))
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
