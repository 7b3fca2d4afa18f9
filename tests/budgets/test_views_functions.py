"""The functional classification pages: the tree's totals and one code ranked by organization."""

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


def test_tree_totals_every_published_disclosure(client, shanxi_samples):
    response = client.get(reverse("function_tree"))

    html = response.content.decode()
    assert response.status_code == 200
    general = tree_row(response, "201")
    # 1,990.83 (000) + 1,051.79 (001) + 489.39 (002); 003 and 004 have no 201.
    assert general.total_yuan == Decimal("35320100.00")
    assert general.disclosure_count == 3
    assert [child.code for child in general.children] == ["20103", "20113"]
    admin = tree_row(response, "2011301")
    assert (admin.name, admin.total_yuan, admin.disclosure_count) == (
        "行政运行",
        Decimal("4782700.00"),
        2,
    )
    assert "3,532.01" in html
    assert reverse("function_detail", args=["2011301"]) in html
    assert "<caption>" in html


def test_tree_filters_by_year(client, shanxi_samples):
    response = client.get(reverse("function_tree"), {"year": 2024})

    codes = [node.code for _, node in response.context["rows"]]
    assert tree_row(response, "201").total_yuan == Decimal("19908300.00")
    assert "2010301" not in codes  # 001's 行政运行 is a 2025 code
    assert "1,990.83" in response.content.decode()


def test_detail_ranks_organizations_with_their_amounts(client, shanxi_samples):
    response = client.get(reverse("function_detail", args=["2011301"]))

    html = response.content.decode()
    rows = list(response.context["table"].page.object_list.data)
    assert response.status_code == 200
    assert [(r.disclosure.entity_name, r.total, r.rank) for r in rows] == [
        ("晋城市商务局", Decimal("4358500.00"), 1),
        ("山阴县商务局", Decimal("424200.00"), 2),
    ]
    assert "435.85" in html
    assert "42.42" in html
    assert "478.27 万元" in html  # the sum over both
    assert "18.4%" in html  # 435.85 of 晋城市商务局's 2,373.00
    figure = response.context["figure"]
    assert list(figure["data"][0]["x"]) == [435.85, 42.42]
    source = reverse("disclosure_source", args=[shanxi_samples["000"].pk])
    line = rows[0].line_start
    assert f"{source}?lines={line}-{rows[0].line_end or line}#L{line}" in html


def test_detail_breadcrumbs_name_the_category_and_section(client, published_samples):
    response = client.get(reverse("function_detail", args=["2011301"]))

    assert response.context["ancestors"] == [("201", "一般公共服务支出"), ("20113", "商贸事务")]


def test_detail_of_a_category_lists_its_sections(client, shanxi_samples):
    response = client.get(reverse("function_detail", args=["208"]))

    children = {child.code: child.total_yuan for child in response.context["children"]}
    # 行政事业单位养老支出: 239.40 + 396.84 + 50.11 + 9.26 万元 (000, 001, 002, 003)
    assert children["20805"] == Decimal("6956100.00")
    assert list(children) == sorted(children)
    ranked = [r.disclosure.entity_name for r in response.context["table"].page.object_list.data]
    assert ranked[0] == "晋城市工业和信息化局"  # 1,197.78 万元, the largest 208


def test_detail_filters_by_year_and_region(client, shanxi_samples):
    jincheng_city = shanxi_samples["000"].organization.region
    province = jincheng_city.parent

    by_year = client.get(reverse("function_detail", args=["2011301"]), {"year": 2025})
    by_city = client.get(reverse("function_detail", args=["2011301"]), {"region": jincheng_city.pk})
    by_province = client.get(reverse("function_detail", args=["2011301"]), {"region": province.pk})

    def names(response):
        return [r.disclosure.entity_name for r in response.context["table"].page.object_list.data]

    assert names(by_year) == ["山阴县商务局"]
    assert by_year.context["table"].page.object_list.data[0].rank == 1
    assert names(by_city) == ["晋城市商务局"]
    assert names(by_province) == ["晋城市商务局", "山阴县商务局"]


def test_sorting_by_another_column_keeps_the_amount_rank(client, shanxi_samples):
    response = client.get(reverse("function_detail", args=["2011301"]), {"sort": "share"})

    rows = list(response.context["table"].page.object_list.data)
    assert [(r.disclosure.entity_name, r.rank) for r in rows] == [
        ("山阴县商务局", 2),
        ("晋城市商务局", 1),
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

    response = client.get(reverse("function_detail", args=["2011301"]))

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
    monkeypatch.setattr("budgets.views.functions.PAGE_SIZE", 2)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("function_detail", args=["208"]), {"page": 2})

    table = response.context["table"]
    assert table.paginator.count == response.context["totals"].disclosure_count == 4
    assert [r.rank for r in table.page.object_list.data] == [3, 4]
    assert not [q for q in queries.captured_queries if '"__count"' in q["sql"]]
    assert len(response.context["figure"]["data"][0]["x"]) == 4  # the chart is not paged


def test_ranking_page_size_is_capped(client, published_samples, monkeypatch):
    monkeypatch.setattr("budgets.pagination.MAX_PAGE_SIZE", 3)

    response = client.get(reverse("function_detail", args=["208"]), {"per_page": 10000})

    assert response.context["table"].paginator.per_page == 3
    assert len(response.context["table"].page.object_list) == 3
