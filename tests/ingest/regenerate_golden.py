"""Rewrite tests/fixtures/expected/<sample>.json from the current parser.

Run ``python -m tests.ingest.regenerate_golden`` (or the golden test with
``REGENERATE_GOLDEN=1``) after a deliberate change to the parse, then review the
diff of the expected files like code.
"""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import to_json

from .samples import EXPECTED_DIR, SAMPLE_IDS, parsed, sample_path


def golden_path(sample: str) -> Path:
    """Where the expected JSON of a sample lives."""
    return EXPECTED_DIR / f"{sample_path(sample).stem}.json"


def regenerate(samples: tuple[str, ...] = SAMPLE_IDS) -> list[str]:
    """Write every sample's expected JSON; return the paths written."""
    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in samples:
        path = golden_path(sample)
        path.write_text(to_json(parsed(sample)), encoding="utf-8")
        written.append(str(path))
    return written


if __name__ == "__main__":
    for written in regenerate():
        print(written)
