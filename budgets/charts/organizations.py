"""Charts of an organization's page: its totals year by year (基本支出 / 项目支出)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

import plotly.graph_objects as go

from budgets.charts.common import (
    BASIC_COLOUR,
    PROJECT_COLOUR,
    TOTAL_COLOUR,
    Spec,
    base_layout,
    wan,
)


class YearTotals(Protocol):
    fiscal_year: int
    total_yuan: Decimal | None
    basic_yuan: Decimal | None
    project_yuan: Decimal | None

    def get_kind_display(self) -> str: ...


def totals_by_year(disclosures: Sequence[YearTotals]) -> go.Figure:
    """:func:`totals_by_year_spec` as a validated `go.Figure`."""
    return go.Figure(totals_by_year_spec(disclosures))


def totals_by_year_spec(disclosures: Sequence[YearTotals]) -> Spec:
    """An organization's 支出总计, 基本支出 and 项目支出 by year, oldest first, as grouped bars
    (a special-funds document has only its total)."""
    ordered = sorted(disclosures, key=lambda d: d.fiscal_year)
    # Year over kind on two lines: a phone shows them level instead of slanted off the edge.
    labels = [f"{d.fiscal_year}年<br>{d.get_kind_display()}" for d in ordered]
    hover = "<b>%{x}</b><br>%{fullData.name}: %{y:,.2f} 万元<extra></extra>"
    series = (
        ("支出总计", "total_yuan", TOTAL_COLOUR),
        ("基本支出", "basic_yuan", BASIC_COLOUR),
        ("项目支出", "project_yuan", PROJECT_COLOUR),
    )
    return {
        "data": [
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": [
                    wan(getattr(d, attribute)) if getattr(d, attribute) is not None else None
                    for d in ordered
                ],
                "marker": {"color": colour},
                "hovertemplate": hover,
            }
            for name, attribute, colour in series
        ],
        "layout": base_layout(
            barmode="group",
            bargap=0.35,
            height=340,
            yaxis={"title": {"text": "万元"}, "tickformat": ",.0f", "automargin": True},
            xaxis={"type": "category", "automargin": True},
            legend={"orientation": "h", "y": -0.25},
        ),
    }
