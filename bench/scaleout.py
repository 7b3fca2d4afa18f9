"""Workers scaled out over Redis: uploads spread over 1, 2 and 4 Celery worker nodes.

What ``docker compose up --scale worker=4`` starts is N copies of the worker service, each
``celery -A portal worker`` on the same Redis broker and database. This runs those N
processes here (no Docker engine on this machine), each its own node (``-n bench<i>@%h``,
``--concurrency 1``), against a throwaway redis-server, the corpus database and Redis as
the cache (``CACHE_URL``) as in docker-compose. For each N it uploads the same number of
renamed sample files through ``upload_create`` (what /manage/ does), waits until every run
has left the queue, and reports:

- ``scaleout_<N>_workers_docs_per_s``: uploads parsed and stored per second, all nodes;
- ``scaleout_<N>_workers_nodes_used``: how many nodes took runs (each run names its worker);
- ``scaleout_<N>_workers_runs_ok``: runs that ended ready for review (the rest failed or
  were left waiting, which would be an error: ``scaleout_<N>_workers_error``).

The uploads, their disclosures and their organizations are removed afterwards. Needs the
``redis-server`` binary (Debian's redis-server package); without it, says so and measures
nothing.

    python -m bench.scaleout --database-url URL [--uploads 40] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import BENCH_VAR, ROOT, SAMPLES_DIR, media_root, print_figures

HOST = "127.0.0.1"
WAIT_S = 600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def redis_start(folder: Path) -> tuple[subprocess.Popen, int]:
    """A redis-server on a free loopback port, keeping nothing on disk."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("redis-server did not answer within 20 s")


def redis_env(port: int, database_url: str) -> dict[str, str]:
    redis = f"redis://{HOST}:{port}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=f"{redis}/0",
        CELERY_RESULT_BACKEND=f"{redis}/1",
        CACHE_URL=f"{redis}/2",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or "bench-scaleout-" + "x" * 40,
        DJANGO_MEDIA_ROOT=str(media_root(database_url)),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def workers_start(env: dict[str, str], count: int, log: Path) -> list[subprocess.Popen]:
    """``count`` worker nodes, as ``--scale worker=<count>`` would run them."""
    celery = str(Path(sys.executable).with_name("celery"))
    handle = log.open("a")
    return [
        subprocess.Popen(
            [
                celery,
                "-A",
                "portal",
                "worker",
                "-n",
                f"bench{number}@%h",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        for number in range(count)
    ]


def workers_stop(workers: Sequence[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def uploads_measure(count: int, tag: str) -> dict[str, Any]:
    """Upload ``count`` files, wait for their runs; docs/s, nodes used, outcome."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bench.parse_bench import sample_paths, upload_variants
    from ingest.models import IngestRun
    from ingest.services import upload_create

    files = list(upload_variants(sample_paths(SAMPLES_DIR), count, tag))
    started = time.perf_counter()
    run_ids = [upload_create(file=SimpleUploadedFile(name, data)).run.pk for name, data in files]
    waiting = IngestRun.ACTIVE_STATUSES
    deadline = time.monotonic() + WAIT_S
    runs = IngestRun.objects.filter(pk__in=run_ids)
    while runs.filter(status__in=waiting).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    done = list(runs.values_list("status", "worker", "disclosure_id"))
    ok = sum(status == IngestRun.Status.READY for status, _, _ in done)
    return {
        "elapsed": elapsed,
        "ok": ok,
        "nodes": len({worker for _, worker, _ in done if worker}),  # host:pid of each node
        "statuses": sorted({status for status, _, _ in done}),
    }


def uploads_cleanup(tag: str) -> None:
    """Remove the runs of the uploads named with ``tag``, their files and disclosures."""
    from bench.parse_bench import ingest_cleanup
    from ingest.models import AuditEvent, IngestRun

    runs = IngestRun.objects.filter(original_filename__startswith=f"bench-{tag}-")
    disclosure_ids = [d for d in runs.values_list("disclosure_id", flat=True) if d]
    for run in runs:
        run.source_file.delete(save=False)
    AuditEvent.objects.filter(run__in=runs).delete()
    runs.delete()
    ingest_cleanup(list(disclosure_ids))


def scaleout_run(
    database_url: str, uploads: int, worker_counts: Sequence[int]
) -> tuple[dict[str, Any], list[str]]:
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        return {"scaleout_status": message}, [f"scale-out: not measured: {message}"]
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="redis-", dir=BENCH_VAR))
    redis, port = redis_start(folder)
    env = redis_env(port, database_url)
    figures: dict[str, Any] = {"scaleout_uploads": uploads}
    lines = []
    try:
        _django_setup(env)
        for count in worker_counts:
            workers = workers_start(env, count, BENCH_VAR / "scaleout-workers.log")
            tag = f"s{count}w{int(time.time())}"
            try:
                time.sleep(3)  # the nodes connect to the broker
                found = uploads_measure(uploads, tag)
            finally:
                workers_stop(workers)
                uploads_cleanup(tag)
            key = f"scaleout_{count}_workers"
            figures[f"{key}_docs_per_s"] = round(uploads / found["elapsed"], 2)
            figures[f"{key}_nodes_used"] = found["nodes"]
            figures[f"{key}_runs_ok"] = found["ok"]
            if found["ok"] != uploads:
                figures[f"{key}_error"] = f"runs ended {found['statuses']}"
            lines.append(
                f"{count} worker node(s): {uploads} uploads in {found['elapsed']:.1f} s = "
                f"{figures[f'{key}_docs_per_s']} docs/s, {found['nodes']} node(s) took runs, "
                f"{found['ok']} ready for review"
            )
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    return figures, lines


def _django_setup(env: dict[str, str]) -> None:
    """This process as the web process that takes the uploads: same broker, cache, database."""
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "DJANGO_MEDIA_ROOT"):
        os.environ[name] = env[name]
    from bench.common import django_setup

    django_setup(env["DATABASE_URL"])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--uploads", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args(argv)
    figures, lines = scaleout_run(args.database_url, args.uploads, args.workers)
    print_figures(figures, lines)


if __name__ == "__main__":
    main()
