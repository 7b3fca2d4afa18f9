"""What the benchmarks share: Django setup against a chosen database, statistics, memory, output.

Every benchmark module is also a script (``python -m bench.<module>``) that prints readable
lines and, as its last line, one JSON object of figures; ``bench/run.py`` runs each in its own
process (so each process's peak memory is its own) and merges those objects.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import statistics
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
MEDIA_ROOT = BENCH_VAR / "media"
STATIC_ROOT = BENCH_VAR / "static"
SAMPLES_DIR = ROOT / "samples" / "disclosures"


def django_setup(database_url: str | None = None, *, debug: bool = False) -> None:
    """Configure Django for a benchmark process: DEBUG off like production, ``database_url``.

    Without ``database_url`` the process uses the portal's default database settings (the
    embedded server unless DATABASE_URL is set), which only the parse benchmark needs.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DJANGO_DEBUG"] = "1" if debug else "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
    # Without collectstatic, serve static/ as it is (the load test collects and uses the
    # manifest, as production does).
    os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(media_root(database_url)))
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    if not os.environ.get("DATABASE_URL"):
        from portal.db import ensure_embedded_server

        ensure_embedded_server()


def media_root(database_url: str | None) -> Path:
    """A corpus's files: var/bench/media/<database>, where generate_corpus writes them."""
    if not database_url:
        return MEDIA_ROOT
    from urllib.parse import urlsplit

    return MEDIA_ROOT / urlsplit(database_url).path.strip("/")


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` percentile (0..1) by linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timing_figures(prefix: str, milliseconds: Sequence[float]) -> dict[str, float]:
    """``<prefix>_p50_ms`` and ``<prefix>_p95_ms`` (and the mean), rounded to 0.1 ms."""
    return {
        f"{prefix}_p50_ms": round(percentile(milliseconds, 0.50), 1),
        f"{prefix}_p95_ms": round(percentile(milliseconds, 0.95), 1),
        f"{prefix}_mean_ms": round(statistics.fmean(milliseconds), 1) if milliseconds else None,
    }


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """A process's peak resident memory (VmHWM) in MB, from /proc; None if unreadable."""
    return _status_kb(pid, "VmHWM")


def rss_mb(pid: int | str = "self") -> float | None:
    """A process's current resident memory (VmRSS) in MB."""
    return _status_kb(pid, "VmRSS")


def _status_kb(pid: int | str, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def children_of(pid: int) -> list[int]:
    """The direct child processes of ``pid`` (gunicorn's workers of its master)."""
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def print_figures(figures: Mapping[str, Any], lines: Iterable[str] = ()) -> None:
    """Readable lines, then the figures as one JSON object on the last line."""
    for line in lines:
        print(line)
    print(json.dumps(dict(figures), ensure_ascii=False, sort_keys=True), flush=True)


def last_json(output: str) -> dict[str, Any]:
    """The JSON object on the last non-empty line of a benchmark's output ({} if none)."""
    for line in reversed(output.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return {}
        if line:
            return {}
    return {}


def env_int(name: str, default: int) -> int:
    """An integer environment variable (BENCH_*), or ``default`` when unset or empty."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default
