"""``manage.py load_samples``: ingest the sample disclosures shipped in samples/disclosures/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The formats an upload accepts; notes such as a README never sit in the samples folder.
SAMPLE_SUFFIXES = frozenset({".txt", ".pdf", ".xlsx", ".docx"})


class Command(BaseCommand):
    help = "Ingest and publish the sample disclosures (files already loaded are skipped)."

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(settings.BASE_DIR) / "samples" / "disclosures"
        paths = sorted(path for path in folder.iterdir() if path.suffix in SAMPLE_SUFFIXES)
        call_command("ingest", *[str(p) for p in paths], stdout=self.stdout, stderr=self.stderr)
