"""PDFs whose tables are printed without ruling lines read like their ruled twins.

The twins are made here from real files (unruled_twins.py): the Shanghai samples, as
their departments' WPS and Word exported them, with every ruling line taken out, or
with the horizontal rules kept; and the fixture 003.pdf (printed by Chromium). The rows
of the ruled originals (tests/fixtures/formats/pdf_rows/) are the reference; the
tables' positions are all a twin has left.

What the twins read, measured when this was written (rows equal to the ruled reading,
all rules removed / horizontal rules kept): commerce 99.3 / 99.3 %, office 100 / 100,
planning 98.0 / 98.0, social work 96.7 / 96.7, wanli 2023 77.2 / 77.2, wanli 2025
98.2 / 98.2, the blank 决算 template 89.3 / 90.7: 92.6 / 92.7 % in all, and 98.0 / 98.0 %
of the rows holding an amount. What differs, and why:

- the 绩效目标 forms (wanli 2023, pages 31-35; most of 003's and 004's pages): forms of
  merged cells whose columns change from row to row, which no alignment across rows
  reveals;
- an empty table whose last header row sits beside its "合计" (planning and social work
  pages 15-19, the template): without a figure, nothing tells that row's header cells
  from its row label, and the columns above them stay merged;
- a table left blank (the template's pages 5-14): with no amount in any row, only
  headers, labels and codes place the columns, so a column whose cells are all empty
  between two others is not seen, and a tall cell of three "…" lines (pages 6, 7 and
  10) reads as three rows;
- what the rules alone made a table: a title and a caption printed inside the frame
  (commerce page 14), a title framed in a box ("目 录");
- a name wrapped before its bracket although it would fit the column (planning page 6).

The parse (every figure, name and check) is that of the ruled original for every
Shanghai sample, but for the narrative's paragraphs where a table's rows without figures
run into them (planning, social work, the template) and the wanli 2023 forms' notes.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from ingest.extract import extract_document
from ingest.formats.pdf_locations import parse_location
from ingest.pipeline import parse_bytes, parse_document

from ..samples import REPO_ROOT, sample_bytes
from .compare import FIXTURES_DIR, SECTIONS, differences, figures
from .test_pdf_rows import ROWS_DIR
from .unruled_twins import rewrite_paths, without_rules

SHANGHAI = sorted(
    [
        *(REPO_ROOT / "samples" / "disclosures").glob("sh-*.pdf"),
        *(REPO_ROOT / "samples" / "templates").glob("*.pdf"),
    ]
)
KEEPS = ("none", "horizontal")
BORDERLESS_LAST_LINE = 244  # 003_borderless.pdf holds 003's lines before this one
_AMOUNT = re.compile(r"-?\d[\d,]*\.\d+|-?\d{1,3}(?:,\d{3})+")
# The parse's sections whose every figure a twin must give (its narrative gathers
# paragraphs, into which rows without figures may run; see the module docstring).
FIGURE_SECTIONS = tuple(section for section in SECTIONS if section != "narrative")


def _rows(path: Path, keep: str) -> tuple[list[str], dict]:
    """A twin's rows as test_pdf_rows writes them, and its parse."""
    data = without_rules(path.read_bytes(), keep)
    raw = extract_document(data, path.name)
    rows = [
        f"p{parse_location(raw.locations[line.no]).page}\t" + "\t".join(line.cells)
        for line in raw.lines
    ]
    return rows, figures(parse_document(raw))


@pytest.fixture(scope="module")
def twins():
    """Each Shanghai sample's two twins read once for this module (two processes)."""
    jobs = [(path, keep) for path in SHANGHAI for keep in KEEPS]
    with ProcessPoolExecutor(max_workers=2) as pool:
        done = pool.map(_rows, *zip(*jobs, strict=True))
        return {(path.stem, keep): result for (path, keep), result in zip(jobs, done, strict=True)}


def reference(stem: str) -> list[str]:
    return (ROWS_DIR / f"{stem}.txt").read_text(encoding="utf-8").splitlines()


def equal_share(expected: list[str], actual: list[str]) -> float:
    """The share of ``expected`` rows found, in order, in ``actual``."""
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def amount_rows(rows: list[str]) -> list[str]:
    return [row for row in rows if any(_AMOUNT.fullmatch(c) for c in row.split("\t")[1:])]


@pytest.mark.parametrize("keep", KEEPS)
def test_the_twins_read_the_rows_of_their_ruled_originals(twins, keep):
    equal = total = 0
    for path in SHANGHAI:
        expected = reference(path.stem)
        share = equal_share(expected, twins[path.stem, keep][0])
        assert share > 0.75, path.stem
        equal += share * len(expected)
        total += len(expected)
    assert equal / total > 0.9


