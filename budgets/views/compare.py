"""Side-by-side comparison of 2 to 10 published disclosures (/compare/?d=<id>&d=<id>…).

The selection lives in the URL (repeated `d`), so a comparison can be shared and bookmarked. The
picker is two plain GET forms: one narrows the list by name, region and year (?name=, ?region=,
?year=), the other adds one of the listed disclosures, at most `PICKER_LIMIT` of them
(static/js/compare.js adds type-to-filter). `?export=csv` downloads the same figures,
`?export=xlsx` them and each figure with its source lines. A selection that cannot be compared
(too few, too many, unknown ids) shows the picker and a message, never an error page.
"""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from budgets.charts.common import figure_data
from budgets.charts.compare import CompareSeries, compare_functions_spec
from budgets.exports import EXPORT_FORMATS, SourceLinks, sheets_response
from budgets.filters.compare import ComparePickerFilter
from budgets.selectors.compare import (
    MAX_DISCLOSURES,
    MIN_DISCLOSURES,
    Comparison,
    compare_picker_options,
    compare_picker_queryset,
    compare_selection_get,
    comparison_build,
    disclosure_label,
)
from budgets.selectors.exports import comparison_sheets
from budgets.templatetags.money import yuan_to_wan


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    selection = compare_selection_get(raw_ids=request.GET.getlist("d"))
    comparison = comparison_build(selection=selection) if selection.is_comparable else None
    export_format = request.GET.get("export")
    if comparison is not None and export_format in EXPORT_FORMATS:
        ids = "-".join(str(d.pk) for d in comparison.disclosures)
        sheets = comparison_sheets(comparison=comparison, links=SourceLinks(request))
        return sheets_response(
            sheets=sheets, export_format=export_format, filename=f"compare-{ids}"
        )
    can_add = len(selection.ids) < MAX_DISCLOSURES
    # The picker's narrowing (?name=, ?region=, ?year=) is read only while a file can be added.
    picker = (
        ComparePickerFilter(request.GET, queryset=compare_picker_queryset()) if can_add else None
    )
    context = {
        "selection": selection,
        "comparison": comparison,
        "columns": [
            {
                "disclosure": disclosure,
                "label": disclosure_label(disclosure),
                "remove_query": _query([pk for pk in selection.ids if pk != disclosure.pk]),
            }
            for disclosure in selection.disclosures
        ],
        "picker": picker,
        "picker_narrowed": picker is not None and _is_narrowed(picker),
        "options": (
            compare_picker_options(disclosures=picker.qs, exclude_ids=selection.ids)
            if picker is not None
            else None
        ),
        "selection_query": _query(selection.ids),
        "can_add": can_add,
        "min_disclosures": MIN_DISCLOSURES,
        "max_disclosures": MAX_DISCLOSURES,
        "export_query": _query(selection.ids, export="csv"),
        "export_xlsx_query": _query(selection.ids, export="xlsx"),
        "sections": _sections(comparison) if comparison else [],
        "functions_figure": _functions_figure(comparison) if comparison else None,
    }
    return render(request, "budgets/compare.html", context)


def _sections(comparison: Comparison) -> list[dict]:
    return [
        {
            "id": "key-figures",
            "title": "主要指标",
            "caption": "主要指标（万元，右侧小字为占支出总计的比例）",
            "rows": comparison.key_figures,
        },
        {
            "id": "functions",
            "title": "支出功能分类（类）",
            "caption": "按支出功能分类（类）的支出（万元，占支出总计的比例）",
            "rows": comparison.functions,
        },
        {
            "id": "economic",
            "title": "基本支出经济分类",
            "caption": "基本支出按经济分类（万元，占基本支出的比例）",
            "rows": comparison.economic,
        },
        {
            "id": "three-public",
            "title": "“三公”经费",
            "caption": "“三公”经费（万元，占支出总计的比例）",
            "rows": comparison.three_public,
        },
    ]


def _is_narrowed(picker: ComparePickerFilter) -> bool:
    """Whether the picker's list is narrowed by a valid name, region or year."""
    return picker.is_valid() and any(picker.form.cleaned_data.get(name) for name in picker.filters)


def _query(ids: list[int], **extra: str) -> str:
    return urlencode([("d", pk) for pk in ids] + list(extra.items()))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _functions_figure(comparison: Comparison) -> dict | None:
    """The grouped bar chart by functional 类, or None when no disclosure has a 类 row."""
    if not comparison.functions:
        return None
    series = [
        CompareSeries(
            name=disclosure_label(disclosure),
            amounts_wan=[
                _float(yuan_to_wan(row.cells[i].amount_yuan)) for row in comparison.functions
            ],
            shares_percent=[_float(row.cells[i].share_percent) for row in comparison.functions],
        )
        for i, disclosure in enumerate(comparison.disclosures)
    ]
    categories = [row.label for row in comparison.functions]
    return figure_data(compare_functions_spec(categories=categories, series=series))
