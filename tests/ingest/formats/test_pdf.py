"""PDF with a text layer: the samples printed by Chromium give the text's figures.

The fixtures are the five samples printed from HTML by headless Chromium with
fonts-noto-cjk (scripts/make_format_fixtures.py): ruled tables that break across
pages, cells and paragraphs that wrap, a running header and a page-number footer,
and fonts whose ToUnicode maps name Kangxi radicals. Extraction is the slow part
(pdfminer is pure Python), so the five are extracted once, two at a time.
"""

import io
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from budgets.models import Disclosure
from ingest.extract import ExtractError, extract_document
from ingest.formats.pdf import (
    DAMAGED,
    PAGE_TOO_LARGE,
    PASSWORD,
    SCANNED,
    extract_pdf,
    format_location,
    parse_location,
    render_pdf_page,
)
from ingest.pipeline import parse_document
from ingest.services import IngestError, disclosure_ingest

from ..samples import REPO_ROOT, SAMPLE_IDS, parsed, sample_bytes
from .compare import (
    FIXTURES_DIR,
    SECTIONS,
    counts,
    differences,
    figures,
    fixture_path,
    section_differences,
    text_figures,
)
from .hostile import flate_bomb, text_pdf

ENCRYPTED_PASSWORD = "budget2024"  # scripts/make_format_fixtures.py


