"""The search page: substring matches in Chinese, grouped by type, ranked, escaped."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from budgets.models import Disclosure, Figure, FunctionalLine, NarrativeSection, Project
from budgets.selectors.search import parse_search_query, snippet, split_match
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def group(response, key):
    return next(g for g in response.context["results"].groups if g.key == key)


def test_shangwu_finds_every_shangwuju_disclosure(client, published_samples):
    response = client.get(reverse("search"), {"q": "商务"})

    html = response.content.decode()
    names = [o.name for o in group(response, "organizations").items]
    assert response.status_code == 200
    assert {"晋城市商务局", "山阴县商务局", "阳泉市商务局"} <= set(names)
    for prefix in ("000", "002", "004"):
        url = reverse("disclosure_detail", args=[published_samples[prefix].pk])
        assert f'href="{url}"' in html
    assert "<mark>商务</mark>" in html


def test_organizations_rank_by_largest_budget_when_matches_are_equal(client, shanxi_samples):
    response = client.get(reverse("search"), {"q": "商务"})

    names = [o.name for o in group(response, "organizations").items]
    # 2,373.00 > 2,272.82 > 631.81 > 517.47 万元
    assert names == ["晋城市商务局", "山阴县商务局", "阳泉市商务局", "兴县电子商务服务中心"]


def test_exact_name_comes_first(client, published_samples):
    response = client.get(reverse("search"), {"q": "山阴县商务局"})

    assert group(response, "organizations").items[0].name == "山阴县商务局"


def test_projects_starting_with_the_query_come_before_larger_ones(client, published_samples):
    response = client.get(reverse("search"), {"q": "专项"})

    names = [p.name for p in group(response, "projects").items]
    assert names[:2] == ["专项业务经费", "专项业务工作经费"]
    assert names[2] == "工业转型专项资金"  # 1,500.00 万元, the largest of the rest


@pytest.mark.parametrize(
    ("fragment", "project"),
    [
        ("道口", "铁路道口安全管理专项经费"),
        ("春光", "解决春光热电公司政策性关停后职工费用"),
        ("餐饮", "餐饮业发展项目资金"),
        ("古城", "山阴县古城e镇项目监理费"),
        ("物流", "电商物流费用"),
    ],
)
def test_any_two_character_fragment_finds_the_project(client, published_samples, fragment, project):
    response = client.get(reverse("search"), {"q": fragment})

    assert project in [p.name for p in group(response, "projects").items]


def test_space_separated_words_must_all_match(client, published_samples):
    response = client.get(reverse("search"), {"q": "晋城\u3000商务"})

    assert [o.name for o in group(response, "organizations").items] == ["晋城市商务局"]
    assert all("晋城" in p.name for p in group(response, "projects").items)


def test_indicators_are_searched_and_linked_to_their_project(client, published_samples):
    response = client.get(reverse("search"), {"q": "满意度"})

    indicators = group(response, "indicators")
    assert indicators.count > 10
    assert all("满意度" in (i.level3 + i.value_text) for i in indicators.items)
    assert len(indicators.items) == 10
    assert "查看全部" in response.content.decode()


def test_one_group_is_paginated(client, published_samples):
    response = client.get(reverse("search"), {"q": "满意度", "type": "indicators", "page": 2})

    indicators = group(response, "indicators")
    assert [g.key for g in response.context["results"].groups] == ["indicators"]
    assert indicators.page.number == 2
    assert indicators.count > 50


def test_narrative_text_is_searched_with_a_snippet(client, published_samples):
    disclosure = published_samples["000"]
    NarrativeSection.objects.create(
        disclosure=disclosure,
        position=900,
        heading="九、政府采购情况",
        text="2024年本单位政府采购预算总额为33.14万元，其中货物采购5.89万元。",
        line_start=10,
        line_end=12,
    )

    response = client.get(reverse("search"), {"q": "货物采购"})

    html = response.content.decode()
    assert group(response, "narrative").count >= 1
    assert "<mark>货物采购</mark>" in html
    assert f"/disclosures/{disclosure.pk}/source/#L10" in html


def test_document_text_is_escaped(client, published_samples):
    disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED, entity_name="<b>单位</b>")
    Project.objects.create(
        disclosure=disclosure,
        kind=Project.Kind.CURRENT,
        position=0,
        name="<script>alert('x')</script>测试项目",
        amount_yuan=1000,
        line_start=1,
        line_end=1,
    )

    response = client.get(reverse("search"), {"q": "测试项目"})

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_empty_query_explains_what_to_search(client, published_samples):
    response = client.get(reverse("search"), {"q": "  "})

    assert response.status_code == 200
    assert "请输入要查找的词语" in response.content.decode()


def test_no_results_says_so(client, published_samples):
    response = client.get(reverse("search"), {"q": "航空母舰"})

    assert response.status_code == 200
    assert "没有找到与“航空母舰”相关的内容" in response.content.decode()


def test_unpublished_disclosures_are_not_found(client, published_samples):
    draft = make_disclosure(status=Disclosure.Status.PARSED)
    Project.objects.create(
        disclosure=draft,
        kind="current",
        position=0,
        name="草稿里的秘密项目",
        line_start=1,
        line_end=1,
    )

    response = client.get(reverse("search"), {"q": "秘密项目"})

    assert group(response, "projects").count == 0


def test_search_queries_are_bounded(client, published_samples, django_assert_max_num_queries):
    """Two queries a group that can match (its bounded ids, its ranked rows), one for the
    organizations' disclosures, one for the codes named."""
    for query in ("商务", "行政运行 435.85", "三公"):
        with django_assert_max_num_queries(16):
            client.get(reverse("search"), {"q": query})


