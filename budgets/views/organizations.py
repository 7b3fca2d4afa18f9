"""The organization list (filter, sort, export) and one organization across years."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from budgets.charts.organizations import totals_by_year_spec
from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.filters.organizations import OrganizationFilter
from budgets.pagination import CappedPaginator
from budgets.selectors.disclosures import disclosure_published_queryset
from budgets.selectors.exports import organization_sheet
from budgets.selectors.organizations import (
    organization_history,
    organization_public_queryset,
    organization_rows,
    organization_units,
    region_path,
)
from budgets.tables.organizations import OrganizationTable

PER_PAGE = 25


def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilter(request.GET or None, queryset=disclosure_published_queryset())
    table = OrganizationTable(organization_rows(disclosures=filterset.qs))
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        sheet = organization_sheet(table=table, links=SourceLinks(request))
        return sheets_response(
            sheets=[sheet], export_format=export_format, filename="organizations"
        )
    paginate = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}
    RequestConfig(request, paginate=paginate).configure(table)
    return render(request, "budgets/organization_list.html", {"filter": filterset, "table": table})


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(organization_public_queryset(), slug=slug)
    history = organization_history(organization=organization)
    context = {
        "organization": organization,
        "region_label": region_path(organization.region),
        "history": history,
        "units": organization_units(organization=organization),
        "totals_figure": totals_by_year_spec([row.disclosure for row in history]),
    }
    return render(request, "budgets/organization_detail.html", context)
