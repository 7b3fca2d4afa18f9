"""The performance-indicator explorer: filters by level, keyword and year; linked; paginated."""

import pytest
from django.urls import reverse

from budgets.filters.indicators import indicator_level1_choices, indicator_level2_choices
from budgets.models import Disclosure, Indicator, PerformanceTarget
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def rows(response):
    return list(response.context["table"].page.object_list.data)


def published_indicators():
    return Indicator.objects.filter(target__disclosure__status=Disclosure.Status.PUBLISHED)


def test_indicator_list_is_paginated_with_project_and_organization_links(client, published_samples):
    response = client.get(reverse("indicator_list"))

    html = response.content.decode()
    table = response.context["table"]
    assert response.status_code == 200
    assert table.paginator.count == published_indicators().count()
    assert table.paginator.count > 700  # the five samples' forms hold 700-odd indicators
    assert len(rows(response)) == 50
    first = rows(response)[0]
    assert reverse("disclosure_detail", args=[first.target.disclosure_id]) in html
    assert reverse("organization_detail", args=[first.target.disclosure.organization.slug]) in html
    assert f"#L{first.line_start}" in html
    assert f"<caption>绩效指标（共 {table.paginator.count} 条" in html


@pytest.mark.parametrize("level1", ["产出指标", "效益指标", "满意度指标"])
def test_filter_by_level1(client, published_samples, level1):
    response = client.get(reverse("indicator_list"), {"level1": level1})

    expected = published_indicators().filter(level1=level1).count()
    assert expected > 0
    assert response.context["table"].paginator.count == expected
    assert {r.level1 for r in rows(response)} == {level1}


def test_filter_by_level2_and_year(client, published_samples):
    response = client.get(reverse("indicator_list"), {"level2": "时效指标", "year": 2022})

    found = rows(response)
    assert found
    assert {(r.level2, r.target.disclosure.entity_name) for r in found} == {
        ("时效指标", "阳泉市商务局")
    }


def test_keyword_finds_exhibition_indicators_of_shanyin(client, published_samples):
    response = client.get(reverse("indicator_list"), {"q": "展会", "year": 2025})

    found = {(r.level3, r.value_text, r.target.project_name) for r in rows(response)}
    assert ("参加展会次数", "≥2次", "中博会等参展经费") in found  # 002 山阴县商务局
    assert all(r.target.disclosure.fiscal_year == 2025 for r in rows(response))


def test_keyword_matches_project_and_organization_names(client, published_samples):
    by_project = client.get(reverse("indicator_list"), {"q": "消费券资金"})
    by_organization = client.get(reverse("indicator_list"), {"q": "兴县电子商务"})

    assert "消费券资金" in {r.target.project_name for r in rows(by_project)}
    assert {r.target.disclosure.entity_name for r in rows(by_organization)} == {
        "兴县电子商务服务中心"
    }


def test_level_counts_follow_the_filters(client, published_samples):
    response = client.get(reverse("indicator_list"), {"q": "满意度"})

    counts = {item["level1"]: item["count"] for item in response.context["level_counts"]}
    assert max(counts, key=counts.get) == "满意度指标"
    assert sum(counts.values()) == response.context["table"].paginator.count


def test_unknown_level_is_an_error_on_the_form_not_a_crash(client, published_samples):
    response = client.get(reverse("indicator_list"), {"level1": "不存在的指标"})

    assert response.status_code == 200
    assert response.context["filter"].errors


def test_no_match_says_so(client, published_samples):
    response = client.get(reverse("indicator_list"), {"q": "航空母舰"})

    assert "没有符合条件的绩效指标" in response.content.decode()


