"""Tables printed without ruling lines: columns and rows from where the words are.

The pages here are built from words as an OCR engine gives them (phrases, a confidence
each) or as a text layer does (one glyph each), laid out the way office software
prints a budget table: headers centred over their columns, names aligned left, amounts
aligned right. Real documents are read in test_pdf_borderless.py.
"""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ingest.formats.ruled_tables import horizontal
from ingest.formats.word_positions import Word, page_text

SIZE = 10.0


def width(text, size=SIZE):
    """Printed width: a hanzi is an em, a digit or Latin letter half of one."""
    return sum(size if ord(char) > 0x2E80 else size / 2 for char in text)


def phrase(text, x0, top, *, confidence=None, size=SIZE):
    """One OCR phrase starting at ``x0``."""
    return Word(text, x0, top, x0 + width(text, size), top + size, size, confidence)


def right(text, x1, top, **options):
    """A phrase ending at ``x1`` (an amount aligned right)."""
    return phrase(text, x1 - width(text), top, **options)


def centred(text, left, right_edge, top):
    """A phrase centred between two column edges (a header)."""
    return phrase(text, (left + right_edge - width(text)) / 2, top)


def glyphs(text, x0, top, *, size=SIZE):
    """A text layer's words: one per glyph."""
    words, x = [], x0
    for char in text:
        advance = width(char, size)
        words.append(Word(char, x, top, x + advance, top + size, size))
        x += advance
    return words


def table_rows(page):
    return [piece.cells for piece in page.pieces if piece.in_table]


def budget_page(*extra_rows):
    """科目名称 | 合计 | 基本支出 | 项目支出, columns at 50-250-350-450-550."""
    words = [
        centred("科目名称", 50, 250, 100),
        centred("合计", 250, 350, 100),
        centred("基本支出", 350, 450, 100),
        centred("项目支出", 450, 550, 100),
        phrase("一般公共服务支出", 55, 125),
        right("1,234.00", 345, 125),
        right("1,000.00", 445, 125),
        right("234.00", 545, 125),
        phrase("社会保障和就业支出", 55, 150),
        right("80.50", 345, 150),
        right("80.50", 445, 150),
    ]
    return page_text(1, 600, 800, [*words, *extra_rows])


def test_a_table_without_rules_is_read_in_columns():
    page = budget_page()
    assert table_rows(page) == [
        ("科目名称", "合计", "基本支出", "项目支出"),
        ("一般公共服务支出", "1,234.00", "1,000.00", "234.00"),
        ("社会保障和就业支出", "80.50", "80.50", ""),
    ]
    assert all(piece.columns and not piece.ruled for piece in page.pieces)
    assert page.pieces[0].heading and not page.pieces[1].heading


def test_a_header_over_two_columns_stands_in_the_first_like_a_merged_cell():
    words = [
        centred("项目", 50, 350, 80),
        centred("预算数", 350, 550, 80),
        centred("科目编码", 50, 150, 100),
        centred("科目名称", 150, 350, 100),
        centred("合计", 350, 450, 100),
        centred("基本支出", 450, 550, 100),
        phrase("201", 55, 125),
        phrase("一般公共服务支出", 155, 125),
        right("8.00", 445, 125),
        right("8.00", 545, 125),
    ]
    assert table_rows(page_text(1, 600, 800, words)) == [
        ("项目", "", "预算数", ""),
        ("科目编码", "科目名称", "合计", "基本支出"),
        ("201", "一般公共服务支出", "8.00", "8.00"),
    ]


def test_an_amount_nearly_touching_the_next_cells_text_keeps_its_column():
    """Amounts end at 345 and names start at 348 in every row: a third of an em apart."""
    words = []
    for row, (label, amount, other) in enumerate(
        [
            ("一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出"),
            ("二、事业收入", "", "二、外交支出"),
        ]
    ):
        top = 100 + 25 * row
        words.append(phrase(label, 55, top))
        if amount:
            words.append(right(amount, 345, top))
        words.append(phrase(other, 348, top))
        words.append(right("5.00", 595, top))
    assert table_rows(page_text(1, 600, 800, words)) == [
        ("一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出", "5.00"),
        ("二、事业收入", "", "二、外交支出", "5.00"),
    ]


def test_a_column_empty_in_every_row_is_found_by_its_header():
    page = budget_page(centred("其他支出", 550, 650, 100))
    assert [len(cells) for cells in table_rows(page)] == [5, 5, 5]
    assert table_rows(page)[0][-1] == "其他支出"


def test_a_name_wrapped_under_itself_joins_its_row():
    """The wrapped line runs to the column's end; the next line starts under it."""
    page = budget_page(
        phrase("机关事业单位基本养老保险缴", 55, 175),
        phrase("费支出", 55, 188),
        right("6.67", 345, 175),
        phrase("住房保障支出", 55, 200),
        right("6.11", 345, 200),
    )
    assert table_rows(page)[3:] == [
        ("机关事业单位基本养老保险缴费支出", "6.67", "", ""),
        ("住房保障支出", "6.11", "", ""),
    ]


