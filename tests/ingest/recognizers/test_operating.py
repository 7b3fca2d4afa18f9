"""表11 机关运行经费."""

from decimal import Decimal as D

import pytest

from ..samples import parsed


@pytest.mark.parametrize(
    ("sample", "total", "unit"),
    [
        ("000", "152.04", "晋城市商务局"),
        ("001", "109.66", "晋城市工业和信息化局"),
        ("002", "9.09", "山阴县商务局"),
    ],
)
def test_operating_expenses(sample, total, unit):
    result = parsed(sample)
    assert result["operating_expenses"] == D(total)
    rows = result["operating_expenses_detail"]["rows"]
    assert [(r["unit"], r["total"]) for r in rows] == [(unit, D(total))]


def test_public_institution_has_none():
    """003 is a 事业单位: "本表无数据", so no 机关运行经费 (null, table present)."""
    result = parsed("003")
    assert result["operating_expenses"] is None
    assert result["operating_expenses_detail"]["rows"] == []
    assert "operating" not in result["missing_tables"]
