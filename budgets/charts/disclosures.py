"""Charts of a disclosure's page: the 类→款→项 sunburst and the economic-classification bars.

Plain data in, a figure out; no ORM, no request. Inputs are read through small Protocols, so
model rows (FunctionalLine, EconomicLine) and plain dataclasses in tests both fit. Amounts
arrive in yuan and are drawn in 万元, the unit the documents print, with the unit in every
hover label and axis title.

Every figure a chart prints is the document's own. Where a table's rows do not add up (a
category's items sum to more or less than the category says, by rounding or by a slip in the
document), the chart does not raise or lower anyone's figure to make them fit: it shows the
remainder as a marked 未列明 segment, or marks the parent whose children exceed it.
:func:`functional_tree` finds those gaps once, for the sunburst and for the table beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

import plotly.graph_objects as go

from budgets.charts.common import (
    BASIC_COLOUR,
    PALETTE,
    PROJECT_COLOUR,
    Spec,
    base_layout,
    plot_text,
    wan,
    wan_text,
)

ROOT_ID = "total"
REMAINDER_SUFFIX = "/未列明"  # a remainder segment's id: its parent's id and this
REMAINDER_LABEL = "未列明"
EXCESS_MARK = "※"
REMAINDER_COLOUR, REMAINDER_HATCH = "#eceef1", "#8a919c"
EXCESS_OUTLINE = "#b3261e"  # --fail in static/css/portal.css
ROUNDING_OUTLINE = "#5b6472"  # --muted: an excess within rounding is marked, not alarming
CENT = Decimal("0.01")
ZERO = Decimal(0)


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


@dataclass(frozen=True)
class Gap:
    """A parent whose listed children do not add up to its own figure (yuan)."""

    code: str  # "" for the table's 合计
    name: str
    stated_yuan: Decimal
    children_yuan: Decimal
    # Within what rounding the document's figures explains: half a cent of its unit per
    # child, at least a cent, as ingest's validation allows (``rounding`` checks).
    is_rounding: bool = False

    @property
    def difference_yuan(self) -> Decimal:
        """What the children leave unlisted (> 0), or minus what they exceed it by (< 0)."""
        return self.stated_yuan - self.children_yuan

    @property
    def is_excess(self) -> bool:
        return self.children_yuan > self.stated_yuan

    @property
    def description(self) -> str:
        """The gap in a sentence, in 万元: what the chart's hover and the table's note say."""
        children = f"下级科目合计 {wan_text(self.children_yuan)} 万元"
        difference = wan_text(abs(self.difference_yuan))
        rounding = "，舍入差异" if self.is_rounding else ""
        if self.is_excess:
            return f"{children}，比本级多 {difference} 万元" + (
                f"（{rounding[1:]}）" if rounding else ""
            )
        return f"{children}，比本级少 {difference} 万元（未列明{rounding}）"


@dataclass(frozen=True)
class TreeRow:
    """A row of the functional table as the chart draws it: a line of the document (with
    the gap under it, if any), or the 未列明 remainder of a gap (`line` None)."""

    line: FunctionalRow | None
    gap: Gap | None = None

    @property
    def is_remainder(self) -> bool:
        return self.line is None


@dataclass(frozen=True)
class FunctionalTree:
    """A functional table's rows as a tree, with the gaps between parents and children."""

    total_yuan: Decimal | None  # the table's own 合计; None when the table states none
    rows: tuple[TreeRow, ...]  # document order; a remainder after its parent's last descendant
    parents: dict[str, str]  # code → the nearest listed ancestor's code, or ROOT_ID
    root_gap: Gap | None  # the 合计 against its 类

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Every gap, the 合计's first, then in document order."""
        listed = tuple(row.gap for row in self.rows if row.gap and not row.is_remainder)
        return ((self.root_gap,) if self.root_gap else ()) + listed


def _parent_code(code: str, known: set[str]) -> str:
    """The nearest listed ancestor of a code (项 → 款 → 类), else the root."""
    for length in (5, 3):
        if len(code) > length and code[:length] in known:
            return code[:length]
    return ROOT_ID


@dataclass(frozen=True)
class _Children:
    """What a parent's listed children add up to, and how many they are."""

    yuan: Decimal = ZERO
    count: int = 0