@pytest.mark.parametrize("keep", KEEPS)
def test_the_rows_with_amounts_are_read_as_ruled(twins, keep):
    """The rows a budget's figures are read from: 95 % of them come out whole."""
    found = total = 0
    for path in SHANGHAI:
        expected = amount_rows(reference(path.stem))
        actual = Counter(twins[path.stem, keep][0])
        total += len(expected)
        for row in expected:
            if actual[row]:
                actual[row] -= 1
                found += 1
    assert found / total > 0.95


@pytest.mark.parametrize("keep", KEEPS)
@pytest.mark.parametrize("path", SHANGHAI, ids=[path.stem for path in SHANGHAI])
def test_a_twin_gives_the_figures_of_its_ruled_original(twins, path, keep):
    ruled = figures(parse_bytes(path.read_bytes(), path.name))
    twin = twins[path.stem, keep][1]
    found = differences(
        {key: ruled.get(key) for section in FIGURE_SECTIONS for key in SECTIONS[section]},
        {key: twin.get(key) for section in FIGURE_SECTIONS for key in SECTIONS[section]},
    )
    # wanli 2023: the ruled forms' three unreadable notes (see the module docstring).
    assert [line for line in found if not line.startswith(".unreadable")] == []


def test_a_table_continued_without_its_header_keeps_its_columns(twins):
    """Office, pages 9-10: page 10 prints the rest of the 收入预算 table without its
    header, whose last three columns are empty on both pages."""
    expected = [row for row in reference("sh-putuo-office-2025-department") if row[:4] == "p10\t"]
    actual = twins["sh-putuo-office-2025-department", "none"][0]
    assert [row for row in actual if row[:4] == "p10\t"] == expected
    assert all(row.count("\t") == 9 for row in expected)


def test_the_chromium_fixture_twin_gives_its_tables_figures():
    """003.pdf without rules: every table's figures (its 绩效目标 forms aside, see the
    module docstring) are those of the ruled PDF."""
    path = FIXTURES_DIR / "003.pdf"
    ruled = figures(parse_bytes(path.read_bytes(), path.name))
    twin = figures(parse_bytes(without_rules(path.read_bytes()), path.name))
    for section in ("identity", "summary", "functional", "economic", "funds", "three_public"):
        keys = SECTIONS[section]
        assert differences({k: ruled.get(k) for k in keys}, {k: twin.get(k) for k in keys}) == []


# --- the borderless fixture, printed without rules from the sample's HTML ------------------


def test_the_borderless_fixture_gives_the_text_figures_in_full():
    """003_borderless.pdf (003's tables 1-6, printed by Chromium without ruling lines,
    headers aligned left, amounts right): every figure, name and check of the text."""
    lines = sample_bytes("003").decode().split("\n")[: BORDERLESS_LAST_LINE - 1]
    text = figures(parse_bytes("\n".join(lines).encode(), "003-tables.txt"))
    path = FIXTURES_DIR / "003_borderless.pdf"
    assert differences(text, figures(parse_bytes(path.read_bytes(), path.name))) == []


# --- the twins themselves ------------------------------------------------------------------


def test_a_twin_keeps_every_word_and_drops_the_rules():
    from ingest.formats.pdf import read_pages

    path = REPO_ROOT / "samples" / "disclosures" / "sh-putuo-office-2025-department.pdf"
    data = path.read_bytes()
    (ruled, _), (bare, _) = read_pages(data), read_pages(without_rules(data))
    assert [len(page.pieces) > 0 for page in ruled] == [len(page.pieces) > 0 for page in bare]
    assert not any(piece.ruled for page in bare for piece in page.pieces)
    assert any(piece.ruled for page in ruled for piece in page.pieces)


def test_paths_are_dropped_or_cut_to_their_horizontal_sides():
    content = b"q 0 0 100 20 re S 5 5 m 5 15 l S 0 0 600 800 re W n BT (a) Tj ET 0 0 50 0.5 re f Q"
    assert rewrite_paths(content).split() == b"q 0 0 600 800 re W n BT (a) Tj ET Q".split()
    horizontal = rewrite_paths(content, "horizontal")
    assert b"0 0 m 100 0 l\n0 20 m 100 20 l\nS" in horizontal
    assert b"5 5 m 5 15 l" not in horizontal
    assert b"0 0 50 0.5 re f" in horizontal
