"""A cache of the public pages' responses, so that a popular page is built once, not per visit.

At 10,000 disclosures a list, ranking or home page takes 50–200 ms of CPU to build, and 20
visitors at once on two cores queue behind each other (issue 6's load test: p95 in seconds).
Most visits ask for pages somebody asked for a moment ago, so the response is kept:

- **A disclosure's own pages** (the document, its checks, its source text; JSON detail) are
  keyed on the document's *freshness stamp*: the latest ``updated_at`` and the number of the
  versions of the same document (organization, year, kind). Publishing, superseding,
  unpublishing or discarding any version saves ``updated_at``, so these pages are never
  stale; the stamp costs one indexed query.
- **Every other public page** (home, lists, rankings, comparisons, searches, the API lists)
  is keyed on the URL and the *public version*, a counter bumped whenever the set of public
  disclosures changes (:func:`public_pages_invalidate`, on commit of a publish or unpublish),
  and expires after ``PUBLIC_PAGE_CACHE_SECONDS`` (default 60). With a shared cache (Redis,
  ``CACHE_URL``, as docker-compose runs it) the bump reaches every web process at once; with
  the per-process default cache a publish made in another process (the Celery worker) shows
  on these pages within that many seconds.

Only anonymous GET/HEAD requests answered 200 without cookies are stored; a signed-in user's
request is always built afresh (and so sees the data as it is). ``PUBLIC_PAGE_CACHE_SECONDS=0``
turns the cache off (the page benchmark does, to measure the work itself).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "public-pages:version"
# A document's pages change only with its freshness stamp; the timeout bounds the staleness
# of what the stamp does not cover (an organization renamed in the admin).
DOCUMENT_TIMEOUT_FACTOR = 10
CACHE_HEADER = "X-Page-Cache"  # "hit" or "miss", for the load test and curious readers

View = Callable[..., HttpResponse]


def page_cache_seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60))


def public_version() -> int:
    """The current public version (0 until the first change the cache has seen)."""
    return cache.get(VERSION_KEY, 0)


def public_pages_invalidate() -> None:
    """Called when the set of public disclosures changes: every cached list page goes stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it expired)
        cache.set(VERSION_KEY, 1, timeout=None)


_STAMP_SQL = """
    SELECT max(other.updated_at), count(other.id)
    FROM budgets_disclosure AS this
    JOIN budgets_disclosure AS other
      ON other.organization_id = this.organization_id
     AND other.fiscal_year = this.fiscal_year
     AND other.kind = this.kind
    WHERE this.id = %s
"""


def document_stamp(pk: int) -> str | None:
    """The freshness stamp of a disclosure's document, or None if there is no such row."""
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL, [pk])
        latest, versions = cursor.fetchone()
    return None if latest is None else f"{latest.isoformat()}/{versions}"


def _cacheable(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return request.method in ("GET", "HEAD") and not (user and user.is_authenticated)


def _key(request: HttpRequest, scope: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", "")
    return f"public-page:{scope}:{language}:{path}"


def _store(key: str, response: HttpResponse, timeout: int) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "no-store" in response.get("Cache-Control", "")
    ):
        return
    headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
    # Pages compress about tenfold (a 200 KB disclosure page to ~20 KB) in about a
    # millisecond: more pages fit, and less travels to and from Redis.
    content = zlib.compress(response.content, 1)
    cache.set(key, (content, response.status_code, headers), timeout)


def _replay(entry: tuple[bytes, int, dict[str, str]]) -> HttpResponse:
    content, status, headers = entry
    response = HttpResponse(zlib.decompress(content), status=status)
    for name, value in headers.items():
        response[name] = value
    response[CACHE_HEADER] = "hit"
    return response


def _serve(key: str, timeout: int, build: Callable[[], HttpResponse]) -> HttpResponse:
    entry = cache.get(key)
    if entry is not None:
        return _replay(entry)
    response = build()
    _store(key, response, timeout)
    response[CACHE_HEADER] = "miss"
    return response


def cached_public_page(view: View) -> View:
    """Cache ``view``'s anonymous responses for the configured time, per URL and public
    version (for pages that read many disclosures)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        timeout = page_cache_seconds()
        if timeout <= 0 or not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, f"v{public_version()}")
        return _serve(key, timeout, lambda: view(request, *args, **kwargs))

    return wrapper


def cached_document_page(view: View) -> View:
    """Cache ``view``'s anonymous responses per URL and document freshness stamp (for the
    pages of one disclosure, whose URL has its ``pk``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        timeout = page_cache_seconds()
        if timeout <= 0 or not _cacheable(request):
            return view(request, pk, *args, **kwargs)
        stamp = document_stamp(pk)
        if stamp is None:  # no such disclosure: the view answers 404
            return view(request, pk, *args, **kwargs)
        key = _key(request, f"d{pk}:{stamp}")
        return _serve(
            key,
            timeout * DOCUMENT_TIMEOUT_FACTOR,
            lambda: view(request, pk, *args, **kwargs),
        )

    return wrapper
