"""The embedded PostgreSQL server: started on demand, reused, and left alone when not needed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from portal.db import (
    database_config,
    embedded_pgdata,
    ensure_embedded_server,
    parse_database_url,
)
from tests.conftest import REPO_ROOT

PRINT_SERVER = (
    "import json; from portal.db import ensure_embedded_server as e; s = e(); "
    "print(json.dumps({'pid': s.pid, 'socket_dir': str(s.socket_dir)}))"
)


def run_python(code: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def embedded_env(pgdata) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["PORTAL_PGDATA"] = str(pgdata)
    return env


def stop_server(pgdata) -> None:
    from pgserver import pg_ctl  # the same binaries the server was started with

    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


@pytest.fixture
def fresh_pgdata():
    """An empty data directory outside pytest's tmp_path, which concurrent runs may rotate."""
    parent = Path(tempfile.mkdtemp(prefix="portal-pgtest-"))
    pgdata = parent / "pgdata"
    yield pgdata
    if (pgdata / "postmaster.pid").exists():
        stop_server(pgdata)
    shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses the embedded server")
def test_embedded_server_is_reused_by_a_second_call_in_the_same_process():
    first = ensure_embedded_server()
    second = ensure_embedded_server()

    assert first is not None
    assert second == first
    assert first.pgdata == embedded_pgdata()


@pytest.mark.slow
def test_embedded_server_starts_on_demand_and_later_processes_reuse_it(fresh_pgdata):
    env = embedded_env(fresh_pgdata)

    started = run_python(PRINT_SERVER, env)
    assert started.returncode == 0, started.stderr
    reused = run_python(PRINT_SERVER, env)
    assert reused.returncode == 0, reused.stderr

    first, second = json.loads(started.stdout), json.loads(reused.stdout)
    assert second == first  # same postmaster pid and socket: not restarted
    assert (fresh_pgdata / "PG_VERSION").exists()
    check = run_python(
        "import psycopg; from portal.db import database_config as c; d = c(); "
        "print(psycopg.connect(dbname=d['NAME'], user=d['USER'], host=d['HOST'])"
        ".execute('select current_database()').fetchone()[0])",
        env,
    )
    assert check.stdout.strip() == "portal", check.stderr


@pytest.mark.parametrize(
    "command",
    [["help"], ["check"], ["parse_disclosure", "samples/disclosures/004_5acf4c560691a46e.txt"]],
    ids=["help", "check", "parse_disclosure"],
)
def test_commands_that_need_no_database_do_not_start_the_server(tmp_path, command):
    pgdata = tmp_path / "pgdata"
    env = embedded_env(pgdata)

    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert not pgdata.exists()


def test_manage_py_knows_which_commands_need_a_database():
    from manage import needs_database

    assert needs_database(["manage.py", "migrate"])
    assert needs_database(["manage.py", "runserver", "127.0.0.1:8000"])
    assert not needs_database(["manage.py", "parse_disclosure", "samples/x.txt"])
    assert not needs_database(["manage.py", "help", "migrate"])
    assert not needs_database(["manage.py", "migrate", "--help"])
    assert not needs_database(["manage.py"])


def test_database_url_takes_precedence_and_starts_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:s%40cret@db.example:6543/budgets")
    monkeypatch.setenv("PORTAL_PGDATA", str(tmp_path / "pgdata"))

    assert ensure_embedded_server() is None
    assert not (tmp_path / "pgdata").exists()
    config = database_config()
    assert config["NAME"] == "budgets"
    assert config["USER"] == "app"
    assert config["PASSWORD"] == "s@cret"
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")


def test_database_url_may_name_a_socket_directory():
    config = parse_database_url("postgresql://postgres@/portal?host=/work/main/var/pgdata")

    assert config["HOST"] == "/work/main/var/pgdata"
    assert config["NAME"] == "portal"
    assert config["PORT"] == ""


@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://u@h/db", "postgres://u@h"])
def test_database_url_must_name_a_postgresql_database(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


@pytest.mark.django_db
def test_tests_run_on_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses the embedded server")
def test_processes_starting_on_a_fresh_checkout_at_once_share_one_server(fresh_pgdata):
    """`make test` starts two workers on a clean clone: both create var/pgdata and the
    database unless the first start is serialized (FileExistsError, then UniqueViolation)."""
    env = embedded_env(fresh_pgdata)
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", PRINT_SERVER],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [start.communicate(timeout=120) for start in starts]

    assert [start.returncode for start in starts] == [0, 0, 0], [err for _, err in outputs]
    assert len({json.loads(out)["pid"] for out, _ in outputs}) == 1
