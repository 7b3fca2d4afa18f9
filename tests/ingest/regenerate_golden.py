"""Rewrite tests/fixtures/expected/<sample>.json from the current parser.

Run ``python -m tests.ingest.regenerate_golden`` (or the golden test with
``REGENERATE_GOLDEN=1``) after a deliberate change to the parse, then review the
diff of the expected files like code.

A PDF's parse is kept without ``source.locations`` (where each line sits on its page):
those boxes belong to the PDF reader, not to the tables, and change with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.pipeline import to_json

from .samples import ALL_SAMPLE_IDS, EXPECTED_DIR, parsed, sample_path


def golden_path(sample: str) -> Path:
    """Where the expected JSON of a sample lives."""
    return EXPECTED_DIR / f"{sample_path(sample).stem}.json"


def golden_view(result: dict[str, Any]) -> dict[str, Any]:
    """The parse as the golden file keeps it."""
    source = {key: value for key, value in result["source"].items() if key != "locations"}
    return {**result, "source": source}


def regenerate(samples: tuple[str, ...] = ALL_SAMPLE_IDS) -> list[str]:
    """Write every sample's expected JSON; return the paths written."""
    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in samples:
        path = golden_path(sample)
        path.write_text(to_json(golden_view(parsed(sample))), encoding="utf-8")
        written.append(str(path))
    return written


if __name__ == "__main__":
    for written in regenerate():
        print(written)
