"""Parsing and ingest speed of one process.

- ``parse_ms_median_<sample>``: ``ingest.pipeline.parse_bytes`` (decode + parse + validate) of
  each sample text, median of several runs; no database. The Shanghai PDFs (and the blank 决算
  template) are timed apart, ``parse_ms_median_<name>`` with the PDF's extraction and
  ``parse_tables_ms_median_<name>`` without it: ``parse_document`` of the
  extracted text, what the parser itself costs (the extraction is timed once; BENCH_PDF=0
  leaves the PDFs out).
- ``parse_cpu_ms_median_<sample>``: the same parses in CPU time of this process, which other
  processes on a shared machine disturb less than wall time; ``parse_ms_cold_<sample>``: a
  parse right after the cell caches are cleared (median of three), what a document whose
  cells the worker has not seen before costs.
- ``places_load_ms``: loading the national list of divisions (``ingest.places``), once per
  process, in the first parse; ``places_region_us_median``: placing one organization's name
  (``ingest.identity.infer_region``) once the list is loaded, over names from all provinces.
- ``ingest_docs_per_s``: ``ingest.services.disclosure_ingest`` (parse + validate + store +
  publish, what the Celery task runs) on the sample texts, each renamed to a new organization
  (压测<n>号…) so that every file is new; one process, like one worker. The rate counts the
  time inside ``disclosure_ingest`` only; ``ingest_loop_docs_per_s`` also counts the
  benchmark's own bookkeeping between documents (marking each new organization synthetic,
  one more statement and commit). The disclosures are deleted again afterwards, so the
  corpus database keeps its size. ``ingest_cpu_ms_per_doc``
  is this process's CPU time per document (the database server's is not in it), and
  ``ingest_<stage>_ms_per_doc`` / ``ingest_<stage>_cpu_ms_per_doc`` split a document's time:
  parse (decode and read the tables), validate (the reconciliation checks), store
  (``persist_disclosure``), publish, and other (duplicate lookup, audit event, commit).

    python -m bench.parse_bench --parse [--repeat 7]
    python -m bench.parse_bench --ingest 20 --database-url URL
    python -m bench.parse_bench --ingest-loop 60 --database-url URL   (the load test's upload)
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.common import SAMPLES_DIR, django_setup, peak_rss_mb, percentile, print_figures


def sample_paths(folder: Path = SAMPLES_DIR) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


def pdf_sample_paths(folder: Path = SAMPLES_DIR) -> list[Path]:
    """The PDF samples (上海), and the blank 决算 template beside the samples folder."""
    templates = folder.parent / "templates"
    return sorted(p for p in [*folder.glob("*.pdf"), *templates.glob("*.pdf")] if p.is_file())


def sample_key(path: Path) -> str:
    """ "000" for 000_9f37….txt, the name for a PDF (sh-putuo-office-2025-department)."""
    return path.stem.split("_", 1)[0]


def cell_caches_clear() -> None:
    """Empty the parser's per-cell caches (``functools.lru_cache``), as in a fresh worker."""
    import importlib
    import pkgutil

    import ingest

    for info in pkgutil.walk_packages(ingest.__path__, "ingest."):
        if info.name.startswith(("ingest.migrations", "ingest.management")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


COLD_RUNS = 3


def parse_timings(paths: Sequence[Path], repeat: int = 7) -> dict[str, dict[str, Any]]:
    """Per sample: wall and CPU milliseconds of ``repeat`` parses after a warm-up parse, and
    the median wall milliseconds of ``COLD_RUNS`` parses each after emptying the cell caches."""
    from ingest.pipeline import parse_bytes

    timings: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = path.read_bytes()
        cold = []
        for _ in range(COLD_RUNS):
            cell_caches_clear()
            started = time.perf_counter()
            parse_bytes(data, path.name)
            cold.append((time.perf_counter() - started) * 1000)
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            parse_bytes(data, path.name)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        timings[sample_key(path)] = {"wall": wall, "cpu": cpu, "cold": statistics.median(cold)}
    return timings


def parse_figures(paths: Sequence[Path], repeat: int = 7) -> tuple[dict[str, Any], list[str]]:
    """``parse_ms_median_<key>`` per sample and of the largest sample, with readable lines."""
    timings = parse_timings(paths, repeat)
    largest = max(paths, key=lambda p: p.stat().st_size)
    figures: dict[str, Any] = {}
    lines = []
    for path in paths:
        key = sample_key(path)
        median = round(statistics.median(timings[key]["wall"]), 1)
        cpu = round(statistics.median(timings[key]["cpu"]), 1)
        cold = round(timings[key]["cold"], 1)
        figures[f"parse_ms_median_{key}"] = median
        # The fastest run is what the code costs when the shared machine leaves it alone.
        figures[f"parse_ms_min_{key}"] = round(min(timings[key]["wall"]), 1)
        figures[f"parse_cpu_ms_median_{key}"] = cpu
        figures[f"parse_ms_cold_{key}"] = cold
        lines.append(
            f"parse {path.name} ({path.stat().st_size // 1024} KB): {median} ms median,"
            f" {cpu} ms CPU, {cold} ms with empty caches"
        )
    for figure in ("parse_ms_median", "parse_ms_min", "parse_cpu_ms_median", "parse_ms_cold"):
        figures[f"{figure}_largest"] = figures[f"{figure}_{sample_key(largest)}"]
    figures["parse_largest_sample"] = largest.name
    figures["parse_ms_median_slowest"] = max(
        figures[f"parse_ms_median_{sample_key(p)}"] for p in paths
    )
    return figures, lines


PLACED_NAMES = (
    "晋城市商务局",
    "兴县电子商务服务中心",
    "上海市普陀区人民政府万里街道办事处",
    "中共上海市普陀区委社会工作部",
    "广州市天河区教育局",
    "成都市武侯区财政局",
    "北京市朝阳区财政局",
    "朝阳区财政局",
    "恩施州财政局",
    "湖北省仙桃市财政局",
    "东莞市虎门镇人民政府",
    "新疆维吾尔自治区伊犁哈萨克自治州财政局",
    "中山大学",
)


def places_figures(repeat: int = 200) -> tuple[dict[str, Any], list[str]]:
    """The division list's load time (run first, before any parse loads it) and the time
    to place one name."""
    from ingest import places
    from ingest.identity import infer_region

    started = time.perf_counter()
    places.division("110000")
    load_ms = round((time.perf_counter() - started) * 1000, 1)
    per_name = []
    for _ in range(repeat):
        started = time.perf_counter()
        for name in PLACED_NAMES:
            infer_region(name)
        per_name.append((time.perf_counter() - started) * 1e6 / len(PLACED_NAMES))
    median = round(statistics.median(per_name), 1)
    figures = {"places_load_ms": load_ms, "places_region_us_median": median}
    return figures, [f"places: list loaded in {load_ms} ms, {median} µs to place a name"]


def pdf_parse_figures(paths: Sequence[Path], repeat: int = 7) -> tuple[dict[str, Any], list[str]]:
    """Per PDF: its extraction once, then ``repeat`` parses of the extracted text (the tables,
    narrative, forms and checks: what the parser itself costs); the whole is their sum."""
    from ingest.extract import extract_document
    from ingest.pipeline import parse_document

    figures: dict[str, Any] = {}
    lines = []
    for path in paths:
        started = time.perf_counter()
        raw = extract_document(path.read_bytes(), path.name)
        extraction = (time.perf_counter() - started) * 1000
        tables = []
        for _ in range(repeat):
            started = time.perf_counter()
            parse_document(raw)
            tables.append((time.perf_counter() - started) * 1000)
        key = sample_key(path)
        figures[f"parse_tables_ms_median_{key}"] = round(statistics.median(tables), 1)
        figures[f"parse_ms_median_{key}"] = round(extraction + statistics.median(tables), 1)
        lines.append(
            f"parse {path.name} ({path.stat().st_size // 1024} KB PDF):"
            f" {figures[f'parse_ms_median_{key}']} ms with its extraction,"
            f" {figures[f'parse_tables_ms_median_{key}']} ms of it after extraction"
        )
    return figures, lines


# --- ingest -----------------------------------------------------------------------------


def upload_variants(paths: Sequence[Path], count: int, tag: str) -> Iterator[tuple[str, bytes]]:
    """``count`` files: the samples in turn, each naming a new organization 压测<tag><n>号…."""
    from ingest.pipeline import parse_bytes

    texts = []
    for path in paths:
        data = path.read_bytes()
        texts.append((path, data.decode("utf-8"), parse_bytes(data, path.name)["entity"]))
    for number in range(count):
        path, text, entity = texts[number % len(texts)]
        renamed = text.replace(entity, f"压测{tag}{number}号{entity}")
        yield f"bench-{tag}-{number}-{path.name}", renamed.encode("utf-8")


INGEST_STAGES = ("parse", "validate", "store", "publish", "other")


class StageClock:
    """Wall and CPU seconds spent in each ingest stage, by wrapping the stage functions.

    A stage nested in another (validate runs inside parse) is taken out of the outer one.
    """

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self._inner: list[list[float]] = []

    def timed(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            self._inner.append([0.0, 0.0])
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                inner_wall, inner_cpu = self._inner.pop()
                self.wall[stage] += wall - inner_wall
                self.cpu[stage] += cpu - inner_cpu
                if self._inner:
                    self._inner[-1][0] += wall
                    self._inner[-1][1] += cpu

        return run

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Wrap the stages where ``disclosure_ingest`` looks them up; unwrap after."""
        import ingest.pipeline
        import ingest.services

        targets = [
            (ingest.services, "disclosure_parse", "parse"),
            (ingest.pipeline, "validate", "validate"),
            (ingest.pipeline, "_extra_checks", "validate"),
            (ingest.services, "persist_disclosure", "store"),
            (ingest.services, "disclosure_publish", "publish"),
        ]
        saved = [(module, name, getattr(module, name)) for module, name, _ in targets]
        for module, name, stage in targets:
            setattr(module, name, self.timed(stage, getattr(module, name)))
        try:
            yield
        finally:
            for module, name, function in saved:
                setattr(module, name, function)


def ingest_run(
    variants: Iterable[tuple[str, bytes]],
    deadline: float | None = None,
    clock: StageClock | None = None,
    *,
    publish: bool = True,
) -> dict:
    """``disclosure_ingest`` each file in turn; with a ``deadline``, until then (at least one
    file, so that an upload is always under way). Timings and the new disclosures' ids; with
    a ``clock``, the time of each stage too. ``publish=False`` stores each document for review,
    as the Celery task does with an upload."""
    from budgets.models import Organization
    from ingest.services import disclosure_ingest

    milliseconds, ids = [], []
    cpu = 0.0
    started = time.perf_counter()
    with clock.installed() if clock is not None else contextlib.nullcontext():
        for filename, data in variants:
            if deadline is not None and ids and time.monotonic() >= deadline:
                break
            began, began_cpu = time.perf_counter(), time.process_time()
            outcome = disclosure_ingest(data=data, filename=filename, publish=publish)
            milliseconds.append((time.perf_counter() - began) * 1000)
            cpu += time.process_time() - began_cpu
            ids.append(outcome.disclosure.pk)
            # Marked at once, so a run that dies before its clean-up still leaves only
            # synthetic organizations in the corpus database.
            Organization.objects.filter(pk=outcome.disclosure.organization_id).update(
                is_synthetic=True
            )
    return {
        "elapsed_s": time.perf_counter() - started,
        "ingest_s": sum(milliseconds) / 1000,
        "ms": milliseconds,
        "cpu_s": cpu,
        "ids": ids,
    }


def ingest_cleanup(ids: Sequence[int]) -> None:
    """Delete the benchmark's disclosures, their files, audit events and organizations."""
    from budgets.models import Disclosure, Organization
    from ingest.models import AuditEvent

    disclosures = list(Disclosure.objects.filter(pk__in=ids))
    organizations = {d.organization_id for d in disclosures}
    AuditEvent.objects.filter(disclosure_id__in=ids).delete()
    for disclosure in disclosures:
        if disclosure.source_file:
            disclosure.source_file.delete(save=False)
        disclosure.delete()
    Organization.objects.filter(pk__in=organizations, disclosures__isnull=True).delete()


def ingest_figures(count: int, *, tag: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """``ingest_docs_per_s`` and per-document times over ``count`` files; cleaned up after."""
    tag = tag or str(os.getpid())
    variants = list(upload_variants(sample_paths(), count, tag))
    clock = StageClock()
    result = ingest_run(variants, clock=clock)
    try:
        ms = result["ms"]
        figures = {
            "ingest_docs": len(ms),
            "ingest_docs_per_s": round(len(ms) / result["ingest_s"], 2),
            "ingest_loop_docs_per_s": round(len(ms) / result["elapsed_s"], 2),
            "ingest_ms_median": round(statistics.median(ms), 1),
            "ingest_ms_p95": round(percentile(ms, 0.95), 1),
            "ingest_cpu_ms_per_doc": round(result["cpu_s"] * 1000 / len(ms), 1),
        }
        figures |= stage_figures(clock, len(ms), sum(ms) / 1000, result["cpu_s"])
    finally:
        ingest_cleanup(result["ids"])
    split = ", ".join(
        f"{stage} {figures[f'ingest_{stage}_ms_per_doc']}"
        f" ({figures[f'ingest_{stage}_cpu_ms_per_doc']} CPU)"
        for stage in INGEST_STAGES
    )
    lines = [
        f"ingest: {figures['ingest_docs']} documents in {result['ingest_s']:.1f} s = "
        f"{figures['ingest_docs_per_s']} docs/s (median {figures['ingest_ms_median']} ms,"
        f" {figures['ingest_cpu_ms_per_doc']} ms CPU a document;"
        f" {figures['ingest_loop_docs_per_s']} docs/s with the benchmark's bookkeeping)",
        f"ingest ms a document: {split}",
    ]
    return figures, lines


def stage_figures(clock: StageClock, docs: int, wall: float, cpu: float) -> dict[str, float]:
    """``ingest_<stage>_ms_per_doc`` and ``ingest_<stage>_cpu_ms_per_doc``; other is the rest."""
    clock.wall["other"] = wall - sum(clock.wall.values())
    clock.cpu["other"] = cpu - sum(clock.cpu.values())
    figures = {}
    for stage in INGEST_STAGES:
        figures[f"ingest_{stage}_ms_per_doc"] = round(clock.wall[stage] * 1000 / docs, 1)
        figures[f"ingest_{stage}_cpu_ms_per_doc"] = round(clock.cpu[stage] * 1000 / docs, 1)
    return figures


def ingest_loop(seconds: float) -> tuple[dict[str, Any], list[str]]:
    """Ingest renamed samples one after the other for ``seconds`` (the load test's upload).

    Each is stored for review, not published, as the Celery task stores an upload
    (``ingest_run_execute``): publishing is a reviewer's action, a few a minute, while this
    loop stores several documents a second."""
    variants = upload_variants(sample_paths(), 100_000, f"{os.getpid()}L")
    first = next(variants)  # the samples are read and parsed for their names before the clock
    result = ingest_run(
        itertools.chain([first], variants), deadline=time.monotonic() + seconds, publish=False
    )
    ingest_cleanup(result["ids"])
    figures = {
        "loadtest_ingest_docs": len(result["ms"]),
        "loadtest_ingest_docs_per_s": round(len(result["ms"]) / max(result["elapsed_s"], 1e-9), 2),
    }
    return figures, [f"upload during the load test: {len(result['ms'])} documents ingested"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parse", action="store_true", help="time parsing of every sample")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--ingest", type=int, default=0, help="ingest this many files")
    parser.add_argument("--ingest-loop", type=float, default=0, help="ingest for this many s")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    figures: dict[str, Any] = {}
    lines: list[str] = []
    for wanted, run in (
        (args.parse, places_figures),
        (args.parse, lambda: parse_figures(sample_paths(), args.repeat)),
        # BENCH_PDF=0 (as for bench/pdf_bench.py) leaves out the PDFs: seconds a document.
        (
            args.parse and os.environ.get("BENCH_PDF", "1") != "0",
            lambda: pdf_parse_figures(pdf_sample_paths(), args.repeat),
        ),
        (args.ingest, lambda: ingest_figures(args.ingest)),
        (args.ingest_loop, lambda: ingest_loop(args.ingest_loop)),
    ):
        if wanted:
            found, said = run()
            figures.update(found)
            lines += said
    figures["worker_peak_rss_mb" if args.ingest or args.ingest_loop else "parse_peak_rss_mb"] = (
        peak_rss_mb()
    )
    print_figures(figures, lines)


if __name__ == "__main__":
    main()
