"""The performance-target explorer (/indicators/): search and filter 绩效指标 across projects."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.pagination import CappedPaginator
from budgets.selectors.exports import indicator_sheet
from budgets.selectors.indicators import indicator_level_counts, indicator_search
from budgets.tables.indicators import IndicatorTable

PAGE_SIZE = 50


@require_safe
def indicator_list(request: HttpRequest) -> HttpResponse:
    found = indicator_search(params=request.GET)
    filterset = found.filterset
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        sheet = indicator_sheet(indicators=found.indicators, links=SourceLinks(request))
        return sheets_response(sheets=[sheet], export_format=export_format, filename="indicators")
    table = IndicatorTable(found.indicators)
    paginate = {"per_page": PAGE_SIZE, "paginator_class": CappedPaginator}
    RequestConfig(request, paginate=paginate).configure(table)
    listed = f"{table.paginator.count:,}"
    # Past MATCH_LIMIT keyword matches, the table lists the first MATCH_LIMIT: "1,000+".
    shown = f"{listed}+" if found.is_capped else str(table.paginator.count)
    table.caption = f"绩效指标（共 {shown} 条，项目资金单位：万元）"
    context = {
        "filter": filterset,
        "table": table,
        "level_counts": indicator_level_counts(indicators=found.indicators),
        "is_capped": found.is_capped,
        "listed_label": listed,
        "is_filtered": any(request.GET.get(name) for name in filterset.filters),
    }
    return render(request, "budgets/indicator_list.html", context)
