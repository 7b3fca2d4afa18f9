"""表2 预算收入总表: income by functional code and source."""

from decimal import Decimal as D

from ..samples import parsed, row


def test_income_000():
    result = parsed("000")
    rows = result["income_by_function"]
    assert len(rows) == 23
    assert result["table_totals"]["income_by_function"]["total"] == D("2373.00")
    general = row(rows, code="201")
    assert (general["total"], general["general_public_budget"], general["carryover"]) == (
        D("1990.83"),
        D("1990.83"),
        None,
    )
    assert row(rows, code="2080505")["name"] == "机关事业单位基本养老保险缴费支出"
    assert row(rows, code="2210201")["lines"] == [154, 154]  # after the page footer


def test_income_001_carryover_slid_under_another_column_is_put_back():
    """After a page break 001's converter dropped empty columns; 2.45 is 上年结转."""
    result = parsed("001")
    rows = result["income_by_function"]
    assert len(rows) == 42
    railway = row(rows, code="2140206")
    assert (railway["total"], railway["special_account"], railway["carryover"]) == (
        None,
        None,
        D("2.45"),
    )
    assert row(rows, code="21508")["government_fund"] is None  # a stray "_" mark, not a number
    assert row(rows, code="2010350")["total"] == D("331.74")
    total = result["table_totals"]["income_by_function"]
    assert (total["total"], total["carryover"]) == (D("5280.60"), D("2.45"))
    assert any("moved to carryover" in note["what"] for note in result["notes"])


def test_income_003_header_out_of_order_uses_the_template_columns():
    """003's header puts 上年结转 before 单位资金; the 103.00 is carry-over (表1 says so)."""
    rows = parsed("003")["income_by_function"]
    assert len(rows) == 16
    facility = row(rows, code="2169901")
    assert (facility["total"], facility["unit_funds"], facility["carryover"]) == (
        D("112.00"),
        None,
        D("103.00"),
    )


def test_income_002_carryover():
    rows = parsed("002")["income_by_function"]
    assert len(rows) == 29
    assert row(rows, code="2160299")["carryover"] == D("1000.00")
    assert row(rows, code="2011308")["total"] == D("260.97")
