"""The home page of an empty portal says that it holds nothing yet."""

import pytest
from django.urls import reverse

from tests.conftest import make_disclosure


@pytest.mark.django_db
def test_home_page_of_an_empty_portal_says_so(client, empty_portal):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "尚未载入任何预算公开文件" in response.content.decode()


@pytest.mark.django_db
def test_home_page_counts_published_disclosures(client, empty_portal):
    make_disclosure(status="published")
    make_disclosure(status="parsed")

    response = client.get(reverse("home"))

    assert response.context["disclosure_count"] == 1
    assert "尚未载入" not in response.content.decode()


@pytest.mark.django_db
def test_home_links_every_listed_organization_to_its_page(client, shanxi_samples):
    response = client.get(reverse("home"))

    html = response.content.decode()
    links = [link for _, group_links in response.context["region_links"] for link in group_links]
    assert len(links) == len(shanxi_samples)
    for disclosure in shanxi_samples.values():
        organization = disclosure.organization
        url = reverse("organization_detail", args=[organization.slug])
        assert (organization.name, url) in links
        assert f'<a href="{url}">{organization.name}</a>' in html
