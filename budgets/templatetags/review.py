"""Template helpers of the review report: each check's figures in the unit they mean.

`{% load review %}` then:

    {{ check.expected|figure:check.unit }}   "1,000,000.00 元", "2,373.00 万元", "48.51%", "25 个"
    {% review_mark disclosure.pk finding %}  the mark beside a figure a finding names

A check compares in its own unit (``ValidationCheck.unit``): the document's 元 or 万元,
元 for a form's funds, "%" for a stated percentage, "个" for counts. Counts and shares are
never formatted as money. Missing values show as "—".
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from budgets.templatetags.money import MISSING, format_amount, to_decimal

register = template.Library()

MONEY_UNITS = frozenset({"元", "万元", "千元"})


def format_figure(value: object, unit: str) -> str:
    """A check's figure with its unit, formatted for what it counts."""
    number = to_decimal(value)
    if number is None:
        return MISSING
    if unit == "%":
        return f"{format_amount(number, 2)}%"
    if unit == "个":
        return f"{format_amount(number, 0)} 个"
    suffix = f" {unit}" if unit in MONEY_UNITS else ""
    return f"{format_amount(number, 2)}{suffix}"


@register.filter(name="figure")
def figure_filter(value: object, unit: str = "") -> str:
    return format_figure(value, unit or "")


@register.simple_tag(name="review_mark")
def review_mark(disclosure_id: int, finding: int | None, *, on_page: bool = False) -> SafeString:
    """A mark linking a figure to the finding that names it (on its disclosure's page)."""
    if finding is None:
        return SafeString("")
    target = "" if on_page else reverse("disclosure_detail", args=[disclosure_id])
    return format_html(
        '<a class="review-mark" href="{}#finding-{}" title="{}" aria-label="{}">!</a>',
        target,
        finding,
        "未通过校验，点击查看问题说明",
        "未通过校验，查看问题说明",
    )
