"""The performance-target explorer (/indicators/): search and filter 绩效指标 across projects."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from budgets.filters_explore import IndicatorFilter
from budgets.selectors.indicators import indicator_base, indicator_level_counts
from budgets.tables_explore import IndicatorTable

PAGE_SIZE = 50


@require_safe
def indicator_list(request: HttpRequest) -> HttpResponse:
    filterset = IndicatorFilter(request.GET or None, queryset=indicator_base())
    indicators = filterset.qs
    table = IndicatorTable(indicators)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    table.caption = f"绩效指标（共 {table.paginator.count} 条，项目资金单位：万元）"
    context = {
        "filter": filterset,
        "table": table,
        "level_counts": indicator_level_counts(indicators=indicators),
        "is_filtered": any(request.GET.get(name) for name in filterset.filters),
    }
    return render(request, "budgets/indicator_list.html", context)
