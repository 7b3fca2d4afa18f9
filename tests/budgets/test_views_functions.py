"""The functional classification pages: the tree's totals, one code ranked by organization, and
one code year by year. The tree and the ranking read one year and one basis at a time (the
newest year's budgets unless asked), so that an organization counts once: of the Shanxi samples,
2025 holds 001 晋城市工业和信息化局 and 002 山阴县商务局, 2024 000 晋城市商务局, 2023 003 兴县."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import Disclosure, FunctionalCode, FunctionalLine
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def tree_row(response, code):
    return next(node for _, node in response.context["rows"] if node.code == code)


def published_with_201(organization, kind, year, total_yuan, line) -> Disclosure:
    """A published disclosure of ``organization`` whose 支出总表 has one 201 row."""
    disclosure = make_disclosure(
        organization=organization, kind=kind, fiscal_year=year, status=Disclosure.Status.PUBLISHED
    )
    FunctionalLine.objects.create(
        disclosure=disclosure,
        table=FunctionalLine.Table.EXPENDITURE,
        functional_code=FunctionalCode.objects.filter(code="201").first(),
        code="201",
        name="一般公共服务支出",
        position=0,
        total=Decimal(total_yuan),
        line_start=line,
        line_end=line,
    )
    return disclosure


def test_tree_totals_the_newest_years_budgets(client, shanxi_samples):
    response = client.get(reverse("function_tree"))

    html = response.content.decode()
    assert response.status_code == 200
    assert (response.context["year"], response.context["basis"]) == (2025, "budget")
    general = tree_row(response, "201")
    # 1,051.79 (001) + 489.39 (002): 2024's 000 (1,990.83) is another year, not added.
    assert general.total_yuan == Decimal("15411800.00")
    assert general.disclosure_count == 2
    admin = tree_row(response, "2011301")
    assert (admin.name, admin.total_yuan, admin.disclosure_count) == (
        "行政运行",
        Decimal("424200.00"),
        1,
    )
    assert "1,541.18" in html
    assert reverse("function_detail", args=["2011301"]) + "?basis=budget&amp;year=2025" in html
    assert "<caption>支出功能分类汇总（2025年，预算数，万元）</caption>" in html
    assert "全部年度" not in html


def test_tree_of_final_accounts_is_empty_without_any(client, shanxi_samples):
    response = client.get(reverse("function_tree"), {"basis": "final", "year": 2025})

    assert response.context["rows"] == []
    assert "没有已发布的、含支出决算表的决算文件" in response.content.decode()


def test_tree_filters_by_year(client, shanxi_samples):
    response = client.get(reverse("function_tree"), {"year": 2024})

    codes = [node.code for _, node in response.context["rows"]]
    assert tree_row(response, "201").total_yuan == Decimal("19908300.00")
    assert "2010301" not in codes  # 001's 行政运行 is a 2025 code
    assert "1,990.83" in response.content.decode()


def test_detail_ranks_organizations_with_their_amounts(client, shanxi_samples):
    response = client.get(reverse("function_detail", args=["201"]))

    html = response.content.decode()
    rows = list(response.context["table"].page.object_list.data)
    assert response.status_code == 200
    assert [(r.disclosure.entity_name, r.total, r.rank) for r in rows] == [
        ("晋城市工业和信息化局", Decimal("10517900.00"), 1),
        ("山阴县商务局", Decimal("4893900.00"), 2),
    ]
    assert "1,051.79" in html
    assert "489.39" in html
    assert "1,541.18 万元" in html  # the sum over both, of one year
    assert "2025年预算支出总表中该科目的预算数" in html
    assert "19.9%" in html  # 1,051.79 of 晋城市工业和信息化局's 5,283.05
    figure = response.context["figure"]
    assert list(figure["data"][0]["x"]) == [1051.79, 489.39]
    source = reverse("disclosure_source", args=[shanxi_samples["001"].pk])
    line = rows[0].line_start
    assert f"{source}?lines={line}-{rows[0].line_end or line}#L{line}" in html


def test_detail_ranks_an_organization_once_whatever_years_it_published(client, shanxi_samples):
    """Two years of one office are two rankings, not two places in one."""
    jincheng = shanxi_samples["000"]
    later = make_disclosure(
        organization=jincheng.organization,
        kind=jincheng.kind,
        fiscal_year=2025,
        status=Disclosure.Status.PUBLISHED,
        total_yuan=Decimal("30000000"),
    )
    code = FunctionalCode.objects.filter(code="2011301").first()
    FunctionalLine.objects.create(
        disclosure=later,
        table=FunctionalLine.Table.EXPENDITURE,
        functional_code=code,
        code="2011301",
        name="行政运行",
        position=0,
        total=Decimal("5000000"),
        line_start=1,
        line_end=1,
    )

    for year, expected in ((2025, ["晋城市商务局", "山阴县商务局"]), (2024, ["晋城市商务局"])):
        response = client.get(reverse("function_detail", args=["2011301"]), {"year": year})
        names = [r.disclosure.entity_name for r in response.context["table"].page.object_list.data]
        assert names == expected
        assert {
            r.disclosure.fiscal_year for r in response.context["table"].page.object_list.data
        } == {year}


def test_detail_breadcrumbs_name_the_category_and_section(client, published_samples):
    response = client.get(reverse("function_detail", args=["2011301"]))

    assert response.context["ancestors"] == [("201", "一般公共服务支出"), ("20113", "商贸事务")]


def test_detail_of_a_category_lists_its_sections(client, shanxi_samples):
    response = client.get(reverse("function_detail", args=["208"]))

    children = {child.code: child.total_yuan for child in response.context["children"]}
    # 行政事业单位养老支出 in 2025: 396.84 + 50.11 万元 (001, 002)
    assert children["20805"] == Decimal("4469500.00")
    assert list(children) == sorted(children)
    ranked = [r.disclosure.entity_name for r in response.context["table"].page.object_list.data]
    assert ranked[0] == "晋城市工业和信息化局"  # 1,197.78 万元, the largest 208


def test_detail_filters_by_year_and_region(client, shanxi_samples):
    jincheng_city = shanxi_samples["000"].organization.region
    province = jincheng_city.parent
    url = reverse("function_detail", args=["2011301"])

    by_year = client.get(url, {"year": 2025})
    by_city = client.get(url, {"region": jincheng_city.pk, "year": 2024})
    by_province = client.get(url, {"region": province.pk, "year": 2025})
    city_newest = client.get(url, {"region": jincheng_city.pk})

    def names(response):
        return [r.disclosure.entity_name for r in response.context["table"].page.object_list.data]

    assert names(by_year) == ["山阴县商务局"]
    assert by_year.context["table"].page.object_list.data[0].rank == 1
    assert names(by_city) == ["晋城市商务局"]
    assert names(by_province) == ["山阴县商务局"]
    assert names(city_newest) == []  # 晋城's 行政运行 is a 2024 figure; the newest year is 2025
    assert "没有符合条件的文件" in city_newest.content.decode()


def test_sorting_by_another_column_keeps_the_amount_rank(client, shanxi_samples):
    response = client.get(reverse("function_detail", args=["201"]), {"sort": "-share"})

    rows = list(response.context["table"].page.object_list.data)
    # Shares of 支出总计: 489.39 / 2,272.82 = 21.5 %, 1,051.79 / 5,283.05 = 19.9 %.
    assert [(r.disclosure.entity_name, r.rank) for r in rows] == [
        ("山阴县商务局", 2),
        ("晋城市工业和信息化局", 1),
    ]


def test_unknown_code_is_a_friendly_404(client, published_samples):
    for code in ("9999999", "abc", "20"):
        response = client.get(reverse("function_detail", args=[code]))
        assert response.status_code == 404
        html = response.content.decode()
        assert f"找不到科目“{code}”" in html
        assert reverse("function_tree") in html


def test_document_text_is_escaped(client, published_samples):
    evil = make_disclosure(
        status=Disclosure.Status.PUBLISHED, entity_name="<script>alert(1)</script>", total_yuan=100
    )
    code = FunctionalCode.objects.filter(code="2011301").first()
    FunctionalLine.objects.create(
        disclosure=evil,
        table=FunctionalLine.Table.EXPENDITURE,
        functional_code=code,
        code="2011301",
        name="<b>行政运行</b>",
        position=0,
        total=50,
        line_start=3,
        line_end=3,
    )

    response = client.get(reverse("function_detail", args=["2011301"]), {"year": 2024})

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    # inside the chart's JSON: escaped for Plotly's labels, and that by json_script
    assert "\\u0026lt;script\\u0026gt;" in html


def test_function_pages_queries_are_bounded(
    client, published_samples, django_assert_max_num_queries
):
    code = FunctionalCode.objects.filter(code="2011301").first()
    for number in range(8):
        disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED, total_yuan=1000)
        FunctionalLine.objects.create(
            disclosure=disclosure,
            table=FunctionalLine.Table.EXPENDITURE,
            functional_code=code,
            code="2011301",
            name="行政运行",
            position=0,
            total=number,
            line_start=1,
            line_end=1,
        )

    with django_assert_max_num_queries(10):
        client.get(reverse("function_detail", args=["2011301"]), {"year": 2024})
    with django_assert_max_num_queries(4):
        client.get(reverse("function_tree"))


def test_ranking_pages_through_without_counting_again(client, shanxi_samples, monkeypatch):
    """The totals query's count is the paginator's: no separate COUNT(*) of the lines."""
    monkeypatch.setattr("budgets.views.functions.PAGE_SIZE", 1)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("function_detail", args=["208"]), {"page": 2})

    table = response.context["table"]
    assert table.paginator.count == response.context["totals"].disclosure_count == 2
    assert [r.rank for r in table.page.object_list.data] == [2]
    assert not [q for q in queries.captured_queries if '"__count"' in q["sql"]]
    assert len(response.context["figure"]["data"][0]["x"]) == 2  # the chart is not paged


def test_ranking_page_size_is_capped(client, published_samples, monkeypatch):
    monkeypatch.setattr("budgets.pagination.MAX_PAGE_SIZE", 3)

    response = client.get(reverse("function_detail", args=["208"]), {"per_page": 10000})

    assert response.context["table"].paginator.per_page == 3
    assert len(response.context["table"].page.object_list) == 3


def test_trend_sets_the_years_side_by_side(client, shanxi_samples, django_assert_max_num_queries):
    jincheng = shanxi_samples["000"]
    later = published_with_201(jincheng.organization, jincheng.kind, 2025, "21000000", line=5)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("function_trend", args=["201"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert [year.fiscal_year for year in response.context["trend"].years] == [2024, 2025]
    assert "1,990.83" in html and "3,641.18" in html  # 2024's one budget, 2025's three
    assert "+5.5%" in html  # 晋城市商务局: 2,100.00 on 1,990.83
    assert reverse("disclosure_source", args=[later.pk]) + "?lines=5-5#L5" in html
    assert response.context["figure"]["data"][1]["y"] == [1, 3]  # organizations per year
    assert (
        reverse("function_trend", args=["201"]) + "?basis=budget"
        in client.get(reverse("function_detail", args=["201"])).content.decode()
    )


def test_trend_of_final_accounts_is_empty_without_any(client, shanxi_samples):
    response = client.get(reverse("function_trend", args=["201"]), {"basis": "final"})

    assert response.status_code == 200
    assert response.context["trend"].years == ()
    assert "没有符合条件的文件" in response.content.decode()


def test_trend_of_an_unknown_code_is_a_friendly_404(client, published_samples):
    response = client.get(reverse("function_trend", args=["9999999"]))

    assert response.status_code == 404
    assert "找不到科目“9999999”" in response.content.decode()


def test_an_organization_with_a_department_and_a_unit_budget_ranks_once(client, shanxi_samples):
    """A department's budget stands for the organization; its unit budget of the same year is
    not ranked or added beside it."""
    shanyin = shanxi_samples["002"]
    published_with_201(shanyin.organization, Disclosure.Kind.UNIT_BUDGET, 2025, "1000000", line=1)

    ranking = client.get(reverse("function_detail", args=["201"]))
    tree = client.get(reverse("function_tree"))

    rows = ranking.context["table"].page.object_list.data
    assert [r.disclosure_id for r in rows] == [shanxi_samples["001"].pk, shanyin.pk]
    assert tree_row(tree, "201").total_yuan == Decimal("15411800.00")  # unchanged
