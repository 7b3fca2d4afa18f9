"""表4 财政拨款收支总表."""

from decimal import Decimal as D

from ..samples import parsed, row


def test_fiscal_grant_001_with_carryover_by_fund():
    grant = parsed("001")["fiscal_grant"]
    assert grant["general_public_budget"] == D("5280.60")
    assert grant["carryover_income"] == D("2.45")
    assert grant["carryover_general_public_budget"] == D("2.45")
    assert grant["income_total"] == D("5283.05")
    assert grant["current_year_expenditure"]["total"] == D("5283.05")
    assert grant["expenditure_total"]["general_public_budget"] == D("5283.05")
    assert len(grant["expenditure_by_function"]) == 7
    assert row(grant["expenditure_by_function"], name="交通运输支出")["general_public_budget"] == D(
        "2.45"
    )


def test_fiscal_grant_000_wrapped_class_names():
    grant = parsed("000")["fiscal_grant"]
    assert [c["name"] for c in grant["expenditure_by_function"]] == [
        "一般公共服务支出",
        "社会保障和就业支出",
        "卫生健康支出",
        "住房保障支出",
    ]
    assert grant["income_total"] == D("2373.00")
    assert grant["carryover_income"] is None


def test_fiscal_grant_003():
    grant = parsed("003")["fiscal_grant"]
    assert (grant["current_year_income"], grant["carryover_income"], grant["income_total"]) == (
        D("414.47"),
        D("103.00"),
        D("517.47"),
    )
    assert row(grant["expenditure_by_function"], name="商业服务业等支出")["total"] == D("499.24")
