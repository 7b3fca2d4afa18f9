"""表6 基本支出分经济科目表."""

from decimal import Decimal as D

import pytest

from ..samples import parsed, row

TOTALS = {
    # total, personnel, public, rows, categories
    "000": ("1077.76", "925.72", "152.04", 36, 4),
    "001": ("1471.63", "1324.35", "147.28", 40, 3),
    "002": ("242.32", "220.45", "21.87", 39, 4),
    "003": ("77.47", "73.77", "3.70", 17, 3),
}


@pytest.mark.parametrize("sample", sorted(TOTALS))
def test_economic_totals_and_rows(sample):
    economic = parsed(sample)["economic_basic"]
    total, personnel, public, rows, categories = TOTALS[sample]
    assert (economic["total"], economic["personnel"], economic["public"]) == (
        D(total),
        D(personnel),
        D(public),
    )
    assert len(economic["rows"]) == rows
    assert sum(r["is_category"] for r in economic["rows"]) == categories


def test_category_rows_are_marked_and_named_by_members():
    rows = parsed("000")["economic_basic"]["rows"]
    wages = row(rows, dept_item="工资福利支出")
    assert wages["is_category"] and wages["gov_item"] is None and wages["total"] == D("757.99")
    basic_pay = row(rows, dept_item="基本工资", gov_item="工资奖金津补贴")
    assert (basic_pay["total"], basic_pay["personnel"], basic_pay["category"]) == (
        D("107.83"),
        D("107.83"),
        "工资福利支出",
    )


def test_blank_dept_item_is_kept_blank_and_noted():
    """000 lost two dept_item cells to wrapping ("社会福利和救助", "设备购置")."""
    result = parsed("000")
    blank = [r for r in result["economic_basic"]["rows"] if r.get("dept_item_blank")]
    assert [(r["dept_item"], r["gov_item"], r["total"]) for r in blank] == [
        (None, "社会福利和救助", D("4.52")),
        (None, "设备购置", D("0.34")),
    ]
    assert sum("dept_item blank" in note["what"] for note in result["notes"]) == 2


def test_short_row_amount_goes_back_to_public():
    """000: "信息网络及软件购置更新 设备购置 0.36 0.36" is under public-only 资本性支出."""
    software = row(parsed("000")["economic_basic"]["rows"], dept_item="信息网络及软件购置更新")
    assert (software["total"], software["personnel"], software["public"]) == (
        D("0.36"),
        None,
        D("0.36"),
    )


def test_ocr_misread_category_name_is_mapped_to_the_template():
    family = row(parsed("001")["economic_basic"]["rows"], dept_item="对个人和家庭的补助")
    assert family["printed"] == "讨个人和家庭的补助"
    assert family["total"] == D("314.30")
