"""Scanned PDFs read by OCR give the figures the text layer gives (ingest.formats.ocr).

The scans are built here from the Shanghai office's 2025 budget (a PDF with a text layer):
its pages drawn at 150 dpi, turned by 1.2° and -0.8°, blurred, speckled and stored as JPEG
(tests/ingest/formats/scans.py). The text layer of the same pages is the expected reading.
OCR is slow (seconds a page on a shared core), so these tests read five pages in all.
"""

from decimal import Decimal
from itertools import pairwise

import pytest

from ingest.extract import extract_document
from ingest.formats.ocr import phrase_words
from ingest.formats.pdf import SCAN_UNREADABLE, SCANNED, extract_pdf
from ingest.formats.pdf_locations import parse_location
from ingest.pipeline import parse_document

from ..samples import REPO_ROOT
from .scans import (
    degrade,
    figure_agreement,
    figures_of,
    images_pdf,
    page_images,
    scanned,
    smudged_scan,
    text_pages,
)

OFFICE = REPO_ROOT / "samples" / "disclosures" / "sh-putuo-office-2025-department.pdf"
# 财务收支预算总表 (page 8) and 支出预算总表 (pages 11 and 12): ruled tables in 元.
TABLE_PAGES = (8, 11, 12)


@pytest.fixture(scope="module")
def office() -> bytes:
    return OFFICE.read_bytes()


@pytest.fixture(scope="module")
def text_parse(office):
    return parse_document(extract_document(text_pages(office, TABLE_PAGES), "text.pdf"))


@pytest.fixture(scope="module")
def scan_raw(office):
    data = scanned(office, TABLE_PAGES, degrees=(1.2, -0.8, 0.4))
    pages = []
    raw = extract_document(data, "scan.pdf", on_page=lambda *args: pages.append(args))
    return raw, pages


# --- phrases -> words (no OCR) -----------------------------------------------------------


def _pieces(text, x0=0.0, width=10.0, score=0.99):
    return [
        (
            char,
            score,
            [
                [x0 + i * width, 0],
                [x0 + (i + 1) * width, 0],
                [x0 + (i + 1) * width, 20],
                [x0 + i * width, 20],
            ],
        )
        for i, char in enumerate(text)
    ]


def test_stray_space_in_a_number_is_dropped_but_a_space_between_numbers_kept():
    words = phrase_words(_pieces("66, 410. 00 12.50"))
    assert [word.text for word in words] == ["66,410.00", "12.50"]


def test_phrase_is_cut_at_a_vertical_rule_and_keeps_its_lowest_score():
    pieces = _pieces("91.35一、支出")
    pieces[1] = (pieces[1][0], 0.42, pieces[1][2])
    words = phrase_words(pieces, points_per_pixel=0.5, cuts=[52.0])
    assert [word.text for word in words] == ["91.35", "一、支出"]
    assert words[0].confidence == 0.42
    assert words[1].x0 == pytest.approx(25.0)  # pixels 50.. at half a point each


def test_two_amounts_read_as_one_run_of_digits_are_cut_at_the_rule_between_them():
    """OCR gives touching amounts of two columns as one piece of 26 characters."""
    from ingest.formats.ocr import _phrase_pieces

    box = [[0, 0], [260, 0], [260, 20], [0, 20]]
    text = "82,096,797.4282,096,797.42"
    words = phrase_words(_phrase_pieces(text, 0.99, box, [(text, 0.99, box)]), cuts=[130.5])
    assert [word.text for word in words] == ["82,096,797.42", "82,096,797.42"]
    assert words[0].x1 == words[1].x0 == 130.0  # the boxes meet at the rule


def test_a_rule_falling_a_character_off_between_touching_amounts_is_moved_to_make_two():
    """The rule's place among characters whose boxes are shared out evenly can be off by
    one: "3,807,295.5" and "83,807,295.58" are no amounts of one table, the cut one
    character further gives two."""
    from ingest.formats.ocr import _phrase_pieces

    box = [[0, 0], [240, 0], [240, 20], [0, 20]]
    text = "3,807,295.583,807,295.58"
    words = phrase_words(
        _phrase_pieces(text, 0.99, box, [(text, 0.99, box)]), cuts=[112.0]
    )  # between "5" and "8"
    assert [word.text for word in words] == ["3,807,295.58", "3,807,295.58"]
    # Amounts and words a rule parts well are left as they are.
    words = phrase_words(_pieces("91.35一、支出"), cuts=[52.0])
    assert [word.text for word in words] == ["91.35", "一、支出"]
    words = phrase_words(_pieces("120.0045.50"), cuts=[62.0])
    assert [word.text for word in words] == ["120.00", "45.50"]


# --- scans give the text layer's figures ------------------------------------------------------