def _gap(
    code: str, name: str, stated: Decimal | None, children: _Children, unit_yuan: Decimal
) -> Gap | None:
    if stated is None or stated == children.yuan:
        return None
    tolerance = max(CENT, (CENT / 2 * children.count).quantize(CENT)) * unit_yuan
    return Gap(
        code=code,
        name=name,
        stated_yuan=stated,
        children_yuan=children.yuan,
        is_rounding=abs(stated - children.yuan) <= tolerance,
    )


def functional_tree(
    rows: Sequence[FunctionalRow],
    *,
    total_yuan: Decimal | None = None,
    unit_yuan: Decimal = Decimal(1),
) -> FunctionalTree:
    """The rows of a functional table (类, 款, 项 in document order) as a tree: each row
    hangs under its nearest listed ancestor, and every parent whose children's figures do
    not add up to its own gets a `Gap`; a parent with less than it states is followed, after
    its last descendant, by a remainder row. `total_yuan` is the table's 合计 row;
    `unit_yuan` the yuan in the unit the document prints (10000 for 万元), which tells a
    rounding difference from a real one."""
    rows = [row for row in rows if row.code]
    known = {row.code for row in rows}
    parents = {row.code: _parent_code(row.code, known) for row in rows}
    sums: dict[str, _Children] = {}
    for row in rows:
        parent = sums.get(parents[row.code], _Children())
        sums[parents[row.code]] = _Children(parent.yuan + (row.total or ZERO), parent.count + 1)
    gaps = {
        row.code: gap
        for row in rows
        if row.code in sums
        and (gap := _gap(row.code, row.name, row.total, sums[row.code], unit_yuan))
    }
    root_gap = (
        _gap("", "合计", total_yuan, sums.get(ROOT_ID, _Children()), unit_yuan) if rows else None
    )

    tree_rows: list[TreeRow] = []
    open_parents: list[str] = []  # ancestors of the current row, nearest last

    def close_until(code: str | None) -> None:
        """Close the open parents that are not ancestors of `code`, adding their remainders."""
        while open_parents and (code is None or not _is_ancestor(open_parents[-1], code)):
            gap = gaps.get(open_parents.pop())
            if gap and not gap.is_excess:
                tree_rows.append(TreeRow(line=None, gap=gap))

    for row in rows:
        close_until(row.code)
        tree_rows.append(TreeRow(line=row, gap=gaps.get(row.code)))
        if row.code in sums:
            open_parents.append(row.code)
    close_until(None)
    return FunctionalTree(
        total_yuan=total_yuan, rows=tuple(tree_rows), parents=parents, root_gap=root_gap
    )


def _is_ancestor(parent: str, code: str) -> bool:
    return code != parent and code.startswith(parent)


def functional_sunburst(tree: FunctionalTree, *, total_label: str = "支出合计") -> go.Figure:
    """:func:`functional_sunburst_spec` as a validated `go.Figure`."""
    return go.Figure(functional_sunburst_spec(tree, total_label=total_label))


@dataclass(frozen=True)
class _Sector:
    id: str
    parent: str
    label: str
    stated_yuan: Decimal | None  # the figure printed on the sector
    code: str = ""
    gap: Gap | None = None
    is_remainder: bool = False


def _sectors(tree: FunctionalTree, total_label: str) -> list[_Sector]:
    """The root, every line and every remainder, as sectors of the sunburst."""
    root_label = total_label if tree.total_yuan is not None else f"{total_label}（各类相加）"
    sectors = [_Sector(ROOT_ID, "", root_label, tree.total_yuan, gap=tree.root_gap)]
    for row in tree.rows:
        if row.line is None:
            parent = row.gap.code if row.gap else ROOT_ID
            sectors.append(_remainder_sector(parent, row.gap))
            continue
        sectors.append(
            _Sector(
                id=row.line.code,
                parent=tree.parents[row.line.code],
                label=row.line.name or row.line.code,
                stated_yuan=row.line.total,
                code=row.line.code,
                gap=row.gap,
            )
        )
    if tree.root_gap and not tree.root_gap.is_excess:
        sectors.append(_remainder_sector(ROOT_ID, tree.root_gap))
    return sectors


