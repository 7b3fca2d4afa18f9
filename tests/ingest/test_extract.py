"""Decoding files and splitting their lines into cells, in every supported layout."""

import pytest

from fuzz.hostile import spans_html
from ingest.extract import ExtractError, extract_document
from ingest.limits import BudgetExceeded

from .samples import sample_bytes


def cells(data: bytes) -> list[tuple[int, tuple[str, ...]]]:
    return [(line.no, line.cells) for line in extract_document(data, "t.txt").lines]


def test_tab_separated_rows_keep_empty_cells_and_line_numbers():
    data = "标题\n\n201\t一般公共服务支出\t1990. 83\t\t1286. 46\n".encode()
    assert cells(data) == [
        (1, ("标题",)),
        (3, ("201", "一般公共服务支出", "1990. 83", "", "1286. 46")),
    ]


def test_pipe_rows_keep_leading_empty_cells():
    """Only one outer pipe is dropped on each side, so "| | x |" keeps its empty first cell."""
    data = "| 项目 | 金额 |\n| --- | --- |\n|  | 1.00 |\n|||c|\n".encode()
    assert cells(data) == [(1, ("项目", "金额")), (3, ("", "1.00")), (4, ("", "", "c"))]


def test_pipe_rows_without_outer_pipes_split_like_tabs():
    """A ``---|---`` line marks ``a | b`` rows as a table; a leading empty cell survives."""
    data = "项目 | 金额 | 备注\n---|---|---\n | 1.00 | \n合计 | 2.00 | x\n".encode()
    assert cells(data) == [
        (1, ("项目", "金额", "备注")),
        (3, ("", "1.00", "")),
        (4, ("合计", "2.00", "x")),
    ]


def test_space_aligned_lines_inside_a_table_split_like_their_tab_neighbours():
    """Runs of spaces separate cells next to tab rows; a double-width run is an empty cell.

    Prose away from the table keeps its spaces as text.
    """
    data = (
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "2011301   行政运行   435. 85   435. 85\n"
        "2011302   一般行政管理事务   82. 41      82. 41\n"
        "   合计   2373. 00\n"
        "\n"
        "注:本表金额单位为万元\n"
        "正文  两个空格的一句话。\n"
    ).encode()
    assert cells(data) == [
        (1, ("科目编码", "科目名称", "合计", "基本支出", "项目支出")),
        (2, ("2011301", "行政运行", "435. 85", "435. 85")),
        (3, ("2011302", "一般行政管理事务", "82. 41", "", "82. 41")),
        (4, ("", "合计", "2373. 00")),
        (6, ("注:本表金额单位为万元",)),
        (7, ("正文 两个空格的一句话。",)),
    ]


def test_space_aligned_table_on_its_own_is_read_as_rows():
    """Without any tab row, a spaced line of three or more cells with an amount is a row."""
    data = "单位名称   2025预算数\n部门合计   9.09   9.09\n山阴县商务局   9.09   9.09\n".encode()
    assert cells(data) == [
        (1, ("单位名称", "2025预算数")),
        (2, ("部门合计", "9.09", "9.09")),
        (3, ("山阴县商务局", "9.09", "9.09")),
    ]


def test_html_table_rows_cite_their_source_lines():
    data = (
        "说明\n<table><tr><td>合计</td><td colspan=2>2373.00</td></tr>\n"
        "<tr><td>a&amp;b</td></tr></table>\n"
    )
    lines = extract_document(data.encode(), "t.html").lines
    assert [(line.no, line.cells) for line in lines] == [
        (1, ("说明",)),
        (2, ("合计", "2373.00", "")),
        (3, ("a&b",)),
    ]
    assert extract_document(data.encode(), "t.html").layout == "html"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("预算收支总表\r\n合计\t1.00\r\n".encode("gb18030"), "gb18030"),
        (b"\xef\xbb\xbf" + "预算收支总表\n合计\t1.00\n".encode(), "utf-8-sig"),
        ("预算收支总表\n合计\t1.00\n".encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_rows(data, encoding):
    document = extract_document(data, "t.txt")
    assert document.encoding == encoding
    assert [line.cells for line in document.lines] == [("预算收支总表",), ("合计", "1.00")]


def test_sample_in_gb18030_with_crlf_decodes_like_utf8():
    text = sample_bytes("002").decode()
    original = extract_document(sample_bytes("002"), "a.txt")
    converted = extract_document(text.replace("\n", "\r\n").encode("gb18030"), "a.txt")
    assert converted.lines == original.lines


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"%PDF-1.7\n...", ""),  # a broken PDF: some one-line reason
        (b"PK\x03\x04rest", ""),
        (bytes(range(256)) * 4, "binary"),
        (b"\x00\x01\x02\x03text", "binary"),
    ],
)
def test_bad_files_raise_a_one_line_error(data, message):
    with pytest.raises(ExtractError) as caught:
        extract_document(data, "bad.bin")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_html_rowspan_keeps_the_columns_below_in_place():
    data = (
        "<table><tr><td rowspan=2>项目</td><td colspan=2>2024年预算数</td></tr>\n"
        "<tr><td>基本支出</td><td>项目支出</td></tr>\n"
        "<tr><td>合计</td><td>1.00</td><td>2.00</td></tr></table>\n"
    )
    assert cells(data.encode()) == [
        (1, ("项目", "2024年预算数", "")),
        (2, ("", "基本支出", "项目支出")),
        (3, ("合计", "1.00", "2.00")),
    ]


