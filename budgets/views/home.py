"""The home page: what the portal holds, where from, and what was published last."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from budgets.selectors.organizations import (
    disclosure_recent,
    organizations_by_region,
    portal_overview,
)


def home(request: HttpRequest) -> HttpResponse:
    overview = portal_overview()
    context = {
        "overview": overview,
        "disclosure_count": overview.disclosure_count,
        "organization_count": overview.organization_count,
        "fiscal_years": overview.fiscal_years,
        "region_groups": organizations_by_region() if overview.disclosure_count else [],
        "recent": disclosure_recent() if overview.disclosure_count else [],
    }
    return render(request, "budgets/home.html", context)