def _remainder_sector(parent: str, gap: Gap | None) -> _Sector:
    return _Sector(
        id=parent + REMAINDER_SUFFIX,
        parent=parent,
        label=REMAINDER_LABEL,
        stated_yuan=gap.difference_yuan if gap else None,
        gap=gap,
        is_remainder=True,
    )


def _drawn_sizes(sectors: Sequence[_Sector]) -> dict[str, Decimal]:
    """Each sector's drawn size in yuan: its own figure, or its children's sizes added up
    where they exceed it (Plotly cannot draw children larger than their parent). Labels
    always print the figure itself; only the geometry stretches, and such a parent is marked."""
    children: dict[str, list[str]] = {}
    for sector in sectors:
        children.setdefault(sector.parent, []).append(sector.id)
    stated = {sector.id: max(sector.stated_yuan or ZERO, ZERO) for sector in sectors}
    sizes: dict[str, Decimal] = {}

    def size(sector_id: str) -> Decimal:
        if sector_id not in sizes:
            below = sum((size(child) for child in children.get(sector_id, ())), start=ZERO)
            sizes[sector_id] = max(stated[sector_id], below)
        return sizes[sector_id]

    for sector in sectors:
        size(sector.id)
    return sizes


def _hover(sector: _Sector, root_yuan: Decimal | None) -> str:
    """The sector's hover text: name, code, its figure, its share of the 合计, its gap."""
    if sector.is_remainder and sector.gap:
        owner = f"{sector.gap.code} {plot_text(sector.gap.name)}".strip()
        text = (
            f"<b>未列明</b>（{owner}）<br>{wan_text(sector.stated_yuan)} 万元"
            f"<br>本级 {wan_text(sector.gap.stated_yuan)} 万元，{sector.gap.description}"
        )
        return text
    text = f"<b>{plot_text(sector.label)}</b> {sector.code}<br>{wan_text(sector.stated_yuan)} 万元"
    if root_yuan and sector.stated_yuan is not None and sector.id != ROOT_ID:
        text += f"<br>占合计 {sector.stated_yuan / root_yuan:.1%}"
    if sector.gap and sector.gap.is_excess:
        text += f"<br>{EXCESS_MARK} {sector.gap.description}"
    elif sector.gap:
        text += f"<br>{sector.gap.description}"
    return text


def functional_sunburst_spec(tree: FunctionalTree, *, total_label: str = "支出合计") -> Spec:
    """Expenditure by functional code as a sunburst: 合计 → 类 → 款 → 项, drilling on click.

    Each sector's id is its code and its parent the code one level up, so Plotly knows the
    tree; `branchvalues="total"` makes a sector's size its own amount. Every label prints the
    document's figure. A parent whose children add up to less gets a hatched grey 未列明
    sector for the rest; one whose children add up to more is drawn as large as they are,
    outlined (red, or grey within rounding), and its figure marked ※ (the hover says by how
    much).
    """
    sectors = _sectors(tree, total_label)
    sizes = _drawn_sizes(sectors)
    sectors = [s for s in sectors if s.id == ROOT_ID or sizes[s.id] > 0]
    root_yuan = tree.total_yuan if tree.total_yuan is not None else sizes[ROOT_ID]
    excess = [bool(s.gap and s.gap.is_excess and not s.is_remainder) for s in sectors]
    outlines = [
        (ROUNDING_OUTLINE if s.gap.is_rounding else EXCESS_OUTLINE) if marked else "#ffffff"
        for s, marked in zip(sectors, excess, strict=True)
    ]
    amount_texts = [
        wan_text(s.stated_yuan if s.id != ROOT_ID else root_yuan)
        + (f" {EXCESS_MARK}" if marked else "")
        for s, marked in zip(sectors, excess, strict=True)
    ]
    trace = {
        "type": "sunburst",
        "ids": [s.id for s in sectors],
        "labels": [plot_text(s.label) for s in sectors],
        "parents": [s.parent for s in sectors],
        "values": [wan(sizes[s.id]) for s in sectors],
        "customdata": [
            [amount, _hover(s, root_yuan)] for s, amount in zip(sectors, amount_texts, strict=True)
        ],
        "branchvalues": "total",
        "maxdepth": 3,
        "insidetextorientation": "horizontal",
        "hovertemplate": "%{customdata[1]}<extra></extra>",
        "texttemplate": "%{label}<br>%{customdata[0]}",
        "marker": {
            "colors": _sunburst_colours(sectors),
            "line": {
                "color": outlines,
                "width": [3 if marked else 1 for marked in excess],
            },
            "pattern": {
                "shape": ["/" if s.is_remainder else "" for s in sectors],
                "fgcolor": REMAINDER_HATCH,
                "size": 6,
                "solidity": 0.15,
            },
        },
        "sort": False,
    }
    layout = base_layout(
        height=460,
        # Labels that do not fit a sector at 11 px are hidden rather than shrunk to specks;
        # the hover and the table beside the chart still give them.
        uniformtext={"minsize": 11, "mode": "hide"},
    )
    return {"data": [trace], "layout": layout}


