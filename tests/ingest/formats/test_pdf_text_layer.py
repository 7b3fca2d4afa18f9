"""One page of a PDF's text layer: glyphs and rules from pdfium, within the page's bounds."""

import time

import pypdfium2
import pytest

from ingest.errors import ExtractError
from ingest.formats.pdf_text_layer import TOO_MANY_CHARS, TOO_MANY_OBJECTS, Budget, read_page

from .compare import fixture_path
from .hostile import pdf_with_content, text_pdf


def budget(**overrides):
    values = {
        "max_chars": 50_000,
        "max_objects": 100_000,
        "deadline": time.monotonic() + 60,
        "time_limit_s": 60,
    }
    return Budget(**{**values, **overrides})


def read(data, index=0, **limits):
    document = pypdfium2.PdfDocument(data)
    try:
        return read_page(document.raw, index, budget(**limits))
    finally:
        document.close()


def test_glyphs_have_boxes_from_the_top_left():
    layer = read(text_pdf("Budget 2024"))
    text = "".join(word.text for word in layer.words)
    assert text in {"Budget2024", "Budget 2024"}
    first = layer.words[0]
    assert first.text == "B"
    assert first.x0 == pytest.approx(72, abs=0.1)
    # baseline at 720 from the bottom of an 842-point page: 122 from the top
    assert first.top < 122 < first.bottom
    assert first.size == pytest.approx(12)


def test_rules_of_a_ruled_table_are_read():
    layer = read(fixture_path("002", "pdf").read_bytes(), 2)
    assert any(edge.is_horizontal for edge in layer.edges)
    assert any(edge.is_vertical for edge in layer.edges)


def test_a_glyph_drawn_over_itself_is_one_glyph_per_line():
    """WPS's "fake bold" prints a run two or three times a fraction of a point apart."""
    run = b"BT /F1 12 Tf %s 720 Td (Budget) Tj ET "
    data = pdf_with_content([run % b"72", run % b"72.3", run % b"72.6"])
    from ingest.formats.word_positions import page_text

    layer = read(data)
    page = page_text(1, 595, 842, layer.words, layer.edges)
    assert [piece.cells for piece in page.pieces] == [("Budget",)]


def test_text_outside_the_page_is_not_read():
    data = pdf_with_content(
        [b"BT /F1 12 Tf 72 720 Td (shown) Tj ET BT /F1 12 Tf 72 900 Td (hidden) Tj ET"]
    )
    assert "".join(word.text for word in read(data).words) == "shown"


def test_text_clipped_away_is_not_read():
    data = pdf_with_content(
        [
            b"q 0 700 595 100 re W n BT /F1 12 Tf 72 720 Td (shown) Tj ET "
            b"BT /F1 12 Tf 72 600 Td (clipped) Tj ET Q"
        ]
    )
    assert "".join(word.text for word in read(data).words) == "shown"


def test_a_page_over_the_character_limit_names_page_and_limit():
    data = fixture_path("004", "pdf").read_bytes()
    with pytest.raises(ExtractError) as caught:
        read(data, 0, max_chars=100)
    assert str(caught.value) == TOO_MANY_CHARS.format(page=1, limit=100)


def test_a_page_over_the_object_limit_names_page_and_limit():
    data = fixture_path("004", "pdf").read_bytes()
    with pytest.raises(ExtractError) as caught:
        read(data, 0, max_objects=50)
    assert str(caught.value) == TOO_MANY_OBJECTS.format(page=1, limit=50)


def test_the_clock_is_read_inside_the_page():
    data = fixture_path("004", "pdf").read_bytes()
    with pytest.raises(ExtractError, match="longer than 60 s"):
        read(data, 0, deadline=time.monotonic() - 1)
