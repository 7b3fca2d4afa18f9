"""The file fuzz: a short, fixed-seed run over every format finds no crash, hang or bad message.

``make fuzz`` runs the same harness for 20 minutes with a new seed each time.
"""

import random
from dataclasses import replace

import pytest

from fuzz.files import FilesRun, load_seeds, run_files_fuzz
from fuzz.mutations import mutate
from ingest.limits import parse_budget
from tests.conftest import REPO_ROOT


def test_seeds_cover_every_format():
    kinds = {seed.kind for seed in load_seeds(REPO_ROOT)}

    assert kinds == {"text", "html", "pdf", "xlsx", "docx"}


@pytest.mark.parametrize("kind", ["text", "xlsx", "docx", "pdf"])
def test_mutations_are_reproducible_from_their_seed(kind):
    sample = next(seed for seed in load_seeds(REPO_ROOT) if seed.kind == kind)

    first = mutate(sample.data, kind, random.Random(7))
    second = mutate(sample.data, kind, random.Random(7))

    assert first == second
    assert first[0] != sample.data


def short_fuzz(kinds: set[str], tmp_path, inputs: int):
    budget = replace(parse_budget(), seconds=20.0)
    seeds = [seed for seed in load_seeds(REPO_ROOT) if seed.kind in kinds]
    run = FilesRun(seconds=45, seed=15, budget=budget, max_inputs=inputs)
    return run_files_fuzz(run, seeds, save_to=tmp_path)


def test_a_short_fixed_seed_fuzz_finds_nothing(tmp_path):
    """Thirty mutated text, HTML, XLSX and DOCX inputs (under a minute): each is parsed, or
    refused in one line that starts in Chinese; none crashes, hangs or runs out of memory."""
    report = short_fuzz({"text", "html", "xlsx", "docx"}, tmp_path, 30)

    assert report.inputs >= 20
    assert set(report.formats) == {"text", "html", "xlsx", "docx"}
    assert report.findings == [], "\n".join(report.lines())
    assert report.outcomes["refused"] > 0 and report.outcomes["ok"] > 0


def test_a_short_fixed_seed_fuzz_of_pdfs_finds_nothing(tmp_path):
    """Twelve mutated PDFs through the pypdfium2 reader under the same budgets."""
    report = short_fuzz({"pdf"}, tmp_path, 12)

    assert report.findings == [], "\n".join(report.lines())
