"""Words with boxes (a text layer's glyphs, or an OCR engine's words) -> a page's pieces.

These tests feed words as an OCR engine would give them: whole words or phrases with a
confidence, and ruling lines found on the image, or none.
"""

from ingest.formats.ruled_tables import horizontal, vertical
from ingest.formats.word_positions import Word, page_text


def word(text, x0, top, *, size=10.0, confidence=None):
    width = size * len(text)
    return Word(text, x0, top, x0 + width, top + size, size, confidence)


def test_words_on_one_line_make_one_text_line():
    page = page_text(1, 600, 800, [word("预算", 100, 100), word("收支总表", 120, 101)])
    assert [piece.cells for piece in page.pieces] == [("预算收支总表",)]


def test_wide_gaps_split_a_line_into_cells():
    page = page_text(1, 600, 800, [word("合计", 50, 100), word("2,272.82", 300, 100)])
    assert page.pieces[0].cells == ("合计", "2,272.82")


def test_ruled_cells_take_the_words_inside_them_with_their_confidence():
    edges = [
        horizontal(90, 40, 400),
        horizontal(120, 40, 400),
        horizontal(150, 40, 400),
        *(vertical(x, 90, 150) for x in (40, 200, 400)),
    ]
    words = [
        word("项目", 50, 100, confidence=0.99),
        word("金额", 210, 100, confidence=0.97),
        word("合计", 50, 130, confidence=0.95),
        word("1.50", 210, 130, confidence=0.62),
    ]
    page = page_text(1, 600, 800, words, edges)
    assert [piece.cells for piece in page.pieces] == [("项目", "金额"), ("合计", "1.50")]
    assert page.pieces[1].confidence == (0.95, 0.62)
    assert page.pieces[1].ruled


def test_a_cell_wrapped_over_two_lines_is_joined():
    edges = [
        horizontal(90, 40, 400),
        horizontal(140, 40, 400),
        *(vertical(x, 90, 140) for x in (40, 200, 400)),
    ]
    words = [word("一般公共", 50, 95), word("服务支出", 50, 115), word("8.00", 210, 105)]
    page = page_text(1, 600, 800, words, edges)
    assert page.pieces[0].cells == ("一般公共服务支出", "8.00")


def test_a_page_without_words_has_no_pieces():
    assert page_text(3, 600, 800, [], [horizontal(10, 0, 100)]).pieces == []
