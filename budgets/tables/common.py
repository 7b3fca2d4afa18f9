"""What every page's django-tables2 table shares: the base table and the money column.

Headers use the official Chinese terms. Amounts are stored in yuan and shown in 万元
(`MoneyColumn`); the unit is in every money column's header. Exports (`budgets.exports`) read
`Table.as_values()`, where a MoneyColumn gives the 万元 amount as a Decimal, so a spreadsheet
gets numbers, not text.
"""

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet

from budgets.templatetags.money import MISSING, format_wan, yuan_to_wan

TABLE_TEMPLATE = "budgets/partials/table.html"


NOWRAP = {"td": {"class": "nowrap"}}


WRAP = "\u200b"  # zero-width space: a line break opportunity


NUMBER_ATTRS = {"th": {"class": "num"}, "td": {"class": "num"}}


# A column phones leave out (static/css/portal.css, below 40rem): what the page says elsewhere
# (the region a filter chose, an organization's kind), so that the amounts come into view.
PHONE_HIDDEN = {"th": {"class": "phone-hidden"}, "td": {"class": "phone-hidden"}}


def row_header_attrs(td_class: str = "") -> dict[str, dict[str, str]]:
    """Attrs of the column that names each row: its cells stay in view while a wide table
    scrolls sideways on a phone (static/css/portal.css)."""
    return {"th": {"class": "row-header"}, "td": {"class": f"row-header {td_class}".strip()}}


class MoneyColumn(tables.Column):
    """Yuan shown as 万元 with thousands separators ("2,373.00"); empty cells show "—".

    Sorting puts empty amounts last in both directions, so "largest first" starts with a
    number rather than with documents that have no such table.
    """

    def __init__(self, verbose_name: str, **kwargs: Any) -> None:
        attrs = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}
        attrs.update(kwargs.pop("attrs", {}))
        kwargs.setdefault("default", MISSING)
        # A zero-width space lets a narrow header wrap before the unit, never inside it
        # (with `word-break: keep-all`); exports drop it.
        super().__init__(verbose_name=f"{verbose_name}{WRAP}（万元）", attrs=attrs, **kwargs)

    def render(self, value: Decimal) -> str:
        return format_wan(value)

    def value(self, value: Decimal) -> Decimal | None:
        return yuan_to_wan(value)

    def order(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        field = "__".join(self.accessor.bits) if self.accessor else None
        if not field or not isinstance(queryset, QuerySet):
            return queryset, False
        expression = (
            F(field).desc(nulls_last=True) if is_descending else F(field).asc(nulls_last=True)
        )
        return queryset.order_by(expression, "pk"), True


class PortalTable(tables.Table):
    """Base table: the portal's template (caption, sort arrows, Chinese pagination)."""

    caption = ""

    class Meta:
        template_name = TABLE_TEMPLATE
        attrs = {"class": "data"}
        empty_text = "没有符合条件的记录。"
