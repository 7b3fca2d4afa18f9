"""Kinds of disclosure grouped by what their amounts mean, and the words each group prints."""

import pytest

from budgets.kinds import (
    Basis,
    basis_kinds,
    basis_of,
    basis_term,
    figure_label,
    parse_basis,
    term,
)
from budgets.templatetags.changes import signed_percent, signed_wan


@pytest.mark.parametrize(
    ("kind", "basis"),
    [
        ("department_budget", Basis.BUDGET),
        ("unit_budget", Basis.BUDGET),
        ("department_final", Basis.FINAL),
        ("unit_final", Basis.FINAL),
        ("special_funds", Basis.SPECIAL),
    ],
)
def test_every_kind_has_one_basis(kind, basis):
    assert basis_of(kind) == basis
    assert kind in basis_kinds(basis)


@pytest.mark.parametrize(
    ("kind", "key", "words"),
    [
        ("unit_budget", "carryover_income", "上年结转"),
        ("unit_final", "carryover_income", "年初结转和结余"),
        ("department_final", "year_end_carryover", "年末结转和结余"),
        ("department_final", "expenditure_table", "支出决算表"),
        ("department_budget", "expenditure_table", "预算支出总表"),
        ("department_final", "amount", "决算数"),
        ("special_funds", "total", "专项资金合计"),
        ("special_funds", "amount", "预算数"),  # a term it does not list: the budget's
    ],
)
def test_terms_follow_the_kind_of_document(kind, key, words):
    assert term(kind, key) == words


def test_figure_labels_name_a_final_and_its_printed_budget():
    assert figure_label("unit_final", "summary", "carryover_income") == "年初结转和结余"
    assert figure_label("unit_budget", "summary", "carryover_income") == "上年结转"
    assert figure_label("unit_final", "three_public_budget", "reception") == "公务接待费（预算数）"
    assert figure_label("unit_budget", "summary", "something_new") == "收支总表：其他数字"


@pytest.mark.parametrize(("raw", "basis"), [("final", "final"), ("", "budget"), (None, "budget")])
def test_an_unknown_basis_reads_as_budgets(raw, basis):
    assert parse_basis(raw) == basis
    assert basis_term(parse_basis(raw), "documents").endswith("公开文件")


@pytest.mark.parametrize(
    ("value", "percent", "wan"),
    [
        ("0.1246", "+12.5%", "0.00"),  # 0.12 元 is 0.00 万元: no sign on a zero
        ("-0.04", "-4.0%", "0.00"),
        ("0", "0.0%", "0.00"),
        (None, "—", "—"),
        ("123450", "+12,345,000.0%", "+12.35"),
        ("-1001800", "-100,180,000.0%", "-100.18"),
    ],
)
def test_signed_changes(value, percent, wan):
    assert signed_percent(value) == percent
    assert signed_wan(value) == wan
