"""``manage.py generate_corpus``: a synthetic corpus of N disclosures for benchmarks.

The corpus goes to its **own database**, never to the portal's: by default `bench_portal` on
the same PostgreSQL server as the default database (created and migrated when missing), or
the database ``--database-url`` names. The command refuses a database that holds any
organization not marked ``is_synthetic`` (real, ingested data), so generated figures can never
end up beside the real samples' pages. A database that already holds the corpus asked for
(same N, seed and generator version, recorded in the database's comment) is reused as it is.

How the figures are made: each sample is parsed once; ``bench.corpus`` varies the parse for
each planned disclosure (names, region, year, amounts that still reconcile, subsets); the rows
are then built by the ingest's own writer (``ingest.persistence``), exactly as
``persist_disclosure`` builds them, and only the INSERTs are replaced by PostgreSQL COPY in
large batches, in ``--jobs`` processes. tests/budgets/test_corpus.py checks that the bulk path
and ``persist_disclosure`` store the same rows.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections, models, transaction

from bench import corpus
from budgets.models import (
    Disclosure,
    EconomicItem,
    EconomicLine,
    Figure,
    FunctionalCode,
    FunctionalLine,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    Organization,
    PerformanceTarget,
    Project,
    Region,
    ValidationCheck,
    organization_slug,
)
from ingest import persistence
from portal.db import parse_database_url

logger = logging.getLogger(__name__)

CORPUS_DATABASE = "bench_portal"
# Bump when the generator changes what it stores, so an old corpus is not reused.
GENERATOR_VERSION = 2
DEFAULT_DISCLOSURES = 10_000
BATCH_DISCLOSURES = 100
ID_BLOCK = 20_000

# Written in this order, so every foreign key points at a row already there.
ROW_MODELS: tuple[type[models.Model], ...] = (
    Disclosure,
    FunctionalLine,
    EconomicLine,
    Figure,
    Project,
    PerformanceTarget,
    Indicator,
    NarrativeSection,
    GlossaryTerm,
    ValidationCheck,
)
SAMPLES_DIR = Path(settings.BASE_DIR) / "samples" / "disclosures"

MESSAGE_REAL_DATA = (
    "数据库 {name} 中有非合成的预算单位,拒绝写入合成数据。"
    " The database {name} holds organizations that are not synthetic (real ingested data);"
    " the corpus goes to a database of its own (the default, bench_portal, or --database-url)."
)
MESSAGE_OTHER_CORPUS = (
    "数据库 {name} 已有另一份合成数据 ({found}); 加 --replace 重新生成。"
    " The database {name} holds another corpus ({found}); use --replace to regenerate it."
)


# --- the target database ---------------------------------------------------------------------


def corpus_database_config(url: str | None) -> dict[str, Any]:
    """DATABASES entry of the corpus: ``url``, else bench_portal beside the default database."""
    if url:
        return parse_database_url(url)
    default = settings.DATABASES["default"]
    return {key: default.get(key, "") for key in ("ENGINE", "USER", "PASSWORD", "HOST", "PORT")} | {
        "NAME": CORPUS_DATABASE
    }


def corpus_database_url(config: Mapping[str, Any]) -> str:
    """A DATABASE_URL (portal/db.py syntax) for the corpus, for the benchmarks' processes."""
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = str(config.get("HOST") or "")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    if host.startswith("/"):  # a Unix socket directory, libpq style
        return f"postgres://{credentials}{port}/{config['NAME']}?host={host}"
    return f"postgres://{credentials}{host}{port}/{config['NAME']}"


def database_create_if_missing(config: Mapping[str, Any]) -> bool:
    """Create the corpus database on its server unless it exists; True when created."""
    import psycopg  # the driver Django uses; a server-level statement needs its own connection

    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if exists:
            return False
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
        return True


def use_database(config: Mapping[str, Any]) -> None:
    """Point this process's default connection at ``config`` (before any query runs on it).

    Django's connection objects share their settings dict with ``connections.settings``, so
    updating it in place re-targets every thread's connection once it is closed.
    """
    connections.close_all()
    target = connections.settings["default"]
    target.update({key: value for key, value in config.items() if key != "ENGINE"})
    settings.DATABASES["default"].update(target)