def test_unpublished_indicators_are_hidden(client, published_samples):
    draft = make_disclosure(status=Disclosure.Status.PARSED)
    target = PerformanceTarget.objects.create(
        disclosure=draft, position=0, project_name="草稿项目", line_start=1, line_end=1
    )
    Indicator.objects.create(
        target=target, position=0, level1="产出指标", level3="草稿指标", line_start=1, line_end=1
    )

    response = client.get(reverse("indicator_list"), {"q": "草稿指标"})

    assert response.context["table"].paginator.count == 0


def test_document_text_is_escaped(client, published_samples):
    disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED)
    target = PerformanceTarget.objects.create(
        disclosure=disclosure,
        position=0,
        project_name="<script>alert(1)</script>",
        line_start=1,
        line_end=1,
    )
    Indicator.objects.create(
        target=target, position=0, level1="产出指标", level3="<img src=x>", line_start=2, line_end=2
    )

    response = client.get(reverse("indicator_list"), {"q": "<img"})

    html = response.content.decode()
    assert "<img src=x>" not in html
    assert "&lt;img src=x&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_indicator_queries_are_bounded(client, published_samples, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("indicator_list"), {"q": "满意度", "level1": "满意度指标", "page": 2})


def test_a_common_keyword_lists_the_first_matches_and_says_there_are_more(
    client, published_samples, monkeypatch
):
    monkeypatch.setattr("budgets.selectors.indicators.MATCH_LIMIT", 5)

    response = client.get(reverse("indicator_list"), {"q": "满意度"})

    html = response.content.decode()
    assert response.context["is_capped"]
    assert len(rows(response)) == 5
    assert "<caption>绩效指标（共 5+ 条" in html
    assert "下表只列出最先找到的 5 条" in html
    assert '<span class="count">' not in html  # counts of the listed rows would mislead


def test_the_limit_applies_after_the_level_and_year_filters(client, published_samples, monkeypatch):
    monkeypatch.setattr("budgets.selectors.indicators.MATCH_LIMIT", 5)

    response = client.get(reverse("indicator_list"), {"q": "指标", "level1": "效益指标"})

    assert response.context["is_capped"]
    assert len(rows(response)) == 5
    assert {r.level1 for r in rows(response)} == {"效益指标"}


def test_one_character_keyword_still_works(client, published_samples):
    response = client.get(reverse("indicator_list"), {"q": "展", "year": 2025})

    assert "参加展会次数" in {r.level3 for r in rows(response)}


def test_level_choices_are_the_distinct_levels_in_order(published_samples):
    target = PerformanceTarget.objects.create(
        disclosure=make_disclosure(status=Disclosure.Status.PUBLISHED),
        position=0,
        project_name="无级别项目",
        line_start=1,
        line_end=1,
    )
    Indicator.objects.create(
        target=target, position=0, level3="无级别指标", line_start=1, line_end=1
    )

    for field, choices in [
        ("level1", indicator_level1_choices),
        ("level2", indicator_level2_choices),
    ]:
        distinct = Indicator.objects.exclude(**{field: ""}).order_by(field).distinct(field)
        expected = list(distinct.values_list(field, field))
        assert len(expected) > 2
        assert choices() == expected


def test_level_choices_offered_on_the_form(client, published_samples):
    response = client.get(reverse("indicator_list"))

    form = response.context["filter"].form
    assert ("产出指标", "产出指标") in form.fields["level1"].choices
    assert ("时效指标", "时效指标") in form.fields["level2"].choices
    assert ("", "") not in form.fields["level1"].choices


def test_level_choices_of_an_empty_portal(empty_portal):
    assert indicator_level1_choices() == indicator_level2_choices() == []


@pytest.mark.parametrize(("per_page", "expected"), [("10000", 3), ("2", 2), ("-5", 1)])
def test_page_size_is_capped(client, published_samples, monkeypatch, per_page, expected):
    monkeypatch.setattr("budgets.pagination.MAX_PAGE_SIZE", 3)

    response = client.get(reverse("indicator_list"), {"per_page": per_page})

    assert response.context["table"].paginator.per_page == expected
    assert len(rows(response)) == expected
