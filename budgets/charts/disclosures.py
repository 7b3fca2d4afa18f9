"""Charts of a disclosure's page: the 类→款→项 sunburst and the economic-classification bars.

Plain data in, a figure out; no ORM, no request. Inputs are read through small Protocols, so
model rows (FunctionalLine, EconomicLine) and plain dataclasses in tests both fit. Amounts
arrive in yuan and are drawn in 万元, the unit the documents print, with the unit in every
hover label and axis title.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

import plotly.graph_objects as go

from budgets.charts.common import (
    BASIC_COLOUR,
    PALETTE,
    PROJECT_COLOUR,
    Spec,
    base_layout,
    wan,
)

ROOT_ID = "total"


class FunctionalRow(Protocol):
    code: str
    name: str
    total: Decimal | None


class EconomicRow(Protocol):
    dept_item_name: str
    gov_item_name: str
    is_category: bool
    total: Decimal | None
    personnel: Decimal | None
    public: Decimal | None


def _parent_code(code: str, known: set[str]) -> str:
    """The nearest listed ancestor of a code (项 → 款 → 类), else the root."""
    for length in (5, 3):
        if len(code) > length and code[:length] in known:
            return code[:length]
    return ROOT_ID


def functional_sunburst(
    rows: Sequence[FunctionalRow], *, total_label: str = "支出合计"
) -> go.Figure:
    """:func:`functional_sunburst_spec` as a validated `go.Figure`."""
    return go.Figure(functional_sunburst_spec(rows, total_label=total_label))


def functional_sunburst_spec(
    rows: Sequence[FunctionalRow], *, total_label: str = "支出合计"
) -> Spec:
    """Expenditure by functional code as a sunburst: 合计 → 类 → 款 → 项, drilling on click.

    Each sector's id is its code and its parent the code one level up, so Plotly knows the
    tree. `branchvalues="total"` makes a sector's size its own amount; because rounded 万元
    children can add up to a cent more than their printed parent (which Plotly would refuse
    to draw), a parent is drawn at least as large as the sum of its children.
    """
    rows = [row for row in rows if row.code and row.total is not None and row.total > 0]
    known = {row.code for row in rows}
    parents = {row.code: _parent_code(row.code, known) for row in rows}
    values = {row.code: wan(row.total) for row in rows}
    for code in sorted(known, key=len, reverse=True):  # 项 first, then 款: sums bubble up
        children = sum(values[c] for c, parent in parents.items() if parent == code)
        values[code] = round(max(values[code], children), 2)
    root_value = round(sum(v for c, v in values.items() if parents[c] == ROOT_ID), 2)
    ids = [ROOT_ID, *(row.code for row in rows)]
    trace = {
        "type": "sunburst",
        "ids": ids,
        "labels": [total_label, *(row.name for row in rows)],
        "parents": ["", *(parents[row.code] for row in rows)],
        "values": [root_value, *(values[row.code] for row in rows)],
        "customdata": ["", *(row.code for row in rows)],
        "branchvalues": "total",
        "maxdepth": 3,
        "insidetextorientation": "horizontal",
        "hovertemplate": (
            "<b>%{label}</b> %{customdata}<br>%{value:,.2f} 万元"
            "<br>占合计 %{percentRoot:.1%}<extra></extra>"
        ),
        "texttemplate": "%{label}<br>%{value:,.2f}",
        "marker": {"colors": _sunburst_colours(ids, parents)},
        "sort": False,
    }
    return {
        "data": [trace],
        "layout": base_layout(height=460, sunburstcolorway=list(PALETTE)),
    }


def _lighten(colour: str, fraction: float) -> str:
    """`colour` ("#rrggbb") mixed with white: 0 keeps it, 1 gives white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * fraction) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _sunburst_colours(ids: Sequence[str], parents: dict[str, str]) -> list[str]:
    """One palette colour per 类; its 款 and 项 in lighter shades of it, so that a drilled
    view still tells the levels apart (the root stays white)."""
    colours = {ROOT_ID: "#ffffff"}
    categories = [code for code in ids[1:] if parents[code] == ROOT_ID]
    for number, code in enumerate(categories):
        colours[code] = PALETTE[number % len(PALETTE)]
    result = []
    for code in ids:
        ancestor, depth = code, 0
        while ancestor not in colours:
            ancestor, depth = parents.get(ancestor, ROOT_ID), depth + 1
        colour = colours[ancestor]
        result.append(colour if ancestor == ROOT_ID else _lighten(colour, min(0.3 * depth, 0.6)))
    return result


def economic_bar(rows: Sequence[EconomicRow]) -> go.Figure:
    """:func:`economic_bar_spec` as a validated `go.Figure`."""
    return go.Figure(economic_bar_spec(rows))


def economic_bar_spec(rows: Sequence[EconomicRow]) -> Spec:
    """基本支出 by economic category (the table's category rows): 人员经费 and 公用经费 stacked,
    largest category on top. Falls back to the detail rows when a table has no categories."""
    categories = [row for row in rows if row.is_category] or list(rows)
    categories = [row for row in categories if (row.total or 0) > 0]
    categories.sort(key=lambda row: row.total or 0)
    names = [row.dept_item_name or row.gov_item_name or "(未命名)" for row in categories]
    hover = "<b>%{y}</b><br>%{fullData.name}: %{x:,.2f} 万元<extra></extra>"
    bars = (("人员经费", "personnel", BASIC_COLOUR), ("公用经费", "public", PROJECT_COLOUR))
    return {
        "data": [
            {
                "type": "bar",
                "name": name,
                "y": names,
                "x": [wan(getattr(row, attribute)) for row in categories],
                "orientation": "h",
                "marker": {"color": colour},
                "hovertemplate": hover,
            }
            for name, attribute, colour in bars
        ],
        "layout": base_layout(
            barmode="stack",
            height=max(220, 48 * len(categories) + 80),
            xaxis={"title": {"text": "万元"}, "tickformat": ",.0f", "automargin": True},
            yaxis={"automargin": True},
            legend={"orientation": "h", "y": -0.2},
        ),
    }
