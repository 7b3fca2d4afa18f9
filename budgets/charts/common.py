"""What every chart shares: the portal's font, palette and layout, 万元 conversion, the spec type.

Each builder of `budgets.charts` has two forms: ``<name>_spec`` gives the figure as plain JSON
data (``{"data": [...], "layout": {...}}``), which is what the pages send to plotly.js;
``<name>`` (or ``<name>_figure``) wraps that spec in a `go.Figure`, which validates every
property against Plotly's schema (the tests use it, so a misspelt property fails there). Pages
use the spec because building and serializing a `go.Figure` cost about 20 ms per chart (its
validators, and the 7 KB default template it writes into every figure).

A view passes `figure_data(spec)` to the template's `json_script` filter (which escapes `<`,
`>` and `&` in names read from uploaded files); static/js/charts.js draws it.
"""

import html
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import plotly.graph_objects as go

# As budgets.models.YUAN_PER_WAN; not imported, so that this module needs no Django setup.
YUAN_PER_WAN = 10000


FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


# Colour-blind-safe qualitative palette (Okabe–Ito), then a few muted extras.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#8C564B",
    "#7F7F7F",
    "#17BECF",
)


BASIC_COLOUR, PROJECT_COLOUR, TOTAL_COLOUR = "#0072B2", "#E69F00", "#8C1D18"


AMOUNT_AXIS_TITLE = "金额（万元）"


def wan(amount_yuan: Decimal | None) -> float:
    """Yuan → 万元 as a float for plotting (0 for a missing amount)."""
    if amount_yuan is None:
        return 0.0
    return round(float(amount_yuan / YUAN_PER_WAN), 2)


def wan_text(amount_yuan: Decimal | None) -> str:
    """Yuan as the 万元 text the tables print: "1,990.83", rounded half up; "—" when missing.
    Charts write their labels with it, so a chart and the table beside it read alike."""
    if amount_yuan is None:
        return "—"
    rounded = (amount_yuan / YUAN_PER_WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{abs(rounded) if rounded == 0 else rounded:,.2f}"


def plot_text(text: str) -> str:
    """Text read from a document, escaped for Plotly's labels, which read a few HTML tags
    (<b>, <br>, <a href>) and entities: a name holding "<b>" shows as typed."""
    return html.escape(text, quote=False)


Spec = dict[str, Any]


def figure_data(figure: go.Figure | Spec) -> dict[str, Any]:
    """The figure as plain JSON data for the template's json_script filter."""
    if isinstance(figure, go.Figure):
        return json.loads(figure.to_json())
    return figure


def base_layout(**overrides: Any) -> dict[str, Any]:
    """The layout every chart of the portal shares (font, transparent background, number
    separators), with ``overrides`` on top."""
    layout: dict[str, Any] = {
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "separators": ".,",
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(overrides)
    return layout


# What a line may not break inside: an HTML entity (`plot_text`'s "&lt;"), a run of digits,
# Latin letters and their punctuation ("2024", "2024年", "v2"), or one other character (a
# Chinese character breaks anywhere).
_UNBREAKABLE = re.compile(r"&[a-z]+;|[0-9A-Za-z.,%()（）-]+年?|.")


def wrap_label(text: str, width: int = 10) -> str:
    """Break a long Chinese label into lines of about `width` characters (<br> in Plotly
    text), so that the category axis does not take half of a phone's width. Lines break at
    spaces first ("晋城市商务局 2024年"), and inside a word that is too long between Chinese
    characters only: numbers and years ("2024年") are never split. A word at most two
    characters too long stays whole rather than leaving one or two characters on a line."""
    if len(text) <= width + 2:
        return text
    lines: list[str] = []
    # A leading code stays with the name it numbers: "215 资源勘探工业<br>信息等支出".
    words = text.split()
    if len(words) > 1 and words[0].isdigit():
        words[:2] = [f"{words[0]} {words[1]}"]
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.extend(_break_word(word, width))
    return "<br>".join(lines)


def _break_word(word: str, width: int) -> list[str]:
    if len(word) <= width + 2:
        return [word]
    lines, line = [], ""
    for token in _UNBREAKABLE.findall(word):
        if not line and token == " ":
            continue
        if line and len(line) + len(token) > width:
            lines.append(line)
            line = token
        else:
            line += token
    lines.append(line)
    if len(lines) > 1 and len(lines[-1]) <= 2:  # a widow of one or two characters
        lines[-2:] = [lines[-2] + lines[-1]]
    return lines


def bar_height(category_count: int, bars_per_category: int) -> int:
    return max(320, 120 + category_count * (bars_per_category * 16 + 18))
