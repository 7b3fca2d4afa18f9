"""The public pages' response cache: hits, what makes a page stale, what is never stored."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgets.models import Disclosure
from budgets.page_cache import CACHE_HEADER, document_stamp, public_pages_invalidate
from ingest.services import disclosure_ingest
from tests.conftest import SAMPLES_DIR


def sample_bytes(prefix: str) -> tuple[str, bytes]:
    path = next(SAMPLES_DIR.glob(f"{prefix}_*.txt"))
    return path.name, path.read_bytes()


class TestListPages:
    def test_a_second_visit_is_served_from_the_cache_without_queries(
        self, client, published_samples, django_assert_num_queries
    ):
        first = client.get(reverse("organization_list"), {"sort": "-total"})

        with django_assert_num_queries(0):
            second = client.get(reverse("organization_list"), {"sort": "-total"})

        assert first[CACHE_HEADER] == "miss" and second[CACHE_HEADER] == "hit"
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]

    def test_each_query_string_is_its_own_page(self, client, published_samples):
        client.get(reverse("organization_list"), {"sort": "-total"})

        other = client.get(reverse("organization_list"), {"sort": "name"})

        assert other[CACHE_HEADER] == "miss"

    def test_publishing_shows_on_the_lists_at_once(
        self, client, published_samples, django_capture_on_commit_callbacks
    ):
        name, data = sample_bytes("002")
        renamed = data.decode("utf-8").replace("山阴县商务局", "山阴县缓存测试局").encode()
        assert client.get(reverse("home"))[CACHE_HEADER] == "miss"
        assert client.get(reverse("home"))[CACHE_HEADER] == "hit"

        with django_capture_on_commit_callbacks(execute=True):
            outcome = disclosure_ingest(data=renamed, filename=f"renamed-{name}", publish=True)

        response = client.get(reverse("organization_list"), {"q": "缓存测试"})
        assert outcome.disclosure.status == Disclosure.Status.PUBLISHED
        assert client.get(reverse("home"))[CACHE_HEADER] == "miss"
        assert "山阴县缓存测试局" in response.content.decode()

    def test_exports_are_cached_as_downloads(self, client, published_samples):
        client.get(reverse("organization_list"), {"export": "csv"})

        again = client.get(reverse("organization_list"), {"export": "csv"})

        assert again[CACHE_HEADER] == "hit"
        assert again["Content-Type"].startswith("text/csv")
        assert "attachment" in again["Content-Disposition"]


class TestDocumentPages:
    def test_a_second_visit_costs_one_query(
        self, client, published_samples, django_assert_num_queries
    ):
        url = reverse("disclosure_detail", args=[published_samples["000"].pk])
        first = client.get(url)

        with django_assert_num_queries(1):  # the document's freshness stamp
            second = client.get(url)

        assert second[CACHE_HEADER] == "hit"
        assert second.content == first.content

    def test_a_new_version_marks_the_old_page_superseded_at_once(
        self, client, published_samples, django_capture_on_commit_callbacks
    ):
        old = published_samples["004"]
        url = reverse("disclosure_detail", args=[old.pk])
        assert "此版本已被新版本取代" not in client.get(url).content.decode()
        name, data = sample_bytes("004")

        with django_capture_on_commit_callbacks(execute=True):
            disclosure_ingest(data=data + "\n（更正版）\n".encode(), filename=name, publish=True)

        response = client.get(url)
        assert response[CACHE_HEADER] == "miss"
        assert "此版本已被新版本取代" in response.content.decode()

    def test_an_unpublished_document_is_gone_at_once(self, client, published_samples):
        disclosure = published_samples["003"]
        url = reverse("disclosure_detail", args=[disclosure.pk])
        assert client.get(url).status_code == 200

        disclosure.status = Disclosure.Status.PARSED
        disclosure.save(update_fields=["status", "updated_at"])

        assert client.get(url).status_code == 404

    def test_the_stamp_changes_with_any_version_of_the_document(self, published_samples):
        disclosure = published_samples["001"]
        before = document_stamp(disclosure.pk)

        disclosure.save(update_fields=["updated_at"])

        assert document_stamp(disclosure.pk) not in (None, before)
        assert document_stamp(0) is None


class TestNeverStored:
    def test_not_found_pages(self, client, published_samples):
        client.get("/disclosures/999999/")

        response = client.get("/disclosures/999999/")

        assert response.status_code == 404
        assert CACHE_HEADER not in response

    def test_signed_in_users_see_pages_built_afresh(self, client, published_samples):
        user = get_user_model().objects.create_user("editor", password="x")
        client.force_login(user)
        client.get(reverse("home"))

        response = client.get(reverse("home"))

        assert CACHE_HEADER not in response

    def test_nothing_when_turned_off(self, client, published_samples, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 0
        client.get(reverse("home"))

        response = client.get(reverse("home"))

        assert CACHE_HEADER not in response


def test_invalidating_starts_a_new_version_of_every_list_page(client, published_samples):
    client.get(reverse("function_tree"))

    public_pages_invalidate()

    assert client.get(reverse("function_tree"))[CACHE_HEADER] == "miss"
    assert client.get(reverse("function_tree"))[CACHE_HEADER] == "hit"


@pytest.mark.parametrize("name", ["search", "indicator_list", "api_disclosure_list"])
def test_other_list_pages_are_cached_too(client, published_samples, name):
    client.get(reverse(name), {"q": "商务"})

    assert client.get(reverse(name), {"q": "商务"})[CACHE_HEADER] == "hit"
