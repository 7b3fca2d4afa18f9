"""表7-9: 政府性基金 and 国有资本经营 tables, all "本表无数据" in the samples."""

import pytest

from ..samples import parsed


@pytest.mark.parametrize("sample", ["000", "001", "002", "003"])
def test_empty_tables_are_present_and_empty(sample):
    result = parsed(sample)
    assert result["government_fund_income"] == []
    assert result["government_fund_expenditure"] == []
    assert result["state_capital"] == {"income": [], "expenditure": []}
    assert "government_fund_income" not in result["missing_tables"]
    empties = {table["kind"] for table in result["tables"] if table["empty"]}
    assert {"government_fund_income", "government_fund_expenditure", "state_capital"} <= empties


def test_special_funds_disclosure_has_no_such_tables():
    result = parsed("004")
    assert "government_fund_income" not in result
    assert "state_capital" not in result
