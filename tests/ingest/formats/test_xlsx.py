"""XLSX workbooks: the samples as one sheet per table give the text's figures."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from fuzz.hostile import FORMATS, merge_bomb_xlsx, rezip, tiny_cells_xlsx
from ingest.extract import ExtractError, extract_document
from ingest.formats.xlsx import cell_text, extract_xlsx, shown_number
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
def workbooks():
    """Each sample's workbook parsed once for this module."""
    return {sample: parse_fixture(sample, "xlsx") for sample in SAMPLE_IDS}


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_workbook_gives_the_text_figures(workbooks, sample, section):
    assert section_differences(sample, workbooks[sample], section) == []


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_workbook_parse_equals_the_text_parse_in_full(workbooks, sample):
    """Every figure, name, check and count, not only the sections listed above."""
    assert differences(text_figures(sample), figures(workbooks[sample])) == []
    assert counts(workbooks[sample]) == counts(parsed(sample))


def test_workbook_figures_of_000_read_by_hand(workbooks):
    result = workbooks["000"]
    assert result["source"]["format"] == "xlsx"
    assert result["summary"]["income_total"] == D("2373.00")
    assert result["table_totals"]["functional_expenditure"]["project"] == D("1295.24")
    assert result["validation_summary"]["fail"] == parsed("000")["validation_summary"]["fail"]


def _workbook(build) -> bytes:
    book = Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_every_line_cites_its_sheet_and_cells():
    raw = extract_document(fixture_path("002", "xlsx").read_bytes(), "002.xlsx")
    assert raw.source_format == "xlsx"
    assert set(raw.locations) == {line.no for line in raw.lines}
    title = next(line for line in raw.lines if line.cells == ("2025年预算收入总表",))
    total = next(line for line in raw.lines if line.no > title.no and line.cells[0] == "合计")
    assert total.cells[2:4] == ("1272.82", "1272.82")
    assert re.fullmatch(r"'04 2025年预算收入总表'!A1", raw.locations[title.no])
    assert raw.locations[total.no] == "'04 2025年预算收入总表'!A6:I6"


@pytest.mark.parametrize("sample", ["002", "004"])
def test_extracted_text_decodes_back_to_the_same_lines(sample):
    """RawDocument.text is what the line numbers point into: the source viewer shows it."""
    raw = extract_document(fixture_path(sample, "xlsx").read_bytes(), f"{sample}.xlsx")
    again = extract_document(raw.text.encode(), "again.txt")
    assert again.lines == raw.lines


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.1 + 0.2, "0.00", "0.30"),
        (0.1 + 0.2, "General", "0.3"),
        (1295.2400000000002, "#,##0.00", "1,295.24"),
        (1.005, "0.00", "1.01"),
        (2373, "0.00", "2373.00"),
        (1950000, "#,##0", "1,950,000"),
        (0.125, "0.0%", "12.5%"),
        (-5, "#,##0.00;[Red](#,##0.00)", "-5.00"),
        (-0.001, "0.00", "0.00"),
        (2.5, '"¥"#,##0.00', "2.50"),
        (20250515112732, "0", "20250515112732"),
        (1e20, "General", "100000000000000000000"),
    ],
)
def test_numbers_read_as_the_sheet_shows_them(value, number_format, shown):
    assert shown_number(value, number_format) == shown


def test_cells_other_than_numbers():
    # A worksheet's dates carry no time zone: openpyxl returns naive datetimes.
    day = dt.datetime(2025, 5, 15)  # noqa: DTZ001
    moment = dt.datetime(2025, 5, 15, 11, 27, 32)  # noqa: DTZ001
    assert cell_text(None) == ""
    assert cell_text(True) == "TRUE"
    assert cell_text(day) == "2025-05-15"
    assert cell_text(moment) == "2025-05-15 11:27:32"
    assert cell_text("=结转)") == "=结转)"


