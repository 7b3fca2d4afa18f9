"""Figure-by-figure comparison of a format's parse with the sample text's parse.

The PDF, XLSX and DOCX fixtures (tests/fixtures/formats/, made by
scripts/make_format_fixtures.py) lay out each sample's content in that format, so
their parse must hold the same figures as the text's. What cannot be the same is
left out, and only that:

- line numbers (``lines``, ``*_lines``, ``line N`` / ``@N`` inside names): they
  count lines of each format's own extracted text;
- the ``source`` block (file name, hash, format);
- the parser's notes about rows "short of columns": the text converter dropped
  empty cells from those rows and the parser put their amount back under the
  right column; the fixtures keep every column, so the amount is already there
  and needs no repair (the figure itself is compared like any other).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from ingest.pipeline import parse_bytes

from ..samples import REPO_ROOT, SAMPLE_IDS, parsed

FIXTURES_DIR = REPO_ROOT / "tests" / "fixtures" / "formats"
_LINE_IN_TEXT = re.compile(r"(?:line |@)\d+")
SHORT_ROW_NOTE = "row short of columns"

# The parse's top-level keys, grouped as the tests report them.
SECTIONS: dict[str, tuple[str, ...]] = {
    "identity": ("entity", "entity_scope", "region", "fiscal_year", "kind", "amount_unit"),
    "summary": ("summary", "table_totals", "tables", "missing_tables"),
    "functional": (
        "income_by_function",
        "functional_expenditure",
        "general_public_expenditure",
        "fiscal_grant",
    ),
    "economic": ("economic_basic",),
    "funds": ("government_fund_income", "government_fund_expenditure", "state_capital"),
    "three_public": ("three_public", "operating_expenses", "operating_expenses_detail"),
    "projects": (
        "projects",
        "project_groups",
        "carryover_projects",
        "carryover_project_groups",
        "special_funds",
    ),
    "performance": ("performance_targets",),
    "narrative": ("narrative", "glossary", "procurement", "stated_changes"),
    "validation": ("validation", "validation_summary", "unreadable", "errors"),
}


def fixture_path(sample: str, extension: str) -> Path:
    return FIXTURES_DIR / f"{sample}.{extension}"


def parse_fixture(sample: str, extension: str) -> dict[str, Any]:
    path = fixture_path(sample, extension)
    return parse_bytes(path.read_bytes(), path.name)


def _without_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_lines(item)
            for key, item in value.items()
            if key != "source" and "line" not in key
        }
    if isinstance(value, list):
        return [_without_lines(item) for item in value]
    if isinstance(value, str):
        return _LINE_IN_TEXT.sub("line N", value)
    return value


def figures(result: dict[str, Any]) -> dict[str, Any]:
    """The parse without line numbers, source description and short-row repair notes."""
    kept = dict(result)
    kept["notes"] = [
        note for note in result.get("notes", []) if SHORT_ROW_NOTE not in str(note.get("what"))
    ]
    return _without_lines(kept)


@cache
def text_figures(sample: str) -> dict[str, Any]:
    return figures(parsed(sample))


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where two parses differ, one readable line per figure (empty when equal)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual), key=str):
            if key not in actual:
                found.append(f"{path}.{key}: only in the text parse")
            elif key not in expected:
                found.append(f"{path}.{key}: only in the format's parse")
            else:
                found.extend(differences(expected[key], actual[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = (
            []
            if len(expected) == len(actual)
            else [f"{path}: {len(expected)} items in the text parse, {len(actual)} in the format's"]
        )
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            found.extend(differences(left, right, f"{path}[{index}]"))
        return found
    return [] if expected == actual else [f"{path}: text {expected!r} != format {actual!r}"]


def section_differences(sample: str, actual: dict[str, Any], section: str) -> list[str]:
    keys = SECTIONS[section]
    expected, actual = text_figures(sample), figures(actual)
    return differences(
        {key: expected.get(key) for key in keys}, {key: actual.get(key) for key in keys}
    )


def counts(result: dict[str, Any]) -> dict[str, int]:
    """How many projects, forms and indicators a parse holds."""
    targets = result.get("performance_targets") or []
    return {
        "projects": len(result.get("projects") or []),
        "carryover_projects": len(result.get("carryover_projects") or []),
        "forms": len(targets),
        "indicators": sum(len(target.get("indicators") or []) for target in targets),
        "checks": len(result.get("validation") or []),
    }


__all__ = ["SAMPLE_IDS", "SECTIONS"]
