"""The function ranking chart (/functions/<code>/): one code's amount per organization.

Largest on top, as horizontal bars so that long organization names stay readable on a phone;
amounts arrive in 万元 (floats).
"""

from collections.abc import Sequence

import plotly.graph_objects as go

from budgets.charts.common import AMOUNT_AXIS_TITLE, Spec, bar_height, base_layout, wrap_label

RANKING_COLOUR = "#8C1D18"


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
        height=bar_height(len(labels), 1),
        xaxis={"title": {"text": AMOUNT_AXIS_TITLE}, "tickformat": ",.0f"},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
    )
    return {"data": [bar], "layout": layout}
