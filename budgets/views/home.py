"""The home page: what the portal holds, or that it holds nothing yet."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from budgets.models import Disclosure, Organization


def home(request: HttpRequest) -> HttpResponse:
    published = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
    context = {
        "disclosure_count": published.count(),
        "organization_count": Organization.objects.filter(disclosures__in=published)
        .distinct()
        .count(),
        "fiscal_years": sorted(
            published.values_list("fiscal_year", flat=True).distinct(), reverse=True
        ),
    }
    return render(request, "home.html", context)
