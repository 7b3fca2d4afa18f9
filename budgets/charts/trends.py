"""The chart of a functional code's trend (/functions/<code>/trend/): its total per year over
the organizations that list it, and how many do (a total can grow because more organizations
published, which the second series shows). Amounts arrive in 万元 (floats)."""

from collections.abc import Sequence

import plotly.graph_objects as go

from budgets.charts.common import AMOUNT_AXIS_TITLE, TOTAL_COLOUR, Spec, base_layout

COUNT_COLOUR = "#7F7F7F"


def function_trend_figure(
    *, years: Sequence[int], totals_wan: Sequence[float], organization_counts: Sequence[int]
) -> go.Figure:
    """:func:`function_trend_spec` as a validated `go.Figure`."""
    return go.Figure(
        function_trend_spec(
            years=years, totals_wan=totals_wan, organization_counts=organization_counts
        )
    )


def function_trend_spec(
    *, years: Sequence[int], totals_wan: Sequence[float], organization_counts: Sequence[int]
) -> Spec:
    """Bars of the yearly total (left axis, 万元) and a line of the organizations counted
    (right axis)."""
    labels = [f"{year}年" for year in years]
    # Whole organizations on the right axis: a tick every 1, 2, 5 … so none is repeated.
    most = max(organization_counts, default=1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if most / s <= 6)
    return {
        "data": [
            {
                "type": "bar",
                "name": "合计（万元）",
                "x": labels,
                "y": list(totals_wan),
                "marker": {"color": TOTAL_COLOUR},
                "hovertemplate": "<b>%{x}</b><br>合计 %{y:,.2f} 万元<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "单位数",
                "x": labels,
                "y": list(organization_counts),
                "yaxis": "y2",
                "marker": {"color": COUNT_COLOUR},
                "line": {"color": COUNT_COLOUR},
                "hovertemplate": "<b>%{x}</b><br>%{y} 个单位<extra></extra>",
            },
        ],
        "layout": base_layout(
            height=320,
            xaxis={"type": "category", "automargin": True},
            yaxis={"title": {"text": AMOUNT_AXIS_TITLE}, "tickformat": ",.0f", "automargin": True},
            yaxis2={
                "title": {"text": "单位数"},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "tickformat": ",d",
                "dtick": step,
                "automargin": True,
            },
            legend={"orientation": "h", "y": -0.2},
            margin={"l": 8, "r": 8, "t": 8, "b": 8},
        ),
    }
