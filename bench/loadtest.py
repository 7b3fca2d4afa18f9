"""Load test: the production-style server under 20 concurrent clients while an upload is ingested.

gunicorn serves ``portal.wsgi`` as in the Dockerfile (sync workers, DEBUG off, a secret key,
static files collected and served by WhiteNoise from the manifest) on 127.0.0.1 only, against
the corpus database. Clients are threads using ``http.client``, each sending one request after
the other over a mix of the public pages until the duration is over; meanwhile a separate
process ingests renamed sample files one after the other with ``disclosure_ingest`` (what the
Celery worker runs for an upload) into the same database, and deletes them afterwards.

As in docker-compose, the web processes and the ingest share a Redis cache (``CACHE_URL``)
when redis-server is installed (a throwaway one is started), so that a publish reaches every
web process's page cache; without it each process has its own (``loadtest_cache``). The
ingest runs at the Celery worker's niceness (``CELERY_WORKER_NICENESS``, 10), as the worker's
pool processes do.

Reported: ``loadtest_rps``, ``loadtest_p50_ms``/``loadtest_p95_ms``/``loadtest_p99_ms``
(client-side, queueing included), ``loadtest_errors`` (5xx, timeouts, refused connections),
``web_peak_rss_mb`` (the largest gunicorn worker) and ``worker_peak_rss_mb`` (the ingest).
Every loop is bounded by the duration; the server and the ingest are stopped at the end.

    python -m bench.loadtest --database-url URL [--seconds 60] [--clients 20] [--workers 3]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import (
    BENCH_VAR,
    ROOT,
    STATIC_ROOT,
    children_of,
    django_setup,
    last_json,
    media_root,
    peak_rss_mb,
    percentile,
    print_figures,
    rss_mb,
)

HOST = "127.0.0.1"
# Share of requests per page: what visitors of a budget portal mostly open.
PAGE_MIX = {
    "disclosure_page": 30,
    "organizations_filtered": 12,
    "home": 10,
    "search": 10,
    "function_ranking": 10,
    "compare_10": 8,
    "organization_page": 8,
    "api_disclosures": 7,
    "source_page": 5,
}
REQUEST_TIMEOUT_S = 30


@dataclass
class ClientResults:
    milliseconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    cache_hits: int = 0  # answers from the public page cache (X-Page-Cache: hit)
    by_page: dict[str, list[float]] = field(default_factory=dict)  # page key -> milliseconds


# The first part of a mix URL's path -> its PAGE_MIX key, for one-part paths and for lists.
_PAGE_OF_ROUTE = {
    "": "home",
    "organizations": "organizations_filtered",
    "functions": "function_ranking",
    "compare": "compare_10",
    "api": "api_disclosures",
    "search": "search",
}


def page_key(path: str) -> str:
    """The ``PAGE_MIX`` key of a URL of the mix (for the per-page figures)."""
    route = path.split("?", 1)[0].strip("/").split("/")
    if route[0] == "disclosures":
        return "source_page" if route[-1] == "source" else "disclosure_page"
    if route[0] == "organizations" and len(route) > 1:
        return "organization_page"
    return _PAGE_OF_ROUTE.get(route[0], route[0])


def url_mix(count: int, *, seed: int = 2) -> list[str]:
    """``count`` URLs drawn from the corpus's pages in the proportions of ``PAGE_MIX``."""
    from bench.page_bench import page_urls, targets_find

    rng = random.Random(seed)
    urls = page_urls(targets_find(rng), rng)
    keys = rng.choices(list(PAGE_MIX), weights=list(PAGE_MIX.values()), k=count)
    return [urls[key](n) for n, key in enumerate(keys)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, secret key, manifest static."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_STATIC_MANIFEST="1",
        DJANGO_STATIC_ROOT=str(STATIC_ROOT),
        DJANGO_MEDIA_ROOT=str(media_root(database_url)),
        DJANGO_CONN_MAX_AGE=env.get("DJANGO_CONN_MAX_AGE", "60"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def static_collect(env: dict[str, str]) -> None:
    """collectstatic into var/bench/static unless its manifest is newer than static/."""
    manifest = STATIC_ROOT / "staticfiles.json"
    newest = max(
        (p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0
    )
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=600,
    )


def server_start(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    """gunicorn as the Dockerfile runs it, bound to loopback; waits until it answers."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (BENCH_VAR / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "portal.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log.name}")
        try:
            status, _, _ = request(port, "/api/")
            if status < 500:
                return process
        except OSError:
            time.sleep(0.5)
    server_stop(process)
    raise RuntimeError("gunicorn did not answer within 90 s")


def server_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def request(port: int, path: str) -> tuple[int, float, bool]:
    """GET ``path`` on a fresh connection; (status, milliseconds, answered from the cache)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, elapsed, response.getheader("X-Page-Cache") == "hit"
    finally:
        connection.close()


def client_loop(
    port: int, urls: Sequence[str], start: int, deadline: float, results: ClientResults
) -> None:
    """One client: requests one after the other until ``deadline``."""
    n = start
    while time.monotonic() < deadline:
        path = urls[n % len(urls)]
        n += 1
        try:
            status, ms, hit = request(port, path)
        except (OSError, http.client.HTTPException) as exc:
            results.errors.append(f"{path}: {type(exc).__name__}")
            continue
        results.cache_hits += hit
        results.by_page.setdefault(page_key(path), []).append(ms)
        results.statuses[status] = results.statuses.get(status, 0) + 1
        if status >= 500:
            results.errors.append(f"{path}: HTTP {status}")
        else:
            results.milliseconds.append(ms)


class MemoryWatch(threading.Thread):
    """Samples the resident memory of gunicorn's workers once a second until stopped."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak_worker_mb = 0.0
        self.peak_total_mb = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(1.0):
            self.sample()

    def sample(self) -> None:
        workers = children_of(self.master)
        sizes = [peak_rss_mb(pid) or rss_mb(pid) or 0.0 for pid in workers]
        if sizes:
            self.peak_worker_mb = max(self.peak_worker_mb, *sizes)
            self.peak_total_mb = max(self.peak_total_mb, sum(sizes) + (rss_mb(self.master) or 0))

    def stop(self) -> None:
        self.sample()
        self._stop_event.set()


def clients_run(port: int, urls: Sequence[str], clients: int, seconds: float) -> ClientResults:
    """``clients`` threads for ``seconds``; their results merged."""
    deadline = time.monotonic() + seconds
    per_client = [ClientResults() for _ in range(clients)]
    threads = [
        threading.Thread(
            target=client_loop, args=(port, urls, i * 97, deadline, per_client[i]), daemon=True
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT_S + 5)
    merged = ClientResults()
    for result in per_client:
        merged.milliseconds += result.milliseconds
        merged.errors += result.errors
        merged.cache_hits += result.cache_hits
        for key, times in result.by_page.items():
            merged.by_page.setdefault(key, []).extend(times)
        for status, count in result.statuses.items():
            merged.statuses[status] = merged.statuses.get(status, 0) + count
    return merged


def ingest_start(database_url: str, seconds: float, env: dict[str, str]) -> subprocess.Popen:
    """The upload: a process ingesting renamed samples for ``seconds`` (then cleaning up), at
    the niceness the Celery worker's pool processes run at."""
    niceness = env.get("CELERY_WORKER_NICENESS", "10")
    return subprocess.Popen(
        [
            "nice",
            "-n",
            niceness,
            sys.executable,
            "-m",
            "bench.parse_bench",
            "--ingest-loop",
            str(seconds),
            "--database-url",
            database_url,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def loadtest_run(
    database_url: str,
    *,
    seconds: float,
    clients: int,
    workers: int,
    with_upload: bool = True,
    page_cache: bool = True,
) -> tuple[dict[str, Any], list[str]]:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    urls = url_mix(4000)
    env = server_env(database_url)
    if not page_cache:
        env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    static_collect(env)
    redis = redis_folder = None
    if shutil.which("redis-server"):
        from bench.scaleout import redis_start

        redis_folder = Path(tempfile.mkdtemp(prefix="redis-", dir=BENCH_VAR))
        redis, redis_port = redis_start(redis_folder)
        env["CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/2"
    port = free_port()
    server = server_start(env, port, workers)
    watch = MemoryWatch(server.pid)
    ingest = None
    try:
        for path in urls[:clients]:  # one pass so every worker has imported everything
            request(port, path)
        watch.start()
        ingest = ingest_start(database_url, seconds, env) if with_upload else None
        started, started_cpu = time.monotonic(), time.process_time()
        results = clients_run(port, urls, clients, seconds)
        elapsed = time.monotonic() - started
        # The clients share the server's cores: their own CPU is part of the picture.
        client_cpu = time.process_time() - started_cpu
        watch.stop()
    finally:
        server_stop(server)
        upload: dict[str, Any] = {}
        if ingest is not None:
            output, _ = ingest.communicate(timeout=seconds + 300)
            upload = last_json(output)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
            shutil.rmtree(redis_folder, ignore_errors=True)
    figures, lines = _figures(results, elapsed, clients, workers, watch, upload)
    figures["loadtest_cache"] = "redis" if redis is not None else "per-process"
    figures["loadtest_client_cpu_share"] = round(client_cpu / (elapsed * (os.cpu_count() or 1)), 3)
    return figures, lines


def _figures(
    results: ClientResults,
    elapsed: float,
    clients: int,
    workers: int,
    watch: MemoryWatch,
    upload: dict[str, Any],
) -> tuple[dict[str, Any], list[str]]:
    done = len(results.milliseconds) + len(results.errors)
    figures: dict[str, Any] = {
        "loadtest_seconds": round(elapsed, 1),
        "loadtest_clients": clients,
        "loadtest_gunicorn_workers": workers,
        "loadtest_requests": done,
        "loadtest_rps": round(done / elapsed, 1) if elapsed else None,
        "loadtest_p50_ms": round(percentile(results.milliseconds, 0.50), 1),
        "loadtest_p95_ms": round(percentile(results.milliseconds, 0.95), 1),
        "loadtest_p99_ms": round(percentile(results.milliseconds, 0.99), 1),
        "loadtest_errors": len(results.errors),
        "loadtest_cache_hit_ratio": round(results.cache_hits / done, 3) if done else None,
        "web_peak_rss_mb": round(watch.peak_worker_mb, 1),
        "web_total_rss_mb": round(watch.peak_total_mb, 1),
        **{k: v for k, v in upload.items() if k.startswith("loadtest_")},
    }
    for key, times in sorted(results.by_page.items()):
        figures[f"loadtest_{key}_p95_ms"] = round(percentile(times, 0.95), 1)
    if "worker_peak_rss_mb" in upload:
        figures["loadtest_worker_peak_rss_mb"] = upload["worker_peak_rss_mb"]
    lines = [
        f"load test: {clients} clients x {elapsed:.0f} s, {workers} gunicorn workers: "
        f"{figures['loadtest_rps']} requests/s, p50 {figures['loadtest_p50_ms']} ms, "
        f"p95 {figures['loadtest_p95_ms']} ms, {figures['loadtest_errors']} errors, "
        f"{figures['loadtest_cache_hit_ratio']} answered from the page cache "
        f"(statuses {dict(sorted(results.statuses.items()))})",
        f"  upload meanwhile: {upload.get('loadtest_ingest_docs', 0)} documents ingested; "
        f"peak RSS web worker {figures['web_peak_rss_mb']} MB, "
        f"ingest {upload.get('worker_peak_rss_mb')} MB",
    ]
    lines.append(
        "  p95 by page: "
        + ", ".join(
            f"{key} {percentile(times, 0.95):.0f} ms ({len(times)})"
            for key, times in sorted(results.by_page.items())
        )
    )
    lines += [f"  error: {e}" for e in results.errors[:5]]
    return figures, lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (Dockerfile: 3)")
    parser.add_argument("--no-upload", action="store_true", help="no ingest during the test")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="every page built (the work itself)"
    )
    args = parser.parse_args(argv)
    django_setup(args.database_url)
    figures, lines = loadtest_run(
        args.database_url,
        seconds=args.seconds,
        clients=args.clients,
        workers=args.workers,
        with_upload=not args.no_upload,
        page_cache=not args.no_page_cache,
    )
    print_figures(figures, lines)


if __name__ == "__main__":
    main()