def _lighten(colour: str, fraction: float) -> str:
    """`colour` ("#rrggbb") mixed with white: 0 keeps it, 1 gives white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * fraction) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _sunburst_colours(sectors: Sequence[_Sector]) -> list[str]:
    """One palette colour per 类; its 款 and 项 in lighter shades of it, so that a drilled
    view still tells the levels apart (the root stays white, remainders light grey)."""
    colours = {ROOT_ID: "#ffffff"}
    parents = {s.id: s.parent for s in sectors}
    categories = [s.id for s in sectors if s.parent == ROOT_ID and not s.is_remainder]
    for number, code in enumerate(categories):
        colours[code] = PALETTE[number % len(PALETTE)]
    result = []
    for sector in sectors:
        if sector.is_remainder:
            result.append(REMAINDER_COLOUR)
            continue
        ancestor, depth = sector.id, 0
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
    largest category on top, each bar ending in the category's own 合计 as the table prints
    it (marked ※ where 人员经费 and 公用经费 do not add up to it). Falls back to the detail
    rows when a table has no categories."""
    categories = [row for row in rows if row.is_category] or list(rows)
    categories = [row for row in categories if (row.total or 0) > 0]
    categories.sort(key=lambda row: row.total or 0)
    names = [plot_text(row.dept_item_name or row.gov_item_name or "(未命名)") for row in categories]
    hover = "<b>%{y}</b><br>%{fullData.name}：%{x:,.2f} 万元<extra></extra>"
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
            height=max(220, 48 * len(categories) + 110),
            # The unit is in the legend's title, above the plot: an axis title below the
            # ticks met the legend there.
            margin={"l": 8, "r": 16, "t": 8, "b": 8},
            # Room on the right for the totals printed after the longest bar.
            xaxis={
                "tickformat": ",.0f",
                "automargin": True,
                "range": [0, wan(max(map(_bar_end_yuan, categories), default=ZERO)) * 1.25 or 1],
            },
            yaxis={"automargin": True},
            legend={
                "orientation": "h",
                "x": 0,
                "y": 1,
                "yanchor": "bottom",
                "traceorder": "normal",
                "title": {"text": "金额（万元）："},
            },
            annotations=[
                _category_total(row, name) for row, name in zip(categories, names, strict=True)
            ],
        ),
    }


def _bar_end_yuan(row: EconomicRow) -> Decimal:
    return max((row.personnel or ZERO) + (row.public or ZERO), row.total or ZERO)


def _category_total(row: EconomicRow, name: str) -> dict:
    """The category's 合计 printed at the end of its bar (or of its parts, if longer)."""
    parts = (row.personnel or ZERO) + (row.public or ZERO)
    annotation = {
        "x": wan(_bar_end_yuan(row)),
        "y": name,
        "text": wan_text(row.total),
        "showarrow": False,
        "xanchor": "left",
        "xshift": 4,
    }
    if parts != (row.total or ZERO):
        annotation["text"] += f" {EXCESS_MARK}"
        annotation["hovertext"] = (
            f"合计 {wan_text(row.total)} 万元；人员经费与公用经费相加为 {wan_text(parts)} 万元"
        )
    return annotation
