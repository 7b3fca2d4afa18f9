"""A page image's skew and ruling lines (ingest.formats.image_grid): no OCR involved."""

import pytest

from ingest.formats.image_grid import find_rules, skew_angle
from ingest.formats.word_positions import page_tables

from ..samples import REPO_ROOT
from .scans import SCAN_DPI, degrade, page_images

OFFICE = REPO_ROOT / "samples" / "disclosures" / "sh-putuo-office-2025-department.pdf"
POINTS_PER_PIXEL = 72 / SCAN_DPI


@pytest.fixture(scope="module")
def table_page():
    """Page 11 of the office's 2025 budget: the 支出总表, a ruled table of 7 columns."""
    return page_images(OFFICE.read_bytes(), [11])[0]


@pytest.mark.parametrize("degrees", [-3.0, -0.8, 0.0, 1.2, 4.5])
def test_skew_is_measured_within_a_tenth_of_a_degree(table_page, degrees):
    turned = degrade(table_page, degrees=degrees, blur=0.7, noise=6.0)
    # OpenCV turns counter-clockwise by a positive angle: undoing it takes the negative.
    assert skew_angle(turned) == pytest.approx(-degrees, abs=0.1)


def test_blank_page_has_no_skew():
    import numpy as np

    assert skew_angle(np.full((400, 300), 255, dtype=np.uint8)) == 0.0


def test_rules_of_a_scanned_table_give_its_grid(table_page):
    noisy = degrade(table_page, blur=0.7, noise=6.0)
    edges, cleaned = find_rules(noisy, POINTS_PER_PIXEL)
    tables = page_tables(edges, noisy.shape[1] * POINTS_PER_PIXEL)
    assert len(tables) == 1
    rows = tables[0].rows
    # 项目 / 支出预算, the code and name headers, 类款项, and 12 coded rows with 合计.
    assert len(rows) >= 14
    assert max(len(row.cells) for row in rows) == 7
    # The rules are painted out of the image OCR reads (none is found again); the text,
    # about a fifth of the ink on this page, stays.
    assert find_rules(cleaned, POINTS_PER_PIXEL)[0] == []
    assert (cleaned < 128).sum() > 0.15 * (noisy < 128).sum()


def test_strokes_of_large_characters_are_not_rules():
    """A page of text only: no stroke meets another rule, so no edge is found."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (900, 300), 255)
    draw = ImageDraw.Draw(image)
    font_path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    try:
        font = ImageFont.truetype(font_path, 48)
    except OSError:
        pytest.skip("fonts-noto-cjk is not installed")
    draw.text((20, 100), "一二三十中国预算收支总表", font=font, fill=0)
    edges, _ = find_rules(np.array(image), POINTS_PER_PIXEL)
    assert edges == []
