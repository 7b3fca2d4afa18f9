"""Links to a disclosure never break: earlier versions stay marked with their successor, a
withdrawn document says when and why, and 版本差异 lists what changed between two versions.

The second version is 002 山阴县商务局 2025 with 消费券资金 at 410.00 instead of 400.00 万元
(line 415; tests/budgets/derived.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.models import Disclosure
from budgets.page_cache import CACHE_HEADER
from ingest.models import IngestRun
from ingest.services import run_publish, run_unpublish
from tests.budgets.derived import corrected_version
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db

DOCUMENT_PAGES = ("disclosure_detail", "disclosure_check_list", "disclosure_source")


def withdraw(disclosure: Disclosure, reason: str) -> Disclosure:
    disclosure.status = Disclosure.Status.PARSED
    disclosure.withdrawn_at = timezone.now()
    disclosure.withdrawal_reason = reason
    disclosure.save()
    return disclosure


class TestWithdrawn:
    def test_every_page_of_a_withdrawn_document_says_when_and_why(self, client, published_samples):
        disclosure = withdraw(published_samples["003"], "表5与表1—4不一致，待部门更正")

        for name in (*DOCUMENT_PAGES, "disclosure_download", "disclosure_changes"):
            response = client.get(reverse(name, args=[disclosure.pk]))
            text = response.content.decode()
            assert response.status_code == 410, name
            assert "已撤回" in text and "表5与表1—4不一致，待部门更正" in text
            assert timezone.localtime(disclosure.withdrawn_at).strftime("%Y年%-m月%-d日") in text
            assert "Traceback" not in text and "Not Found" not in text

    def test_the_withdrawn_page_leads_to_the_versions_still_public(self, client, published_samples):
        old = published_samples["002"]
        new = withdraw(corrected_version(), "误传")

        text = client.get(reverse("disclosure_detail", args=[new.pk])).content.decode()

        assert reverse("disclosure_detail", args=[old.pk]) in text
        assert "第1版</a>（旧版本）" in text
        earlier = client.get(reverse("disclosure_detail", args=[old.pk])).content.decode()
        assert "取代它的新版本已撤回" in earlier
        # Nothing of 山阴 is published now: no link to an organization page that would be 404.
        assert reverse("organization_detail", args=[old.organization.slug]) not in text
        assert reverse("organization_list") in text

    def test_withdrawn_page_queries_are_bounded(
        self, client, published_samples, django_assert_max_num_queries
    ):
        disclosure = withdraw(published_samples["003"], "误传")

        with django_assert_max_num_queries(6):
            response = client.get(reverse("disclosure_detail", args=[disclosure.pk]))
        assert response.status_code == 410

    def test_the_page_cache_serves_no_stale_page_after_withdrawal_or_republishing(
        self, client, published_samples, django_capture_on_commit_callbacks
    ):
        """Unpublishing through the review service moves the document's freshness stamp and
        drops the list pages at once; the withdrawn answer itself is never cached."""
        disclosure = corrected_version()
        run = IngestRun.objects.create(
            disclosure=disclosure,
            source_file=disclosure.source_file.name,
            sha256=disclosure.sha256,
            original_filename=disclosure.original_filename,
            status=IngestRun.Status.PUBLISHED,
        )
        url = reverse("disclosure_detail", args=[disclosure.pk])
        organization = reverse("organization_detail", args=[disclosure.organization.slug])
        assert client.get(url)[CACHE_HEADER] == "miss"
        assert client.get(url)[CACHE_HEADER] == "hit"
        assert client.get(organization)[CACHE_HEADER] == "miss"

        with django_capture_on_commit_callbacks(execute=True):
            run_unpublish(run=run, actor=None, reason="误发布")

        gone, again = client.get(url), client.get(url)
        assert (gone.status_code, gone[CACHE_HEADER]) == (410, "miss")
        assert (again.status_code, again[CACHE_HEADER]) == (410, "miss")  # never stored
        # Nothing of 山阴 is published any more: its page is gone too, not served stale.
        assert client.get(organization).status_code == 404

        with django_capture_on_commit_callbacks(execute=True):
            run_publish(run=IngestRun.objects.get(pk=run.pk), actor=None)

        back = client.get(url)
        assert back.status_code == 200 and back[CACHE_HEADER] == "miss"

    def test_a_document_never_published_is_still_not_found(self, client, published_samples):
        draft = make_disclosure(status=Disclosure.Status.PARSED)

        assert client.get(reverse("disclosure_detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("disclosure_changes", args=[draft.pk])).status_code == 404


class TestChanges:
    def test_lists_what_changed_figure_by_figure_and_check_by_check(
        self, client, published_samples
    ):
        old = published_samples["002"]
        new = corrected_version()

        response = client.get(reverse("disclosure_changes", args=[new.pk]))

        text = response.content.decode()
        assert response.status_code == 200
        assert response.context["changes"].old == old
        assert "从 <a" in text and "第1版</a>" in text and "第2版</a>" in text
        assert "消费券资金（本年预算）" in text
        assert "400.00" in text and "410.00" in text and "+10.00" in text
        old_line = reverse("disclosure_source", args=[old.pk]) + "?lines=415-415#L415"
        new_line = reverse("disclosure_source", args=[new.pk]) + "?lines=415-415#L415"
        assert old_line in text and new_line in text
        assert "项目支出合计" in text and "未通过（不一致）" in text
        assert "没有变化（27 项相同）" in text  # the summary figures

    def test_the_order_of_the_two_versions_does_not_matter(self, client, published_samples):
        old = published_samples["002"]
        new = corrected_version()

        response = client.get(reverse("disclosure_changes", args=[old.pk]))
        asked = client.get(reverse("disclosure_changes", args=[new.pk]), {"from": old.pk})

        assert (response.context["changes"].old, response.context["changes"].new) == (old, new)
        assert (asked.context["changes"].old, asked.context["changes"].new) == (old, new)

    def test_a_document_with_one_version_says_so(self, client, published_samples):
        response = client.get(
            reverse("disclosure_changes", args=[published_samples["000"].pk]), {"from": "x"}
        )

        assert response.status_code == 200
        assert "只有一个公开版本" in response.content.decode()

    def test_queries_are_bounded(self, client, published_samples, django_assert_max_num_queries):
        new = corrected_version()

        with django_assert_max_num_queries(9):
            response = client.get(reverse("disclosure_changes", args=[new.pk]))
        assert response.status_code == 200


class TestEarlierVersion:
    def test_an_earlier_version_links_to_the_current_one_and_the_changes(
        self, client, published_samples
    ):
        old = published_samples["002"]
        new = corrected_version()

        text = client.get(reverse("disclosure_detail", args=[old.pk])).content.decode()

        assert "此版本已被新版本取代（这是旧的第1版）" in text
        assert f'href="{reverse("disclosure_detail", args=[new.pk])}">查看当前的第2版' in text
        assert reverse("disclosure_changes", args=[new.pk]) + f"?from={old.pk}" in text
        for name in DOCUMENT_PAGES:
            assert client.get(reverse(name, args=[old.pk])).status_code == 200, name


class TestCitation:
    def test_the_page_cites_the_department_source_and_its_own_address(
        self, client, published_samples
    ):
        disclosure = published_samples["000"]
        disclosure.source_url = "https://www.jcsw.gov.cn/zwgk/ys/2024.html"
        disclosure.source_published_on = timezone.localdate().replace(year=2024, month=2, day=5)
        disclosure.save()

        text = client.get(reverse("disclosure_detail", args=[disclosure.pk])).content.decode()

        assert "引用本文件" in text
        assert "晋城市商务局：《2024年单位预算》，2024年2月5日公开" in text
        assert 'href="https://www.jcsw.gov.cn/zwgk/ys/2024.html"' in text
        assert f"http://testserver{reverse('disclosure_detail', args=[disclosure.pk])}" in text

    def test_without_a_recorded_source_it_says_so(self, client, published_samples):
        text = client.get(
            reverse("disclosure_detail", args=[published_samples["000"].pk])
        ).content.decode()

        assert "部门的发布网址尚未登记" in text