def corpus_marker() -> dict[str, Any] | None:
    """The corpus recorded in the current database's comment, if any."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = current_database()"
        )
        comment = cursor.fetchone()[0]
    try:
        return json.loads(comment or "").get("corpus")
    except (ValueError, AttributeError):
        return None


def corpus_marker_set(marker: Mapping[str, Any] | None) -> None:
    """Record (or, with None, clear) what corpus the current database holds."""
    with connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        text = json.dumps({"corpus": marker}) if marker else None
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [text])


def corpus_wanted(disclosures: int, seed: int) -> dict[str, Any]:
    return {"disclosures": disclosures, "seed": seed, "version": GENERATOR_VERSION}


def corpus_is_loaded(wanted: Mapping[str, Any]) -> bool:
    """The current database holds exactly the corpus ``wanted``."""
    return corpus_marker() == dict(wanted) and Disclosure.objects.count() == wanted["disclosures"]


def corpus_clear() -> None:
    """Empty every table of the budgets and ingest apps (a synthetic database only)."""
    tables = [model._meta.db_table for app in ("budgets", "ingest") for model in _app_models(app)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    corpus_marker_set(None)


def _app_models(label: str) -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_app_config(label).get_models() if not m._meta.proxy]


def corpus_media_root(option: str | None, database: str) -> Path | None:
    """Where a corpus's files go: the option, else var/bench/media/<database>; '' for none."""
    if option == "":
        return None
    if option is None:
        return Path(settings.BASE_DIR) / "var" / "bench" / "media" / database
    return Path(option)


# --- samples and organizations -------------------------------------------------------------


def samples_load(folder: Path = SAMPLES_DIR) -> list[corpus.Sample]:
    """Every sample disclosure of ``folder``, decoded and parsed once."""
    from ingest.extract import extract_document
    from ingest.pipeline import parse_document

    samples = []
    for path in sorted(p for p in folder.glob("*.txt") if p.is_file()):
        raw = extract_document(path.read_bytes(), path.name)
        samples.append(
            corpus.sample_prepare(len(samples), path.name, parse_document(raw), raw.text)
        )
    return samples


def organizations_create(plans: Sequence[corpus.DisclosurePlan]) -> dict[str, int]:
    """The regions and synthetic organizations the plans name; entity name -> organization id."""
    regions: dict[tuple[str, str, str | None], Region] = {}
    organizations: dict[str, Organization] = {}
    for plan in plans:
        key = (plan.province, plan.city, plan.county)
        if key not in regions:
            regions[key] = persistence.region_get_or_create(plan.region)
        if plan.entity not in organizations:
            normalized = persistence.normalized_name(plan.entity)
            organizations[plan.entity] = Organization(
                name=plan.entity,
                normalized_name=normalized,
                slug=organization_slug(normalized),
                kind=persistence.KIND_TO_ORGANIZATION.get(plan.kind, Organization.Kind.DEPARTMENT),
                region=regions[key],
                is_synthetic=True,
            )
    Organization.objects.bulk_create(list(organizations.values()), batch_size=2000)
    return {name: org.pk for name, org in organizations.items()}


def codes_create(samples: Sequence[corpus.Sample], plans: Sequence[corpus.DisclosurePlan]) -> None:
    """Every year's functional codes and economic items of the samples, created up front.

    The workers then only read them, so two processes never race to create the same code.
    Names come from the first sample (in plan order) that prints the code, as they would from
    the first document ingested.
    """
    years: dict[int, list[int]] = defaultdict(list)
    for plan in plans:
        if plan.sample not in years[plan.fiscal_year]:
            years[plan.fiscal_year].append(plan.sample)
    for year, indexes in sorted(years.items()):
        for index in indexes:
            parsed = samples[index].parsed
            names = {
                str(row["code"]): str(row.get("name") or "")
                for key in persistence.FUNCTIONAL_TABLES
                for row in persistence._rows(parsed, key)
                if str(row.get("code") or "").isdigit() and len(str(row["code"])) in (3, 5, 7)
            }
            persistence.functional_codes_get_or_create(year, names)
            persistence._economic_items(year, persistence._rows(parsed, "economic_basic"))


# --- the bulk writer -------------------------------------------------------------------------