def test_every_page_reports_progress_and_is_read_by_ocr(scan_raw):
    raw, pages = scan_raw
    assert pages == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert raw.notes[0].startswith("第 1–3 页有扫描图片,已用文字识别(OCR)读取")
    assert raw.confidence  # every line OCR read keeps its cells' confidence
    assert all(
        len(raw.confidence[n]) == len(line.cells)
        for n, line in ((line.no, line) for line in raw.lines)
        if n in raw.confidence
    )


def test_scanned_tables_give_the_text_layers_figures(text_parse, scan_raw):
    """All figures the text layer gives of the three pages (the summary's totals and
    sources, the 类 rows of 支出总表 with their 基本/项目 split, the tables' totals: 21):
    the scan turned by 1.2°, -0.8° and 0.4°, blurred, speckled and JPEG-compressed gives
    every one of them."""
    raw, _ = scan_raw
    parse = parse_document(raw)
    agreed, total, differ = figure_agreement(text_parse, parse)
    assert total >= 20
    assert differ == []
    assert agreed == total
    assert parse["summary"]["income_total"] == Decimal("91016775.35")
    assert [row["code"] for row in parse["functional_expenditure"]] == [
        row["code"] for row in text_parse["functional_expenditure"]
    ]
    assert parse["entity"] == text_parse["entity"] == "上海市普陀区人民政府办公室"


def test_scanned_rows_cite_their_place_on_the_page(text_parse, scan_raw):
    """A row's box is mapped back onto the turned page: within a few points of where the
    text layer puts the same row (the scan is turned about the page's centre)."""
    raw, _ = scan_raw
    text_raw = extract_document(text_pages(OFFICE.read_bytes(), TABLE_PAGES), "text.pdf")

    def box_of(document, words):
        for line in document.lines:
            if line.cells[0] == words:
                return parse_location(document.locations[line.no])
        raise AssertionError(words)

    scan_box, text_box = box_of(raw, "收入总计"), box_of(text_raw, "收入总计")
    assert scan_box.page == text_box.page == 1
    centre = lambda box: ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)  # noqa: E731
    (sx, sy), (tx, ty) = centre(scan_box.box), centre(text_box.box)
    assert abs(sx - tx) < 6 and abs(sy - ty) < 6


# --- low confidence ----------------------------------------------------------------------------


def test_a_smudged_figure_is_listed_as_possibly_misread(office):
    data, smudge = smudged_scan(office)
    parse = parse_document(extract_document(data, "smudged.pdf"))
    marks = parse["low_confidence"]
    assert marks

    def overlaps(box):
        return (
            box[0] < smudge[2] and smudge[0] < box[2] and box[1] < smudge[3] and smudge[1] < box[3]
        )

    # The smudged amount cannot be read: its cell, and the checks of 收入总计 that fail,
    # are marked on page 2, where the reviewer sees the smudge beside them.
    flagged = [mark for mark in marks if mark["page"] == 2 and overlaps(mark["box"])]
    assert flagged, marks
    # The cell itself: read as something OCR is unsure of ("鲜", 35 %), or ink it could
    # not read at all (empty, 0) ...
    assert any(mark["reason"] == "low_confidence" and mark["confidence"] < 0.8 for mark in flagged)
    # ... and the checks that fail for want of it, in one mark around its row.
    failed = [mark for mark in flagged if mark["reason"] == "check_failed"]
    assert any(check.startswith("summary:") for mark in failed for check in mark["checks"])
    # Cells read with confidence elsewhere are not listed; those listed are doubtful.
    low = [m for m in marks if m["reason"] == "low_confidence"]
    assert len(low) <= 4
    assert all(m["confidence"] < 0.8 for m in low)


# --- mixed pages, refusals ----------------------------------------------------------------------


def _mixed_page(office) -> bytes:
    """Page 4 of the sample (text: 机构设置) with a scan of page 8's table pasted below."""
    import io

    import pypdfium2
    from PIL import Image

    table = degrade(page_images(office, [8])[0], degrees=0.5, blur=0.6, noise=5.0)
    height = table.shape[0]
    crop = Image.fromarray(table[int(height * 0.12) : int(height * 0.92), :])
    jpeg = io.BytesIO()
    crop.save(jpeg, format="JPEG", quality=70)
    document = pypdfium2.PdfDocument(text_pages(office, (4,)))
    page = document[0]
    image = pypdfium2.PdfImage.new(document)
    image.load_jpeg(io.BytesIO(jpeg.getvalue()))
    page_width = page.get_size()[0]
    shown_width = page_width * 0.75
    shown_height = shown_width * crop.height / crop.width
    image.set_matrix(
        pypdfium2.PdfMatrix().scale(shown_width, shown_height).translate(page_width * 0.12, 30)
    )
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    page.close()
    document.close()
    return out.getvalue()