def test_search_uses_the_expression_the_trigram_indexes_cover():
    """Migration 0003 indexes UPPER("col"::text); icontains must compare that expression."""
    sql = str(Project.objects.filter(name__icontains="商务").query)

    assert 'UPPER("budgets_project"."name"::text) LIKE UPPER(' in sql


def test_parse_search_query_splits_and_trims():
    query = parse_search_query("  晋城\u3000 商务  晋城 ")

    assert query.text == "晋城 商务 晋城"
    assert query.terms == ("晋城", "商务")
    assert not parse_search_query(None)


def test_split_match_and_snippet_keep_text_around_the_match():
    assert split_match("晋城市商务局", "商务") == ("晋城市", "商务", "局")
    assert split_match("ABC", "b") == ("A", "B", "C")
    head, match, tail = snippet("甲" * 100 + "目标" + "乙" * 100, "目标", radius=5)
    assert (head, match, tail) == ("…甲甲甲甲甲", "目标", "乙乙乙乙乙…")


def test_one_character_queries_still_work(client, published_samples):
    response = client.get(reverse("search"), {"q": "商"})

    assert "晋城市商务局" in [o.name for o in group(response, "organizations").items]


def test_a_non_match_whose_bigrams_agree_is_not_found(client, published_samples):
    disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED)
    for position, name in enumerate(["商务服务局专项", "县商务局专项"]):
        Project.objects.create(
            disclosure=disclosure,
            kind=Project.Kind.CURRENT,
            position=position,
            name=name,
            line_start=1,
            line_end=1,
        )

    response = client.get(reverse("search"), {"q": "商务局 专项"})

    names = [p.name for p in group(response, "projects").items]
    assert "县商务局专项" in names
    assert "商务服务局专项" not in names


def test_a_common_word_lists_the_first_matches_and_says_there_are_more(
    client, published_samples, monkeypatch
):
    monkeypatch.setattr("budgets.selectors.search.MATCH_LIMIT", 12)

    response = client.get(reverse("search"), {"q": "满意度"})

    html = response.content.decode()
    indicators = group(response, "indicators")
    assert indicators.is_capped
    assert (indicators.count, indicators.count_label) == (12, "12+")
    assert len(indicators.items) == 10
    assert '绩效指标<span class="count">12+</span>' in html
    assert "只列出最先找到的 12 条" in html
    assert "查看前 12 条绩效指标结果" in html


def test_pages_of_a_capped_group_follow_each_other(client, published_samples, monkeypatch):
    monkeypatch.setattr("budgets.selectors.search.MATCH_LIMIT", 5)
    monkeypatch.setattr("budgets.selectors.search.GROUP_PAGE_SIZE", 2)

    def page_ids(page):
        cache.clear()  # ask the database every time, not the page cache
        params = {"q": "满意度", "type": "indicators", "page": page}
        response = client.get(reverse("search"), params)
        return [i.pk for i in group(response, "indicators").items]

    pages = [page_ids(page) for page in (1, 2, 3)]

    assert [len(ids) for ids in pages] == [2, 2, 1]
    assert len({pk for ids in pages for pk in ids}) == 5
    assert [page_ids(page) for page in (1, 2, 3)] == pages
    cache.clear()
    preview = client.get(reverse("search"), {"q": "满意度"})
    assert [i.pk for i in group(preview, "indicators").items] == pages[0] + pages[1] + pages[2]


def expenditure_line(disclosure, code):
    return FunctionalLine.objects.get(disclosure=disclosure, table="expenditure", code=code)


