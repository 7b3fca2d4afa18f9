"""One disclosure: the main page, the source text viewer and the original file."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from budgets.charts import economic_bar, figure_data, functional_sunburst
from budgets.selectors.disclosures import (
    disclosure_page,
    disclosure_public_queryset,
    parse_line_range,
    source_lines,
)
from budgets.selectors.organizations import region_path

MISSING_FILE_MESSAGE = "原文件暂不可用。"


def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(disclosure_public_queryset(), pk=pk)
    page = disclosure_page(disclosure=disclosure)
    context = {
        "disclosure": disclosure,
        "page": page,
        "region_label": region_path(disclosure.organization.region),
        "functional_figure": (
            figure_data(functional_sunburst(page.functional.lines)) if page.functional else None
        ),
        "economic_figure": figure_data(economic_bar(page.economic)) if page.economic else None,
    }
    return render(request, "budgets/disclosure_detail.html", context)


def disclosure_source(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(disclosure_public_queryset(), pk=pk)
    highlight = parse_line_range(request.GET.get("lines"))
    context = {
        "disclosure": disclosure,
        "highlight": highlight,
        "lines": source_lines(disclosure=disclosure, highlight=highlight),
    }
    return render(request, "budgets/disclosure_source.html", context)


def disclosure_download(request: HttpRequest, pk: int) -> FileResponse:
    disclosure = get_object_or_404(disclosure_public_queryset(), pk=pk)
    try:
        handle = disclosure.source_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(MISSING_FILE_MESSAGE) from None
    return FileResponse(handle, as_attachment=True, filename=disclosure.original_filename)