def test_a_scanned_table_pasted_into_a_text_page_is_read_beside_its_text(office):
    raw = extract_document(_mixed_page(office), "mixed.pdf")
    texts = [" ".join(line.cells) for line in raw.lines]
    # The text layer's own lines, as without the picture...
    assert any("机构设置" in text for text in texts)
    assert not any(raw.confidence.get(line.no) for line in raw.lines if "机构设置" in line.text)
    # ... and the table's rows from the picture, with their confidence.
    row = next(line for line in raw.lines if line.cells[0] == "收入总计")
    assert row.cells[1] == "91,016,775.35"
    assert raw.confidence[row.no]
    assert raw.notes[0].startswith("第 1 页有扫描图片")


def test_ocr_off_refuses_a_scan_with_its_message(office):
    data = images_pdf([degrade(page_images(office, [8])[0], degrees=1.0)])
    with pytest.raises(Exception) as caught:
        extract_pdf(data, "scan.pdf", ocr=False)
    assert str(caught.value) == SCANNED


def test_a_blank_scan_says_ocr_found_nothing():
    import numpy as np

    blank = degrade(np.full((1240, 1754), 250, dtype=np.uint8), noise=4.0)
    with pytest.raises(Exception) as caught:
        extract_pdf(images_pdf([blank]), "blank.pdf")
    assert str(caught.value) == SCAN_UNREADABLE


def test_figures_of_keys_rows_by_code():
    parse = {"functional_expenditure": [{"code": "201", "total": Decimal("1.00"), "lines": [3]}]}
    assert figures_of(parse) == {"functional_expenditure/code=201/total": Decimal("1.00")}


def test_a_table_scanned_sideways_is_turned_upright(office):
    """Page 8 scanned lying on its side (turned a quarter clockwise): its phrases stand
    upright, so the page is read turned back, and gives the text layer's summary."""
    import numpy as np

    image = np.ascontiguousarray(np.rot90(page_images(office, [8])[0], -1))
    data = images_pdf([degrade(image, degrees=0.7, blur=0.6, noise=5.0)])
    parse_raw = extract_document(data, "sideways.pdf")
    rows = {line.cells[0]: line.cells for line in parse_raw.lines if len(line.cells) == 4}
    assert rows["收入总计"] == ("收入总计", "91,016,775.35", "支出总计", "91,016,775.35")
    assert rows["一、财政拨款收入"][1] == "91,016,775.35"
    # Its boxes lie on the page as drawn: taller than wide, as the page is.
    location = parse_location(parse_raw.locations[parse_raw.lines[-1].no])
    assert location.box[3] <= 842.0 and location.box[2] <= 596.0


def test_an_empty_table_cell_with_ink_in_it_is_noted_as_unread():
    import numpy as np

    from ingest.formats.ocr import _unread_cells
    from ingest.formats.word_positions import PageText, Piece

    boxes = ((0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 150.0, 20.0), (150.0, 0.0, 250.0, 20.0))
    row = Piece(1, 0.0, 20.0, 0.0, 250.0, ("201", "", ""), boxes, table=0)
    image = np.full((60, 600), 255, dtype=np.uint8)
    image[15:30, 130:170] = 40  # a blot in the middle cell (points × 2 = pixels)
    page = PageText(1, 300.0, 30.0, [row])
    assert _unread_cells(page, image, 0.5, (0.0, 0.0)) == [boxes[1]]


def _strips_pdf(image, strips: int) -> bytes:
    """A PDF page made of ``strips`` JPEG pictures stacked (as some scanners store a page)."""
    import io

    import pypdfium2
    from PIL import Image

    height, width = image.shape
    document = pypdfium2.PdfDocument.new()
    page_width, page_height = width * 72 / 150, height * 72 / 150
    page = document.new_page(page_width, page_height)
    bounds = [round(height * i / strips) for i in range(strips + 1)]
    for upper, lower in pairwise(bounds):
        jpeg = io.BytesIO()
        Image.fromarray(image[upper:lower]).save(jpeg, format="JPEG", quality=70)
        picture = pypdfium2.PdfImage.new(document)
        picture.load_jpeg(io.BytesIO(jpeg.getvalue()))
        shown = (lower - upper) * 72 / 150
        picture.set_matrix(
            pypdfium2.PdfMatrix()
            .scale(page_width, shown)
            .translate(0, page_height - lower * 72 / 150)
        )
        page.insert_obj(picture)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_page_scanned_in_strips_is_read_whole(office):
    """The cover stored as five strips of 20 % each (each under the share a pasted picture
    needs): the page has no text layer, so it is read whole."""
    cover = degrade(page_images(office, [1])[0], degrees=0.4, blur=0.5, noise=4.0)
    raw = extract_document(_strips_pdf(cover, 5), "strips.pdf")
    text = " ".join(line.text for line in raw.lines)
    assert "上海市普陀区人民政府办公室" in text
    assert "2025" in text
    assert raw.notes[0].startswith("第 1 页有扫描图片")
