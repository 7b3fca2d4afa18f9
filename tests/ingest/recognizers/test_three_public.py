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


# --- one row of figures under the items: 上海's budget (with 机关运行经费) and a 决算 ------------


def _yuan(*values):
    return tuple(None if v is None else D(v) for v in values)


@pytest.mark.parametrize(
    ("sample", "expected", "operating"),
    [
        # 万元 tables in documents in 元: 867.50 万元 is 8,675,000.00 元 (office, p.20).
        (
            "sh-putuo-office-2025-department",
            ("8675000", "8390000", "285000", None, None, None),
            "2132800",
        ),
        ("sh-putuo-commerce-2025-unit", ("10000", None, "10000", None, None, None), "1710100"),
        (
            "sh-putuo-wanli-2023-department",
            ("229100", "0", "13500", "215600", "0", "215600"),
            "7860900",
        ),
        (
            "sh-putuo-wanli-2025-department",
            ("379100", "0", "13500", "365600", "150000", "215600"),
            "4646400",
        ),
    ],
)
def test_shanghai_three_public_and_operating_table(sample, expected, operating):
    result = parsed(sample)
    three = result["three_public"]
    assert tuple(three[key] for key in KEYS) == _yuan(*expected)
    assert result["operating_expenses"] == D(operating)
    units = {table["kind"]: table.get("unit") for table in result["tables"]}
    assert (units["three_public"], units["operating"], units["summary"]) == ("万元", "万元", "元")


def test_final_accounts_keep_final_and_budget_figures_apart():
    """财政拨款“三公”经费支出决算表 (planning, p.17): 预算数 2.85 and 决算数 0.39 of 公务接待费."""
    result = parsed("sh-putuo-planning-2024-final")
    assert tuple(result["three_public"][key] for key in KEYS) == _yuan(
        "0.39", "0.00", "0.39", "0.00", "0.00", "0.00"
    )
    assert tuple(result["three_public_budget"][key] for key in KEYS) == _yuan(
        "2.85", "0.00", "2.85", "0.00", "0.00", "0.00"
    )


def test_final_accounts_without_three_public_spending():
    """social work (p.14) says 本表无数据: both objects hold nulls, never a figure."""
    result = parsed("sh-putuo-social-work-2024-final")
    assert all(result["three_public"][key] is None for key in KEYS)
    assert all(result["three_public_budget"][key] is None for key in KEYS)
    [table] = [t for t in result["tables"] if t["kind"] == "three_public"]
    assert table["empty"] and "本表无数据" in table["stated_empty"]["text"]


def test_an_empty_final_figure_is_null_never_the_budget_beside_it():
    from ingest.recognizers.three_public import read_three_public
    from ingest.segment import Section
    from ingest.types import SourceLine

    header = (
        ("合计", "", "因公出国(境)费", "", "公务接待费", ""),
        ("预算数", "决算数", "预算数", "决算数", "预算数", "决算数"),
        ("5.00", "", "3.00", "", "2.00", "1.00"),
    )
    lines = tuple(SourceLine(no, cells) for no, cells in enumerate(header, start=1))
    read = read_three_public(Section("three_public", "“三公”经费支出决算表", 0, lines))
    assert (read.data["total"], read.data["reception"]) == (None, D("1.00"))
    assert read.data["budget"]["total"] == D("5.00")
