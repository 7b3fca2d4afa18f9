"""An organization over the years and its 预算与决算, under a readable URL.

002 山阴县商务局 2025 states its 2024 amounts in its narrative (支出总计 2,021.06, 机关运行经费
13.50 万元); the 决算 beside it is derived in code (tests/budgets/derived.py: 90 % of each
budgeted amount, “三公”经费 80 %), since no sample pairs a budget with its 决算.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Disclosure, organization_slug
from tests.budgets.derived import final_from_budget
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


class TestReadableUrls:
    def test_an_organization_is_at_its_name(self, client, published_samples):
        shanyin = published_samples["002"].organization

        response = client.get(f"/organizations/{shanyin.name}/")

        assert shanyin.slug == "山阴县商务局"
        assert response.status_code == 200
        assert response.context["organization"] == shanyin

    def test_an_old_hash_url_redirects_for_good(self, client, published_samples):
        shanyin = published_samples["002"].organization
        shanyin.legacy_slug = organization_slug(shanyin.normalized_name)
        shanyin.save()

        old = client.get(f"/organizations/{shanyin.legacy_slug}/")
        old_execution = client.get(f"/organizations/{shanyin.legacy_slug}/2025/budget-vs-final/")

        assert old.status_code == 301
        assert old["Location"] == reverse("organization_detail", args=[shanyin.slug])
        assert old_execution.status_code == 301
        assert old_execution["Location"] == reverse(
            "organization_execution", args=[shanyin.slug, 2025]
        )
        assert client.get("/organizations/org-0000000000/").status_code == 404


class TestYearsSideBySide:
    def test_shows_last_year_as_the_narrative_states_it(self, client, published_samples):
        shanyin = published_samples["002"]

        response = client.get(reverse("organization_detail", args=[shanyin.organization.slug]))

        text = text_of(response)
        assert "历年数据：预算" in text
        assert '2024年<span class="sub">文件所述</span>' in text
        assert "2,021.06" in text and "13.50" in text  # 支出总计 and 机关运行经费 of 2024
        stated = reverse("disclosure_source", args=[shanyin.pk]) + "?lines=443-443#L443"
        assert stated in text
        assert "+12.5%" in text  # 2,272.82 on 2,021.06
        assert "下一年文件的情况说明中写明的上年数" in text

    def test_lists_budgets_finals_and_special_funds_apart(self, client, published_samples):
        shanyin = published_samples["002"]
        final = final_from_budget(shanyin)
        make_disclosure(
            organization=shanyin.organization,
            fiscal_year=2025,
            kind=Disclosure.Kind.SPECIAL_FUNDS,
            status="published",
            total_yuan=Decimal("4000000"),
        )

        response = client.get(reverse("organization_detail", args=[shanyin.organization.slug]))

        text = text_of(response)
        assert [g.label for g in response.context["history_groups"]] == ["预算", "决算", "专项资金"]
        assert "山阴县商务局的决算文件及与上年比较（万元，决算数）" in text
        assert "专项资金合计（万元）" in text
        assert reverse("disclosure_detail", args=[final.pk]) in text
        execution = reverse("organization_execution", args=[shanyin.organization.slug, 2025])
        assert execution in text
        # The chart shows budgets only, not a 决算 or a special-funds file beside them.
        assert response.context["totals_figure"]["data"][0]["x"] == ["2025年<br>部门预算"]

    def test_queries_are_bounded(self, client, published_samples, django_assert_max_num_queries):
        shanyin = published_samples["002"]
        final_from_budget(shanyin)
        for year in range(2015, 2024):
            make_disclosure(organization=shanyin.organization, fiscal_year=year, status="published")

        with django_assert_max_num_queries(5):
            response = client.get(reverse("organization_detail", args=[shanyin.organization.slug]))
        assert response.status_code == 200


class TestBudgetAgainstFinal:
    def test_sets_budget_and_final_side_by_side_with_links_to_both(self, client, published_samples):
        budget = published_samples["002"]
        final = final_from_budget(budget)

        response = client.get(
            reverse("organization_execution", args=[budget.organization.slug, 2025])
        )

        text = text_of(response)
        assert response.status_code == 200
        assert "2025年预算与决算" in text
        assert reverse("disclosure_detail", args=[budget.pk]) in text
        assert reverse("disclosure_detail", args=[final.pk]) in text
        # 201 一般公共服务支出: 489.39 budgeted, 440.45 spent, 90.0 %
        assert "489.39" in text and "440.45" in text and "90.0%" in text
        assert "-48.94" in text
        # “三公”经费: 1.50 budgeted, 1.20 spent (80.0 %), 1.50 as the 决算 prints it
        assert "1.20" in text and "80.0%" in text and "决算所列" in text
        line = budget.functional_lines.get(table="expenditure", code="201").line_start
        assert reverse("disclosure_source", args=[final.pk]) + f"?lines={line}-" in text
        assert "上年结转 / 年初结转和结余" in text

    def test_a_year_without_both_is_a_clear_404(self, client, published_samples):
        budget = published_samples["002"]

        response = client.get(
            reverse("organization_execution", args=[budget.organization.slug, 2025])
        )

        assert response.status_code == 404
        assert "山阴县商务局没有同时公开2025年的预算和决算" in text_of(response)

    def test_queries_are_bounded(self, client, published_samples, django_assert_max_num_queries):
        budget = published_samples["002"]
        final_from_budget(budget)

        with django_assert_max_num_queries(4):
            response = client.get(
                reverse("organization_execution", args=[budget.organization.slug, 2025])
            )
        assert response.status_code == 200


def test_each_document_in_the_history_states_its_review_as_findings(client, published_samples):
    """The history counts the review's findings (one per problem), as the document's page does,
    not the raw failed checks: 万里街道's 2023 budget has 错误, its 2025 one only a 提示."""
    wanli = Disclosure.objects.filter(
        original_filename__startswith="sh-putuo-wanli-", status=Disclosure.Status.PUBLISHED
    ).order_by("fiscal_year")
    older, newer = wanli
    assert older.review_errors > 0 and newer.review_errors == 0 and newer.review_notices > 0

    text = text_of(client.get(reverse("organization_detail", args=[older.organization.slug])))

    assert f"错误 {older.review_errors} 处" in text
    assert f"提示 {newer.review_notices} 处" in text
    assert "项未通过" not in text
