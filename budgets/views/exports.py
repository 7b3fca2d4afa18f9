"""Downloads that are not a page's own export: a disclosure's tables as one XLSX
(/disclosures/<id>/tables.xlsx) and every published figure as one streamed CSV
(/downloads/figures.csv)."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from budgets.exports import SourceLinks, streaming_csv_response, workbook_response
from budgets.selectors.disclosures import disclosure_public_queryset
from budgets.selectors.exports import SOURCE_ROW_HEADER, disclosure_sheets, source_rows


@require_safe
def disclosure_tables(request: HttpRequest, pk: int) -> HttpResponse:
    """Every table of one disclosure, a sheet each, in the document's unit."""
    disclosure = get_object_or_404(
        disclosure_public_queryset().defer("parsed", "source_text"), pk=pk
    )
    sheets = disclosure_sheets(disclosure=disclosure, links=SourceLinks(request))
    filename = f"disclosure-{disclosure.pk}-{disclosure.fiscal_year}"
    return workbook_response(sheets=sheets, filename=filename)


@require_safe
def published_figures(request: HttpRequest) -> HttpResponse:
    """Every stored amount of every published disclosure, a row each, streamed."""
    links = SourceLinks(request)
    rows = source_rows(disclosures=None, links=links)
    return streaming_csv_response(rows=_with_header(rows), filename="published-figures")


def _with_header(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield SOURCE_ROW_HEADER
    yield from rows