def test_merged_header_keeps_its_text_in_the_first_column_and_the_columns_below():
    def build(sheet):
        sheet.append(["2024年预算支出总表"])
        sheet.merge_cells("A1:E1")
        sheet.append(["科目编码", "科目名称", "2024年预算数"])
        sheet.merge_cells("C2:E2")
        sheet.append([None, None, "合计", "基本支出", "项目支出"])
        sheet.append(["201", "一般公共服务支出", 1990.83, 704.37, 1286.4600000000001])
        for cell in sheet[4][2:]:
            cell.number_format = "#,##0.00"

    raw = extract_xlsx(_workbook(build), "t.xlsx")
    assert [line.cells for line in raw.lines] == [
        ("2024年预算支出总表",),
        ("科目编码", "科目名称", "2024年预算数", "", ""),
        ("", "", "合计", "基本支出", "项目支出"),
        ("201", "一般公共服务支出", "1,990.83", "704.37", "1,286.46"),
    ]
    assert raw.locations[4] == "Sheet!A4:E4"


def test_blocks_separated_by_blank_rows_and_hidden_sheets():
    def build(sheet):
        sheet.append(["单位: 万元"])
        sheet.append([None])
        sheet.append(["项目", "金额"])
        sheet.append(["合计", 5])
        hidden = sheet.parent.create_sheet("helper")
        hidden.append(["x", "y"])
        hidden.sheet_state = "hidden"

    raw = extract_xlsx(_workbook(build), "t.xlsx")
    assert [line.cells for line in raw.lines] == [("单位: 万元",), ("项目", "金额"), ("合计", "5")]
    assert any("helper" in note for note in raw.notes)


def test_damaged_workbook_gets_a_clear_error():
    data = fixture_path("004", "xlsx").read_bytes()
    with pytest.raises(ExtractError, match="XLSX") as caught:
        extract_document(data[: len(data) // 2], "cut.xlsx")
    assert "\n" not in str(caught.value)


def test_zip_of_something_else_is_named():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ExtractError, match="neither an XLSX workbook nor a DOCX"):
        extract_document(buffer.getvalue(), "a.zip")


def test_workbook_over_the_size_cap_is_refused():
    data = fixture_path("004", "xlsx").read_bytes()
    with pytest.raises(ExtractError, match="limit"):
        extract_xlsx(data, "big.xlsx", max_bytes=1024)


def test_empty_workbook_says_so():
    with pytest.raises(ExtractError, match="no filled cells"):
        extract_xlsx(_workbook(lambda sheet: None), "empty.xlsx")


# --- hostile workbooks (issue 15) ------------------------------------------------------------


def test_a_merged_range_over_the_whole_sheet_is_refused_before_openpyxl_builds_it():
    """37 KB, one merge over A1:XFD1048576: it used to grow by 150 MB a second, for ever."""
    with pytest.raises(BudgetExceeded, match="合并单元格 C1:XFD1048576 超出 20000 行、200 列"):
        extract_xlsx(merge_bomb_xlsx(), "merge.xlsx")


def test_merged_ranges_within_the_sheet_still_count_against_the_cell_budget(settings):

    settings.INGEST_MAX_CELLS = 100_000
    with pytest.raises(BudgetExceeded, match="合并单元格共超过 100000 个单元格"):
        extract_xlsx(merge_bomb_xlsx("A1:GR20000"), "merge.xlsx")


def test_a_million_tiny_cells_stop_at_the_cell_budget():
    """A million empty cells (10 s and 458 MB before): refused while the sheet is unpacked."""
    with pytest.raises(BudgetExceeded, match="250000 个单元格"):
        extract_xlsx(tiny_cells_xlsx(1_000_000), "cells.xlsx")


def test_a_value_beyond_the_sheet_bounds_is_refused_naming_the_sheet(settings):

    def far_cell(name, content):
        if name == "xl/worksheets/sheet1.xml":
            cell = b'<row r="30000"><c r="A30000" t="n"><v>1</v></c></row>'
            return content.replace(b"</sheetData>", cell + b"</sheetData>", 1)
        return content

    with pytest.raises(BudgetExceeded, match="超过 20000 行的上限"):
        extract_xlsx(rezip(FORMATS / "004.xlsx", far_cell), "far.xlsx")