class RowCollector:
    """Collects the model instances ingest's writer creates, then COPYs them in batches.

    Primary keys come from each table's own sequence, reserved in blocks, so foreign keys
    between the collected rows can be filled in before anything is written.
    """

    def __init__(self) -> None:
        self.objects: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self._ids: dict[type[models.Model], Iterator[int]] = {}
        self._fields = {model: list(model._meta.concrete_fields) for model in ROW_MODELS}

    def next_id(self, model: type[models.Model]) -> int:
        for _ in range(2):
            ids = self._ids.get(model)
            if ids is not None:
                value = next(ids, None)
                if value is not None:
                    return value
            self._ids[model] = iter(_reserve_ids(model, ID_BLOCK))
        raise RuntimeError(f"no ids for {model.__name__}")

    def bulk(self, model: type[models.Model], objects: Any) -> int:
        """Stands in for ``ingest.persistence._bulk``: keep the rows, give each its id."""
        count = 0
        for obj in objects:
            obj.pk = self.next_id(model)
            self.objects[model].append(obj)
            count += 1
        return count

    def flush(self) -> dict[str, int]:
        """COPY every collected row, parents first; returns rows written per table."""
        written: dict[str, int] = {}
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            for model in ROW_MODELS:
                rows = self.objects.pop(model, [])
                if rows:
                    written[model._meta.db_table] = _copy(raw, model, self._fields[model], rows)
        return written


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(cursor: Any, model: type[models.Model], fields: list[Any], rows: list[Any]) -> int:
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    readers = [_column_reader(field) for field in fields]
    relations = [f for f in fields if f.is_relation]
    with cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for obj in rows:
            # What bulk_create does before an INSERT: a foreign key whose instance got its id
            # after the child was built takes that id now.
            for field in relations:
                if getattr(obj, field.attname) is None and field.is_cached(obj):
                    related = field.get_cached_value(obj)
                    if related is not None:
                        setattr(obj, field.attname, related.pk)
            copy.write_row([read(obj) for read in readers])
    return len(rows)


def _column_reader(field: Any) -> Callable[[models.Model], Any]:
    """How a column's value is read for COPY: what INSERT would send, without the ORM's
    per-value adaptation (psycopg adapts Decimal, datetime, str, int, bool itself)."""
    attname = field.attname
    if isinstance(field, models.JSONField):
        # COPY takes jsonb as text; the same text persistence.jsonable() round-trips.
        return lambda obj: json.dumps(
            getattr(obj, attname), default=persistence._json_default, ensure_ascii=False
        )
    if isinstance(field, models.FileField):
        return lambda obj: str(getattr(obj, attname) or "")
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    return lambda obj: getattr(obj, attname)


@contextlib.contextmanager
def _writer_collecting(collector: RowCollector, codes: Any, items: Any) -> Iterator[None]:
    """Let ingest's writer run unchanged while its INSERTs and lookups go to ``collector``.

    ``_bulk`` (its only INSERT) is swapped for the collector; the functional-code and
    economic-item lookups for in-memory caches (filled by ``codes_create``). Everything else,
    amounts in yuan, lines, matching forms to projects, is ingest's own code.
    """
    saved = {
        name: getattr(persistence, name)
        for name in ("_bulk", "functional_codes_get_or_create", "_economic_items")
    }
    persistence._bulk = collector.bulk
    persistence.functional_codes_get_or_create = codes
    persistence._economic_items = items
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(persistence, name, value)