def test_html_caption_and_headings_become_title_lines():
    data = (
        "<h2>2024年预算支出总表</h2>\n"
        "<table><caption>2024年预算收入总表</caption><tr><td>合计</td><td>1.00</td></tr></table>\n"
    )
    assert cells(data.encode()) == [
        (1, ("2024年预算支出总表",)),
        (2, ("2024年预算收入总表",)),
        (2, ("合计", "1.00")),
    ]


# --- hostile input (issue 15) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "标题\n".encode("utf-16") + b"\x00",  # an odd length: a truncated file
        "标题\n".encode("utf-16") + b"\x00\xd8",  # a lone surrogate at the end
        b"\xff\xfe" + "合计\t1\n".encode("utf-16-le") + b"\x00\xdc\x41\x00",
    ],
)
def test_damaged_utf16_is_read_with_replacement_characters(data):
    """UTF-16 with an odd length or a lone surrogate no longer raises UnicodeDecodeError."""
    document = extract_document(data, "t.txt")

    assert document.encoding == "utf-16"
    assert document.lines[0].cells[0] == "标题" or document.lines[0].cells[0] == "合计"


def test_a_span_attribute_of_unicode_digits_counts_as_one_column():
    """ "²" passes str.isdigit but is no number for int()."""
    data = '<table><tr><td colspan="²">a</td><td rowspan="١٢">b</td></tr></table>'.encode()

    assert cells(data) == [(1, ("a", "b"))]


def test_rowspans_fill_the_rows_below(settings):
    """6,000 cells spanning 10 columns and 2 rows (issue 15: 218 KB of spanning cells took
    20 s; the time per cell is now constant, see bench/linearity.py)."""
    lines = extract_document(spans_html(6000, colspan=10, rowspan=2), "spans.html").lines

    table = [line for line in lines if len(line.cells) > 1]
    assert len(table) == 600
    assert [len(line.cells) for line in table[:3]] == [100, 200, 200]
    # Row 2 starts under row 1's spans: 100 covered columns, then its own cells.
    assert table[1].cells[99:102] == ("", "1", "")


def test_rows_wider_than_the_column_budget_are_refused():
    with pytest.raises(BudgetExceeded, match="HTML 表格行超过 200 列"):
        extract_document(spans_html(600, colspan=49), "spans.html")


def test_spans_count_against_the_cell_budget(settings):
    settings.INGEST_MAX_CELLS = 10_000

    with pytest.raises(BudgetExceeded, match="10000 个单元格"):
        extract_document(spans_html(6000, colspan=10, rowspan=2), "spans.html")


def test_unclosed_tables_are_text_and_found_in_one_pass():
    """ "<table" without "</table>", 20,000 times: each used to rescan the rest of the text."""
    data = ("标题\n" + "<table x>\n" * 20_000 + "<table><tr><td>1</td></tr></table>").encode()

    lines = extract_document(data, "t.html").lines

    assert lines[0].cells == ("标题",)
    assert lines[-1].no == 20_002


def test_a_text_longer_than_the_line_budget_is_refused(settings):
    settings.INGEST_MAX_LINES = 1000

    with pytest.raises(BudgetExceeded, match="1000 行的上限"):
        extract_document(sample_bytes("000"), "000.txt")
