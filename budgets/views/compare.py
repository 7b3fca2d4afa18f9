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
    CompareSelection,
    Comparison,
    compare_picker_options,
    compare_picker_queryset,
    compare_selection_get,
    comparison_build,
    disclosure_label,
)
from budgets.selectors.exports import comparison_sheets
from budgets.selectors.review import mark_compare_rows
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
                # An earlier version: marked, with the one published now to switch to.
                "current": selection.current_versions.get(disclosure.pk),
                "replace_query": _query(_replaced(selection, disclosure.pk)),
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
        "sections": _marked(_sections(comparison), comparison) if comparison else [],
        "change_label": _change_label(comparison) if comparison else "",
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


def _marked(sections: list[dict], comparison: Comparison) -> list[dict]:
    """Each cell with the review's mark when an 错误 finding names its figure."""
    for section in sections:
        section["rows"] = mark_compare_rows(
            section["rows"], section=section["id"], disclosures=comparison.disclosures
        )
    return sections


def _replaced(selection: CompareSelection, pk: int) -> list[int]:
    """The selection's ids with ``pk`` replaced by its current version (once, should the
    current version be selected already)."""
    current = selection.current_versions.get(pk)
    ids = [current.pk if current is not None and other == pk else other for other in selection.ids]
    return list(dict.fromkeys(ids))


def _change_label(comparison: Comparison) -> str:
    """What the change column says: which column less which, or why it stays empty."""
    first, last = comparison.disclosures[0], comparison.disclosures[-1]
    if not comparison.has_change:
        return "首末两列的文件类型不同（如预算与决算），不计增减；最后一列留空"
    return f"最后一列为{disclosure_label(last)} 较 {disclosure_label(first)}的增减"


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
