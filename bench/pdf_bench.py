"""PDF parse time per page and per document, and memory on a long PDF.

``pdf_figures()`` extracts and parses each sample's PDF fixture (tests/fixtures/formats/,
printed by headless Chromium) and returns the figures ``bench/run.py`` merges:

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


def pdf_figures(*, large_pages: int = 0, verbose: bool = False) -> dict[str, Any]:
    """PDF parse time per page and per document (and, with ``large_pages``, a long PDF)."""
    figures: dict[str, Any] = {}
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
