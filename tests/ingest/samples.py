"""The real sample disclosures, parsed once per test session.

Tests assert figures read by hand from these documents (samples/disclosures/, and the blank
决算 template in samples/templates/); the parse is cached because several test modules read
the same sample. Callers must not mutate the returned dicts.

Samples are named by the start of their file name: "000" for the Shanxi text
000_9f37a4571f332d18.txt, "sh-putuo-office-2025-department" for that Shanghai PDF.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ingest.extract import extract_document
from ingest.pipeline import parse_bytes
from ingest.segment import Section, segment_sections
from ingest.types import RawDocument

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES_DIR = REPO_ROOT / "samples" / "disclosures"
TEMPLATES_DIR = REPO_ROOT / "samples" / "templates"
EXPECTED_DIR = REPO_ROOT / "tests" / "fixtures" / "expected"
# 山西: converted text.
SAMPLE_IDS = ("000", "001", "002", "003", "004")
# 上海普陀区: budgets (元 tables, a 三公 table in 万元) and 决算 (万元), as published PDFs.
SHANGHAI_BUDGETS = (
    "sh-putuo-office-2025-department",
    "sh-putuo-commerce-2025-unit",
    "sh-putuo-wanli-2023-department",
    "sh-putuo-wanli-2025-department",
)
SHANGHAI_FINALS = ("sh-putuo-planning-2024-final", "sh-putuo-social-work-2024-final")
SHANGHAI_IDS = (*SHANGHAI_BUDGETS, *SHANGHAI_FINALS)
FINAL_TEMPLATE = "sh-final-accounts-template-2024"
ALL_SAMPLE_IDS = (*SAMPLE_IDS, *SHANGHAI_IDS, FINAL_TEMPLATE)


def sample_path(sample: str) -> Path:
    """The sample file whose name starts with ``sample`` ("000" -> 000_9f37….txt)."""
    for folder in (SAMPLES_DIR, TEMPLATES_DIR):
        found = sorted(folder.glob(f"{sample}_*.txt")) + sorted(folder.glob(f"{sample}.*"))
        if found:
            return found[0]
    raise FileNotFoundError(sample)


@cache
def sample_bytes(sample: str) -> bytes:
    """The sample's raw bytes."""
    return sample_path(sample).read_bytes()


@cache
def raw_document(sample: str) -> RawDocument:
    """The sample decoded into lines of cells."""
    return extract_document(sample_bytes(sample), sample_path(sample).name)


@cache
def sections(sample: str) -> dict[str, Section]:
    """The sample's table sections by kind."""
    return {section.kind: section for section in segment_sections(raw_document(sample).lines)}


@cache
def parsed(sample: str) -> dict[str, Any]:
    """The sample's full parse (do not mutate)."""
    return parse_bytes(sample_bytes(sample), sample_path(sample).name)


def check(sample: str, name: str) -> dict[str, Any]:
    """One validation check of a sample by its name."""
    matches = [item for item in parsed(sample)["validation"] if item["check"] == name]
    assert matches, f"no check {name!r} in sample {sample}"
    return matches[0]


def row(rows: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    """The single row whose fields equal ``where``."""
    found = [item for item in rows if all(item.get(k) == v for k, v in where.items())]
    assert len(found) == 1, f"{len(found)} rows match {where}"
    return found[0]