def test_a_name_centred_in_height_around_its_figures_belongs_to_their_row():
    page = budget_page(
        phrase("机关事业单位基本养老保险缴", 55, 170),
        right("6.67", 345, 176),
        phrase("费支出", 55, 182),
    )
    assert table_rows(page)[3] == ("机关事业单位基本养老保险缴费支出", "6.67", "", "")


def test_a_line_starting_a_numbered_item_starts_a_row():
    words = [
        phrase("一、一般公共预算财政拨款收入", 55, 100),
        right("307.82", 345, 100),
        phrase("二、政府性基金预算财政拨款", 55, 113),
        phrase("三、国有资本经营预算财政拨款", 55, 126),
        right("1.00", 345, 126),
    ]
    assert table_rows(page_text(1, 600, 800, words)) == [
        ("一、一般公共预算财政拨款收入", "307.82"),
        ("二、政府性基金预算财政拨款", ""),
        ("三、国有资本经营预算财政拨款", "1.00"),
    ]


def test_paragraphs_stay_text():
    words = glyphs("一、部门主要职能。负责本区商务工作的统筹协调和综合管理,拟订政策。", 50, 100)
    words += glyphs("二、部门机构设置。本部门设办公室、综合科等科室。", 50, 118)
    page = page_text(1, 600, 800, words)
    assert not table_rows(page)
    assert [len(piece.cells) for piece in page.pieces] == [1, 1]


def test_a_caption_above_a_table_is_not_one_of_its_rows():
    page = budget_page(
        phrase("编制部门:上海市普陀区人民政府办公室", 50, 75), phrase("单位:元", 500, 75)
    )
    caption = next(piece for piece in page.pieces if not piece.in_table)
    assert caption.cells == ("编制部门:上海市普陀区人民政府办公室", "单位:元")
    assert len(table_rows(page)) == 3


def test_ocr_phrases_split_into_their_cells_with_the_lowest_confidence_of_each():
    """An OCR engine read "合计 414.47" as one phrase; its cells are told apart."""
    words = [
        phrase("科目名称", 80, 100, confidence=0.99),
        centred("金额", 250, 350, 100)._replace(confidence=0.98),
        phrase("一般公共服务支出", 55, 125, confidence=0.97),
        right("100.00", 345, 125, confidence=0.60),
        Word("合计 414.47", 55, 150, 345, 160, SIZE, 0.90),
    ]
    page = page_text(1, 600, 800, words)
    rows = [piece for piece in page.pieces if piece.in_table]
    assert [piece.cells for piece in rows] == [
        ("科目名称", "金额"),
        ("一般公共服务支出", "100.00"),
        ("合计", "414.47"),
    ]
    assert rows[1].confidence == (0.97, 0.60)
    assert rows[2].confidence == (0.90, 0.90)


def test_horizontal_rules_keep_each_ruled_band_one_row():
    """A two-line name at the pitch of the table's rows: only the rules tell its lines
    are one cell."""
    words = [
        centred("科目名称", 50, 250, 100),
        centred("合计", 250, 350, 100),
        phrase("一般公共服务", 55, 125),
        right("8.00", 345, 125),
        phrase("支出", 55, 150),
        phrase("住房保障支出", 55, 175),
        right("6.11", 345, 175),
    ]
    rules = [horizontal(y, 50, 350) for y in (95, 120, 170, 195)]
    assert table_rows(page_text(1, 600, 800, words, rules)) == [
        ("科目名称", "合计"),
        ("一般公共服务支出", "8.00"),
        ("住房保障支出", "6.11"),
    ]


def test_a_glyph_box_reaching_past_its_rows_rule_stays_in_its_row():
    """The wrapped "出" of a tight row reaches 2 points below the rule under it; a rule
    parts two lines when it runs between their middles."""
    words = [
        centred("科目名称", 50, 250, 100),
        centred("合计", 250, 350, 100),
        phrase("机关事业单位基本养老保险缴费支", 55, 122),
        right("6.67", 345, 127),
        phrase("出", 55, 137),
    ]
    for row, (name, amount) in enumerate(
        [("住房保障支出", "6.11"), ("其他支出", "1.00"), ("预备费", "2.00"), ("其他收入", "3.00")]
    ):
        words += [phrase(name, 55, 150 + 25 * row), right(amount, 345, 150 + 25 * row)]
    rules = [horizontal(y, 50, 350) for y in (95, 120, 145, 170, 195, 220, 245)]
    assert table_rows(page_text(1, 600, 800, words, rules))[1:3] == [
        ("机关事业单位基本养老保险缴费支出", "6.67"),
        ("住房保障支出", "6.11"),
    ]


