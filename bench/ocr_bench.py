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
- ``ocr_peak_rss_mb``, ``ocr_rss_growth_mb`` and ``ocr_vm_growth_mb``: the parse child's
  peak resident memory, and how far its resident memory and its address space grew beyond
  what it was forked with (ONNX Runtime reserves address space it never touches); the
  budget (``RLIMIT_AS``) bounds the address space: ``ocr_memory_budget_mb``
  (``OCR_PARSE_MEMORY_MB``).

The scan is read the way the worker reads it: in the parse's child process
(``ingest.parse_process``) under the budget a PDF gets (``ingest.services.parse_budget_for``).

``BENCH_OCR_SAMPLE`` names another sample PDF; ``BENCH_OCR_PAGES`` (e.g. ``50``) builds a
scan of that many pages by repeating the sample's, to show a long scan finishes.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SAMPLE = "sh-putuo-office-2025-department.pdf"


def _status_mb(field: str) -> float:
    """``VmSize``, ``VmPeak`` … of this process from /proc, in MB (0 where unknown)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
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


def _scan_steps(scan: bytes, name: str, read_tables: bool, progress: Any) -> dict[str, Any]:
    """What the bench's parse child does: load the models, read the scan, parse it."""
    from ingest.extract import extract_document
    from ingest.formats.ocr import ocr_engine
    from ingest.pipeline import parse_document

    start_vm = _status_mb("VmSize")
    started = time.perf_counter()
    ocr_engine()
    load_ms = (time.perf_counter() - started) * 1000
    wall, cpu = time.perf_counter(), time.process_time()
    raw = extract_document(scan, name)
    return {
        "load_ms": load_ms,
        "wall_ms": (time.perf_counter() - wall) * 1000,
        "cpu_ms": (time.process_time() - cpu) * 1000,
        "raw": raw,
        "parsed": parse_document(raw) if read_tables else None,
        "vm_growth_mb": _status_mb("VmPeak") - start_vm,
    }


def ocr_figures(
    sample: str = DEFAULT_SAMPLE, pages: int = 0, verbose: bool = False
) -> dict[str, Any]:
    """Time, memory and accuracy of the OCR path on a scan built from ``sample``, read in the
    parse's child process under the budget a PDF gets (see the docstring)."""
    from ingest.extract import extract_document
    from ingest.parse_process import run_in_child
    from ingest.pipeline import parse_document
    from ingest.services import parse_budget_for
    from tests.ingest.formats.scans import figure_agreement, scanned

    data = (ROOT / "samples" / "disclosures" / sample).read_bytes()
    count = _page_count(data)
    numbers = [(index % count) + 1 for index in range(pages or count)]
    scan = scanned(data, numbers, degrees=(1.2, -0.8, 0.5, -1.5))
    budget = parse_budget_for(scan)
    child = run_in_child(_scan_steps, scan, f"scan-{sample}", not pages, budget=budget)
    read = child.value
    raw, parsed = read["raw"], read["parsed"]
    figures: dict[str, Any] = {
        "ocr_sample": sample,
        "ocr_pages": len(numbers),
        "ocr_model_load_ms": round(read["load_ms"]),
        "ocr_ms_per_page": round(read["wall_ms"] / len(numbers)),
        "ocr_cpu_ms_per_page": round(read["cpu_ms"] / len(numbers)),
    }
    if parsed is not None:
        text = parse_document(extract_document(data, sample))
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
    # The child's peak: resident memory, and the address space it grew by, which is what
    # the memory budget (RLIMIT_AS) bounds: ONNX Runtime reserves address space it never
    # touches, so the budget must cover ocr_vm_growth_mb, not only the resident peak.
    figures["ocr_peak_rss_mb"] = round(child.stats.peak_rss_bytes / 2**20)
    figures["ocr_rss_growth_mb"] = round(child.stats.growth_bytes / 2**20)
    figures["ocr_vm_growth_mb"] = round(read["vm_growth_mb"])
    figures["ocr_memory_budget_mb"] = budget.memory_bytes // 2**20
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
