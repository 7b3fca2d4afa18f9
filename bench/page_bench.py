"""Server time and SQL queries of the public pages, measured in-process on the corpus database.

Each request goes through Django's test ``Client`` (the whole stack: middleware, view,
selectors, templates; no network), timed with ``time.perf_counter`` and counted with
``CaptureQueriesContext``. DEBUG is off as in production. URLs vary between requests (other
disclosures, other comparisons, other queries) so the numbers are not one cached row's.

Figures per page: ``<page>_p50_ms``, ``<page>_p95_ms``, ``<page>_queries`` (the most any of its
requests issued) and, when a page does not answer 200, ``<page>_status`` ("not built yet" for
501). Also ``web_inprocess_peak_rss_mb``.

These times are of the work itself: the public page cache (budgets/page_cache.py) is off
(``PUBLIC_PAGE_CACHE_SECONDS=0``), since every URL here would otherwise be answered from it
after its first request. ``<page>_cached_p50_ms``/``_p95_ms`` are the same pages with the
cache on, answered from it (for the pages in ``CACHED_PAGES``).

    python -m bench.page_bench --database-url URL [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bench.common import django_setup, peak_rss_mb, print_figures, timing_figures

CACHED_PAGES = ("home", "organizations_filtered", "disclosure_page", "function_ranking")

# Fragments of names, projects and indicators the samples (and so the corpus) contain: 2 to 4
# characters, as people type them.
SEARCH_QUERIES = ("商务", "行政运行", "乡村e镇", "满意度", "招商引资", "消费券", "培训", "监管平台")
# Figures as journalists look them up (issue 14, item 5): a code, an amount, 三公, an item.
FIGURE_QUERIES = ("2011301", "435.85", "三公", "办公费", "2,373.00", "公务接待", "20113")
COMPARE_SIZE = 10


@dataclass(frozen=True)
class Targets:
    """Ids and codes found in the database that the page URLs are built from."""

    disclosures: Sequence[int]
    organizations: Sequence[str]  # slugs
    codes: Sequence[str]  # 项 codes used by many disclosures
    region_ids: Sequence[int]  # city-level regions
    years: Sequence[int]


def targets_find(rng: random.Random, sample_size: int = 300) -> Targets:
    """Published disclosures, organizations, common codes and regions of the database."""
    from django.db.models import Count

    from budgets.models import Disclosure, FunctionalLine, Organization, Region

    published = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
    ids = list(published.values_list("pk", flat=True))
    slugs = list(
        Organization.objects.filter(disclosures__in=published)
        .values_list("slug", flat=True)
        .distinct()
    )
    codes = list(
        FunctionalLine.objects.filter(
            table=FunctionalLine.Table.EXPENDITURE, code__regex=r"^\d{7}$"
        )
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("code", flat=True)[:5]
    )
    regions = list(Region.objects.filter(level=Region.Level.CITY).values_list("pk", flat=True))
    years = sorted(set(published.values_list("fiscal_year", flat=True)), reverse=True)
    return Targets(
        disclosures=rng.sample(ids, min(sample_size, len(ids))),
        organizations=rng.sample(slugs, min(sample_size, len(slugs))),
        codes=codes or ["2011301"],
        region_ids=regions,
        years=years or [2024],
    )


def page_urls(targets: Targets, rng: random.Random) -> dict[str, Callable[[int], str]]:
    """Page key -> a function giving the URL of its n-th request."""

    def pick(items: Sequence[Any], n: int) -> Any:
        return items[n % len(items)]

    def organizations(n: int) -> str:
        params = {
            "year": pick(targets.years, n),
            "sort": pick(("-total", "-three_public", "-project"), n),
        }
        if targets.region_ids and n % 2:
            params["region"] = pick(targets.region_ids, n)
        return f"/organizations/?{urlencode(params)}"

    def compare(n: int) -> str:
        ids = rng.sample(list(targets.disclosures), min(COMPARE_SIZE, len(targets.disclosures)))
        return "/compare/?" + urlencode([("d", i) for i in ids])

    def function(n: int) -> str:
        code = pick(targets.codes, n)
        return f"/functions/{code}/" + (f"?year={pick(targets.years, n)}" if n % 2 else "")

    return {
        "home": lambda n: "/",
        "organizations_filtered": organizations,
        "organization_page": lambda n: f"/organizations/{pick(targets.organizations, n)}/",
        "disclosure_page": lambda n: f"/disclosures/{pick(targets.disclosures, n)}/",
        "source_page": lambda n: f"/disclosures/{pick(targets.disclosures, n)}/source/",
        "compare_10": compare,
        "function_tree": lambda n: "/functions/",
        "function_ranking": function,
        "indicators": lambda n: "/indicators/?" + urlencode({"q": pick(SEARCH_QUERIES, n)}),
        "search": lambda n: "/search/?" + urlencode({"q": pick(SEARCH_QUERIES, n)}),
        "api_disclosures": lambda n: (
            "/api/disclosures/" + (f"?year={pick(targets.years, n)}" if n % 2 else "")
        ),
        "api_disclosure_detail": lambda n: f"/api/disclosures/{pick(targets.disclosures, n)}/",
        "search_figures": lambda n: "/search/?" + urlencode({"q": pick(FIGURE_QUERIES, n)}),
        "api_search": lambda n: "/api/search/?" + urlencode({"q": pick(FIGURE_QUERIES, n)}),
        "api_function_tree": lambda n: (
            "/api/functions/" + (f"?year={pick(targets.years, n)}" if n % 2 else "")
        ),
        "api_function_ranking": lambda n: "/api" + function(n),
        "api_compare_10": lambda n: "/api" + compare(n),
        "api_indicators": lambda n: "/api/indicators/?" + urlencode({"q": pick(SEARCH_QUERIES, n)}),
        "export_function_ranking": lambda n: (
            function(n) + ("&" if n % 2 else "?") + f"export={pick(('csv', 'xlsx'), n)}"
        ),
        "export_disclosure_tables": lambda n: (
            f"/disclosures/{pick(targets.disclosures, n)}/tables.xlsx"
        ),
    }


# The pages issue 6 lists the targets for; the others are measured too, as context.
REQUIRED_PAGES = (
    "home",
    "organizations_filtered",
    "disclosure_page",
    "compare_10",
    "function_ranking",
    "search",
    "api_disclosures",
)


@dataclass(frozen=True)
class Sample:
    url: str
    status: int
    ms: float
    queries: int


class PageTimeout(BaseException):
    """A request ran past its time limit (a BaseException, so Django's handler lets it out)."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise PageTimeout


def page_measure(client: Any, url: str, timeout_s: float = 0) -> Sample:
    """One request: status, server time in ms, SQL queries. Past ``timeout_s`` (if set) the
    request is stopped and reported with status 0."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    previous = signal.signal(signal.SIGALRM, _on_alarm) if timeout_s else None
    started = time.perf_counter()
    try:
        with CaptureQueriesContext(connection) as queries:
            if timeout_s:
                signal.setitimer(signal.ITIMER_REAL, timeout_s)
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - started) * 1000
    except PageTimeout:
        connection.close()  # it may have been stopped in the middle of a query
        return Sample(url, 0, (time.perf_counter() - started) * 1000, 0)
    finally:
        if timeout_s:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return Sample(url, response.status_code, elapsed, len(queries))


def page_figures(
    client: Any,
    urls: Callable[[int], str],
    key: str,
    repeat: int,
    warmup: int = 2,
    timeout_s: float = 0,
) -> dict[str, Any]:
    """Timings of ``repeat`` requests (after ``warmup`` unmeasured ones) of one page.

    A request over ``timeout_s`` is stopped; the page is then reported as too slow and not
    requested again.
    """
    samples: list[Sample] = []
    for n in range(warmup + repeat):
        sample = page_measure(client, urls(n), timeout_s)
        if sample.status == 0:
            return {f"{key}_status": f"over {timeout_s:.0f} s per request: stopped ({sample.url})"}
        if n >= warmup:
            samples.append(sample)
    failed = [s for s in samples if s.status != 200]
    figures: dict[str, Any] = {f"{key}_queries": max(s.queries for s in samples)}
    if failed:
        statuses = sorted({s.status for s in failed})
        figures[f"{key}_status"] = (
            "not built yet"
            if statuses == [501]
            else f"HTTP {','.join(map(str, statuses))} on {len(failed)}/{len(samples)}"
            f" ({failed[0].url})"
        )
        if len(failed) == len(samples):
            return figures
    figures.update(timing_figures(key, [s.ms for s in samples if s.status == 200]))
    return figures


def bench_client() -> Any:
    from django.test import Client

    # ALLOWED_HOSTS holds 127.0.0.1 by default; the test client's own "testserver" is not.
    return Client(HTTP_HOST="127.0.0.1")


def pages_run(
    repeat: int, *, seed: int = 1, pages: Sequence[str] | None = None, timeout_s: float = 0
) -> tuple[dict[str, Any], list[str]]:
    rng = random.Random(seed)
    targets = targets_find(rng)
    urls = page_urls(targets, rng)
    client = bench_client()
    figures: dict[str, Any] = {}
    lines = []
    for key in [key for key in pages or list(urls) if key in urls]:
        found = page_figures(client, urls[key], key, repeat, timeout_s=timeout_s)
        figures.update(found)
        if f"{key}_p95_ms" in found:
            lines.append(
                f"{key:24s} p50 {found[f'{key}_p50_ms']:8.1f} ms  p95 "
                f"{found[f'{key}_p95_ms']:8.1f} ms  {found[f'{key}_queries']:3d} queries"
                + (f"  ({found[f'{key}_status']})" if f"{key}_status" in found else "")
            )
        else:
            lines.append(f"{key:24s} {found.get(f'{key}_status')}")
    if not pages or "bulk_export" in pages:
        bulk = bulk_export_figures(client)
        figures |= bulk
        lines.append(
            f"{'bulk_export':24s} {bulk['bulk_export_s']:8.1f} s  {bulk['bulk_export_rows']:,} rows"
            f"  {bulk['bulk_export_mb']:.0f} MB  RSS +{bulk['bulk_export_rss_growth_mb']} MB"
        )
    cached = cached_figures(client, urls, repeat, pages)
    for key in CACHED_PAGES:
        if f"{key}_cached_p95_ms" in cached:
            lines.append(
                f"{key + ' (cached)':24s} p50 {cached[f'{key}_cached_p50_ms']:8.1f} ms  p95 "
                f"{cached[f'{key}_cached_p95_ms']:8.1f} ms"
            )
    figures |= cached
    figures["web_inprocess_peak_rss_mb"] = peak_rss_mb()
    return figures, lines


def bulk_export_figures(client: Any) -> dict[str, Any]:
    """The streamed download of every published amount (/downloads/figures.csv): seconds,
    rows, megabytes and how much the process's resident memory grew while it streamed."""
    from bench.common import rss_mb

    before = rss_mb() or 0.0
    started = time.perf_counter()
    response = client.get("/downloads/figures.csv")
    rows = size = 0
    peak = before
    for chunk in response.streaming_content:
        rows += 1
        size += len(chunk)
        if rows % 100_000 == 0:
            peak = max(peak, rss_mb() or 0.0)
    peak = max(peak, rss_mb() or 0.0)
    return {
        "bulk_export_s": round(time.perf_counter() - started, 1),
        "bulk_export_rows": rows - 2,  # the byte-order mark and the header
        "bulk_export_mb": round(size / 1e6, 1),
        "bulk_export_rss_growth_mb": round(peak - before, 1),
    }


def cached_figures(
    client: Any, urls: dict[str, Callable[[int], str]], repeat: int, pages: Sequence[str] | None
) -> dict[str, Any]:
    """Server time of pages answered from the public page cache: each URL asked twice, the
    second answer timed."""
    from django.test import override_settings

    figures: dict[str, Any] = {}
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        for key in CACHED_PAGES:
            if pages and key not in pages:
                continue
            times = []
            for n in range(repeat):
                page_measure(client, urls[key](n))
                sample = page_measure(client, urls[key](n))
                if sample.status == 200:
                    times.append(sample.ms)
            if times:
                figures.update(timing_figures(f"{key}_cached", times))
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--page", action="append", help="only this page key (repeatable)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60,
        help="seconds a request may take before the page is reported as too slow (default 60)",
    )
    args = parser.parse_args(argv)
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"  # the work itself (see the docstring)
    django_setup(args.database_url)
    figures, lines = pages_run(args.repeat, pages=args.page, timeout_s=args.timeout)
    print_figures(figures, lines)


if __name__ == "__main__":
    main()
