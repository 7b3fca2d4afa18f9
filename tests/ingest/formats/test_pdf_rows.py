"""Every PDF the project holds reads into the rows it read before the text layer moved to pdfium.

tests/fixtures/formats/pdf_rows/<name>.txt holds, for each PDF fixture and each Shanghai
sample, one line per extracted row: its page and its cells, tab-separated. They were
written by the pdfplumber reader; the pdfium reader gives the same rows and cells, except
for these deliberate changes, which the files record:

- sh-putuo-commerce-2025-unit.pdf: WPS printed the text frame of pages 3-4 whole on both
  pages, each clipped to the part it shows; the text hidden by the clip is no longer
  read, so the 职能 paragraphs appear once, and item 9 runs on from page 3 onto page 4.
- 000.pdf and 001.pdf: seven lines of the samples' OCR noise (no figure in them): glyphs
  that no ToUnicode entry names read as pdfium maps them ("कें ग्" on 000's page 40,
  where pdfminer wrote "(cid:0)"), a right-to-left run in another order (000, page 62),
  and spaces inside noise where the glyphs' gaps sit at the word-gap threshold.
"""

from pathlib import Path

import pytest

from ingest.extract import extract_document
from ingest.formats.pdf_locations import parse_location
from tests.conftest import REPO_ROOT

ROWS_DIR = REPO_ROOT / "tests" / "fixtures" / "formats" / "pdf_rows"
PDFS = sorted(
    [
        *(REPO_ROOT / "tests" / "fixtures" / "formats").glob("00*.pdf"),
        *(REPO_ROOT / "samples" / "disclosures").glob("*.pdf"),
        *(REPO_ROOT / "samples" / "templates").glob("*.pdf"),
    ]
)


def rows_text(path: Path) -> list[str]:
    raw = extract_document(path.read_bytes(), path.name)
    return [
        f"p{parse_location(raw.locations[line.no]).page}\t" + "\t".join(line.cells)
        for line in raw.lines
    ]


@pytest.mark.parametrize("path", PDFS, ids=[path.stem for path in PDFS])
def test_rows_and_cells_are_those_recorded(path):
    expected = (ROWS_DIR / f"{path.stem}.txt").read_text(encoding="utf-8").splitlines()
    assert rows_text(path) == expected


def test_text_hidden_by_a_clip_is_not_read():
    """The commerce unit's 职能 text frame, printed whole on pages 3 and 4 and clipped."""
    rows = rows_text(REPO_ROOT / "samples" / "disclosures" / "sh-putuo-commerce-2025-unit.pdf")
    text = "\n".join(rows)
    assert text.count("主要职能包括") == 1
    assert text.count("13、完成区委、区政府交办的其他任务") == 1
    item_9 = next(row for row in rows if "9、组织协调本区商品交易市场规划" in row)
    assert item_9.startswith("p3\t") and "市场供应应急机制" in item_9