class CodeCache:
    """Functional codes and economic items by key, read once; created only when missing."""

    def __init__(self) -> None:
        self.codes = {(c.fiscal_year, c.code): c for c in FunctionalCode.objects.all()}
        self.items = {(i.fiscal_year, i.scheme, i.name): i for i in EconomicItem.objects.all()}
        self._create_codes = persistence.functional_codes_get_or_create
        self._create_items = persistence._economic_items

    def functional_codes(self, fiscal_year: int, names: Mapping[str, str]) -> dict[str, Any]:
        missing = {c: n for c, n in names.items() if (fiscal_year, c) not in self.codes}
        if missing:
            for code, item in self._create_codes(fiscal_year, missing).items():
                self.codes[(fiscal_year, code)] = item
        return {c: self.codes[(fiscal_year, c)] for c in names}

    def economic_items(self, fiscal_year: int, rows: list[Mapping[str, Any]]) -> dict[Any, Any]:
        found = {}
        for scheme, field in (
            (EconomicItem.Scheme.DEPARTMENT, "dept_item"),
            (EconomicItem.Scheme.GOVERNMENT, "gov_item"),
        ):
            for row in rows:
                name = str(row.get(field) or "")[:200]
                if not name:
                    continue
                key = (fiscal_year, scheme, name)
                if key not in self.items:
                    self.items.update(
                        {
                            (fiscal_year, s, n): i
                            for (s, n), i in self._create_items(fiscal_year, [row]).items()
                        }
                    )
                found[(scheme, name)] = self.items[key]
        return found


def published_at(plan: corpus.DisclosurePlan) -> datetime.datetime:
    """Budgets are published in the first weeks of their year; spread over them."""
    day = datetime.datetime(plan.fiscal_year, 1, 20, 9, tzinfo=datetime.UTC)
    return day + datetime.timedelta(minutes=(plan.number * 37) % (40 * 24 * 60))


def disclosure_build(
    parsed: Mapping[str, Any], text: str, plan: corpus.DisclosurePlan, organization_id: int
) -> Disclosure:
    """The Disclosure row ``persist_disclosure`` would build, already published."""
    unit = str(parsed.get("amount_unit") or "万元")
    sha256 = str(parsed["source"]["sha256"])
    filename = corpus.synthetic_filename(plan)
    stored = f"disclosures/{plan.fiscal_year}/{persistence._stored_name(sha256, filename)}"
    return Disclosure(
        organization_id=organization_id,
        fiscal_year=plan.fiscal_year,
        kind=str(parsed.get("kind")),
        amount_unit=unit,
        entity_name=str(parsed.get("entity"))[:200],
        sha256=sha256,
        original_filename=filename,
        source_format=Disclosure.SourceFormat.TEXT,
        source_text=text,
        source_file=stored,
        parsed=parsed,  # written as persistence.jsonable() would (see _db_value)
        version=1,
        status=Disclosure.Status.PUBLISHED,
        published_at=published_at(plan),
        **persistence._denormalized_totals(parsed, unit),
    )


@dataclass(frozen=True)
class LoadJob:
    """What one worker process loads: its share of the plans and where files go."""

    samples: Sequence[corpus.Sample]
    plans: Sequence[corpus.DisclosurePlan]
    organizations: Mapping[str, int]
    seed: int
    media_root: Path | None
    batch: int = BATCH_DISCLOSURES


