"""Every check named in Chinese: titles by family, a fallback for families not yet known."""

import re

import pytest

from ingest.review.check_names import FALLBACK, Context, describe, family, touched_rows

from ..samples import SAMPLE_IDS, SHANGHAI, parsed, shanghai_parsed

LATIN_WORD = re.compile(r"[A-Za-z_]{3,}")


def every_sample():
    return [parsed(sample) for sample in SAMPLE_IDS] + [shanghai_parsed(name) for name in SHANGHAI]


def test_every_check_of_every_sample_has_a_chinese_title_and_message():
    for document in every_sample():
        for check in document["validation"]:
            assert check["title"], check["check"]
            assert not LATIN_WORD.search(check["title"]), (check["check"], check["title"])
            shown = check.get("note", check.get("message", ""))  # what the pages show
            assert not LATIN_WORD.search(shown), (check["check"], shown)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "row_total:expenditure:2080505",
            "支出总表 2080505 机关事业单位基本养老保险缴费支出：合计与基本支出与项目支出之和",
        ),
        ("functional_hierarchy:income:total:carryover", "收入总表：各类之和与合计（上年结转列）"),
        (
            "cross_table_row:general_public_vs_income:208",
            "208 社会保障和就业支出：收入总表与一般公共预算支出表的金额",
        ),
        (
            "cross_table_total:general_public_vs_summary",
            "一般公共预算支出表合计与收支总表一般公共预算收入",
        ),
        ("summary:income_equals_expenditure", "收支总表：收入总计等于支出总计"),
        ("form_funds:电商物流费用", "绩效目标表“电商物流费用”：年度资金与项目支出表的金额"),
        ("narrative:share:基本支出", "情况说明：占比（基本支出）"),
    ],
)
def test_titles_name_tables_rows_and_columns(name, title):
    context = Context(
        "unit_budget", {"208": "社会保障和就业支出", "2080505": "机关事业单位基本养老保险缴费支出"}
    )
    assert describe({"check": name}, context) == title


def test_a_final_accounts_disclosure_names_its_own_tables():
    context = Context("department_final", {})
    assert describe({"check": "summary:income_total"}, context).startswith("收入支出决算总表")


def test_a_family_the_parser_adds_later_gets_a_chinese_fallback_not_its_id():
    check = {"check": "balance_sheet:assets:current"}
    assert describe(check, Context("department_final")) == FALLBACK.label == "其他核对"
    assert family("balance_sheet:assets:current").explanation
    assert touched_rows(check) == [("balance_sheet", "assets:current")]


def test_the_final_account_families_have_their_names():
    context = Context("department_final", {"2080505": "机关事业单位基本养老保险缴费支出"})
    assert describe({"check": "final_balance:summary"}, context) == (
        "收入支出决算总表：年初结转和结余加本年收入与本年支出加年末结转和结余"
    )
    assert describe({"check": "stated_empty:government_fund_expenditure"}, context) == (
        "政府性基金预算财政拨款收入支出决算表：注明无数据，却列有金额"
    )


def test_rows_compared_by_each_check():
    assert touched_rows({"check": "row_total:expenditure:208"}) == [("expenditure", "208")]
    assert touched_rows({"check": "cross_table_row:income_vs_expenditure:208"}) == [
        ("expenditure", "208"),
        ("income", "208"),
    ]
    assert touched_rows({"check": "narrative:share:基本支出", "lines": [421, 421]}) == [
        ("narrative", "421")
    ]
