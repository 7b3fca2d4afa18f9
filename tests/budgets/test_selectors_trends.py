"""Years side by side: an organization's figures over the years with the prior-year amounts its
narrative states, and one functional code across organizations over the years.

002 山阴县商务局 2025 states last year's amounts (lines 443, 464, 483, 489): 收入总计 and 支出总计
2,021.06 (2,272.82 less an increase of 251.76), 一般公共预算 1,601.06, “三公”经费 1.50 as the
year before, 机关运行经费 13.50 (9.09 after a decrease of 4.41).
"""

from decimal import Decimal

import pytest

from budgets.models import Disclosure, FunctionalCode, FunctionalLine
from budgets.selectors.trends import (
    YearCell,
    function_trend,
    function_trend_lines,
    organization_disclosures,
    organization_trends,
    stated_previous,
)
from tests.budgets.derived import final_from_budget
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def rows_of(trend):
    return {row.key: row for row in trend.rows}


def trends_of(organization_id):
    return organization_trends(
        disclosures=organization_disclosures(organization_id=organization_id)
    )


class TestOrganizationTrends:
    def test_a_single_year_gains_last_year_as_its_narrative_states_it(
        self, published_samples, django_assert_num_queries
    ):
        shanyin = published_samples["002"]
        disclosures = organization_disclosures(organization_id=shanyin.organization_id)

        with django_assert_num_queries(2):
            [trend] = organization_trends(disclosures=disclosures)

        assert trend.basis == "budget"
        assert trend.years == (2024, 2025)
        assert trend.documents == (None, shanyin)
        rows = rows_of(trend)
        stated = rows["total"].cells[0]
        assert stated.is_stated
        assert stated.amount_yuan == Decimal("20210600.00")
        assert (stated.disclosure_id, stated.line_start) == (shanyin.pk, 443)
        assert rows["general_public"].cells[0].amount_yuan == Decimal("16010600.00")
        assert rows["three_public"].cells[0].amount_yuan == Decimal("15000.00")
        assert rows["operating"].cells[0].amount_yuan == Decimal("135000.00")
        assert rows["operating"].cells[0].line_start == 489
        own = rows["total"].cells[1]
        assert (own.amount_yuan, own.is_stated) == (Decimal("22728200.00"), False)
        # +12.46 % as the narrative says: 2,272.82 / 2,021.06 − 1
        assert rows["total"].changes[1].quantize(Decimal("0.0001")) == Decimal("0.1246")
        assert trend.has_stated

    def test_functional_categories_are_rows_of_their_own(self, published_samples):
        [trend] = trends_of(published_samples["002"].organization_id)

        general = rows_of(trend)["201"]
        assert general.label == "201 一般公共服务支出"
        assert general.cells[0] is None  # the narrative states no category
        assert general.cells[1].amount_yuan == Decimal("4893900.00")

    def test_a_category_printed_without_its_name_takes_the_code_lists(self, published_samples):
        shanyin = published_samples["002"]
        shanyin.functional_lines.filter(code="201").update(name="")  # as split-code tables print

        [trend] = trends_of(shanyin.organization_id)

        assert rows_of(trend)["201"].label == "201 一般公共服务支出"

    def test_a_document_of_the_stated_year_wins_and_a_different_statement_is_noted(
        self, published_samples
    ):
        shanyin = published_samples["002"]
        earlier = make_disclosure(
            organization=shanyin.organization,
            fiscal_year=2024,
            kind=shanyin.kind,
            status=Disclosure.Status.PUBLISHED,
            total_yuan=Decimal("20000000.00"),
            three_public_yuan=Decimal("15000.00"),
        )

        [trend] = trends_of(shanyin.organization_id)

        assert trend.documents == (earlier, shanyin)
        total = rows_of(trend)["total"].cells[0]
        assert (total.amount_yuan, total.is_stated) == (Decimal("20000000.00"), False)
        assert total.stated_yuan == Decimal("20210600.00")  # what 2025's narrative says
        assert total.stated_disclosure_id == shanyin.pk
        three_public = rows_of(trend)["three_public"].cells[0]
        assert three_public.stated_yuan is None  # 1.50 either way: nothing to note

    def test_each_basis_has_a_table_of_its_own(self, published_samples):
        shanyin = published_samples["002"]
        final_from_budget(shanyin)

        trends = trends_of(shanyin.organization_id)

        assert [t.basis for t in trends] == ["budget", "final"]
        final_total = rows_of(trends[1])["total"]
        assert [c.amount_yuan if c else None for c in final_total.cells] == [Decimal("20455380.00")]

    def test_statements_in_another_unit_or_unreadable_are_skipped(self):
        disclosure = Disclosure(pk=1, fiscal_year=2025)
        disclosure.stated_changes = [
            {"subject": "三公经费", "previous": "1.5", "lines": [9, 9]},
            {"subject": "三公经费", "previous": "2.0", "lines": [10, 10]},  # the first wins
            {"subject": "机关运行经费", "previous": "n/a", "lines": [11, 11]},
            {"subject": "未知科目", "previous": "3", "lines": [12, 12]},
            "not a statement",
        ]

        assert stated_previous(disclosure) == {
            "three_public": YearCell(Decimal("15000.00"), 1, 9, 9, is_stated=True)
        }


class TestFunctionTrend:
    def add_line(self, disclosure, total):
        FunctionalLine.objects.create(
            disclosure=disclosure,
            table=FunctionalLine.Table.EXPENDITURE,
            functional_code=FunctionalCode.objects.filter(code="201").first(),
            code="201",
            name="一般公共服务支出",
            position=0,
            total=total,
            line_start=1,
            line_end=1,
        )

    def test_years_side_by_side_across_organizations(
        self, shanxi_samples, django_assert_num_queries
    ):
        jincheng = shanxi_samples["000"]
        later = make_disclosure(
            organization=jincheng.organization,
            kind=jincheng.kind,
            fiscal_year=2025,
            status=Disclosure.Status.PUBLISHED,
        )
        self.add_line(later, Decimal("21000000"))
        lines = function_trend_lines(code="201").filter(
            disclosure__kind__in=["department_budget", "unit_budget"]
        )

        with django_assert_num_queries(4):
            trend = function_trend(lines=lines)

        assert [(y.fiscal_year, y.total_yuan, y.organization_count) for y in trend.years] == [
            (2024, Decimal("19908300.00"), 1),
            # 2,100.00 (晋城市商务局) + 1,051.79 (001) + 489.39 (002)
            (2025, Decimal("36411800.00"), 3),
        ]
        assert trend.organization_count == 3
        first = trend.organizations[0]
        assert first.name == "晋城市商务局"  # the largest in 2025
        assert [c.amount_yuan for c in first.cells] == [
            Decimal("19908300.00"),
            Decimal("21000000.00"),
        ]
        assert first.changes[1].quantize(Decimal("0.001")) == Decimal("0.055")
        assert [o.name for o in trend.organizations[1:]] == ["晋城市工业和信息化局", "山阴县商务局"]
        assert trend.organizations[2].cells[0] is None  # 山阴 lists nothing in 2024

    def test_pages_through_organizations(self, shanxi_samples):
        trend = function_trend(lines=function_trend_lines(code="201"), offset=1, limit=1)

        assert [o.name for o in trend.organizations] == ["山阴县商务局"]
        assert trend.organization_count == 3

    def test_no_lines_no_trend(self, shanxi_samples):
        trend = function_trend(lines=function_trend_lines(code="201").none())

        assert (trend.years, trend.organizations, trend.organization_count) == ((), (), 0)
