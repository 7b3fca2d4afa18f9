"""Plotly figures of the journalist pages: plain data in, a figure out; no ORM, no request.

- `compare_functions_figure`: expenditure by functional 类 for 2–10 disclosures side by side,
  as grouped horizontal bars, with buttons that switch between amounts (万元) and shares (% of
  each disclosure's 支出总计). Both sets of traces are in the figure; the buttons only toggle
  their visibility, so switching needs no server round trip.
- `function_ranking_figure`: one functional code's amount per organization, largest on top.

Horizontal bars keep long Chinese category and organization names readable on a phone.
Amounts arrive already in 万元 (floats, None for a missing amount) and the unit is in every
axis title and hover label.

As in `budgets.charts`, each builder has two forms: ``<name>_spec`` gives plain JSON data
(``{"data": [...], "layout": {...}}``), which the pages send; ``<name>_figure`` wraps it in a
`go.Figure`, which validates every property against Plotly's schema (the tests use it). A
`go.Figure` cost 10 ms for the ranking and 23 ms for a comparison of 10, half of /compare/'s
time. A view passes `budgets.charts.figure_data(spec)` to `json_script`, which escapes names
read from documents; static/js/charts.js draws figures marked `data-figure`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from budgets.charts import PALETTE, Spec, base_layout  # one look for every chart

RANKING_COLOUR = "#8C1D18"
AMOUNT_AXIS_TITLE = "金额（万元）"
AMOUNT_BUTTON = "金额（万元）"
SHARE_BUTTON = "占支出总计（%）"


@dataclass(frozen=True)
class CompareSeries:
    """One disclosure's values per category, in the order of the figure's categories."""

    name: str
    amounts_wan: Sequence[float | None]
    shares_percent: Sequence[float | None]


def wrap_label(text: str, width: int = 10) -> str:
    """Break a long Chinese label into lines of `width` characters (<br> in Plotly text), so
    that the category axis does not take half of a phone's width. A label at most two
    characters too long stays whole rather than leaving one or two characters on a line."""
    if len(text) <= width + 2:
        return text
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def _bar_height(category_count: int, bars_per_category: int) -> int:
    return max(320, 120 + category_count * (bars_per_category * 16 + 18))


def compare_functions_figure(
    *, categories: Sequence[str], series: Sequence[CompareSeries]
) -> go.Figure:
    """:func:`compare_functions_spec` as a validated `go.Figure`."""
    return go.Figure(compare_functions_spec(categories=categories, series=series))


def compare_functions_spec(*, categories: Sequence[str], series: Sequence[CompareSeries]) -> Spec:
    """Grouped bars by functional 类: one colour per disclosure, amounts or shares."""
    wrapped = [wrap_label(category) for category in categories]
    traces = []
    for kind, unit in (("amounts", "万元"), ("shares", "%")):
        for index, item in enumerate(series):
            values = item.amounts_wan if kind == "amounts" else item.shares_percent
            traces.append(
                {
                    "type": "bar",
                    "name": item.name,
                    "y": wrapped,
                    "x": list(values),
                    "customdata": list(categories),
                    "orientation": "h",
                    "marker": {"color": PALETTE[index % len(PALETTE)]},
                    "visible": kind == "amounts",
                    "legendgroup": item.name,
                    "showlegend": True,
                    "meta": [item.name],
                    "hovertemplate": (
                        f"%{{meta[0]}}<br>%{{customdata}}：%{{x:,.2f}} {unit}<extra></extra>"
                    ),
                }
            )
    count = len(series)
    amounts_visible = [True] * count + [False] * count
    shares_visible = [False] * count + [True] * count
    buttons = [
        {
            "label": AMOUNT_BUTTON,
            "method": "update",
            "args": [{"visible": amounts_visible}, {"xaxis.ticksuffix": ""}],
        },
        {
            "label": SHARE_BUTTON,
            "method": "update",
            "args": [{"visible": shares_visible}, {"xaxis.ticksuffix": "%"}],
        },
    ]
    layout = base_layout(
        height=_bar_height(len(categories), count),
        # Room above the plot for the buttons, below Plotly's toolbar (top right).
        margin={"l": 8, "r": 16, "t": 84, "b": 8},
        barmode="group",
        # No axis title: the legend sits below the axis, and the active button names the
        # unit (金额（万元） / 占比（%）), as does every hover label.
        xaxis={"tickformat": ",.0f", "zeroline": True, "ticksuffix": ""},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "buttons": buttons,
                "showactive": True,
                "active": 0,
                "x": 1,
                "xanchor": "right",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"b": 8},
            }
        ],
    )
    return {"data": traces, "layout": layout}


def function_ranking_figure(*, labels: Sequence[str], amounts_wan: Sequence[float]) -> go.Figure:
    """:func:`function_ranking_spec` as a validated `go.Figure`."""
    return go.Figure(function_ranking_spec(labels=labels, amounts_wan=amounts_wan))


def function_ranking_spec(*, labels: Sequence[str], amounts_wan: Sequence[float]) -> Spec:
    """One functional code's amount per organization, largest at the top."""
    bar = {
        "type": "bar",
        "y": [wrap_label(label, 12) for label in labels],
        "x": list(amounts_wan),
        "customdata": list(labels),
        "orientation": "h",
        "marker": {"color": RANKING_COLOUR},
        "text": [f"{amount:,.2f}" for amount in amounts_wan],
        "textposition": "auto",
        "hovertemplate": "%{customdata}<br>%{x:,.2f} 万元<extra></extra>",
    }
    layout = base_layout(
        height=_bar_height(len(labels), 1),
        xaxis={"title": {"text": AMOUNT_AXIS_TITLE}, "tickformat": ",.0f"},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
    )
    return {"data": [bar], "layout": layout}
