"""表10 “三公”经费."""

from decimal import Decimal as D

import pytest

KEYS = (
    "total",
    "outbound_travel",
    "reception",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
)
EXPECTED = {
    "000": ("0.50", None, "0.50", None, None, None),
    "001": ("1.09", None, "1.09", None, None, None),
    "002": ("1.50", None, None, "1.50", None, "1.50"),
    "003": (None, None, None, None, None, None),  # 本表无数据: an object of nulls
}

from ..samples import parsed  # noqa: E402


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_three_public(sample):
    three = parsed(sample)["three_public"]
    expected = tuple(None if v is None else D(v) for v in EXPECTED[sample])
    assert tuple(three[key] for key in KEYS) == expected


def test_three_public_by_fund_and_lines():
    three = parsed("000")["three_public"]
    assert three["by_fund"]["reception"]["general_public_budget"] == D("0.50")
    assert three["source_lines"]["reception"] == [351, 351]