def test_a_ruled_name_wrapped_left_of_its_indent_stays_in_its_column():
    """Item names are indented an em; the wrapped line starts at the cell's left, where
    category names start, beside the code column."""
    words = [
        centred("科目编码", 50, 150, 100),
        centred("科目名称", 150, 300, 100),
        centred("合计", 300, 400, 100),
        phrase("301", 55, 125),
        phrase("工资福利支出", 155, 125),
        right("95.36", 395, 125),
        phrase("30101", 55, 150),
        phrase("基本工资", 165, 150),
        right("14.12", 395, 150),
        phrase("机关事业单位基本", 165, 172),
        phrase("30108", 55, 178),
        right("6.18", 395, 178),
        phrase("养老保险缴费", 155, 184),
        phrase("30109", 55, 200),
        phrase("职业年金缴费", 165, 200),
        right("4.64", 395, 200),
    ]
    rules = [horizontal(y, 50, 400) for y in (95, 120, 145, 170, 195, 220)]
    assert table_rows(page_text(1, 600, 800, words, rules))[3] == (
        "30108",
        "机关事业单位基本养老保险缴费",
        "6.18",
    )


def test_a_header_alone_in_its_column_stays_in_the_row_it_is_printed_at():
    """003's income table: "上年结转" over two columns, "单位资金" under it in the
    second header row, headers printed at their cells' left."""
    words = [
        phrase("项目", 55, 100),
        phrase("本年收入", 255, 100),
        phrase("上年结转", 455, 100),
        phrase("科目名称", 55, 120),
        phrase("合计", 255, 120),
        phrase("一般公共预算", 355, 120),
        phrase("单位资金", 555, 120),
        phrase("合计", 55, 140),
        right("414.47", 345, 140),
        right("414.47", 445, 140),
        right("103.00", 645, 140),
    ]
    assert table_rows(page_text(1, 700, 800, words))[:2] == [
        ("项目", "本年收入", "", "上年结转", ""),
        ("科目名称", "合计", "一般公共预算", "", "单位资金"),
    ]


def test_a_blank_tables_total_label_below_its_header_is_a_body_row():
    """The 决算 template's tables are left blank: "合计" is centred over the code and
    name columns, under the header's cells and beside all of them."""
    words = [
        centred("项目", 50, 250, 100),
        centred("科目编码", 50, 120, 118),
        centred("科目名称", 120, 250, 118),
        centred("本年收入合计", 250, 350, 110),
        centred("财政拨款收入", 350, 450, 110),
        centred("合计", 50, 250, 140),
        phrase("205", 55, 160),
        phrase("教育支出", 125, 160),
        phrase("207", 55, 180),
        phrase("文化旅游体育与传媒支出", 125, 180),
    ]
    assert table_rows(page_text(1, 700, 800, words)) == [
        ("项目", "", "本年收入合计", "财政拨款收入"),
        ("科目编码", "科目名称", "", ""),
        ("合计", "", "", ""),
        ("205", "教育支出", "", ""),
        ("207", "文化旅游体育与传媒支出", "", ""),
    ]


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(min_value=60, max_value=140), min_size=2, max_size=6),
    rows=st.lists(
        st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=9_999_999)), max_size=6),
        min_size=2,
        max_size=8,
    ),
    spaced=st.booleans(),
)
def test_any_layout_of_names_and_amounts_reads_back_its_cells(widths, rows, spaced):
    """A name column then amount columns of any widths, amounts in any cells, headers
    centred, printed as OCR phrases or as glyphs: the cells come back as printed (a
    table with no figure at all is a list of names, not this property's subject)."""
    assume(any(value is not None for values in rows for value in values[: len(widths)]))
    edges = [40]
    for column_width in (200, *widths):
        edges.append(edges[-1] + column_width)
    heads = ["名称", *(f"金额{chr(0x4E00 + i)}" for i in range(len(widths)))]
    make = glyphs if spaced else phrase
    words = [centred(head, edges[i], edges[i + 1], 100) for i, head in enumerate(heads)]
    expected = [tuple(heads)]
    for number, values in enumerate(rows):
        top = 125 + 25 * number
        name = f"第{chr(0x4E00 + number)}项支出"
        cells = [name]
        words += make(name, edges[0] + 5, top) if spaced else [make(name, edges[0] + 5, top)]
        for column in range(len(widths)):
            value = values[column] if column < len(values) else None
            text = "" if value is None else f"{value / 100:,.2f}"
            cells.append(text)
            if text:
                x0 = edges[column + 2] - 5 - width(text)
                words += make(text, x0, top) if spaced else [make(text, x0, top)]
        expected.append(tuple(cells))
    assert table_rows(page_text(1, 1000, 1000, words)) == expected
