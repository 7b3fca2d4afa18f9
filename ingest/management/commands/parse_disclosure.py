"""``manage.py parse_disclosure PATH``: print a disclosure's parsed JSON; no database needed.

A thin caller of :func:`ingest.services.disclosure_parse`, the parse the worker and
``manage.py ingest`` run, in a child process under the same budgets (``ingest.limits``). It
writes nothing and never opens a database connection (``manage.py`` lists it among the
commands that start no database). Bad input ends with a one-line message on stderr and exit
status 1; ``--traceback`` adds a parser defect's traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.pipeline import to_json
from ingest.services import IngestError, disclosure_parse


class Command(BaseCommand):
    """Parse one disclosure file and print the JSON of docs/disclosure-schema.md."""

    help = "Parse a budget disclosure file and print its JSON (writes nothing, needs no database)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        """One positional PATH."""
        parser.add_argument(
            "path", help="disclosure file (.txt, .md, .html, .pdf, .xlsx, .docx; UTF-8 or GB18030)"
        )
        parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2)")

    def handle(self, *args: Any, path: str, indent: int, **options: Any) -> None:
        """Read, parse and print; every failure is a one-line CommandError."""
        file = Path(path)
        data = read_file(file)
        try:
            _, parsed = disclosure_parse(data=data, filename=file.name)
        except IngestError as exc:
            if options.get("traceback") and exc.detail:
                self.stderr.write(exc.detail)
            raise CommandError(f"{file.name}: {exc}") from None
        self.stdout.write(to_json(parsed, indent=indent), ending="")


def read_file(file: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is a one-line CommandError."""
    try:
        return file.read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(f"文件不存在 / no such file: {file}") from exc
    except IsADirectoryError as exc:
        raise CommandError(f"这是目录 / a directory, not a file: {file}") from exc
    except OSError as exc:
        raise CommandError(f"无法读取 / cannot read {file}: {exc.strerror or exc}") from exc
