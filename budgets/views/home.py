"""The home page: what the portal holds, where from, and what was published last."""

from collections.abc import Sequence
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from budgets.selectors.organizations import (
    RegionGroup,
    disclosure_recent,
    organizations_by_region,
    portal_overview,
)

SLUG_PLACEHOLDER = "organization-slug"


def home(request: HttpRequest) -> HttpResponse:
    overview = portal_overview()
    region_groups = organizations_by_region() if overview.disclosure_count else []
    context = {
        "overview": overview,
        "disclosure_count": overview.disclosure_count,
        "organization_count": overview.organization_count,
        "fiscal_years": overview.fiscal_years,
        "headline": overview.headline,
        "region_groups": region_groups,
        "region_links": _organization_links(region_groups),
        "recent": disclosure_recent() if overview.disclosure_count else [],
    }
    return render(request, "budgets/home.html", context)


def _organization_links(
    groups: Sequence[RegionGroup],
) -> list[tuple[RegionGroup, list[tuple[str, str]]]]:
    """Each group with its organizations' (name, URL). The page links some 1,500
    organizations at 10,000 disclosures: the URL is reversed once and filled in with each
    slug, not reversed per link in the template (20 ms a page)."""
    before, _, after = reverse("organization_detail", args=[SLUG_PLACEHOLDER]).rpartition(
        SLUG_PLACEHOLDER
    )
    return [
        (group, [(o.name, f"{before}{quote(o.slug)}{after}") for o in group.organizations])
        for group in groups
    ]
