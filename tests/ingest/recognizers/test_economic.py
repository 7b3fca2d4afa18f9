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


# --- with economic codes: 上海's budget and a 决算 ---------------------------------------------

OFFICE = "sh-putuo-office-2025-department"
WANLI_2023 = "sh-putuo-wanli-2023-department"
PLANNING = "sh-putuo-planning-2024-final"
SOCIAL_WORK = "sh-putuo-social-work-2024-final"


def test_shanghai_budget_codes_split_over_class_and_section():
    """一般公共预算基本支出部门预算经济分类预算表 (office, p.18): "301 | 01 | 基本工资"."""
    economic = parsed(OFFICE)["economic_basic"]
    assert (economic["total"], economic["personnel"], economic["public"]) == (
        D("24606775.35"),
        D("22473997.81"),
        D("2132777.54"),
    )
    rows = economic["rows"]
    wages = row(rows, code="301")
    assert (wages["dept_item"], wages["is_category"], wages["personnel"]) == (
        "工资福利支出",
        True,
        D("21170337.81"),
    )
    basic_pay = row(rows, code="30101")
    assert (basic_pay["dept_item"], basic_pay["total"], basic_pay["category"]) == (
        "基本工资",
        D("2540192.00"),
        "工资福利支出",
    )
    assert row(rows, code="30112")["total"] == D("45013.88")
    assert row(rows, code="302")["public"] == D("1932777.54")
    assert sum(r["is_category"] for r in rows) == 4


def test_whole_yuan_economic_table():
    """wanli 2023 (p.26) prints whole 元: 301 83,847,385 and 302 水费 142,500."""
    rows = parsed(WANLI_2023)["economic_basic"]["rows"]
    assert row(rows, code="301")["total"] == D("83847385")
    assert row(rows, code="30205")["public"] == D("142500")


def test_final_accounts_basic_table_prints_two_tables_side_by_side():
    """一般公共预算财政拨款基本支出决算表 (planning, p.16): 经济分类科目编码 | 科目名称 | 决算数
    twice, closed by 人员经费合计 4884.09 and 公用经费合计 480.66."""
    economic = parsed(PLANNING)["economic_basic"]
    assert (economic["personnel"], economic["public"], economic["total"]) == (
        D("4884.09"),
        D("480.66"),
        None,  # not printed
    )
    rows = economic["rows"]
    assert len(rows) == 65
    # The left table's rows first, then the right's.
    assert [r["code"] for r in rows if r["is_category"]] == ["301", "303", "302", "310"]
    assert row(rows, code="30107")["total"] == D("1594.02")
    assert row(rows, code="30229")["dept_item"] == "福利费"
    assert row(rows, code="30229")["total"] == D("73.19")
    assert row(rows, code="31002")["category"] == "资本性支出"
    assert row(rows, code="31002")["personnel"] is None  # 决算数 only


def test_final_accounts_basic_table_of_social_work():
    economic = parsed(SOCIAL_WORK)["economic_basic"]
    assert (economic["personnel"], economic["public"]) == (D("95.36"), D("10.23"))
    assert row(economic["rows"], code="30113")["total"] == D("17.70")
    assert row(economic["rows"], code="30239")["total"] == D("2.43")
