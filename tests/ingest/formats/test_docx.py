"""DOCX documents: the samples as Word paragraphs and tables give the text's figures."""

import io
import re

import pytest
from docx import Document

from fuzz.hostile import padded_docx, understated_docx, wide_span_docx
from ingest.extract import ExtractError, extract_document
from ingest.formats.docx import extract_docx
from ingest.limits import BudgetExceeded

from ..samples import SAMPLE_IDS, parsed
from .compare import (
    SECTIONS,
    counts,
    differences,
    figures,
    fixture_path,
    parse_fixture,
    section_differences,
    text_figures,
)


@pytest.fixture(scope="module")
def documents():
    """Each sample's Word file parsed once for this module."""
    return {sample: parse_fixture(sample, "docx") for sample in SAMPLE_IDS}


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_word_file_gives_the_text_figures(documents, sample, section):
    assert section_differences(sample, documents[sample], section) == []


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_word_parse_equals_the_text_parse_in_full(documents, sample):
    """Every figure, name, check and count, not only the sections listed above."""
    assert differences(text_figures(sample), figures(documents[sample])) == []
    assert counts(documents[sample]) == counts(parsed(sample))


def test_word_figures_of_004_read_by_hand(documents):
    result = documents["004"]
    assert result["source"]["format"] == "docx"
    assert result["kind"] == parsed("004")["kind"] == "special_funds"
    assert str(result["special_funds"]["total"]) == "631.81"


def test_lines_cite_paragraphs_and_table_rows_and_skip_the_page_header():
    raw = extract_document(fixture_path("002", "docx").read_bytes(), "002.docx")
    assert raw.source_format == "docx"
    assert raw.locations[raw.lines[0].no] == "paragraph 1"
    total = next(line for line in raw.lines if line.cells[0] == "收入总计")
    assert re.fullmatch(r"table \d+ row \d+", raw.locations[total.no])
    header = Document(io.BytesIO(fixture_path("002", "docx").read_bytes())).sections[0].header
    assert header.paragraphs[0].text not in raw.text


def _word(build) -> bytes:
    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_merged_cells_keep_the_grid_and_paragraphs_stay_in_order():
    def build(document):
        document.add_paragraph("2024年预算支出总表")
        table = document.add_table(rows=3, cols=4)
        table.cell(0, 2).merge(table.cell(0, 3))
        table.cell(0, 0).merge(table.cell(1, 0))
        for (row, column), text in {
            (0, 0): "科目编码",
            (0, 1): "科目名称",
            (0, 2): "2024年预算数",
            (1, 2): "基本支出",
            (1, 3): "项目支出",
            (2, 0): "201",
            (2, 1): "一般公共服务支出",
            (2, 2): "704.37",
            (2, 3): "1286.46",
        }.items():
            table.cell(row, column).text = text
        cell = table.cell(2, 1)
        cell.add_paragraph("(含上年结转)")
        document.add_paragraph("单位:万元\t第2页")

    raw = extract_docx(_word(build), "t.docx")
    assert [line.cells for line in raw.lines] == [
        ("2024年预算支出总表",),
        ("科目编码", "科目名称", "2024年预算数", ""),
        ("", "", "基本支出", "项目支出"),
        ("201", "一般公共服务支出(含上年结转)", "704.37", "1286.46"),
        ("单位:万元", "第2页"),
    ]
    assert raw.locations[4] == "table 1 row 3"


def test_damaged_word_file_gets_a_clear_error():
    data = fixture_path("004", "docx").read_bytes()
    with pytest.raises(ExtractError, match="DOCX") as caught:
        extract_document(data[: len(data) // 2], "cut.docx")
    assert "\n" not in str(caught.value)


def test_word_file_over_the_size_cap_or_empty_is_refused():
    with pytest.raises(ExtractError, match="limit"):
        extract_docx(fixture_path("004", "docx").read_bytes(), "big.docx", max_bytes=1024)
    with pytest.raises(ExtractError, match="no text"):
        extract_docx(_word(lambda document: None), "empty.docx")


# --- hostile documents (issue 15) ------------------------------------------------------------


def test_a_part_whose_size_the_zip_directory_understates_is_refused_as_damaged():
    """1 MB uploaded, 20 MB unpacked while the directory says 1 KB: the bytes are counted as
    read (and fail their checksum), not taken from the directory."""
    with pytest.raises(ExtractError, match="无法读取 DOCX 文档"):
        extract_docx(understated_docx(), "under.docx")


def test_what_a_document_unpacks_to_is_bounded(settings):

    settings.INGEST_UNPACKED_MB = 5
    with pytest.raises(BudgetExceeded, match="解压后超过上限 5 MB"):
        extract_docx(padded_docx(8 * 1024 * 1024), "padded.docx")


def test_a_cell_spanning_a_hundred_million_columns_is_refused():
    with pytest.raises(BudgetExceeded, match="第 1 个表格超过 200 列"):
        extract_docx(wide_span_docx(), "wide.docx")
