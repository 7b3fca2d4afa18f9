"""Amounts as documents print them, and as people type them into the search."""

from decimal import Decimal

import pytest

from budgets.units import AmountQuery, in_unit, parse_amount, printed_amount


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("435.85", AmountQuery(Decimal("435.85"), ("万元", "元"))),
        ("2,373.00", AmountQuery(Decimal("2373.00"), ("万元", "元"))),
        ("435.85万元", AmountQuery(Decimal("435.85"), ("万元",))),
        ("0.5万", AmountQuery(Decimal("0.5"), ("万元",))),
        ("5000元", AmountQuery(Decimal("5000"), ("元",))),
        ("４３５．８５", AmountQuery(Decimal("435.85"), ("万元", "元"))),
    ],
)
def test_parse_amount_reads_what_people_type(typed, expected):
    assert parse_amount(typed) == expected


@pytest.mark.parametrize("typed", ["行政运行", "435.851", "1,23", "2024年", "", "-5"])
def test_parse_amount_rejects_what_is_not_an_amount(typed):
    assert parse_amount(typed) is None


def test_an_amount_stands_for_yuan_in_each_unit():
    assert parse_amount("435.85").yuan_by_unit() == {
        "万元": Decimal("4358500.00"),
        "元": Decimal("435.85"),
    }


def test_yuan_are_printed_in_the_document_unit():
    assert in_unit(Decimal("4358500.00"), "万元") == Decimal("435.85")
    assert printed_amount(Decimal("4358500.00"), "万元") == "435.85 万元"
    assert printed_amount(Decimal("189767551.00"), "元") == "189,767,551.00 元"
    assert printed_amount(None, "元") == ""
