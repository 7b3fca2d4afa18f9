"""OCR of scanned PDFs: time a page, and the share of a sample's figures it reads right.

A sample PDF with a text layer (default: the Shanghai office's 2025 budget, 22 pages) is
turned into a scan the way the tests build theirs (tests/ingest/formats/scans.py: drawn at
150 dpi, turned by about a degree, blurred, speckled, JPEG), then read by the OCR path
(``extract_document`` + ``parse_document``, what the worker runs). Its figures are
compared, one by one and keyed by table, code and column, with the parse of the text
layer. Figures (printed last as one JSON object, merged by ``bench/run.py``):

- ``ocr_ms_per_page`` / ``ocr_cpu_ms_per_page``: wall and CPU time of extraction over the
  scan's pages (model loading excluded: ``ocr_model_load_ms``);
- ``ocr_figures_right_share``: the share of the text parse's figures the scan's parse gives
  equal (``ocr_figures_right`` of ``ocr_figures_total``); the paths that differ are printed;
- ``ocr_low_confidence_marks``: cells listed for review;
- ``ocr_peak_rss_mb`` and ``ocr_peak_vm_mb``: the process's peak resident and virtual
  memory (ONNX Runtime reserves address space it never touches).

``BENCH_OCR_SAMPLE`` names another sample PDF; ``BENCH_OCR_PAGES`` (e.g. ``50``) builds a
scan of that many pages by repeating the sample's, to show a long scan finishes.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SAMPLE = "sh-putuo-office-2025-department.pdf"


def _vm_peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmPeak:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def _page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def ocr_figures(
    sample: str = DEFAULT_SAMPLE, pages: int = 0, verbose: bool = False
) -> dict[str, Any]:
    """Time and accuracy of the OCR path on a scan built from ``sample`` (see the docstring)."""
    from ingest.extract import extract_document
    from ingest.formats.ocr import ocr_engine
    from ingest.pipeline import parse_document
    from tests.ingest.formats.scans import figure_agreement, scanned

    data = (ROOT / "samples" / "disclosures" / sample).read_bytes()
    count = _page_count(data)
    numbers = [(index % count) + 1 for index in range(pages or count)]
    scan = scanned(data, numbers, degrees=(1.2, -0.8, 0.5, -1.5))
    started = time.perf_counter()
    ocr_engine()
    load_ms = (time.perf_counter() - started) * 1000
    wall, cpu = time.perf_counter(), time.process_time()
    raw = extract_document(scan, f"scan-{sample}")
    wall_ms = (time.perf_counter() - wall) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    figures: dict[str, Any] = {
        "ocr_sample": sample,
        "ocr_pages": len(numbers),
        "ocr_model_load_ms": round(load_ms),
        "ocr_ms_per_page": round(wall_ms / len(numbers)),
        "ocr_cpu_ms_per_page": round(cpu_ms / len(numbers)),
    }
    if not pages:
        text = parse_document(extract_document(data, sample))
        parsed = parse_document(raw)
        right, total, differ = figure_agreement(text, parsed)
        figures.update(
            ocr_figures_right=right,
            ocr_figures_total=total,
            ocr_figures_right_share=round(right / total, 4) if total else None,
            ocr_low_confidence_marks=len(parsed.get("low_confidence", [])),
        )
        if verbose:
            for path in differ:
                print(f"differs: {path}")
            marks = parsed.get("low_confidence", [])
            figures_marked = [m for m in marks if any(c.isdigit() for c in m.get("text", ""))]
            print(
                f"marks: {len(marks)} ({len(figures_marked)} cells with digits,"
                f" {sum(m['reason'] == 'check_failed' for m in marks)} failed checks)"
            )
        dump = os.environ.get("BENCH_OCR_DUMP")
        if dump:  # the scan's parse and raw lines, to see what OCR read
            from ingest.pipeline import to_json

            Path(dump).write_text(to_json(parsed))
            lines = [
                f"{line.no}\t{line.cells}\t{raw.confidence.get(line.no)}" for line in raw.lines
            ]
            Path(dump + ".lines").write_text("\n".join(lines))
    figures["ocr_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["ocr_peak_vm_mb"] = _vm_peak_mb()
    return figures


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    figures = ocr_figures(
        os.environ.get("BENCH_OCR_SAMPLE", DEFAULT_SAMPLE),
        int(os.environ.get("BENCH_OCR_PAGES", "0")),
        verbose=True,
    )
    print(
        f"OCR: {figures['ocr_pages']} pages, {figures['ocr_ms_per_page']} ms/page"
        f" (CPU {figures['ocr_cpu_ms_per_page']}), figures right:"
        f" {figures.get('ocr_figures_right')}/{figures.get('ocr_figures_total')}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
