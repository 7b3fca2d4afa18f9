"""The function ranking chart (/functions/<code>/): one code's amount per organization.

Largest on top, as horizontal bars so that long organization names stay readable on a phone;
amounts arrive in 万元 (floats). Bars sit at positions 0, 1, 2 … with the labels as tick text,
so two rows with the same label (one organization's two documents of a year) stay two bars
instead of being drawn over each other on one category.
"""

from collections.abc import Sequence

import plotly.graph_objects as go

from budgets.charts.common import (
    AMOUNT_AXIS_TITLE,
    Spec,
    bar_height,
    base_layout,
    plot_text,
    wrap_label,
)

RANKING_COLOUR = "#8C1D18"

# Characters per line of a bar's label: about a third of a 375 px phone at 13 px.
LABEL_WIDTH = 9


def function_ranking_figure(*, labels: Sequence[str], amounts_wan: Sequence[float]) -> go.Figure:
    """:func:`function_ranking_spec` as a validated `go.Figure`."""
    return go.Figure(function_ranking_spec(labels=labels, amounts_wan=amounts_wan))


def function_ranking_spec(*, labels: Sequence[str], amounts_wan: Sequence[float]) -> Spec:
    """One functional code's amount per organization, largest at the top. A label such as
    "晋城市商务局 2024年单位预算" wraps between words, never inside the year."""
    positions = list(range(len(labels)))
    bar = {
        "type": "bar",
        "y": positions,
        "x": list(amounts_wan),
        "customdata": [plot_text(label) for label in labels],
        "orientation": "h",
        "marker": {"color": RANKING_COLOUR},
        "text": [f"{amount:,.2f}" for amount in amounts_wan],
        "textposition": "auto",
        "hovertemplate": "%{customdata}<br>%{x:,.2f} 万元<extra></extra>",
    }
    layout = base_layout(
        height=bar_height(len(labels), 1) + 40,
        # The amount axis on top, under its title, where the longest bar starts to be read;
        # automargin keeps the title clear of the tick labels.
        xaxis={
            "title": {"text": AMOUNT_AXIS_TITLE, "standoff": 6},
            "tickformat": ",.0f",
            "side": "top",
            "automargin": True,
            "rangemode": "tozero",
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "tickmode": "array",
            "tickvals": positions,
            "ticktext": [wrap_label(plot_text(label), LABEL_WIDTH) for label in labels],
        },
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
    )
    return {"data": [bar], "layout": layout}
