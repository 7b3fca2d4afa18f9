"""The JSON API: stable fields with real figures, pagination, filters, JSON 400/404 errors."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Disclosure
from budgets.views.api import MAX_PAGE_SIZE
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db

DISCLOSURE_FIELDS = {
    "id",
    "entity",
    "organization",
    "region",
    "fiscal_year",
    "kind",
    "kind_display",
    "version",
    "amount_unit",
    "published_at",
    "totals",
    "checks",
    "url",
    "html_url",
    "source_url",
    "download_url",
}


def test_api_index_documents_every_endpoint(client):
    response = client.get(reverse("api_index"))

    html = response.content.decode()
    assert response.status_code == 200
    for path in ("/api/organizations/", "/api/disclosures/", "/api/functions/"):
        assert path in html
    assert "page_size" in html
    assert "<caption>接口一览</caption>" in html


def test_disclosure_list_items_have_totals_in_wan_and_yuan(client, shanxi_samples):
    response = client.get(reverse("api_disclosure_list"), {"year": 2024})

    data = response.json()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert data["count"] == 1
    item = data["results"][0]
    assert set(item) == DISCLOSURE_FIELDS
    assert item["id"] == shanxi_samples["000"].pk
    assert item["entity"] == "晋城市商务局"
    assert item["fiscal_year"] == 2024
    assert item["kind"] == "unit_budget"
    assert item["totals"]["total"] == {"yuan": "23730000.00", "wan": "2373.00"}
    assert item["totals"]["basic"] == {"yuan": "10777600.00", "wan": "1077.76"}
    assert item["totals"]["project"] == {"yuan": "12952400.00", "wan": "1295.24"}
    assert item["totals"]["three_public"] == {"yuan": "5000.00", "wan": "0.50"}
    assert item["url"].endswith(f"/api/disclosures/{item['id']}/")


def test_disclosure_list_paginates_with_next_and_previous(client, shanxi_samples):
    first = client.get(reverse("api_disclosure_list"), {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert second["page"] == 2
    assert "page=1" in second["previous"]
    ids = [d["id"] for d in first["results"] + second["results"]]
    assert len(set(ids)) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, "page_size"),
        ({"year": "twenty"}, "year"),
        ({"kind": "budget"}, "kind"),
        ({"organization": "no-such-org"}, "organization"),
    ],
)
def test_disclosure_list_rejects_bad_parameters_with_json_400(client, params, field):
    response = client.get(reverse("api_disclosure_list"), params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert field in error["fields"]


def test_page_past_the_end_is_a_json_404(client, published_samples):
    response = client.get(reverse("api_disclosure_list"), {"page": 99})

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_disclosure_list_filters_by_organization_slug_or_id_and_kind(client, published_samples):
    organization = published_samples["002"].organization

    by_slug = client.get(reverse("api_disclosure_list"), {"organization": organization.slug})
    by_id = client.get(reverse("api_disclosure_list"), {"organization": organization.pk})
    by_kind = client.get(reverse("api_disclosure_list"), {"kind": "special_funds"})

    assert [d["entity"] for d in by_slug.json()["results"]] == ["山阴县商务局"]
    assert by_id.json()["results"] == by_slug.json()["results"]
    assert [d["entity"] for d in by_kind.json()["results"]] == ["阳泉市商务局"]


def test_disclosure_list_leaves_out_unpublished_disclosures(client, shanxi_samples):
    make_disclosure(status=Disclosure.Status.PARSED, fiscal_year=2024)

    response = client.get(reverse("api_disclosure_list"), {"year": 2024})

    assert [d["entity"] for d in response.json()["results"]] == ["晋城市商务局"]


def test_disclosure_list_queries_are_bounded(
    client, published_samples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        client.get(reverse("api_disclosure_list"), {"page_size": MAX_PAGE_SIZE})


def test_organization_list_counts_published_disclosures(client, published_samples):
    response = client.get(reverse("api_organization_list"), {"q": "商务局"})

    data = response.json()
    names = [o["name"] for o in data["results"]]
    assert sorted(names) == sorted(["晋城市商务局", "山阴县商务局", "阳泉市商务局"])
    assert {o["disclosure_count"] for o in data["results"]} == {1}
    assert data["results"][0]["disclosures_url"].startswith("http://testserver/api/disclosures/")


def test_organization_list_filters_by_region_including_counties(client, published_samples):
    shuozhou = published_samples["002"].organization.region.parent

    response = client.get(reverse("api_organization_list"), {"region": shuozhou.pk})

    assert [o["name"] for o in response.json()["results"]] == ["山阴县商务局"]


def test_disclosure_detail_holds_the_parse_and_stored_rows_with_sources(
    client, published_samples, django_assert_max_num_queries
):
    disclosure = published_samples["000"]

    with django_assert_max_num_queries(12):
        response = client.get(reverse("api_disclosure_detail", args=[disclosure.pk]))

    data = response.json()
    assert response.status_code == 200
    assert data["id"] == disclosure.pk
    assert data["document"]["entity"] == "晋城市商务局"
    assert data["document"]["fiscal_year"] == 2024
    assert Decimal(str(data["document"]["summary"]["expenditure_total"])) == Decimal("2373.00")
    lines = [row for row in data["rows"]["functional_lines"] if row["table"] == "expenditure"]
    admin = next(row for row in lines if row["code"] == "2011301")
    assert admin["name"] == "行政运行"
    assert admin["total_yuan"] == "4358500.00"
    assert admin["source"]["lines"][0] >= 1
    assert admin["source"]["url"].endswith(
        f"/disclosures/{disclosure.pk}/source/#L{admin['source']['lines'][0]}"
    )
    assert len(data["rows"]["projects"]) == 21
    target = data["rows"]["performance_targets"][0]
    assert target["indicators"] and "level1" in target["indicators"][0]
    assert data["rows"]["validation_checks"]


def test_unknown_or_unpublished_disclosure_is_a_json_404(client, published_samples):
    draft = make_disclosure(status=Disclosure.Status.PARSED)

    for pk in (draft.pk, 999999):
        response = client.get(reverse("api_disclosure_detail", args=[pk]))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["status"] == 404


def test_function_detail_ranks_disclosures_by_amount(client, shanxi_samples):
    response = client.get(reverse("api_function_detail", args=["2011301"]))

    data = response.json()
    assert data["function"] == {
        "code": "2011301",
        "name": "行政运行",
        "level": "item",
        "level_display": "项",
        "fiscal_year": 2025,
    }
    assert [(r["entity"], r["total"]["wan"]) for r in data["results"]] == [
        ("晋城市商务局", "435.85"),
        ("山阴县商务局", "42.42"),
    ]
    assert data["total"] == {"yuan": "4782700.00", "wan": "478.27"}
    assert data["results"][0]["share_of_disclosure_total"] == "0.1837"


def test_function_detail_filters_by_year(client, shanxi_samples):
    response = client.get(reverse("api_function_detail", args=["2011301"]), {"year": 2025})

    assert [r["entity"] for r in response.json()["results"]] == ["山阴县商务局"]


def test_function_detail_rejects_bad_year_and_unknown_code(client, published_samples):
    bad_year = client.get(reverse("api_function_detail", args=["2011301"]), {"year": "x"})
    unknown = client.get(reverse("api_function_detail", args=["9999999"]))
    malformed = client.get(reverse("api_function_detail", args=["abc"]))

    assert bad_year.status_code == 400
    assert unknown.status_code == 404
    assert malformed.status_code == 404


def test_api_is_read_only(client):
    response = client.post(reverse("api_disclosure_list"))

    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405
    assert response["Allow"] == "GET, HEAD"
