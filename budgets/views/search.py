"""Search over organizations, figures (by name, code or amount), projects, indicators and
narrative text (/search/?q=)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.search_sql import MATCH_LIMIT
from budgets.selectors.exports import search_sheet
from budgets.selectors.search import GROUP_LABELS, parse_search_query
from budgets.selectors.search import search as search_all

EXAMPLE_QUERIES = ("商务", "行政运行", "2011301", "435.85", "三公", "办公费", "满意度")


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """All groups (a preview of each), or one group page by page with ?type=<group>."""
    query = parse_search_query(request.GET.get("q"))
    group = request.GET.get("type")
    group = group if group in GROUP_LABELS else None
    export_format = request.GET.get("export")
    if query and export_format in EXPORT_FORMATS:
        # Every hit listed (at most 1,000 a group), not the page's preview of ten.
        found = search_all(query=query, group=group, preview_size=MATCH_LIMIT)
        sheet = search_sheet(results=found, links=SourceLinks(request))
        return sheets_response(sheets=[sheet], export_format=export_format, filename="search")
    results = search_all(query=query, group=group, page_number=request.GET.get("page"))
    context = {
        "query": query,
        "results": results,
        "group": group,
        "group_label": GROUP_LABELS.get(group or ""),
        "examples": EXAMPLE_QUERIES,
    }
    return render(request, "budgets/search.html", context)
