"""The transparency index (/transparency/): disclosures ranked by completeness and by errors."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.filters.transparency import TransparencyFilter
from budgets.pagination import CappedPaginator
from budgets.selectors.transparency import (
    ORDERS,
    transparency_candidates,
    transparency_rows,
    transparency_sheet,
)
from budgets.tables.transparency import TransparencyTable

PER_PAGE = 50
ORDER_LABELS = {"completeness": "按公开完整性", "errors": "按错误数"}


def transparency_index(request: HttpRequest) -> HttpResponse:
    filterset = TransparencyFilter(request.GET or None, queryset=transparency_candidates())
    order = request.GET.get("order", "")
    if order not in ORDERS:
        order = "completeness"
    table = TransparencyTable(transparency_rows(disclosures=filterset.qs, order=order))
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        sheet = transparency_sheet(table=table, links=SourceLinks(request))
        return sheets_response(
            sheets=[sheet], export_format=export_format, filename="transparency-index"
        )
    paginate = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}
    RequestConfig(request, paginate=paginate).configure(table)
    context = {"filter": filterset, "table": table, "order": order, "orders": ORDER_LABELS}
    return render(request, "budgets/transparency.html", context)
