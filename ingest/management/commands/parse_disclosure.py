"""``manage.py parse_disclosure PATH``: print a disclosure's parsed JSON; no database needed.

A thin caller of :func:`ingest.pipeline.parse_bytes`. It writes nothing and never
opens a database connection (``manage.py`` lists it among the commands that start
no database). Bad input ends with a one-line message on stderr and exit status 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.extract import ExtractError
from ingest.pipeline import parse_bytes, to_json


class Command(BaseCommand):
    """Parse one disclosure file and print the JSON of docs/disclosure-schema.md."""

    help = "Parse a budget disclosure file and print its JSON (writes nothing, needs no database)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        """One positional PATH."""
        parser.add_argument("path", help="disclosure file (.txt, .md, .html; UTF-8 or GB18030)")
        parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2)")

    def handle(self, *args: Any, path: str, indent: int, **options: Any) -> None:
        """Read, parse and print; every failure is a one-line CommandError."""
        file = Path(path)
        try:
            data = file.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在 / no such file: {path}") from exc
        except IsADirectoryError as exc:
            raise CommandError(f"这是目录 / a directory, not a file: {path}") from exc
        except OSError as exc:
            raise CommandError(f"无法读取 / cannot read {path}: {exc.strerror or exc}") from exc
        try:
            parsed = parse_bytes(data, file.name)
        except ExtractError as exc:
            raise CommandError(f"{file.name}: {exc}") from exc
        self.stdout.write(to_json(parsed, indent=indent), ending="")