def _extract(sample):
    path = fixture_path(sample, "pdf")
    return extract_document(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def documents():
    """Each sample's PDF extracted once for this module (two processes)."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip(SAMPLE_IDS, pool.map(_extract, SAMPLE_IDS), strict=True))


@pytest.fixture(scope="module")
def pdfs(documents):
    return {sample: parse_document(raw) for sample, raw in documents.items()}


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_pdf_gives_the_text_figures(pdfs, sample, section):
    assert section_differences(sample, pdfs[sample], section) == []


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_pdf_parse_equals_the_text_parse_in_full(pdfs, sample):
    """Every figure, name, check and count, not only the sections listed above."""
    assert differences(text_figures(sample), figures(pdfs[sample])) == []
    assert counts(pdfs[sample]) == counts(parsed(sample))


def test_pdf_figures_of_002_read_by_hand(pdfs):
    result = pdfs["002"]
    assert result["source"]["format"] == "pdf"
    assert result["entity"] == "山阴县商务局"
    assert str(result["summary"]["income_total"]) == "2272.82"
    assert str(result["three_public"]["total"]) == "1.50"
    assert len(result["performance_targets"]) == len(parsed("002")["performance_targets"])


def test_every_line_records_its_page_and_box(documents):
    raw = documents["002"]
    assert set(raw.locations) == {line.no for line in raw.lines}
    pages = [parse_location(raw.locations[line.no]).page for line in raw.lines]
    assert pages == sorted(pages)
    assert pages[0] == 1 and pages[-1] > 40
    title = next(line for line in raw.lines if line.cells == ("2025年预算收支总表",))
    total = next(line for line in raw.lines if line.no > title.no and line.cells[0] == "收入总计")
    location = parse_location(raw.locations[total.no])
    assert parse_location(raw.locations[title.no]).page == 3
    assert location.page == 4  # 表1 runs over onto page 4, as printed
    assert len(location.cells) == len(total.cells)
    x0, top, x1, bottom = location.cell_box(1)
    assert 0 < x0 < x1 < 842 and 0 < top < bottom < 596


def test_figures_cite_lines_on_their_page(pdfs, documents):
    """A figure's source line leads to the page that prints it (002: 表1 on pages 3-4)."""
    locations = documents["002"].locations
    sources = pdfs["002"]["summary"]["source_lines"]
    assert parse_location(locations[sources["general_public_budget"][0]]).page == 3
    assert parse_location(locations[sources["income_total"][0]]).page == 4


def test_running_header_and_page_numbers_are_dropped(documents):
    raw = documents["002"]
    assert "预算公开\n" not in raw.text.replace("2025年度部门预算公开\n", "")
    assert not re.search(r"第 ?\d+ ?页 ?共", raw.text)
    assert any("页眉" in note for note in raw.notes)


def test_wrapped_cells_and_paragraphs_are_joined(documents):
    raw = documents["002"]
    text_cells = {cell for line in parsed_lines("002") for cell in line}
    plan = next(
        line for line in raw.lines if line.cells[0] == "项目实施计划" and len(line.text) > 500
    )
    assert max(plan.cells, key=len) in text_cells
    paragraph = next(line for line in raw.lines if line.text.startswith("(三)研究拟订全县规范流通"))
    assert paragraph.cells[0] in text_cells  # three printed lines, one line of text


def parsed_lines(sample):
    return [line.cells for line in extract_document(sample_bytes(sample), "t.txt").lines]


def test_extracted_text_decodes_back_to_the_same_lines(documents):
    raw = documents["004"]
    assert extract_document(raw.text.encode(), "again.txt").lines == raw.lines


def test_table_rows_cut_by_a_page_break_are_one_row(documents):
    """001 prints a form row taller than a page: its parts on two pages make one line."""
    raw = documents["001"]
    text_rows = [cells for cells in parsed_lines("001") if cells and cells[0] == "# 100"]
    rows = [line for line in raw.lines if line.cells[0] == "# 100"]
    assert len(rows) == 1 == len(text_rows)
    location = parse_location(raw.locations[rows[0].no])
    assert rows[0].cells[:3] == text_rows[0][:3]  # the long third cell runs over 2 pages
    assert location.page > 1


# --- what is not a readable PDF -----------------------------------------------------------


def test_scan_without_text_layer_says_ocr_is_off_when_it_is():
    """With OCR on (the default) a scan is read (tests/ingest/formats/test_ocr.py)."""
    with pytest.raises(ExtractError) as caught:
        extract_pdf((FIXTURES_DIR / "scan.pdf").read_bytes(), "scan.pdf", ocr=False)
    assert str(caught.value) == SCANNED
    assert "OCR" in SCANNED and "scan" in SCANNED


def test_password_protected_pdf_is_named():
    data = (FIXTURES_DIR / "encrypted.pdf").read_bytes()
    with pytest.raises(ExtractError) as caught:
        extract_document(data, "locked.pdf")
    assert str(caught.value) == PASSWORD
    opened = extract_pdf(data, "locked.pdf", password=ENCRYPTED_PASSWORD)
    assert opened.lines[0].cells == ("2024 budget",)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 20,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    ],
    ids=["garbage", "no-pages"],
)
def test_damaged_pdf_gets_a_clear_error(data):
    with pytest.raises(ExtractError) as caught:
        extract_document(data, "bad.pdf")
    assert str(caught.value) == DAMAGED


