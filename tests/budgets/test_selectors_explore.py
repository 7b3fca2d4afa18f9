"""Selectors of the journalist pages, called directly: results, edge cases, query counts."""

from decimal import Decimal

import pytest

from budgets.models import Disclosure
from budgets.selectors.compare import (
    TOO_FEW_MESSAGE,
    compare_picker_options,
    compare_picker_queryset,
    compare_selection_get,
    comparison_build,
    comparison_export_rows,
    parse_compare_ids,
    share_percent,
)
from budgets.selectors.functions import (
    build_function_tree,
    flatten_function_tree,
    function_amount_list,
    function_children,
    function_code_get,
    function_tree,
)
from budgets.selectors.indicators import indicator_list
from budgets.selectors.search import parse_search_query, search
from tests.conftest import make_disclosure


class TestParseCompareIds:
    def test_keeps_order_and_drops_duplicates(self):
        assert parse_compare_ids(["3", "1", "3", "2,1"]) == ([3, 1, 2], [])

    def test_names_values_that_are_not_ids(self):
        assert parse_compare_ids(["x", "0", "-1", "", "7"]) == ([7], ["x", "0", "-1"])


class TestSharePercent:
    def test_rounds_to_two_places(self):
        assert share_percent(Decimal("10777600"), Decimal("23730000")) == Decimal("45.42")

    def test_is_none_without_an_amount_or_a_base(self):
        assert share_percent(None, Decimal(1)) is None
        assert share_percent(Decimal(1), Decimal(0)) is None
        assert share_percent(Decimal(1), None) is None


@pytest.mark.django_db
class TestComparison:
    def test_selection_of_one_is_not_comparable(self, published_samples):
        selection = compare_selection_get(raw_ids=[str(published_samples["000"].pk)])

        assert not selection.is_comparable
        assert selection.messages == (TOO_FEW_MESSAGE,)

    def test_ten_disclosures_cost_four_queries(self, published_samples, django_assert_num_queries):
        extra = [make_disclosure(status=Disclosure.Status.PUBLISHED) for _ in range(5)]
        ids = [str(d.pk) for d in [*published_samples.values(), *extra]]

        with django_assert_num_queries(4):
            comparison = comparison_build(selection=compare_selection_get(raw_ids=ids))

        assert len(comparison.disclosures) == 10

    def test_picker_lists_at_most_the_limit_newest_first(
        self, shanxi_samples, django_assert_num_queries
    ):
        picked = shanxi_samples["001"].pk
        make_disclosure(status=Disclosure.Status.PARSED)  # never offered

        with django_assert_num_queries(1):
            options = compare_picker_options(
                disclosures=compare_picker_queryset(), exclude_ids=[picked], limit=3
            )

        assert len(options.disclosures) == 3
        assert options.has_more is True  # 4 published disclosures are not picked
        assert picked not in [d.pk for d in options.disclosures]
        years = [d.fiscal_year for d in options.disclosures]
        assert years == sorted(years, reverse=True)
        everything = compare_picker_options(disclosures=compare_picker_queryset(), limit=5)
        assert (len(everything.disclosures), everything.has_more) == (5, False)

    def test_falls_back_to_the_parse_for_personnel_and_public(self, published_samples):
        bare = make_disclosure(
            status=Disclosure.Status.PUBLISHED,
            total_yuan=Decimal("1000000"),
            parsed={"economic_basic": {"personnel": "12.34", "public": 5}},
        )
        selection = compare_selection_get(raw_ids=[str(published_samples["000"].pk), str(bare.pk)])

        comparison = comparison_build(selection=selection)

        personnel = next(r for r in comparison.key_figures if r.key == "personnel")
        public = next(r for r in comparison.key_figures if r.key == "public")
        assert personnel.amounts_yuan == [Decimal("9257200.00"), Decimal("123400.00")]
        assert public.amounts_yuan[1] == Decimal("50000.00")
        assert personnel.shares_percent[1] == Decimal("12.34")

    def test_export_rows_have_one_column_per_disclosure(self, published_samples):
        ids = [str(published_samples[k].pk) for k in ("001", "003")]

        rows = comparison_export_rows(
            comparison_build(selection=compare_selection_get(raw_ids=ids))
        )

        assert {len(row) for row in rows} == {6}  # and the change column
        assert ["主要指标", "支出总计", "万元", "5283.05", "517.47", "-4765.58"] in rows


class TestBuildFunctionTree:
    def test_nests_and_adopts_orphans(self):
        rows = [
            {"code": "201", "total_yuan": Decimal(10), "disclosure_count": 1},
            {"code": "2011301", "total_yuan": Decimal(4), "disclosure_count": 1},  # no 20113
            {"code": "20805", "total_yuan": Decimal(3), "disclosure_count": 1},  # no 208
            {"code": "12", "total_yuan": Decimal(1), "disclosure_count": 1},  # not a code
        ]

        roots = build_function_tree(rows, {"201": "一般公共服务支出"})

        assert [node.code for node in roots] == ["201", "20805"]
        assert [child.code for child in roots[0].children] == ["2011301"]
        assert roots[0].name == "一般公共服务支出"
        assert [(depth, node.code) for depth, node in flatten_function_tree(roots)] == [
            (0, "201"),
            (1, "2011301"),
            (0, "20805"),
        ]


@pytest.mark.django_db
class TestFunctionSelectors:
    def test_tree_costs_two_queries(self, shanxi_samples, django_assert_num_queries):
        with django_assert_num_queries(2):
            roots = function_tree()

        assert [node.code for node in roots] == [
            "201",
            "205",
            "208",
            "210",
            "214",
            "215",
            "216",
            "221",
        ]

    def test_code_get_takes_the_newest_name(self, published_samples):
        assert function_code_get(code="2011301").fiscal_year == 2025
        assert function_code_get(code="9999999") is None
        assert function_code_get(code="20'; --") is None

    def test_amount_list_filters_by_region_below_a_province(self, published_samples):
        province = published_samples["000"].organization.region.parent

        lines = function_amount_list(code="221", filters={"region": str(province.pk)})

        assert [line.total for line in lines] == [
            Decimal("925200.00"),  # 001 晋城市工业和信息化局
            Decimal("763100.00"),  # 000 晋城市商务局
            Decimal("168700.00"),  # 002 山阴县商务局
            Decimal("61100.00"),  # 003 兴县电子商务服务中心
        ]
        assert [line.rank for line in lines] == [1, 2, 3, 4]

    def test_children_of_an_item_are_none(self, published_samples):
        assert function_children(code="2011301") == []
        assert [c.code for c in function_children(code="20113")][:2] == ["2011301", "2011302"]


@pytest.mark.django_db
class TestIndicatorAndSearchSelectors:
    def test_indicator_list_filters_by_level2(self, published_samples):
        indicators = indicator_list(filters={"level2": "数量指标"})

        assert indicators.exists()
        assert set(indicators.values_list("level2", flat=True)) == {"数量指标"}

    def test_empty_query_runs_no_query(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            results = search(query=parse_search_query("   "))

        assert results.groups == []

    def test_one_group_only(self, shanxi_samples):
        results = search(query=parse_search_query("商务"), group="organizations")

        assert [g.key for g in results.groups] == ["organizations"]
        assert results.groups[0].count == 4
