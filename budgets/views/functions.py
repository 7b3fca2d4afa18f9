"""The functional classification across all published disclosures (/functions/).

`/functions/` shows the 类 → 款 → 项 tree with totals; `/functions/<code>/` ranks every
organization's amount for one code (e.g. 2011301 行政运行), filterable by year and region.
An unknown code gets a friendly 404 page that leads back to the tree.
"""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from budgets.charts.common import figure_data
from budgets.charts.functions import function_ranking_spec
from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.filters.common import published_year_choices
from budgets.filters.functions import FunctionAmountFilter
from budgets.pagination import CountedPaginator
from budgets.selectors.exports import function_ranking_sheet, function_tree_sheet
from budgets.selectors.functions import (
    flatten_function_tree,
    function_amount_base,
    function_amount_ranked,
    function_amount_top,
    function_amount_totals,
    function_ancestors,
    function_children,
    function_code_get,
)
from budgets.selectors.functions import function_tree as function_tree_nodes
from budgets.tables.functions import FunctionAmountTable
from budgets.templatetags.money import yuan_to_wan
from portal.params import int_param

PAGE_SIZE = 50
CHART_SIZE = 20


def _year(request: HttpRequest) -> int | None:
    return int_param(request.GET, "year", minimum=1, maximum=9999)


@require_safe
def function_tree(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    nodes = function_tree_nodes(fiscal_year=year)
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        sheet = function_tree_sheet(nodes=nodes, year=year, links=SourceLinks(request))
        return sheets_response(sheets=[sheet], export_format=export_format, filename="functions")
    context = {
        "rows": flatten_function_tree(nodes),
        "year": year,
        "years": published_year_choices(),
        "total_yuan": sum((node.total_yuan for node in nodes), start=0),
    }
    return render(request, "budgets/function_tree.html", context)


@require_safe
def function_detail(request: HttpRequest, code: str) -> HttpResponse:
    function = function_code_get(code=code)
    if function is None:
        return render(request, "budgets/function_detail.html", {"code": code}, status=404)
    filterset = FunctionAmountFilter(
        request.GET or None, queryset=function_amount_base(code=function.code)
    )
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        lines = function_amount_ranked(lines=filterset.qs)
        sheet = function_ranking_sheet(lines=lines, function=function, links=SourceLinks(request))
        filename = f"function-{function.code}"
        return sheets_response(sheets=[sheet], export_format=export_format, filename=filename)
    totals = function_amount_totals(lines=filterset.qs)
    table = FunctionAmountTable(function_amount_ranked(lines=filterset.qs))
    table.caption = f"{function.code} {function.name}：各单位金额（按金额排名）"
    paginate = {
        "per_page": PAGE_SIZE,
        "paginator_class": CountedPaginator,
        "count": totals.disclosure_count,  # one line per disclosure: the totals counted them
    }
    RequestConfig(request, paginate=paginate).configure(table)
    top = (
        function_amount_top(lines=filterset.qs, limit=CHART_SIZE) if totals.disclosure_count else []
    )
    context = {
        "function": function,
        "ancestors": function_ancestors(code=function.code),
        "children": function_children(code=function.code, fiscal_year=_year(request)),
        "filter": filterset,
        "table": table,
        "totals": totals,
        "figure": _ranking_figure(top) if top else None,
        "chart_size": CHART_SIZE,
    }
    return render(request, "budgets/function_detail.html", context)


def _ranking_figure(top: list[tuple[str, int, Decimal | None]]) -> dict:
    labels = [f"{name} {year}年" for name, year, _ in top]
    amounts = [float(yuan_to_wan(total) or 0) for _, _, total in top]
    return figure_data(function_ranking_spec(labels=labels, amounts_wan=amounts))