def test_truncated_pdf_gets_a_clear_error():
    data = fixture_path("004", "pdf").read_bytes()
    with pytest.raises(ExtractError) as caught:
        extract_document(data[: len(data) // 3], "cut.pdf")
    assert "PDF" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_limits_on_size_pages_and_time():
    data = (FIXTURES_DIR / "scan.pdf").read_bytes()
    with pytest.raises(ExtractError, match="limit is 0 MB"):
        extract_pdf(data, "big.pdf", max_bytes=1000)
    data = fixture_path("004", "pdf").read_bytes()
    with pytest.raises(ExtractError, match="pages; the limit is 3"):
        extract_pdf(data, "long.pdf", max_pages=3)
    with pytest.raises(ExtractError, match="longer than"):
        extract_pdf(data, "slow.pdf", time_limit_s=-1)


# --- provenance helpers -------------------------------------------------------------------


def test_location_round_trip():
    text = format_location(3, (40.1, 114.4, 802.9, 130.2), [(40.1, 114.4, 90.0, 130.2), None])
    assert text == "p3 40.1,114.4,802.9,130.2 | 40.1,114.4,90.0,130.2;-"
    location = parse_location(text)
    assert location.page == 3
    assert location.cell_box(0) == (40.1, 114.4, 90.0, 130.2)
    assert location.cell_box(1) == location.box  # a merged cell: the row's box
    assert parse_location("Sheet!A1") is None


def test_render_page_with_the_cell_highlighted():
    data = fixture_path("004", "pdf").read_bytes()
    box = (100.0, 100.0, 300.0, 140.0)
    plain = Image.open(io.BytesIO(render_pdf_page(data, 1, None, scale=1.0)))
    marked = Image.open(io.BytesIO(render_pdf_page(data, 1, box, scale=1.0)))
    assert plain.format == marked.format == "PNG"
    assert plain.size == marked.size
    assert abs(plain.size[0] - 842) <= 1 and abs(plain.size[1] - 596) <= 1  # A4 landscape
    assert plain.convert("RGB").getpixel((200, 120)) != marked.convert("RGB").getpixel((200, 120))
    with pytest.raises(ValueError, match="not page 99"):
        render_pdf_page(data, 99, None)


# --- hostile files (issue 15) ---------------------------------------------------------------


def test_a_giant_page_is_refused_with_its_size():
    data = text_pdf(width=14_400, height=14_400)
    with pytest.raises(ExtractError) as caught:
        extract_document(data, "huge.pdf")
    assert str(caught.value) == PAGE_TOO_LARGE.format(
        page=1, width=14_400, height=14_400, limit=5000
    )


def test_page_limits_come_from_settings(settings):
    settings.PDF_MAX_PAGE_CHARS = 100
    data = fixture_path("004", "pdf").read_bytes()
    with pytest.raises(ExtractError, match="第 1 页的文字超过 100 个字符的上限"):
        extract_document(data, "dense.pdf")


_PEAK = """
import resource, sys
sys.path.insert(0, {root!r})
from tests.ingest.formats import hostile
from ingest.errors import ExtractError
from ingest.extract import extract_document
data = getattr(hostile, {builder!r})({argument})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    extract_document(data, "hostile.pdf")
    print("read")
except ExtractError as exc:
    print(str(exc))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize(
    ("builder", "argument", "message"),
    [
        ("flate_bomb", 400, "解压后超过 64 MB 的上限"),
        ("text_operator_flood", 2_000_000, "超过 100000 个的上限"),
    ],
)
def test_bombs_and_floods_end_in_a_message_within_memory(builder, argument, message):
    """Each once took minutes and gigabytes; now a message, and memory stays small."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _PEAK.format(root=str(REPO_ROOT), builder=builder, argument=argument),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "", "PYTHONPATH": str(REPO_ROOT)},
    )
    said, grown_mb = done.stdout.strip().splitlines()
    assert message in said and "\n" not in said
    assert int(grown_mb) < 150


@pytest.mark.django_db
def test_a_hostile_pdf_changes_nothing(settings):
    """Refused through the ingest service: no disclosure, no file kept, one plain message."""
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*"))
    disclosures_before = Disclosure.objects.count()
    with pytest.raises(IngestError) as caught:
        disclosure_ingest(data=flate_bomb(100), filename="bomb.pdf")
    assert "64 MB" in str(caught.value)
    assert Disclosure.objects.count() == disclosures_before
    assert sorted(media.rglob("*")) == files_before


def test_mutated_pdfs_end_in_a_message_or_a_reading():
    """Fixed-seed damage (flipped bytes, cut tails) never escapes as another exception."""
    rng = random.Random(15)
    original = fixture_path("004", "pdf").read_bytes()
    for _ in range(12):
        data = bytearray(original[: rng.randrange(len(original) // 2, len(original))])
        for _ in range(rng.randrange(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            extract_document(bytes(data), "mutated.pdf")
        except ExtractError as exc:
            assert str(exc) and "\n" not in str(exc)
