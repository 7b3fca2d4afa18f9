"""Amounts in the unit a document prints them in (万元 or 元), for search and exports.

The database stores yuan (budgets/models.py); a reader compares a figure with the document, so
search hits, exports and the API also give it in the document's own unit
(``Disclosure.amount_unit``): 4358500.00 元 is printed "435.85" in a 万元 document and
"4358500.00" in a 元 one. `parse_amount` reads an amount as people type it ("2,373.00",
"435.85万元") for the search.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from budgets.models import YUAN_PER_WAN

WAN, YUAN = "万元", "元"
UNITS = (WAN, YUAN)
YUAN_PER_UNIT = {WAN: Decimal(YUAN_PER_WAN), YUAN: Decimal(1)}
CENT = Decimal("0.01")

# Digits with optional thousands separators and at most two decimals (documents print two),
# then optionally a unit: "435.85", "2,373.00", "5000", "435.85万元", "0.5万".
AMOUNT_PATTERN = re.compile(
    r"^(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?P<unit>万元|万|元)?$"
)


@dataclass(frozen=True)
class AmountQuery:
    """An amount as typed, and the units it may be printed in (both when none was typed)."""

    number: Decimal
    units: tuple[str, ...]

    def yuan_by_unit(self) -> dict[str, Decimal]:
        """The stored (yuan) value the amount stands for in each unit it may be printed in."""
        return {unit: (self.number * YUAN_PER_UNIT[unit]).quantize(CENT) for unit in self.units}


def parse_amount(text: str) -> AmountQuery | None:
    """The amount a search term stands for, or None when it is not one.

    Full-width digits and separators are read as their ASCII forms, as Chinese input methods
    type them. A typed unit ("435.85万元") restricts the match to documents printing that unit.
    """
    normalized = text.translate(FULL_WIDTH).strip()
    match = AMOUNT_PATTERN.match(normalized)
    if not match:
        return None
    try:
        number = Decimal(match.group("number").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    if number.adjusted() >= MAX_AMOUNT_DIGITS:  # no stored figure is that large
        return None
    unit = match.group("unit")
    units = (WAN,) if unit in ("万", WAN) else (YUAN,) if unit == YUAN else UNITS
    return AmountQuery(number=number, units=units)


# Integer digits an amount in a search may have: figures are NUMERIC(18, 2) in yuan, so 万元
# may have 12 (a longer number compared with those columns made the query fail, a 500).
MAX_AMOUNT_DIGITS = 12
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def in_unit(amount_yuan: Decimal | None, unit: str) -> Decimal | None:
    """Yuan as the document prints it in `unit`, rounded half up to two decimals."""
    if amount_yuan is None:
        return None
    divisor = YUAN_PER_UNIT.get(unit, Decimal(1))
    return (Decimal(amount_yuan) / divisor).quantize(CENT, rounding=ROUND_HALF_UP)


def printed_amount(amount_yuan: Decimal | None, unit: str) -> str:
    """ "435.85 万元": the amount with thousands separators in the document's unit, or ""."""
    value = in_unit(amount_yuan, unit)
    return "" if value is None else f"{value:,.2f} {unit}"
