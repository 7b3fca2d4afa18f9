"""Money formatting for templates: amounts are stored in yuan, shown in 万元.

`{% load money %}` then:

    {{ disclosure.total_yuan|wan }}            "2,373.00"   (yuan → 万元, 2 decimals)
    {{ disclosure.total_yuan|wan_unit }}       "2,373.00 万元"
    {{ check.expected|amount }}                "1,990.83"   (already in the document's unit)
    {{ part|share:whole }}                     "45.6%"      (part / whole)
    {{ ratio|percent }}                        "12.3%"      (a ratio: 0.123)
    {{ new|change:old }}                       "+12.3%"     (relative change, signed)

Missing values (None, "", not a number) show as "—" so an empty cell never reads as zero.
The functions are plain Python too (`format_wan` …), for tables, exports and charts.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from budgets.models import YUAN_PER_WAN

register = template.Library()

MISSING = "—"
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def to_decimal(value: object) -> Decimal | None:
    """`value` as a Decimal, or None when it is missing or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def yuan_to_wan(value: object) -> Decimal | None:
    """Yuan as 万元, rounded half up to 2 decimals as the documents print them."""
    yuan = to_decimal(value)
    if yuan is None:
        return None
    return (yuan / YUAN_PER_WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value: object, places: int = 2) -> str:
    """A number with thousands separators and fixed decimals: 1990.83 → "1,990.83"."""
    number = to_decimal(value)
    if number is None:
        return MISSING
    exponent = Decimal(1).scaleb(-places)
    rounded = number.quantize(exponent, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.00"
    return f"{rounded:,.{places}f}"


def format_wan(value: object) -> str:
    """Yuan shown in 万元 with thousands separators: Decimal("23730000") → "2,373.00"."""
    return format_amount(yuan_to_wan(value))


def format_percent(ratio: object, places: int = 1) -> str:
    """A ratio as a percentage: 0.4563 → "45.6%"."""
    number = to_decimal(ratio)
    if number is None:
        return MISSING
    return f"{format_amount(number * 100, places)}%"


def share_ratio(part: object, whole: object) -> Decimal | None:
    """part / whole, or None when either is missing or whole is zero."""
    numerator, denominator = to_decimal(part), to_decimal(whole)
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def change_ratio(new: object, old: object) -> Decimal | None:
    """(new - old) / old, or None when either is missing or old is zero."""
    current, previous = to_decimal(new), to_decimal(old)
    if current is None or not previous:
        return None
    return (current - previous) / abs(previous)


@register.filter
def wan(value: object) -> str:
    """Yuan → "2,373.00" (万元, no unit: put the unit in the column header)."""
    return format_wan(value)


@register.filter
def wan_unit(value: object) -> str:
    """Yuan → "2,373.00 万元"; a missing value stays "—" without a unit."""
    text = format_wan(value)
    return text if text == MISSING else f"{text} 万元"


@register.filter
def amount(value: object, places: int = 2) -> str:
    """A number already in its display unit → "1,990.83"."""
    return format_amount(value, int(places))


@register.filter
def percent(ratio: object) -> str:
    """A ratio → "45.6%"."""
    return format_percent(ratio)


@register.filter
def share(part: object, whole: object) -> str:
    """part as a percentage of whole → "45.6%"; "—" when whole is zero or missing."""
    return format_percent(share_ratio(part, whole))


@register.filter
def change(new: object, old: object) -> str:
    """Relative change from old to new, signed → "+12.3%" / "-4.0%"; "—" without a base."""
    ratio = change_ratio(new, old)
    if ratio is None:
        return MISSING
    text = format_percent(ratio)
    return text if ratio < 0 or text.startswith("0.0") else f"+{text}"
