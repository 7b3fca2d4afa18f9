"""The functional classification across all published disclosures (/functions/).

`/functions/` shows the 类 → 款 → 项 tree with totals; `/functions/<code>/` ranks every
organization's amount for one code (e.g. 2011301 行政运行), filterable by region; both are of
one year and one basis (budgets or 决算, the newest year's budgets by default), so that an
organization counts once. `/functions/<code>/trend/` sets the years side by side. An unknown
code gets a friendly 404 page that leads back to the tree.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from budgets.charts.common import figure_data
from budgets.charts.functions import function_ranking_spec
from budgets.charts.trends import function_trend_spec
from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.filters.common import published_year_choices
from budgets.filters.functions import (
    RANKED_BASES,
    FunctionRankingFilter,
    FunctionTrendFilter,
    with_defaults,
)
from budgets.kinds import basis_term
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
from budgets.selectors.review import mark_records
from budgets.selectors.trends import FunctionTrend, function_trend_lines
from budgets.selectors.trends import function_trend as function_trend_build
from budgets.tables.functions import FunctionAmountTable
from budgets.templatetags.money import yuan_to_wan
from portal.params import int_param, parse_int

PAGE_SIZE = 50
CHART_SIZE = 20


def _year(params: Mapping[str, Any]) -> int | None:
    return int_param(params, "year", minimum=1, maximum=9999)


@require_safe
def function_tree(request: HttpRequest) -> HttpResponse:
    params = with_defaults(request.GET)
    basis, year = params["basis"], _year(params)
    nodes = function_tree_nodes(fiscal_year=year, basis=basis)
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        sheet = function_tree_sheet(nodes=nodes, year=year, links=SourceLinks(request))
        return sheets_response(sheets=[sheet], export_format=export_format, filename="functions")
    context = {
        "rows": flatten_function_tree(nodes),
        "year": year,
        "years": published_year_choices(),
        "basis": basis,
        "bases": RANKED_BASES,
        "total_yuan": sum((node.total_yuan for node in nodes), start=0),
    }
    return render(request, "budgets/function_tree.html", context)


@require_safe
def function_detail(request: HttpRequest, code: str) -> HttpResponse:
    function = function_code_get(code=code)
    if function is None:
        return render(request, "budgets/function_detail.html", {"code": code}, status=404)
    filterset = FunctionRankingFilter(
        request.GET, queryset=function_amount_base(code=function.code)
    )
    basis, year = filterset.chosen_basis, filterset.chosen_year
    export_format = request.GET.get("export")
    if export_format in EXPORT_FORMATS:
        lines = function_amount_ranked(lines=filterset.qs)
        sheet = function_ranking_sheet(lines=lines, function=function, links=SourceLinks(request))
        filename = f"function-{function.code}"
        return sheets_response(sheets=[sheet], export_format=export_format, filename=filename)
    totals = function_amount_totals(lines=filterset.qs)
    table = FunctionAmountTable(function_amount_ranked(lines=filterset.qs))
    table.caption = (
        f"{function.code} {function.name}：各单位{year or ''}{'年' if year else ''}"
        f"{basis_term(basis, 'amount')}（按金额排名）"
    )
    paginate = {
        "per_page": PAGE_SIZE,
        "paginator_class": CountedPaginator,
        "count": totals.disclosure_count,  # one line per disclosure: the totals counted them
    }
    RequestConfig(request, paginate=paginate).configure(table)
    mark_records(table.page.object_list, table="expenditure")  # figures an 错误 names
    top = (
        function_amount_top(lines=filterset.qs, limit=CHART_SIZE) if totals.disclosure_count else []
    )
    context = {
        "function": function,
        "ancestors": function_ancestors(code=function.code),
        "children": function_children(code=function.code, fiscal_year=year, basis=basis),
        "filter": filterset,
        "basis": basis,
        "year": year,
        "table_label": basis_term(basis, "expenditure_table"),
        "amount_label": basis_term(basis, "amount"),
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


TREND_PAGE_SIZE = 50


@require_safe
def function_trend(request: HttpRequest, code: str) -> HttpResponse:
    """One code's amounts year by year: the total over organizations, and each organization's
    amount in every year (largest in the latest year first, 50 a page), of one basis."""
    function = function_code_get(code=code)
    if function is None:
        return render(request, "budgets/function_detail.html", {"code": code}, status=404)
    filterset = FunctionTrendFilter(request.GET, queryset=function_trend_lines(code=function.code))
    page = _page(request.GET.get("page"))
    trend = function_trend_build(
        lines=filterset.qs, offset=(page - 1) * TREND_PAGE_SIZE, limit=TREND_PAGE_SIZE
    )
    basis = filterset.chosen_basis
    context = {
        "function": function,
        "ancestors": function_ancestors(code=function.code),
        "filter": filterset,
        "trend": trend,
        "latest_year": trend.years[-1].fiscal_year if trend.years else None,
        "basis": basis,
        "table_label": basis_term(basis, "expenditure_table"),
        "amount_label": basis_term(basis, "amount"),
        "page": page,
        "page_size": TREND_PAGE_SIZE,
        "has_next": page * TREND_PAGE_SIZE < trend.organization_count,
        "query": _without_page(request),
        "figure": _trend_figure(trend) if trend.years else None,
    }
    return render(request, "budgets/function_trend.html", context)


def _page(raw: str | None) -> int:
    return parse_int(raw, minimum=1, maximum=99_999) or 1


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _trend_figure(trend: FunctionTrend) -> dict:
    return figure_data(
        function_trend_spec(
            years=[year.fiscal_year for year in trend.years],
            totals_wan=[float(yuan_to_wan(year.total_yuan) or 0) for year in trend.years],
            organization_counts=[year.organization_count for year in trend.years],
        )
    )
