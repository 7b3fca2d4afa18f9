"""预算与决算: a budget beside the 决算 of the same organization and year.

No sample pairs the two, so the 决算 is derived from 002 山阴县商务局 2025 部门预算 in code
(tests/budgets/derived.py): every amount spent at 90 % of its budget, “三公”经费 at 80 %.
"""

from decimal import Decimal

import pytest

from budgets.models import Disclosure
from budgets.selectors.execution import (
    Cited,
    ExecutionRow,
    execution_build,
    execution_pair_get,
    execution_pairs,
)
from tests.budgets.derived import final_from_budget
from tests.conftest import make_disclosure


def by_key(rows):
    return {row.key: row for row in rows}


@pytest.mark.django_db
def test_pairs_the_budget_and_the_final_of_a_year(published_samples, django_assert_num_queries):
    budget = published_samples["002"]
    final = final_from_budget(budget)

    with django_assert_num_queries(1):
        pair = execution_pair_get(organization_id=budget.organization_id, fiscal_year=2025)

    assert pair == (budget, final)
    assert execution_pair_get(organization_id=budget.organization_id, fiscal_year=2024) is None


@pytest.mark.django_db
def test_no_pair_without_both(published_samples):
    budget = published_samples["000"]
    special = make_disclosure(
        organization=budget.organization,
        fiscal_year=2024,
        kind=Disclosure.Kind.SPECIAL_FUNDS,
        status="published",
    )

    assert execution_pairs(disclosures=[budget, special]) == {}


@pytest.mark.django_db
def test_functions_side_by_side_with_the_execution_rate(
    published_samples, django_assert_num_queries
):
    budget = published_samples["002"]
    final = final_from_budget(budget)

    with django_assert_num_queries(2):
        execution = execution_build(budget=budget, final=final)

    functions = by_key(execution.functions)
    general = functions["201"]
    # 一般公共服务支出: 489.39 万元 budgeted (002, 支出总表), 440.45 spent.
    assert general.budget.amount_yuan == Decimal("4893900.00")
    assert general.final.amount_yuan == Decimal("4404510.00")
    assert general.rate.quantize(Decimal("0.001")) == Decimal("0.900")
    assert general.difference == Decimal("-489390.00")
    assert (general.budget.disclosure_id, general.final.disclosure_id) == (budget.pk, final.pk)
    assert general.budget.line_start == general.final.line_start  # the derived text is the same
    assert general.depth == 0 and functions["2011301"].depth == 2
    assert list(functions) == sorted(functions)


@pytest.mark.django_db
def test_headline_figures_and_three_public_against_what_the_final_prints(published_samples):
    budget = published_samples["002"]
    final = final_from_budget(budget)

    execution = execution_build(budget=budget, final=final)

    key = by_key(execution.key_figures)
    total = key["summary:expenditure_total"]
    assert (total.budget.amount_yuan, total.final.amount_yuan) == (
        Decimal("22728200.00"),
        Decimal("20455380.00"),
    )
    assert total.rate == Decimal("0.9")
    assert key["summary:carryover_income"].label == "上年结转 / 年初结转和结余"
    # Income and carry-over are not spent: they have no execution rate.
    assert key["summary:income_total"].rate is None
    assert key["summary:carryover_income"].rate is None
    assert key["summary:carryover_income"].difference == Decimal("-1000000.00")
    three_public = by_key(execution.three_public)["three_public:total"]
    # 1.50 万元 budgeted; the 决算 spent 1.20 and prints its 预算数 1.50 beside it.
    assert three_public.budget.amount_yuan == Decimal("15000.00")
    assert three_public.final.amount_yuan == Decimal("12000.00")
    assert three_public.final_budget.amount_yuan == Decimal("15000.00")
    assert three_public.rate == Decimal("0.8")


@pytest.mark.parametrize(
    ("budget", "final", "rate"),
    [
        (Decimal(0), Decimal(0), None),  # nothing budgeted: no rate, not a division by zero
        (Decimal(100), None, None),  # the 决算 leaves the cell empty
        (Decimal(100), Decimal(125), Decimal("1.25")),
    ],
)
def test_rate_is_final_over_budget_when_both_are_known(budget, final, rate):
    row = ExecutionRow(
        key="x",
        label="x",
        budget=Cited(budget, 1),
        final=Cited(final, 2),
    )

    assert row.rate == rate
