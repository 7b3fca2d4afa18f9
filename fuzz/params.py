"""GET-parameter fuzz of every public URL: no answer may be a server error.

Every URL of ``budgets.urls`` (and the API's) is requested with hostile values for every
parameter any public view reads: digits that ``str.isdigit`` accepts and ``int`` does not
("²", "١٢"), numbers beyond any column's range, NUL and other control characters, invalid
UTF-8 in the query string, markup, very long values, repeated keys. The parameter names are
collected from the views' and selectors' source and from the FilterSets, so a parameter
added later is fuzzed without touching this module.

A request is sent through Django's test client in this process, with the page cache off so
each one reaches its view. Run it with DEBUG off: a server error is then what a visitor
would get. The outcome is the list of requests answered with 5xx.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.urls import URLPattern, reverse

# Values for every parameter. Unicode digits: "²" passes str.isdigit but not int().
HOSTILE_VALUES = (
    "²",
    "١٢",
    "１２",
    "𝟙",
    "-1",
    "0",
    "+1",
    " 7 ",
    "1.5",
    "1e3",
    "0x10",
    "9" * 20,
    "9" * 400,
    "",
    "\x00",
    "1\x00",
    "a\x00b",
    "\x1b[31m",
    "\t",
    "\u202e",
    "\ufeff1",
    "'",
    '"',
    "\\",
    "%",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "a" * 5000,
    "中" * 500,
    "2024-2025",
    "1,2",
    "-",
    "NaN",
    "inf",
    "[]",
    "1-99999999999999999999",
    "99999999999999999999-1",
    "3-1",
)
# The values each URL gets for all of its parameters at once, before the random phase.
CORE_VALUES = ("²", "１２", "-1", "0", "9" * 20, "9" * 400, "\x00", "\u202e", "'", "a" * 5000)
# Query strings that are not valid UTF-8 once decoded, sent as they are.
RAW_QUERIES = ("%ED%A0%80", "%FF%FE", "%C0%AF", "%%", "%zz", "%00")
# Names every list page understands (django-tables2, pagination, exports).
COMMON_NAMES = ("page", "page_size", "per_page", "sort", "export", "format", "q", "lines")
_SOURCE_NAME = re.compile(r"""(?:GET|params|filters|query)\.(?:get|getlist)\(\s*["']([\w-]+)["']""")
_SOURCE_FOLDERS = ("budgets/views", "budgets/selectors", "budgets/filters", "budgets/tables")


@dataclass
class ParamsReport:
    """What a run did: requests sent, their statuses, and every server error."""

    requests: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[tuple[str, int]] = field(default_factory=list)

    def lines(self) -> list[str]:
        shown = ", ".join(f"{status}: {count}" for status, count in sorted(self.statuses.items()))
        summary = f"{self.requests} requests in {self.seconds:.0f} s ({shown})"
        return [summary, *(f"  {status} {url[:300]}" for url, status in self.errors)]


def parameter_names(root: Path) -> list[str]:
    """Every GET parameter a public view reads: from the source and from the FilterSets."""
    names = set(COMMON_NAMES)
    for folder in _SOURCE_FOLDERS:
        for path in sorted((root / folder).glob("*.py")):
            names.update(_SOURCE_NAME.findall(path.read_text(encoding="utf-8")))
    names.update(_filterset_names())
    return sorted(names)


def _filterset_names() -> set[str]:
    from django_filters import FilterSet

    import budgets.filters

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(budgets.filters.__path__):
        module = importlib.import_module(f"budgets.filters.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, FilterSet) and value is not FilterSet:
                names.update(value.base_filters)
    return names


def public_urls() -> list[str]:
    """A path for every public URL pattern, with real ids, slugs and codes (and bogus ones)."""
    from budgets.models import Disclosure, FunctionalLine
    from budgets.urls import urlpatterns

    published = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
    pdf = published.filter(source_format=Disclosure.SourceFormat.PDF).first()
    first = published.select_related("organization").first()
    code = FunctionalLine.objects.values_list("code", flat=True).first()
    values = {
        "pk": [d.pk for d in (first, pdf) if d is not None] + [987654321],
        "slug": [first.organization.slug] if first is not None else [],
        "code": [code, "999", "x"] if code else ["201", "x"],
        "page": [1, 99999],
    }
    values["slug"].append("no-such-organization")
    paths: list[str] = []
    for pattern in urlpatterns:
        if isinstance(pattern, URLPattern):
            paths.extend(_paths(pattern, values))
    return list(dict.fromkeys(paths))


def _paths(pattern: URLPattern, values: dict[str, list[object]]) -> Iterator[str]:
    names = list(pattern.pattern.converters)
    if not names:
        yield reverse(pattern.name)
        return
    choices = [values.get(name, [1]) for name in names]
    for index in range(max(len(choice) for choice in choices)):
        kwargs = {
            name: choice[index % len(choice)] for name, choice in zip(names, choices, strict=True)
        }
        yield reverse(pattern.name, kwargs=kwargs)


def _query(pairs: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)


def fuzz_requests(
    paths: list[str], names: list[str], *, seed: int, random_count: int
) -> Iterator[str]:
    """The URLs to request: each path with every parameter set to each core value, then
    ``random_count`` URLs with random values for a random set of parameters."""
    for path in paths:
        yield path
        for value in CORE_VALUES:
            yield f"{path}?{_query((name, value) for name in names)}"
        for raw in RAW_QUERIES:
            yield f"{path}?{'&'.join(f'{name}={raw}' for name in names)}"
    generator = random.Random(seed)
    for _ in range(random_count):
        path = generator.choice(paths)
        chosen = generator.sample(names, generator.randint(1, min(6, len(names))))
        pairs = [(name, generator.choice(HOSTILE_VALUES)) for name in chosen]
        if generator.random() < 0.2:  # a repeated key: d=1&d=2&…
            pairs += [(chosen[0], str(generator.randint(-5, 10**6))) for _ in range(30)]
        yield f"{path}?{_query(pairs)}"


def run_params_fuzz(*, seed: int, random_count: int, root: Path) -> ParamsReport:
    """Request every fuzzed URL anonymously; report the server errors.

    The page cache is turned off for the run, so every request reaches its view.
    """
    from django.test import Client, override_settings

    report = ParamsReport()
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        urls = fuzz_requests(
            public_urls(), parameter_names(root), seed=seed, random_count=random_count
        )
        for url in urls:
            status = client.get(url).status_code
            report.requests += 1
            report.statuses[status] = report.statuses.get(status, 0) + 1
            if status >= 500:
                report.errors.append((url, status))
    report.seconds = time.monotonic() - started
    return report
