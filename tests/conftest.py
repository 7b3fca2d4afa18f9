"""Shared fixtures. Tests run on the real PostgreSQL server (never SQLite).

The environment (test secret key, eager Celery) is set by `portal.pytest_plugin`, which pytest
loads before Django's settings. Here the embedded server is started only when a test asks
for the database, so parser tests that need none never start it.
"""

import hashlib
import io
import itertools
import os
import re
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from budgets.models import Disclosure, Organization
from portal.db import (
    EMBEDDED_DATABASE_NAME,
    EMBEDDED_USER,
    EmbeddedServer,
    ensure_embedded_server,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO_ROOT / "samples" / "disclosures"

_sequence = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, django_db_keepdb
) -> None:
    """Start (or reuse) the embedded server before pytest-django creates the test database.

    Several people share one working tree and so one server: each test run gets its own
    database (test_portal_<pid>), since pytest-django drops an existing test database of the
    same name, which would pull it from under a concurrent run. --reuse-db keeps test_portal.
    """
    server = ensure_embedded_server()
    if server is not None:
        _drop_databases_of_finished_runs(server)
    if not django_settings.DATABASES["default"].get("TEST", {}).get("NAME"):
        suffix = "" if django_db_keepdb else f"_{os.getpid()}"
        default = django_settings.DATABASES["default"]
        default.setdefault("TEST", {})["NAME"] = f"test_{default['NAME']}{suffix}"


def _drop_databases_of_finished_runs(server: EmbeddedServer) -> None:
    """Drop test_<name>_<pid> databases whose run was killed before it could drop them."""
    pattern = re.compile(rf"^test_{EMBEDDED_DATABASE_NAME}_(\d+)$")
    with psycopg.connect(
        dbname="postgres", user=EMBEDDED_USER, host=str(server.socket_dir), autocommit=True
    ) as admin:
        names = [row[0] for row in admin.execute("SELECT datname FROM pg_database")]
        for name in names:
            match = pattern.match(name)
            if match and not _process_exists(int(match.group(1))):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture
def sample_paths() -> list[Path]:
    """The real sample disclosures checked into samples/disclosures/."""
    return sorted(SAMPLES_DIR.glob("*.txt"))


def make_organization(**overrides) -> Organization:
    """An Organization with a unique name; keyword arguments override any field."""
    number = next(_sequence)
    name = overrides.pop("name", f"测试单位{number}")
    fields = {"name": name, "normalized_name": name, **overrides}
    return Organization.objects.create(**fields)


def make_disclosure(**overrides) -> Disclosure:
    """A parsed Disclosure of a fresh organization for fiscal 2024, with a unique sha256."""
    number = next(_sequence)
    organization = overrides.pop("organization", None) or make_organization()
    fields = {
        "organization": organization,
        "fiscal_year": 2024,
        "kind": Disclosure.Kind.DEPARTMENT_BUDGET,
        "entity_name": organization.name,
        "source_file": f"disclosures/2024/sample-{number}.txt",
        "sha256": hashlib.sha256(f"disclosure-{number}".encode()).hexdigest(),
        "original_filename": f"sample-{number}.txt",
        **overrides,
    }
    return Disclosure.objects.create(**fields)


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory) -> None:
    """Uploaded and ingested files go to a throwaway folder, never to var/media."""
    django_settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, _media_root) -> None:
    """The test database holds the five sample disclosures, ingested once per session.

    Each test runs in a transaction that is rolled back, so the samples stay as loaded.
    pytest-django runs transactional tests (live server, real worker) last; they flush
    the tables, and `published_samples` loads the samples again for them.
    """
    with django_db_blocker.unblock():
        call_command("load_samples", stdout=io.StringIO())


def sample_disclosures() -> dict[str, Disclosure]:
    """The published sample disclosures keyed by file prefix ("000" … "004")."""
    published = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED).select_related(
        "organization"
    )
    return {d.original_filename[:3]: d for d in published if d.original_filename[:3].isdigit()}


@pytest.fixture
def published_samples(db) -> dict[str, Disclosure]:
    """The five ingested, published sample disclosures keyed by "000" … "004"."""
    disclosures = sample_disclosures()
    if len(disclosures) < len(list(SAMPLES_DIR.glob("*.txt"))):
        call_command("load_samples", stdout=io.StringIO())
        disclosures = sample_disclosures()
    return disclosures


@pytest.fixture
def shanxi_samples(published_samples) -> dict[str, Disclosure]:
    """The five Shanxi samples alone, keyed by "000" … "004".

    The Shanghai PDFs in samples/disclosures/ are deleted inside the test's transaction, for
    tests whose expectations list every published disclosure and were read from the five.
    """
    shanxi = [disclosure.pk for disclosure in published_samples.values()]
    Disclosure.objects.exclude(pk__in=shanxi).delete()
    Organization.objects.filter(disclosures__isnull=True).delete()
    return published_samples


@pytest.fixture
def empty_portal(db) -> None:
    """A database without any disclosure (inside the test's transaction only)."""
    Disclosure.objects.all().delete()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, as cached reads depend on the test's data."""
    from django.core.cache import cache

    cache.clear()
