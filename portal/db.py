"""Where the database lives: the server named by DATABASE_URL, or an embedded PostgreSQL.

With DATABASE_URL unset, the portal runs on a PostgreSQL server from the `pgserver` package
whose data directory is `var/pgdata` (git-ignored). Settings only *describe* that server
(`database_config`); nothing here starts it at import time. Entry points that need a database
call `ensure_embedded_server()` first: `manage.py` (except for commands listed in
`NO_DATABASE_COMMANDS`), the WSGI/ASGI apps, the Celery worker and the test suite.

The server is started once and left running (pgserver's `cleanup_mode=None`), listening on a
Unix socket only, inside the data directory. Later commands find it through
`var/pgdata/postmaster.pid` and reuse it; stop it with `pg_ctl -D var/pgdata stop` (as the
`pgserver` user when running as root: pgserver refuses to run postgres as root and creates that
system user itself).
"""

import fcntl
import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATABASE_NAME = "portal"
EMBEDDED_USER = "postgres"  # the superuser pgserver's initdb creates; trust authentication
POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "pgsql"})
# A Unix socket path may hold at most 107 bytes; postgres names its socket ".s.PGSQL.5432".
MAX_SOCKET_PATH_BYTES = 107
SOCKET_NAME = ".s.PGSQL.5432"

# manage.py commands that never touch the database, so never start the embedded server.
NO_DATABASE_COMMANDS = frozenset(
    {
        "help",
        "version",
        "check",
        "collectstatic",
        "compilemessages",
        "makemessages",
        "diffsettings",
        "startapp",
        "startproject",
        "parse_disclosure",
    }
)


@dataclass(frozen=True)
class EmbeddedServer:
    """A running embedded PostgreSQL server, as its postmaster.pid describes it."""

    pgdata: Path
    pid: int
    socket_dir: Path


def database_url() -> str | None:
    """Return DATABASE_URL, or None when the embedded server is to be used."""
    return os.environ.get("DATABASE_URL", "").strip() or None


def embedded_pgdata() -> Path:
    """The embedded server's data directory (PORTAL_PGDATA overrides var/pgdata)."""
    override = os.environ.get("PORTAL_PGDATA", "").strip()
    return Path(override).resolve() if override else BASE_DIR / "var" / "pgdata"


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn postgres://user:password@host:port/name?host=/socket/dir into Django's DATABASES entry.

    A `host` query parameter (libpq style) names a socket directory, which is how a test or a
    worker is pointed at the embedded server.
    """
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL (postgres://…), not {parts.scheme or url!r}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://…/NAME).")
    query = parse_qs(parts.query)
    host = query.get("host", [unquote(parts.hostname or "")])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
    }


def embedded_socket_dir(pgdata: Path) -> Path:
    """The socket directory the embedded server uses, read without starting it.

    pgserver puts the socket in the data directory unless that path is too long for a Unix
    socket; a running server's postmaster.pid says where it really is.
    """
    pid_file = pgdata / "postmaster.pid"
    if pid_file.exists():
        lines = pid_file.read_text().splitlines()
        if len(lines) > 4 and lines[4].strip():
            return Path(lines[4].strip())
    return pgdata


def database_config() -> dict[str, Any]:
    """Django's DATABASES["default"] for the current environment."""
    url = database_url()
    if url:
        return parse_database_url(url)
    pgdata = embedded_pgdata()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": EMBEDDED_USER,
        "PASSWORD": "",
        "HOST": str(embedded_socket_dir(pgdata)),
        "PORT": "",
    }


def ensure_embedded_server() -> EmbeddedServer | None:
    """Start the embedded PostgreSQL server unless it runs already; None with DATABASE_URL set.

    Safe to call from several processes at once (pgserver takes an inter-process lock) and
    cheap when the server is up: it reads postmaster.pid and checks that the process is alive.
    """
    if database_url():
        return None
    pgdata = embedded_pgdata()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(), _first_start_lock(pgdata):
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI) and falls back to
        # /tmp/runtime-<uid> for pgserver's lock file, which is fine here.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver  # on demand: only this function needs it

        handle = pgserver.get_server(pgdata, cleanup_mode=None)
        info = handle.get_postmaster_info()
        server = EmbeddedServer(pgdata=pgdata, pid=info.pid, socket_dir=Path(info.socket_dir))
        _create_database_if_missing(server)
    _point_django_at(server)
    return server


@contextmanager
def _first_start_lock(pgdata: Path) -> Iterator[None]:
    """Hold a lock beside ``pgdata`` while the server is found or started and its database
    made.

    pgserver's own lock is taken after it creates the data folder, so two processes starting
    on a fresh checkout at once (the test suite's two workers) both try to create it.
    """
    with open(pgdata.parent / f".{pgdata.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _create_database_if_missing(server: EmbeddedServer) -> None:
    import psycopg  # on demand, like pgserver

    with psycopg.connect(
        dbname="postgres", user=EMBEDDED_USER, host=str(server.socket_dir), autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE_NAME]
        ).fetchone()
        if not exists:
            logger.info("Creating database %s on %s", EMBEDDED_DATABASE_NAME, server.pgdata)
            connection.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE_NAME}"')


def _point_django_at(server: EmbeddedServer) -> None:
    """Correct HOST when settings were read before the server chose its socket directory.

    Only matters on a first start from a checkout whose path is too long for a socket, and
    only when settings were loaded before this call (pytest-django loads them first).
    """
    from django.conf import settings

    if not settings.configured:
        return
    default = settings.DATABASES["default"]
    if default.get("HOST") != str(server.socket_dir):
        default["HOST"] = str(server.socket_dir)
