"""``manage.py ingest PATH…``: parse, validate and store disclosure files.

A thin caller of :func:`ingest.services.disclosure_ingest`, the service the worker runs: the
parse runs in a child process under the same budgets (``ingest.limits``). Every failure is
one line per file on stderr (``--traceback`` adds a parser defect's traceback); the exit
status is 1 when any file failed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from ingest.services import IngestError, disclosure_ingest, filename_clean

logger = logging.getLogger(__name__)

OUTCOME_WORDS = {
    "created": "stored",
    "new_version": "stored as a new version",
    "unchanged": "unchanged",
}
MESSAGE_DATABASE = "数据库出错,此文件未入库:{name}。 A database error stopped this file ({name})."
MESSAGE_UNEXPECTED = (
    "发生内部错误({name}),此文件未入库。 An internal error ({name}) stopped this file."
)


class Command(BaseCommand):
    help = "Parse, validate and store disclosure files, each in one transaction; publish them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--no-publish", action="store_true", help="Store without publishing.")

    def handle(self, *args: Any, paths: list[Path], no_publish: bool, **options: Any) -> None:
        failures = 0
        for path in paths:
            try:
                outcome = self._ingest(path, publish=not no_publish, traceback=options["traceback"])
            except _FileFailed as exc:
                failures += 1
                self.stderr.write(f"{path.name}: error: {exc}")
                continue
            d = outcome.disclosure
            figures = sum(outcome.counts.values())
            self.stdout.write(
                f"{path.name}: {d.entity_name} {d.fiscal_year} {d.get_kind_display()} "
                f"v{d.version} {OUTCOME_WORDS[outcome.outcome]}: {figures} figures, "
                f"checks {d.checks_passed} passed / {d.checks_failed} failed"
                f" ({d.get_status_display()})"
            )
        if failures:
            raise CommandError(f"{failures} of {len(paths)} files could not be ingested.")

    def _ingest(self, path: Path, *, publish: bool, traceback: bool) -> Any:
        """One file through the service; every failure becomes :class:`_FileFailed`."""
        try:
            data = path.read_bytes()
            return disclosure_ingest(data=data, filename=filename_clean(path.name), publish=publish)
        except IngestError as exc:
            if traceback and exc.detail:
                self.stderr.write(exc.detail)
            raise _FileFailed(str(exc)) from exc
        except OSError as exc:
            raise _FileFailed(f"无法读取 / cannot read: {exc.strerror or exc}") from exc
        except DatabaseError as exc:
            logger.warning("ingest of %s failed: %s", path.name, exc)
            raise _FileFailed(MESSAGE_DATABASE.format(name=type(exc).__name__)) from exc
        except Exception as exc:  # a defect: one line here, the traceback with --traceback
            if traceback:
                raise
            logger.debug("ingest of %s failed", path.name, exc_info=True)
            raise _FileFailed(MESSAGE_UNEXPECTED.format(name=type(exc).__name__)) from exc


class _FileFailed(Exception):
    """One file could not be ingested; ``str()`` is its one-line message."""