def test_a_function_name_finds_the_rows_named_so_with_their_source_lines(client, published_samples):
    line = expenditure_line(published_samples["000"], "2011301")

    response = client.get(reverse("search"), {"q": "行政运行"})

    html = response.content.decode()
    functions = group(response, "functions")
    assert line.pk in [item.pk for item in functions.items]
    assert all("行政运行" in item.name for item in functions.items)
    assert "435.85 万元" in html
    source = f"/disclosures/{line.disclosure_id}/source/?lines={line.line_start}-{line.line_end}"
    assert source in html
    assert 'href="/functions/2011301/"' in html


def test_a_code_finds_its_row_in_every_disclosure(client, published_samples):
    response = client.get(reverse("search"), {"q": "2011301"})

    functions = group(response, "functions")
    found = {(item.disclosure.entity_name, item.printed) for item in functions.items}
    assert found == {
        ("晋城市商务局", "435.85 万元"),
        ("山阴县商务局", "42.42 万元"),
        ("上海市普陀区商务委员会", "9,389,913.00 元"),  # a 元 table, shown in 元
    }
    assert [code.code for code in response.context["results"].codes] == ["2011301"]


@pytest.mark.parametrize("typed", ["435.85", "435.85万元", "４３５．８５"])
def test_an_amount_finds_the_figure_printed_so_in_a_wan_document(client, published_samples, typed):
    response = client.get(reverse("search"), {"q": typed})

    functions = group(response, "functions")
    assert [(item.code, item.disclosure.entity_name) for item in functions.items] == [
        ("2011301", "晋城市商务局")
    ]


def test_an_amount_is_matched_in_the_unit_its_document_prints(client, published_samples):
    """A 元 document prints 5000 元 as "5000.00"; a 万元 document prints it as "0.50"."""
    in_yuan = make_disclosure(status=Disclosure.Status.PUBLISHED, amount_unit="元")
    Figure.objects.create(
        disclosure=in_yuan,
        section="three_public",
        key="reception",
        amount_yuan=5000,
        line_start=40,
        line_end=40,
    )

    yuan = client.get(reverse("search"), {"q": "5000"})
    wan = client.get(reverse("search"), {"q": "0.50"})

    assert [f.disclosure_id for f in group(yuan, "figures").items] == [in_yuan.pk]
    assert group(yuan, "figures").items[0].printed == "5,000.00 元"
    reception = [f for f in group(wan, "figures").items if f.key == "reception"]
    assert {f.disclosure.entity_name for f in reception} >= {"晋城市商务局"}
    assert in_yuan.pk not in [f.disclosure_id for f in reception]


def test_sangong_finds_the_three_public_figures(client, published_samples):
    response = client.get(reverse("search"), {"q": "三公"})

    html = response.content.decode()
    figures = group(response, "figures")
    assert figures.count >= 5 * 4  # six figures in each of four Shanxi budgets, some empty
    assert {item.section for item in figures.items} == {"three_public"}
    shown = figures.items[0]
    assert f"/disclosures/{shown.disclosure_id}/source/?lines={shown.line_start}" in html
    assert Figure.objects.filter(
        disclosure=published_samples["000"], section="three_public", key="total"
    ).exists()
    assert "<mark>三公</mark>" in html


def test_an_economic_item_is_found_by_name(client, published_samples):
    response = client.get(reverse("search"), {"q": "办公费"})

    economic = group(response, "economic")
    assert economic.count >= 4
    assert all("办公费" in (item.dept_item_name + item.gov_item_name) for item in economic.items)
    printed = {item.disclosure.entity_name: item.printed for item in economic.items}
    assert printed["晋城市商务局"].endswith(" 万元")
    assert printed["上海市普陀区人民政府办公室"] == "259,400.00 元"  # its table prints 元


def test_a_name_and_an_amount_must_both_match(client, published_samples):
    response = client.get(reverse("search"), {"q": "公务接待 0.50"})

    figures = group(response, "figures")
    assert [(f.key, f.disclosure.entity_name) for f in figures.items] == [
        ("reception", "晋城市商务局")
    ]


def test_an_amount_is_matched_in_the_unit_its_own_table_prints(client, published_samples):
    """The office's 三公 table prints 万元 inside a 元 document: "867.50" finds its total."""
    response = client.get(reverse("search"), {"q": "867.50"})

    figures = group(response, "figures")
    found = {(f.disclosure.entity_name, f.section, f.key, f.printed) for f in figures.items}
    assert ("上海市普陀区人民政府办公室", "three_public", "total", "867.50 万元") in found
