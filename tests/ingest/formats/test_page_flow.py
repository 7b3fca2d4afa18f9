"""The pages' pieces -> the document's rows: tables printed without rules across pages."""

from ingest.formats.page_flow import rows_of
from ingest.formats.word_positions import page_text

from .test_unruled_tables import centred, phrase, right


def test_a_table_continued_without_its_header_takes_the_columns_of_the_page_before():
    """Page 2 prints no header: its 事业收入 column, empty on both pages, is still there."""
    header = [
        centred("科目名称", 50, 250, 100),
        centred("合计", 250, 350, 100),
        centred("财政拨款收入", 350, 450, 100),
        centred("事业收入", 450, 550, 100),
    ]
    first = [
        *header,
        phrase("一般公共服务支出", 55, 125),
        right("8.00", 345, 125),
        right("8.00", 445, 125),
        phrase("住房保障支出", 55, 150),
        right("6.11", 345, 150),
        right("6.11", 445, 150),
    ]
    second = [
        phrase("卫生健康支出", 55, 100),
        right("2.86", 345, 100),
        right("2.86", 445, 100),
        centred("合计", 50, 250, 125),
        right("16.97", 345, 125),
        right("16.97", 445, 125),
    ]
    pages = [page_text(1, 600, 800, first), page_text(2, 600, 800, second)]
    assert [row.cells for row in rows_of(pages)][-2:] == [
        ("卫生健康支出", "2.86", "2.86", ""),
        ("合计", "16.97", "16.97", ""),
    ]
