"""The organization list (filter, sort, export), one organization across years, and its
预算与决算 view of a year.

Organization URLs are readable (/organizations/晋城市商务局/); the old /organizations/org-<hash>/
ones redirect there permanently, so links shared before keep working.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from budgets.charts.organizations import totals_by_year_spec
from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.filters.organizations import OrganizationFilter
from budgets.kinds import Basis, basis_of, basis_term
from budgets.models import Organization
from budgets.pagination import CappedPaginator
from budgets.selectors.disclosures import disclosure_published_queryset
from budgets.selectors.execution import execution_build, execution_pair_get, execution_pairs
from budgets.selectors.exports import organization_sheet
from budgets.selectors.organizations import (
    history_groups,
    organization_history,
    organization_public_queryset,
    organization_rows,
    organization_units,
    region_path,
)
from budgets.selectors.trends import organization_disclosures, organization_trends
from budgets.tables.organizations import OrganizationTable

PER_PAGE = 25
NO_PAIR_MESSAGE = "{organization}没有同时公开{year}年的预算和决算，无法对照。"


def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilter(request.GET or None, queryset=disclosure_published_queryset())
    table = OrganizationTable(organization_rows(disclosures=filterset.qs), basis=filterset.basis)
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


def _organization_or_redirect(
    slug: str, view_name: str, **kwargs: object
) -> Organization | HttpResponse:
    """The public organization of ``slug``; for an old "org-<hash>" slug, a permanent
    redirect to the same page under the readable one."""
    organization = organization_public_queryset().filter(slug=slug).first()
    if organization is not None:
        return organization
    moved = organization_public_queryset().filter(legacy_slug=slug).first()
    if moved is None:
        raise Http404("没有这个预算单位。")
    return redirect(view_name, slug=moved.slug, permanent=True, **kwargs)


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_or_redirect(slug, "organization_detail")
    if isinstance(organization, HttpResponse):
        return organization
    disclosures = organization_disclosures(organization_id=organization.pk)
    history = organization_history(disclosures=disclosures)
    groups = history_groups(history=history)
    # The chart shows one basis (budgets if there are any): bars of 决算 or special funds
    # beside budgets would read as one series.
    charted = groups[0].basis if groups else Basis.BUDGET
    context = {
        "organization": organization,
        "region_label": region_path(organization.region),
        "history": history,
        "history_groups": groups,
        "trends": organization_trends(disclosures=disclosures),
        "pairs": sorted(execution_pairs(disclosures=disclosures).items(), reverse=True),
        "units": organization_units(organization=organization),
        "chart_label": basis_term(charted, "documents"),
        "totals_figure": totals_by_year_spec(
            [row.disclosure for row in history if basis_of(row.disclosure.kind) == charted]
        ),
    }
    return render(request, "budgets/organization_detail.html", context)


def organization_execution(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """预算与决算: the organization's budget and 决算 of ``year`` side by side."""
    organization = _organization_or_redirect(slug, "organization_execution", year=year)
    if isinstance(organization, HttpResponse):
        return organization
    pair = execution_pair_get(organization_id=organization.pk, fiscal_year=year)
    context = {
        "organization": organization,
        "year": year,
        "execution": execution_build(budget=pair[0], final=pair[1]) if pair else None,
        "message": NO_PAIR_MESSAGE.format(organization=organization.name, year=year),
    }
    return render(
        request, "budgets/organization_execution.html", context, status=200 if pair else 404
    )
