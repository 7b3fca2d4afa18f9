"""Old Excel workbooks (.xls): the samples' .xls twins give the rows and figures of their .xlsx.

The .xls fixtures are the .xlsx fixtures saved by xlwt (scripts/make_format_fixtures.py):
same sheets, values, number formats and merged cells, in the BIFF8 format that finance
bureaus' older Excel versions write.
"""

import io
from decimal import Decimal as D

import pytest
import xlwt

from ingest.extract import ExtractError, extract_document
from ingest.formats.xls import NOT_A_WORKBOOK, UNREADABLE, extract_xls

from ..samples import SAMPLE_IDS, parsed
from .compare import counts, differences, figures, fixture_path, parse_fixture, text_figures


@pytest.fixture(scope="module")
def workbooks():
    return {sample: parse_fixture(sample, "xls") for sample in SAMPLE_IDS}


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_xls_gives_the_rows_and_locations_of_its_xlsx_twin(sample):
    old = extract_document(fixture_path(sample, "xls").read_bytes(), f"{sample}.xls")
    new = extract_document(fixture_path(sample, "xlsx").read_bytes(), f"{sample}.xlsx")
    assert [line.cells for line in old.lines] == [line.cells for line in new.lines]
    assert old.locations == new.locations


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_xls_parse_equals_the_text_parse_in_full(workbooks, sample):
    assert differences(text_figures(sample), figures(workbooks[sample])) == []
    assert counts(workbooks[sample]) == counts(parsed(sample))


def test_xls_figures_of_000_read_by_hand(workbooks):
    result = workbooks["000"]
    assert result["summary"]["income_total"] == D("2373.00")
    assert result["table_totals"]["functional_expenditure"]["project"] == D("1295.24")


def _xls(build) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_numbers_dates_merges_and_hidden_sheets():
    def build(book):
        sheet = book.add_sheet("表1")
        sheet.write_merge(0, 0, 0, 2, "2025年收支总表")
        sheet.write(1, 0, "项目")
        sheet.write(1, 1, "金额")
        sheet.write(1, 2, "日期")
        sheet.write(2, 0, "合计")
        sheet.write(2, 1, 1990.8300000000002, xlwt.easyxf(num_format_str="#,##0.00"))
        sheet.write(2, 2, 45658, xlwt.easyxf(num_format_str="yyyy-mm-dd"))
        hidden = book.add_sheet("helper")
        hidden.write(0, 0, "x")
        hidden.write(0, 1, "y")
        hidden.visibility = 1

    raw = extract_xls(_xls(build), "t.xls")
    assert [line.cells for line in raw.lines] == [
        ("2025年收支总表",),
        ("项目", "金额", "日期"),
        ("合计", "1,990.83", "2025-01-01"),
    ]
    assert raw.locations[3] == "'表1'!A3:C3"
    assert any("helper" in note for note in raw.notes)


def test_damaged_xls_gets_a_clear_error():
    data = fixture_path("004", "xls").read_bytes()
    with pytest.raises(ExtractError) as caught:
        extract_document(data[: len(data) // 3], "cut.xls")
    assert str(caught.value) == UNREADABLE


def test_ole_file_that_is_not_a_workbook_is_named():
    """An OLE compound file without a Workbook stream (an old .doc) says what it is."""
    data = bytearray(fixture_path("004", "xls").read_bytes())
    # The directory entry names the stream "Workbook" in UTF-16: rename it.
    name = "Workbook".encode("utf-16-le")
    at = data.find(name)
    assert at > 0
    data[at : at + len(name)] = "WordDocu".encode("utf-16-le")
    with pytest.raises(ExtractError) as caught:
        extract_document(bytes(data), "old.doc")
    assert str(caught.value) == NOT_A_WORKBOOK


def test_empty_xls_says_so():
    with pytest.raises(ExtractError, match="no filled cells"):
        extract_xls(_xls(lambda book: book.add_sheet("空")), "empty.xls")
