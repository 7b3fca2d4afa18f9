"""Changes between years or versions, for templates: amounts stay in yuan until shown.

`{% load changes %}` then `{{ ratio|signed_percent }}` ("+12.3%", "-4.0%", from a ratio such
as 0.123) and `{{ difference|signed_wan }}` ("+1,234.50", yuan shown in 万元). Missing values
show "—", as everywhere.
"""

from django import template

from budgets.templatetags.money import MISSING, format_percent, format_wan, to_decimal

register = template.Library()


@register.filter
def signed_percent(ratio: object) -> str:
    """A ratio as a signed percentage: 0.123 → "+12.3%"; 0 → "0.0%"."""
    number = to_decimal(ratio)
    if number is None:
        return MISSING
    text = format_percent(number)
    return text if number < 0 or text == "0.0%" else f"+{text}"


@register.filter
def signed_wan(yuan: object) -> str:
    """A difference in yuan shown in 万元 with its sign: 123450 → "+12.35"."""
    number = to_decimal(yuan)
    if number is None:
        return MISSING
    text = format_wan(number)
    return text if number < 0 or text == "0.00" else f"+{text}"