def corpus_load(job: LoadJob, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Vary, build and COPY the plans' disclosures on the default connection; rows per table.

    Each batch is one transaction. Files (the varied source text) go under ``media_root``
    like uploads do; None skips them.
    """
    cache = CodeCache()
    totals: dict[str, int] = defaultdict(int)
    for start in range(0, len(job.plans), job.batch):
        collector = RowCollector()
        t0 = time.monotonic()
        with _writer_collecting(collector, cache.functional_codes, cache.economic_items):
            for plan in job.plans[start : start + job.batch]:
                _disclosure_collect(job, plan, collector)
        t1 = time.monotonic()
        with transaction.atomic():
            for table, count in collector.flush().items():
                totals[table] += count
        logger.debug("batch: build %.2f s, copy %.2f s", t1 - t0, time.monotonic() - t1)
        if progress is not None:
            progress(min(len(job.plans), start + job.batch))
    return dict(totals)


def _disclosure_collect(job: LoadJob, plan: corpus.DisclosurePlan, collector: RowCollector) -> None:
    parsed, text = corpus.disclosure_vary(job.samples[plan.sample], plan, seed=job.seed)
    disclosure = disclosure_build(parsed, text, plan, job.organizations[plan.entity])
    collector.bulk(Disclosure, [disclosure])
    persistence._Writer(disclosure, parsed).write_all()
    if job.media_root is not None:
        path = job.media_root / disclosure.source_file.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def _load_in_child(job: LoadJob) -> dict[str, int]:
    connections.close_all()  # a fresh connection per process
    try:
        return corpus_load(job)
    finally:
        connections.close_all()


def corpus_load_parallel(job: LoadJob, jobs: int, stdout: Any = None) -> dict[str, int]:
    """``corpus_load`` over ``jobs`` processes, each with every ``jobs``-th plan."""
    if jobs <= 1:
        return corpus_load(job, _progress_printer(stdout, len(job.plans)))
    shares = [
        LoadJob(
            job.samples, job.plans[i::jobs], job.organizations, job.seed, job.media_root, job.batch
        )
        for i in range(jobs)
    ]
    connections.close_all()  # never share a connection with a forked child
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        results = pool.map(_load_in_child, shares)
    totals: dict[str, int] = defaultdict(int)
    for result in results:
        for table, count in result.items():
            totals[table] += count
    return dict(totals)


def _progress_printer(stdout: Any, total: int) -> Callable[[int], None] | None:
    if stdout is None:
        return None
    started = time.monotonic()

    def report(done: int) -> None:
        if done % 1000 < BATCH_DISCLOSURES or done == total:
            rate = done / max(time.monotonic() - started, 1e-9)
            stdout.write(f"  {done}/{total} disclosures ({rate:.0f}/s)")

    return report


def corpus_analyze() -> None:
    """Planner statistics and visibility maps for the tables just filled, as autovacuum would
    leave them on a live database (index-only scans need the visibility map)."""
    with connection.cursor() as cursor:
        for model in (*ROW_MODELS, Organization, Region, FunctionalCode, EconomicItem):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


# --- the command -----------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Generate N synthetic disclosures (default 10,000) from the samples into a separate "
        "database (default bench_portal), for benchmarks. Reuses a matching corpus."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--disclosures", type=int, default=DEFAULT_DISCLOSURES)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--database-url",
            default=None,
            help="target database (postgres://…); default: bench_portal on the default server",
        )
        parser.add_argument(
            "--replace", action="store_true", help="regenerate when another corpus is there"
        )
        parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
        parser.add_argument(
            "--media-root",
            default=None,
            help="where the generated source files go (default var/bench/media/<database>; "
            "'' to write none)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        config = corpus_database_config(options["database_url"])
        if (
            options["database_url"] is None
            and config["NAME"] == settings.DATABASES["default"]["NAME"]
        ):
            raise CommandError("The corpus database must not be the portal's own database.")
        database_create_if_missing(config)
        use_database(config)
        call_command("migrate", verbosity=0, interactive=False)
        name = config["NAME"]
        if Organization.objects.filter(is_synthetic=False).exists():
            raise CommandError(MESSAGE_REAL_DATA.format(name=name))
        wanted = corpus_wanted(options["disclosures"], options["seed"])
        if corpus_is_loaded(wanted):
            self.stdout.write(f"{name}: corpus of {wanted['disclosures']} disclosures is there.")
            return
        holds_data = Disclosure.objects.exists() or Organization.objects.exists()
        if holds_data and not options["replace"]:
            found = corpus_marker() or f"{Disclosure.objects.count()} disclosures"
            raise CommandError(MESSAGE_OTHER_CORPUS.format(name=name, found=found))
        corpus_clear()
        self._generate(wanted, options)

    def _generate(self, wanted: Mapping[str, Any], options: Mapping[str, Any]) -> None:
        started = time.monotonic()
        samples = samples_load()
        plans = corpus.corpus_plan(
            wanted["disclosures"], [s.info for s in samples], seed=wanted["seed"]
        )
        organizations = organizations_create(plans)
        codes_create(samples, plans)
        self.stdout.write(
            f"Generating {len(plans)} disclosures of {len(organizations)} organizations in "
            f"{len({(p.city, p.county) for p in plans})} regions from {len(samples)} samples "
            f"({options['jobs']} processes)…"
        )
        media_root = corpus_media_root(options["media_root"], connection.settings_dict["NAME"])
        job = LoadJob(samples, plans, organizations, wanted["seed"], media_root)
        rows = corpus_load_parallel(job, options["jobs"], self.stdout)
        corpus_analyze()
        corpus_marker_set(wanted)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Stored {len(plans)} disclosures, {sum(rows.values())} rows in {elapsed:.0f} s "
            f"({len(plans) / elapsed:.0f} disclosures/s)."
        )
