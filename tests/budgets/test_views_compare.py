"""The comparison page: real figures side by side, shares, the 类 chart, CSV, bad selections."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.charts.common import wrap_label
from budgets.charts.compare import CompareSeries, compare_functions_figure
from budgets.charts.functions import function_ranking_figure
from budgets.models import Disclosure, Project
from budgets.selectors.compare import (
    INVALID_IDS_MESSAGE,
    TOO_FEW_MESSAGE,
    TOO_MANY_MESSAGE,
    UNKNOWN_IDS_MESSAGE,
)
from tests.budgets.derived import corrected_version, final_from_budget
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def compare_url(*disclosures, **extra):
    params = "&".join(f"d={d.pk}" for d in disclosures)
    tail = "".join(f"&{key}={value}" for key, value in extra.items())
    return f"{reverse('compare')}?{params}{tail}"


def row(comparison_rows, key):
    return next(r for r in comparison_rows if r.key == key)


def test_compare_shows_both_totals_and_their_structure_shares(client, published_samples):
    jincheng, shanyin = published_samples["000"], published_samples["002"]

    response = client.get(compare_url(jincheng, shanyin))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2,373.00" in html  # 晋城市商务局 2024 支出总计
    assert "2,272.82" in html  # 山阴县商务局 2025 支出总计
    comparison = response.context["comparison"]
    assert [d.pk for d in comparison.disclosures] == [jincheng.pk, shanyin.pk]
    basic = row(comparison.key_figures, "basic")
    assert [str(c.share_percent) for c in basic.cells] == ["45.42", "10.66"]
    project = row(comparison.key_figures, "project")
    assert [str(c.share_percent) for c in project.cells] == ["54.58", "89.34"]
    assert "45.42%" in html
    assert "89.34%" in html
    assert "<caption>" in html


def test_compare_key_figures_hold_personnel_public_three_public_and_operating(
    client, published_samples
):
    response = client.get(compare_url(published_samples["000"], published_samples["002"]))

    figures = response.context["comparison"].key_figures
    wan = {
        r.key: [str(a) if a is None else f"{a / 10000:.2f}" for a in r.amounts_yuan]
        for r in figures
    }
    assert wan["personnel"] == ["925.72", "220.45"]
    assert wan["public"] == ["152.04", "21.87"]
    assert wan["three_public"] == ["0.50", "1.50"]
    assert wan["operating"] == ["152.04", "9.09"]
    parts = response.context["comparison"].three_public
    assert row(parts, "reception").amounts_yuan[0] == 5000
    assert row(parts, "vehicle_operation").amounts_yuan[1] == 15000


def test_compare_groups_functional_categories_and_charts_them(client, published_samples):
    response = client.get(compare_url(published_samples["000"], published_samples["002"]))

    functions = response.context["comparison"].functions
    assert [r.key for r in functions] == ["201", "208", "210", "216", "221"]
    general = row(functions, "201")
    assert general.amounts_yuan == [19908300, 4893900]  # 1,990.83 and 489.39 万元
    assert [str(s) for s in general.shares_percent] == ["83.90", "21.53"]
    assert row(functions, "216").amounts_yuan[0] is None  # 000 has no 商业服务业等支出
    figure = response.context["functions_figure"]
    assert len(figure["data"]) == 4  # amounts and shares for each disclosure
    assert [t["visible"] for t in figure["data"]] == [True, True, False, False]
    labels = [b["label"] for b in figure["layout"]["updatemenus"][0]["buttons"]]
    assert labels == ["金额（万元）", "占支出总计（%）"]
    assert figure["data"][0]["x"][0] == 1990.83
    assert 'data-figure="fig-compare-functions"' in response.content.decode()


def test_compare_economic_structure_is_a_share_of_basic_expenditure(client, published_samples):
    response = client.get(compare_url(published_samples["000"], published_samples["002"]))

    wages = row(response.context["comparison"].economic, "工资福利支出")
    assert wages.amounts_yuan == [7579900, 2041400]
    assert [str(s) for s in wages.shares_percent] == ["70.33", "84.24"]


def test_compare_csv_export(client, published_samples):
    jincheng, shanyin = published_samples["000"], published_samples["002"]

    response = client.get(compare_url(jincheng, shanyin, export="csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "部分",
        "项目",
        "单位",
        "晋城市商务局 2024年单位预算",
        "山阴县商务局 2025年部门预算",
        "增减(末列较首列,万元)",
    ]
    assert rows[1][3:] == [str(jincheng.pk), str(shanyin.pk), ""]
    assert ["主要指标", "支出总计", "万元", "2373.00", "2272.82", "-100.18"] in rows
    assert ["主要指标", "基本支出", "占支出总计(%)", "45.42", "10.66", ""] in rows
    assert [
        "支出功能分类(类)",
        "201 一般公共服务支出",
        "万元",
        "1990.83",
        "489.39",
        "-1501.44",
    ] in rows
    assert ["支出功能分类(类)", "216 商业服务业等支出", "万元", "", "1701.29", ""] in rows
    assert ["基本支出经济分类", "工资福利支出", "占基本支出(%)", "70.33", "84.24", ""] in rows


def test_special_funds_disclosure_compares_without_functional_tables(client, published_samples):
    response = client.get(compare_url(published_samples["000"], published_samples["004"]))

    comparison = response.context["comparison"]
    total = row(comparison.key_figures, "total")
    special = row(comparison.key_figures, "special_total")
    assert response.status_code == 200
    # 004 states no 支出总计: its 专项资金合计 (the sum of its projects) is a row of its own, never
    # a 支出总计 of 100 % beside a budget's.
    assert total.amounts_yuan == [23730000, None]
    assert total.shares_percent == [Decimal("100.00"), None]
    assert special.amounts_yuan == [None, 6318100]
    assert special.shares_percent == [None, None]
    assert row(comparison.functions, "201").amounts_yuan[1] is None
    text = response.content.decode()
    assert "专项资金合计" in text
    assert "所选文件包括预算、专项资金" in text


def test_compare_keeps_the_order_of_the_url(client, published_samples):
    first, second, third = (published_samples[k] for k in ("003", "000", "001"))

    response = client.get(compare_url(first, second, third))

    headers = [c["disclosure"].pk for c in response.context["columns"]]
    assert headers == [first.pk, second.pk, third.pk]


def test_one_disclosure_asks_for_another_without_an_error(client, published_samples):
    response = client.get(compare_url(published_samples["000"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert TOO_FEW_MESSAGE in html
    assert 'id="compare-picker"' in html


def test_empty_compare_page_offers_the_picker(client, shanxi_samples):
    response = client.get(reverse("compare"))

    html = response.content.decode()
    assert response.status_code == 200
    assert TOO_FEW_MESSAGE in html
    options = response.context["options"]
    assert {d.pk for d in options.disclosures} == {d.pk for d in shanxi_samples.values()}
    assert options.has_more is False
    for disclosure in shanxi_samples.values():
        assert f'<option value="{disclosure.pk}">{disclosure.entity_name} ' in html
    assert 'id="compare-filter"' in html


def test_unknown_and_malformed_ids_are_named_and_ignored(client, published_samples):
    jincheng, shanyin = published_samples["000"], published_samples["002"]
    draft = make_disclosure(status=Disclosure.Status.PARSED)

    response = client.get(
        f"{reverse('compare')}?d={jincheng.pk}&d=abc&d={draft.pk}&d=999999&d={shanyin.pk}"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert INVALID_IDS_MESSAGE.format(ids="abc") in html
    assert UNKNOWN_IDS_MESSAGE.format(ids=f"{draft.pk}、999999") in html
    assert [d.pk for d in response.context["comparison"].disclosures] == [jincheng.pk, shanyin.pk]


def test_more_than_ten_keeps_the_first_ten(client, published_samples):
    extra = [make_disclosure(status=Disclosure.Status.PUBLISHED) for _ in range(7)]
    disclosures = [*published_samples.values(), *extra]

    response = client.get(compare_url(*disclosures))

    assert TOO_MANY_MESSAGE in response.content.decode()
    assert len(response.context["comparison"].disclosures) == 10
    assert response.context["can_add"] is False


def test_picker_links_remove_one_disclosure(client, published_samples):
    a, b, c = (published_samples[k] for k in ("000", "001", "002"))

    response = client.get(compare_url(a, b, c))

    remove_b = next(col for col in response.context["columns"] if col["disclosure"].pk == b.pk)
    assert remove_b["remove_query"] == f"d={a.pk}&d={c.pk}"
    offered = [d.pk for d in response.context["options"].disclosures]
    assert b.pk not in offered  # picked already
    assert published_samples["003"].pk in offered


def test_picker_narrows_by_name_and_keeps_the_selection(client, published_samples):
    jincheng, shanyin = published_samples["000"], published_samples["002"]

    response = client.get(compare_url(jincheng, name="山阴 商务"))

    html = response.content.decode()
    assert [d.pk for d in response.context["options"].disclosures] == [shanyin.pk]
    assert [c["disclosure"].pk for c in response.context["columns"]] == [jincheng.pk]
    assert response.context["picker_narrowed"] is True
    assert "清除条件" in html
    # Both forms keep the selection; the add form also keeps the narrowing.
    assert html.count(f'<input type="hidden" name="d" value="{jincheng.pk}">') == 2
    assert '<input type="hidden" name="name" value="山阴 商务">' in html


def test_picker_narrows_by_year_kind_and_region(client, shanxi_samples):
    jincheng_city = shanxi_samples["000"].organization.region

    by_year = client.get(reverse("compare"), {"year": 2024})
    by_year_word = client.get(reverse("compare"), {"name": "2024年"})
    by_kind = client.get(reverse("compare"), {"name": "单位预算"})
    by_city = client.get(reverse("compare"), {"region": jincheng_city.pk})
    by_province = client.get(reverse("compare"), {"region": jincheng_city.parent.pk})

    def offered(response):
        return {d.pk for d in response.context["options"].disclosures}

    in_2024 = {d.pk for d in shanxi_samples.values() if d.fiscal_year == 2024}
    assert offered(by_year) == offered(by_year_word) == in_2024
    unit_budgets = {d.pk for d in shanxi_samples.values() if d.kind == "unit_budget"}
    assert offered(by_kind) == unit_budgets
    in_jincheng = {
        d.pk for d in shanxi_samples.values() if d.organization.region_id == jincheng_city.pk
    }
    assert offered(by_city) == in_jincheng
    assert in_jincheng < offered(by_province)


def test_picker_narrows_to_one_basis(client, shanxi_samples):
    final = final_from_budget(shanxi_samples["002"])

    def offered(params):
        response = client.get(reverse("compare"), params)
        return {d.pk for d in response.context["options"].disclosures}

    assert offered({"basis": "final"}) == {final.pk}
    assert offered({"basis": "special"}) == {shanxi_samples["004"].pk}
    budgets = {d.pk for k, d in shanxi_samples.items() if k != "004"}
    assert offered({"basis": "budget"}) == budgets


def test_picker_says_when_nothing_matches(client, published_samples):
    jincheng = published_samples["000"]

    response = client.get(compare_url(jincheng, name="没有这个单位"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["options"].disclosures == ()
    assert "没有符合条件的已发布文件" in html
    assert 'id="compare-picker"' not in html
    assert f'href="{reverse("compare")}?d={jincheng.pk}"' in html  # clears the name, keeps d
    assert [c["disclosure"].pk for c in response.context["columns"]] == [jincheng.pk]


def test_picker_ignores_a_bad_region_and_names_the_error(client, shanxi_samples):
    response = client.get(reverse("compare"), {"region": "abc"})

    assert response.status_code == 200
    assert len(response.context["options"].disclosures) == len(shanxi_samples)
    assert response.context["picker_narrowed"] is False
    assert 'class="field-error"' in response.content.decode()


def test_full_selection_lists_no_options(client, published_samples, django_assert_max_num_queries):
    extra = [make_disclosure(status=Disclosure.Status.PUBLISHED) for _ in range(5)]

    with django_assert_max_num_queries(4):  # the selection, its figures, 类 rows, economic rows
        response = client.get(compare_url(*published_samples.values(), *extra))

    assert response.context["options"] is None
    assert 'id="compare-filter"' not in response.content.decode()


def test_document_text_is_escaped(client, published_samples):
    evil = make_disclosure(
        status=Disclosure.Status.PUBLISHED, entity_name="<script>alert(1)</script>局"
    )
    Project.objects.create(
        disclosure=evil, kind="current", position=0, name="x", line_start=1, line_end=1
    )

    response = client.get(compare_url(published_samples["000"], evil))

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in html


def test_compare_queries_are_bounded(client, published_samples, django_assert_max_num_queries):
    extra = [make_disclosure(status=Disclosure.Status.PUBLISHED) for _ in range(4)]

    # 4 for the comparison; the picker's years, regions and at most PICKER_LIMIT options.
    with django_assert_max_num_queries(7):
        client.get(compare_url(*published_samples.values(), *extra))


def test_a_shared_link_keeps_an_earlier_version_marked_with_the_current_one(
    client, published_samples
):
    """Issue 14: after v2 of 山阴 a shared /compare/ silently dropped v1; it stays, marked."""
    jincheng, old = published_samples["000"], published_samples["002"]
    new = corrected_version()

    response = client.get(compare_url(jincheng, old, new))

    html = response.content.decode()
    assert [c["disclosure"].pk for c in response.context["columns"]] == [
        jincheng.pk,
        old.pk,
        new.pk,
    ]
    assert not response.context["selection"].messages
    assert "（旧版本 第1版）" in html
    switch = f"{reverse('compare')}?d={jincheng.pk}&amp;d={new.pk}"  # v2 is there already
    assert f'href="{switch}">换成当前的第2版' in html


def test_a_withdrawn_document_is_named_with_when_and_why(client, published_samples):
    jincheng, shanyin, xing = (published_samples[k] for k in ("000", "002", "003"))
    xing.status = Disclosure.Status.PARSED
    xing.withdrawn_at = timezone.now()
    xing.withdrawal_reason = "表5与表1—4不一致"
    xing.save()

    response = client.get(compare_url(jincheng, shanyin, xing))

    [message] = response.context["selection"].messages
    assert message.startswith(f"编号 {xing.pk}（兴县电子商务服务中心 2023年单位预算 第1版）已于 ")
    assert message.endswith("撤回原因：表5与表1—4不一致")
    assert "未找到" not in message
    assert [c["disclosure"].pk for c in response.context["columns"]] == [jincheng.pk, shanyin.pk]


def test_the_change_column_is_the_last_less_the_first(client, published_samples):
    jincheng, shanyin = published_samples["000"], published_samples["002"]

    response = client.get(compare_url(jincheng, shanyin))

    total = row(response.context["comparison"].key_figures, "total")
    assert total.change_yuan == Decimal("-1001800.00")  # 2,272.82 − 2,373.00 万元
    assert total.change_ratio.quantize(Decimal("0.0001")) == Decimal("-0.0422")
    html = response.content.decode()
    assert '增减<span class="sub">末列较首列</span>' in html
    assert "-100.18" in html and "-4.2%" in html


def test_a_budget_beside_a_final_is_said_to_be_another_kind_of_figure(client, published_samples):
    budget = published_samples["002"]
    final = final_from_budget(budget)

    response = client.get(compare_url(budget, final))

    [message] = response.context["selection"].messages
    assert message.startswith("所选文件包括预算、决算：")
    carryover = row(response.context["comparison"].key_figures, "carryover_income")
    assert carryover.label == "上年结转 / 年初结转和结余"
    html = response.content.decode()
    assert "2025年部门决算" in html
    # A 决算 less a budget is not a change: the change column stays empty and says why.
    total = row(response.context["comparison"].key_figures, "total")
    assert total.amounts_yuan == [Decimal("22728200.00"), Decimal("20455380.00")]
    assert total.change_yuan is None
    assert "首末两列的文件类型不同" in html


def test_compare_figure_switches_between_amounts_and_shares():
    """Pure: plain data in, a figure whose buttons toggle the two trace sets."""
    series = [
        CompareSeries(name="甲", amounts_wan=[1990.83, None], shares_percent=[83.9, None]),
        CompareSeries(name="乙", amounts_wan=[489.39, 1701.29], shares_percent=[21.53, 74.85]),
    ]

    figure = compare_functions_figure(
        categories=["201 一般公共服务支出", "216 商业服务业等支出"], series=series
    )

    assert [trace.name for trace in figure.data] == ["甲", "乙", "甲", "乙"]
    assert list(figure.data[1].x) == [489.39, 1701.29]
    assert list(figure.data[3].x) == [21.53, 74.85]
    amounts, shares = figure.layout.updatemenus[0].buttons
    assert amounts.args[0]["visible"] == [True, True, False, False]
    assert shares.args[0]["visible"] == [False, False, True, True]
    assert shares.args[1]["xaxis.ticksuffix"] == "%"
    assert figure.layout.barmode == "group"


def test_ranking_figure_is_valid_plotly_largest_on_top():
    """Pure: the spec the page sends passes Plotly's validation."""
    figure = function_ranking_figure(labels=["甲 2024", "乙 2025"], amounts_wan=[435.85, 42.42])

    assert list(figure.data[0].x) == [435.85, 42.42]
    assert list(figure.data[0].text) == ["435.85", "42.42"]
    assert figure.layout.yaxis.autorange == "reversed"


def test_long_category_labels_wrap_for_phones():
    assert wrap_label("210 卫生健康支出") == "210 卫生健康支出"
    assert wrap_label("215 资源勘探工业信息等支出") == "215 资源勘探工业<br>信息等支出"
