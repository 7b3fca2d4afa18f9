"""Migrations build the schema from an empty database, undo cleanly and match the models."""

import os
import subprocess
import sys
import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from tests.conftest import REPO_ROOT


def database_url(settings_dict: dict, name: str) -> str:
    host = settings_dict["HOST"]
    credentials = quote(settings_dict["USER"])
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"])
    if host.startswith("/"):
        return f"postgres://{credentials}@/{name}?host={host}"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{name}"


def admin_connection(settings_dict: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def empty_database_url(django_db_setup, django_db_blocker):
    """The URL of a brand-new, empty database on the test server, dropped afterwards."""
    settings_dict = connection.settings_dict
    name = f"migrate_check_{uuid.uuid4().hex[:8]}"
    with admin_connection(settings_dict) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield database_url(settings_dict, name)
    with admin_connection(settings_dict) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.slow
def test_migrations_apply_from_zero_and_back(empty_database_url):
    manage(empty_database_url, "migrate", "--no-input")
    manage(empty_database_url, "migrate", "ingest", "zero", "--no-input")
    manage(empty_database_url, "migrate", "budgets", "zero", "--no-input")
    unapplied = manage(empty_database_url, "showmigrations", "budgets", "ingest").stdout
    manage(empty_database_url, "migrate", "--no-input")
    applied = manage(empty_database_url, "showmigrations", "budgets", "ingest").stdout

    assert "[X]" not in unapplied
    assert "[ ]" not in applied
    assert "0001_initial" in applied


def test_models_and_migrations_agree():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=REPO_ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
