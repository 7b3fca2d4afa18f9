"""``make bench``: every benchmark, in order, each in its own process; one JSON line at the end.

1. parsing of each sample (no database), then whether parse time stays linear in the input
   (``bench/linearity.py``: inputs doubled twice, the ratios printed; BENCH_LINEARITY=0 skips);
2. the synthetic corpus (``manage.py generate_corpus``) in its own database: reused when it
   already holds the size asked for, so a second run starts at once;
3. its rows and storage, per disclosure and extrapolated to the country;
4. ingest throughput of one worker process (parse + validate + store) on the sample texts;
5. server time and SQL queries of the public pages (in-process, DEBUG off), and the bytes of
   a chart page's scripts as WhiteNoise serves them after collectstatic (plain, gzip, br);
6. a short load test: gunicorn, 20 clients, an upload being ingested meanwhile;
7. uploads spread over 1, 2 and 4 Celery worker nodes on Redis (needs redis-server;
   BENCH_SCALEOUT=0 skips it, BENCH_SCALEOUT_UPLOADS sets the number of uploads, 40).

Environment: BENCH_DISCLOSURES (corpus size, default 10000; other sizes get their own database
bench_portal_<N>), BENCH_LOADTEST_SECONDS (default 10; 0 skips it), BENCH_LOADTEST_CLIENTS
(20), BENCH_PAGE_REPEAT (requests per page, 30), BENCH_INGEST_DOCS (20). The last line printed
is one JSON object with every figure, including the targets of issue 6 and whether each is met.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import django_setup, env_int, last_json  # noqa: E402 - after the path

# Issue 6's targets: figure -> (limit, "max" or "min").
TARGETS = {
    "disclosure_page_p95_ms": (100, "max"),
    "compare_10_p95_ms": (200, "max"),
    "function_ranking_p95_ms": (200, "max"),
    "search_p95_ms": (200, "max"),
    "search_figures_p95_ms": (200, "max"),
    "parse_ms_median_largest": (200, "max"),
    "pdf_text_layer_ms_per_page": (15, "max"),
    "ingest_docs_per_s": (20, "min"),
    "loadtest_p95_ms": (300, "max"),
    "loadtest_errors": (0, "max"),
}
DEFAULT_DISCLOSURES = 10_000


def corpus_url(disclosures: int) -> str:
    """DATABASE_URL of the corpus of this size (on the portal's database server)."""
    from bench.management.commands.generate_corpus import (
        CORPUS_DATABASE,
        corpus_database_config,
        corpus_database_url,
    )

    config = corpus_database_config(None)
    if disclosures != DEFAULT_DISCLOSURES:
        config["NAME"] = f"{CORPUS_DATABASE}_{disclosures}"
    return corpus_database_url(config)


def step(name: str, command: list[str], timeout: float) -> dict[str, Any]:
    """Run one benchmark process; echo its lines; its figures (an error is a figure too)."""
    print(f"== {name}", flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        print(f"   {name} did not finish within {timeout:.0f} s", flush=True)
        return {f"{name}_error": f"timeout after {timeout:.0f} s"}
    output = done.stdout.strip().splitlines()
    figures = last_json(done.stdout)
    for line in output[:-1] if figures else output:
        print(f"   {line}", flush=True)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        for line in tail:
            print(f"   ! {line}", flush=True)
        figures[f"{name}_error"] = tail[-1] if tail else f"exit status {done.returncode}"
    figures[f"{name}_wall_s"] = round(time.monotonic() - started, 1)
    return figures


def ingest_parallel(python: str, url: str, processes: int, docs: int) -> dict[str, Any]:
    """``processes`` ingest processes at once (workers side by side): their summed rate."""
    print(f"== ingest, {processes} processes at once", flush=True)
    command = [python, "-m", "bench.parse_bench", "--ingest", str(docs), "--database-url", url]
    running = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    results = [last_json(process.communicate(timeout=3600)[0]) for process in running]
    rates = [r.get("ingest_docs_per_s") for r in results]
    if not all(isinstance(rate, (int, float)) for rate in rates):
        return {f"ingest_{processes}_processes_error": "an ingest process reported nothing"}
    total = round(sum(rates), 2)
    print(f"   {processes} processes: {' + '.join(map(str, rates))} = {total} docs/s", flush=True)
    return {f"ingest_{processes}_processes_docs_per_s": total}


def targets(figures: dict[str, Any]) -> dict[str, str]:
    """Each target: "met", "missed by …" or "not measured"."""
    verdicts = {}
    for key, (limit, kind) in TARGETS.items():
        value = figures.get(key)
        if not isinstance(value, (int, float)):
            verdicts[key] = "not measured"
        elif (value <= limit) if kind == "max" else (value >= limit):
            verdicts[key] = "met"
        else:
            verdicts[key] = f"missed by {abs(value - limit):.1f} ({value} vs {limit})"
    return verdicts


def main() -> None:
    disclosures = env_int("BENCH_DISCLOSURES", DEFAULT_DISCLOSURES)
    seconds = env_int("BENCH_LOADTEST_SECONDS", 10)
    clients = env_int("BENCH_LOADTEST_CLIENTS", 20)
    repeat = env_int("BENCH_PAGE_REPEAT", 30)
    ingest_docs = env_int("BENCH_INGEST_DOCS", 20)
    python = sys.executable
    django_setup()
    url = corpus_url(disclosures)
    figures: dict[str, Any] = {
        "bench_disclosures": disclosures,
        "load_average_1m_start": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
    }
    figures |= step("parse", [python, "-m", "bench.parse_bench", "--parse"], 600)
    if env_int("BENCH_LINEARITY", 1):
        # Parse time of n, 2n and 4n of issue 15's shapes: the doubling ratios (2 is linear).
        figures |= step("linearity", [python, "-m", "bench.linearity"], 900)
    if env_int("BENCH_PDF", 1):
        # PDF extraction + parse per page and per document, and memory on a long PDF
        # (BENCH_PDF_LARGE_PAGES, default 300); BENCH_PDF=0 skips it.
        figures |= step("pdf", [python, "-m", "bench.pdf_bench"], 1800)
    if env_int("BENCH_OCR", 1):
        # OCR of a scanned sample: ms a page and the share of its figures read right
        # (bench/ocr_bench.py); BENCH_OCR=0 skips it.
        figures |= step("ocr", [python, "-m", "bench.ocr_bench"], 3600)
    corpus = step(
        "corpus",
        [
            python,
            "manage.py",
            "generate_corpus",
            "--disclosures",
            str(disclosures),
            "--database-url",
            url,
            "--replace",
        ],
        3 * 3600,
    )
    figures["corpus_generate_wall_s"] = corpus.get("corpus_wall_s")
    figures |= {k: v for k, v in corpus.items() if k.endswith("_error")}
    figures |= step("storage", [python, "-m", "bench.corpus_stats", "--database-url", url], 600)
    figures |= step(
        "ingest",
        [python, "-m", "bench.parse_bench", "--ingest", str(ingest_docs), "--database-url", url],
        1800,
    )
    figures |= ingest_parallel(python, url, 2, ingest_docs)
    figures |= step("static", [python, "-m", "bench.static_bench"], 600)
    figures |= step(
        "pages",
        [python, "-m", "bench.page_bench", "--database-url", url, "--repeat", str(repeat)],
        3600,
    )
    if seconds > 0:
        figures |= step(
            "loadtest",
            [
                python,
                "-m",
                "bench.loadtest",
                "--database-url",
                url,
                "--seconds",
                str(seconds),
                "--clients",
                str(clients),
            ],
            seconds + 900,
        )
    if env_int("BENCH_SCALEOUT", 1):
        figures |= step(
            "scaleout",
            [
                python,
                "-m",
                "bench.scaleout",
                "--database-url",
                url,
                "--uploads",
                str(env_int("BENCH_SCALEOUT_UPLOADS", 40)),
            ],
            1800,
        )
    workers = [figures.get(k) for k in ("worker_peak_rss_mb", "loadtest_worker_peak_rss_mb")]
    if any(isinstance(w, (int, float)) for w in workers):
        figures["worker_peak_rss_mb"] = max(w for w in workers if isinstance(w, (int, float)))
    figures["load_average_1m_end"] = round(os.getloadavg()[0], 2)
    figures["targets"] = targets(figures)
    print("== targets")
    for key, verdict in figures["targets"].items():
        print(f"   {key:28s} {verdict}")
    print(json.dumps(figures, ensure_ascii=False, sort_keys=True), flush=True)


if __name__ == "__main__":
    main()
