"""``manage.py ingest PATH…``: parse, validate and store disclosure files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.services import IngestError, disclosure_ingest

OUTCOME_WORDS = {
    "created": "stored",
    "new_version": "stored as a new version",
    "unchanged": "unchanged",
}


class Command(BaseCommand):
    help = "Parse, validate and store disclosure files, each in one transaction; publish them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--no-publish", action="store_true", help="Store without publishing.")

    def handle(self, *args: Any, paths: list[Path], no_publish: bool, **options: Any) -> None:
        failures = 0
        for path in paths:
            try:
                data = path.read_bytes()
                outcome = disclosure_ingest(data=data, filename=path.name, publish=not no_publish)
            except (OSError, IngestError) as exc:
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
