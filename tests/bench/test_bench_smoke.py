"""The benchmarks run and report their figures (on tiny data; no timing is asserted)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus, corpus_stats, loadtest, page_bench, parse_bench
from bench.common import last_json, percentile, timing_figures
from bench.management.commands import generate_corpus as command
from budgets.models import Disclosure, Organization

ROOT = Path(__file__).resolve().parents[2]


def test_statistics_and_output_helpers():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([5.0], 0.95) == 5.0
    assert timing_figures("page", [10.0, 20.0])["page_p95_ms"] == 19.5
    assert last_json('hello\n{"a": 1}\n') == {"a": 1}
    assert last_json("no figures\n") == {}


def test_parse_figures_time_each_sample():
    paths = sorted(parse_bench.sample_paths(), key=lambda p: p.stat().st_size)[:2]
    figures, lines = parse_bench.parse_figures(paths, repeat=1)
    for path in paths:
        assert figures[f"parse_ms_median_{parse_bench.sample_key(path)}"] > 0
    assert figures["parse_largest_sample"] == paths[-1].name
    assert len(lines) == 2


@pytest.mark.django_db
def test_ingest_figures_store_new_organizations_and_remove_them_again(published_samples):
    before = Disclosure.objects.count()
    figures, _ = parse_bench.ingest_figures(2, tag="t")
    assert figures["ingest_docs"] == 2
    assert figures["ingest_docs_per_s"] > 0
    assert Disclosure.objects.count() == before
    assert not Organization.objects.filter(name__startswith="压测").exists()


@pytest.mark.django_db
def test_upload_variants_name_new_organizations(published_samples):
    from ingest.pipeline import parse_bytes

    ((filename, data),) = parse_bench.upload_variants(parse_bench.sample_paths()[-1:], 1, "x")
    assert parse_bytes(data, filename)["entity"].startswith("压测x0号")


@pytest.mark.django_db
def test_every_page_reports_timings_or_why_not(published_samples):
    finals = Disclosure.objects.filter(kind__in=["department_final", "unit_final"]).count()
    figures, lines = page_bench.pages_run(repeat=1)
    for key in page_bench.REQUIRED_PAGES:
        assert f"{key}_queries" in figures, key
        assert f"{key}_p95_ms" in figures or f"{key}_status" in figures, key
    assert figures["web_inprocess_peak_rss_mb"] > 0
    pages = page_bench.page_urls(
        page_bench.targets_find(page_bench.random.Random(1)), page_bench.random.Random(1)
    )
    # a line per page, one per page of derived documents (versions, 决算, withdrawals), the
    # bulk export, then one per page also timed as answered from the page cache
    derived = len(page_bench.DERIVED_PAGES)
    assert len(lines) == len(pages) + derived + 1 + len(page_bench.CACHED_PAGES)
    for key in page_bench.DERIVED_PAGES:
        assert figures[f"{key}_p95_ms"] > 0, key
    # the derived documents are rolled back
    assert Disclosure.objects.filter(kind__in=["department_final", "unit_final"]).count() == finals
    assert not Disclosure.objects.filter(withdrawn_at__isnull=False).exists()
    assert figures["bulk_export_rows"] > 0
    assert figures["bulk_export_mb"] > 0
    for key in page_bench.CACHED_PAGES:
        assert figures[f"{key}_cached_p95_ms"] > 0, key


@pytest.mark.django_db
def test_corpus_stats_on_a_tiny_generated_corpus(tmp_path):
    samples = command.samples_load()
    plans = corpus.corpus_plan(3, [s.info for s in samples], seed=5)
    organizations = command.organizations_create(plans)
    command.corpus_load(command.LoadJob(samples, plans, organizations, 5, tmp_path))
    figures, lines = corpus_stats.corpus_figures()
    assert figures["corpus_disclosures"] >= 3
    assert figures["rows_per_disclosure"] > 10
    assert figures["national_db_tb"] > 0
    assert any("national" in line for line in lines)


@pytest.mark.django_db(transaction=True)
def test_load_test_clients_count_requests_and_errors(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    results = loadtest.clients_run(port, ["/", "/api/disclosures/", "/no-such-page/"], 2, 1.0)
    assert len(results.milliseconds) > 0
    assert results.errors == []
    assert results.statuses.get(404, 0) > 0


def test_server_environment_is_production_like():
    env = loadtest.server_env("postgres://u@/bench?host=/tmp")
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_SECRET_KEY"]
    assert env["DJANGO_STATIC_MANIFEST"] == "1"
    assert env["DATABASE_URL"].endswith("/bench?host=/tmp")


@pytest.mark.slow
def test_make_bench_prints_every_figure_as_its_last_line():
    """bench/run.py end to end on a 12-disclosure corpus and a 2-second load test."""
    env = {
        **os.environ,
        "BENCH_DISCLOSURES": "12",
        "BENCH_LOADTEST_SECONDS": "2",
        "BENCH_LOADTEST_CLIENTS": "4",
        "BENCH_PAGE_REPEAT": "1",
        "BENCH_INGEST_DOCS": "2",
        "BENCH_PDF": "0",  # PDF parsing takes seconds a document: too slow for a smoke test
        "BENCH_OCR": "0",  # OCR takes seconds a page: likewise
        "BENCH_LINEARITY": "0",  # tens of seconds; tests/bench/test_linearity.py checks its cases
        "BENCH_SCALEOUT_UPLOADS": "3",
    }
    done = subprocess.run(
        [sys.executable, "bench/run.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["corpus_disclosures"] == 12
    for key in (
        "parse_ms_median_largest",
        "ingest_docs_per_s",
        "disclosure_page_queries",
        "loadtest_rps",
        "web_peak_rss_mb",
        "worker_peak_rss_mb",
        "targets",
    ):
        assert key in figures, (key, done.stdout[-3000:])
    assert not [k for k in figures if k.endswith("_error")], done.stdout[-3000:]
    if shutil.which("redis-server"):  # the scale-out step needs it (bench/scaleout.py)
        assert figures["scaleout_2_workers_runs_ok"] == 3, done.stdout[-3000:]
    else:
        assert "redis-server is not installed" in figures["scaleout_status"]
