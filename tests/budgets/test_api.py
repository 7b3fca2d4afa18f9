"""The JSON API: stable fields with real figures, pagination, filters, JSON errors of every
kind, the OpenAPI description, and the endpoints of the function tree, rankings, compare,
indicators, search and regions."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.exceptions import ValidationError

from budgets.api_base import MAX_PAGE_SIZE, api_exception_handler
from budgets.models import Disclosure, FunctionalLine
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


def test_disclosure_detail_holds_every_stored_row_once_with_its_lines(
    client, published_samples, django_assert_max_num_queries
):
    disclosure = published_samples["000"]

    with django_assert_max_num_queries(12):
        response = client.get(reverse("api_disclosure_detail", args=[disclosure.pk]))

    data = response.json()
    assert response.status_code == 200
    assert data["id"] == disclosure.pk
    assert data["status"] == "published"
    assert data["current_version"] is None
    assert "document" not in data
    assert data["document_url"].endswith(f"/api/disclosures/{disclosure.pk}/document/")
    assert data["source_link_template"].endswith(
        f"/disclosures/{disclosure.pk}/source/?lines={{start}}-{{end}}#L{{start}}"
    )
    lines = [row for row in data["rows"]["functional_lines"] if row["table"] == "expenditure"]
    admin = next(row for row in lines if row["code"] == "2011301")
    stored = FunctionalLine.objects.get(pk=admin["id"])
    assert admin["name"] == "行政运行"
    assert admin["total_yuan"] == "4358500.00"
    assert admin["lines"] == [stored.line_start, stored.line_end]
    assert "source" not in admin
    assert len(data["rows"]["projects"]) == 21
    target = data["rows"]["performance_targets"][0]
    assert target["indicators"] and "level1" in target["indicators"][0]
    assert data["rows"]["validation_checks"]
    reception = next(f for f in data["rows"]["figures"] if f["key"] == "reception")
    assert reception["label"] == "“三公”经费 · 公务接待费"
    assert reception["amount_yuan"] == "5000.00"


def test_disclosure_detail_is_a_third_of_what_it_was(client, published_samples):
    """The parse JSON and a viewer URL per row made the answer 344 KB; each is now given once."""
    disclosure = published_samples["000"]

    compact = client.get(reverse("api_disclosure_detail", args=[disclosure.pk]))
    full = client.get(
        reverse("api_disclosure_detail", args=[disclosure.pk]),
        {"include": "document,source_urls"},
    )

    assert len(compact.content) * 2.5 < len(full.content)
    data = full.json()
    assert data["document"]["entity"] == "晋城市商务局"
    assert Decimal(str(data["document"]["summary"]["expenditure_total"])) == Decimal("2373.00")
    row = data["rows"]["functional_lines"][0]
    assert row["source"]["url"].endswith(
        f"/disclosures/{disclosure.pk}/source/?lines={row['lines'][0]}-{row['lines'][1]}"
        f"#L{row['lines'][0]}"
    )


def test_disclosure_document_is_the_parse_json(client, published_samples):
    disclosure = published_samples["002"]

    response = client.get(reverse("api_disclosure_document", args=[disclosure.pk]))

    assert response.status_code == 200
    assert response.json()["entity"] == "山阴县商务局"


def test_bad_include_is_a_json_400(client, published_samples):
    response = client.get(
        reverse("api_disclosure_detail", args=[published_samples["000"].pk]), {"include": "x"}
    )

    assert response.status_code == 400
    assert "include" in response.json()["error"]["fields"]


def versions_of_one_document():
    old = make_disclosure(status=Disclosure.Status.SUPERSEDED, version=1)
    new = make_disclosure(
        status=Disclosure.Status.PUBLISHED,
        version=2,
        organization=old.organization,
        supersedes=old,
    )
    return old, new


def test_a_superseded_version_still_answers_and_names_the_current_one(client, published_samples):
    old, new = versions_of_one_document()

    response = client.get(reverse("api_disclosure_detail", args=[old.pk]))

    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "superseded"
    assert data["status_display"] == "已被新版本取代"
    assert data["current_version"]["id"] == new.pk
    assert data["current_version"]["url"].endswith(f"/api/disclosures/{new.pk}/")


def test_compare_given_an_old_id_compares_the_current_version(client, published_samples):
    old, new = versions_of_one_document()
    other = published_samples["000"]

    response = client.get(reverse("api_compare"), {"d": [old.pk, other.pk]})

    data = response.json()
    assert response.status_code == 200
    assert data["replaced"] == [{"requested": old.pk, "current": new.pk}]
    assert [d["id"] for d in data["disclosures"]] == [new.pk, other.pk]


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


def test_a_post_is_a_json_405_even_with_csrf_checks(published_samples):
    """The API has no sign-in, so no CSRF token: a POST reaches it and is refused in JSON."""
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("api_function_detail", args=["2011301"]))

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/api/nothing/", "/api/functions/2011301/extra/", "/api/x"])
def test_any_other_api_address_is_a_json_404(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["status"] == 404


def test_an_unexpected_error_is_a_json_500():
    response = api_exception_handler(RuntimeError("database gone"), {})

    assert response.status_code == 500
    assert response.data["error"]["status"] == 500
    assert "database gone" not in str(response.data)


def test_a_validation_error_names_its_parameter():
    response = api_exception_handler(ValidationError({"year": ["输入整数。"]}), {})

    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"year": ["输入整数。"]}


def test_the_openapi_description_is_valid_and_lists_every_endpoint(client):
    response = client.get(reverse("api_schema"))

    schema = response.json()
    assert response.status_code == 200
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/organizations/",
        "/api/disclosures/",
        "/api/disclosures/{id}/",
        "/api/disclosures/{id}/document/",
        "/api/functions/",
        "/api/functions/{code}/",
        "/api/compare/",
        "/api/indicators/",
        "/api/search/",
        "/api/regions/",
    ):
        assert path in schema["paths"], path
    listed = schema["paths"]["/api/disclosures/"]["get"]["responses"]["200"]
    assert "Paginated" in listed["content"]["application/json"]["schema"]["$ref"]


def test_the_index_links_to_the_openapi_description(client):
    html = client.get(reverse("api_index")).content.decode()

    assert f'href="{reverse("api_schema")}"' in html


def test_function_tree_nests_codes_with_their_totals(client, published_samples):
    response = client.get(reverse("api_function_tree"), {"year": 2024})

    data = response.json()
    general = next(node for node in data["results"] if node["code"] == "201")
    section = next(node for node in general["children"] if node["code"] == "20113")
    item = next(node for node in section["children"] if node["code"] == "2011301")
    assert item["total"] == {"yuan": "4358500.00", "wan": "435.85"}
    assert item["disclosure_count"] == 1
    assert item["url"].endswith("/api/functions/2011301/")


def test_function_tree_rejects_a_bad_year(client):
    response = client.get(reverse("api_function_tree"), {"year": "x"})

    assert response.status_code == 400
    assert "year" in response.json()["error"]["fields"]


def test_indicators_are_searched_and_paged(client, published_samples):
    response = client.get(reverse("api_indicator_list"), {"q": "满意度", "page_size": 5})

    data = response.json()
    assert data["count"] > 10
    assert len(data["results"]) == 5
    first = data["results"][0]
    assert "满意度" in first["level3"] + first["value"] + first["level2"]
    assert first["source_url"].endswith(f"#L{first['lines'][0]}")


def test_indicators_reject_an_unknown_level(client, published_samples):
    response = client.get(reverse("api_indicator_list"), {"level1": "没有这种指标"})

    assert response.status_code == 400
    assert "level1" in response.json()["error"]["fields"]


def test_search_finds_a_code_in_every_disclosure(client, published_samples):
    response = client.get(reverse("api_search"), {"q": "2011301"})

    data = response.json()
    functions = next(group for group in data["groups"] if group["key"] == "functions")
    assert {
        (hit["disclosure"]["entity"], hit["printed_amount"]) for hit in functions["results"]
    } == {
        ("晋城市商务局", "435.85 万元"),
        ("山阴县商务局", "42.42 万元"),
        ("上海市普陀区商务委员会", "9,389,913.00 元"),  # a 元 table, shown in 元
    }
    hit = functions["results"][0]
    assert hit["source_url"].endswith(
        f"?lines={hit['lines'][0]}-{hit['lines'][1]}#L{hit['lines'][0]}"
    )
    assert [code["code"] for code in data["codes"]] == ["2011301"]


def test_search_rejects_an_unknown_type(client):
    response = client.get(reverse("api_search"), {"q": "商务", "type": "people"})

    assert response.status_code == 400
    assert "type" in response.json()["error"]["fields"]


def test_regions_list_the_regions_of_published_disclosures(client, published_samples):
    response = client.get(reverse("api_region_list"))

    names = {region["name"] for region in response.json()}
    assert {"山西省", "晋城市", "山阴县", "朔州市"} <= names
    assert all("code" in region for region in response.json())


def test_a_region_is_given_by_its_official_code(client, published_samples):
    shanyin = published_samples["002"].organization.region
    shuozhou = shanyin.parent

    by_code = client.get(reverse("api_organization_list"), {"region": shuozhou.code})
    ranking = client.get(
        reverse("api_function_detail", args=["2011301"]), {"region": shuozhou.code}
    )

    assert shuozhou.code == "140600"
    assert [o["name"] for o in by_code.json()["results"]] == ["山阴县商务局"]
    assert by_code.json()["results"][0]["region"]["code"] == shanyin.code
    assert [r["entity"] for r in ranking.json()["results"]] == ["山阴县商务局"]


def test_an_unknown_region_code_is_a_json_400(client, published_samples):
    response = client.get(reverse("api_disclosure_list"), {"region": "999999"})

    assert response.status_code == 400
    assert "region" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("name", "params", "most"),
    [
        ("api_function_tree", {}, 2),
        ("api_indicator_list", {"q": "满意度"}, 7),
        ("api_search", {"q": "行政运行"}, 16),
        ("api_region_list", {}, 1),
    ],
)
def test_new_endpoints_issue_a_bounded_number_of_queries(
    client, published_samples, django_assert_max_num_queries, name, params, most
):
    with django_assert_max_num_queries(most):
        response = client.get(reverse(name), params)
    assert response.status_code == 200


def test_compare_issues_a_bounded_number_of_queries(
    client, published_samples, django_assert_max_num_queries
):
    ids = [d.pk for d in published_samples.values()]
    with django_assert_max_num_queries(6):
        response = client.get(reverse("api_compare"), {"d": ids})
    assert len(response.json()["disclosures"]) == len(ids)


def test_compare_needs_two_disclosures(client, published_samples):
    response = client.get(reverse("api_compare"), {"d": published_samples["000"].pk})

    assert response.status_code == 400
    assert "d" in response.json()["error"]["fields"]


def test_api_answers_are_cached_for_anonymous_visitors(client, published_samples, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    url = reverse("api_function_tree") + "?year=2023"

    first = client.get(url)
    second = client.get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.json() == first.json()
    assert second["Content-Type"] == "application/json"
