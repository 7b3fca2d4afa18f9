"""django-tables2 tables of the citizen pages; headers use the official Chinese terms.

Amounts are stored in yuan and shown in 万元 (`MoneyColumn`); the unit is in every money
column's header. Exports (`budgets.exports`) read `Table.as_values()`, where a MoneyColumn
gives the 万元 amount as a Decimal, so a spreadsheet gets numbers, not text.
"""

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.urls import reverse

from budgets.models import Disclosure
from budgets.selectors.organizations import region_path
from budgets.templatetags.money import MISSING, format_wan, yuan_to_wan

TABLE_TEMPLATE = "budgets/partials/table.html"
NOWRAP = {"td": {"class": "nowrap"}}
WRAP = "\u200b"  # zero-width space: a line break opportunity


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


def _organization_url(record: Disclosure) -> str:
    return reverse("organization_detail", args=[record.organization.slug])


def _disclosure_url(record: Disclosure) -> str:
    return reverse("disclosure_detail", args=[record.pk])


class OrganizationTable(PortalTable):
    """One row per organization: its latest (or the chosen year's) published disclosure."""

    caption = "预算单位及其预算公开文件"

    name = tables.Column(
        accessor="organization__name",
        verbose_name="单位",
        linkify=_organization_url,
        attrs={"td": {"class": "name"}},
    )
    region = tables.Column(
        accessor="organization__region", verbose_name="地区", order_by="organization__region__name"
    )
    kind = tables.Column(accessor="organization__kind", verbose_name="类型", attrs=NOWRAP)
    fiscal_year = tables.Column(verbose_name="年度", linkify=_disclosure_url, attrs=NOWRAP)
    document = tables.Column(
        accessor="kind", verbose_name="文件", linkify=_disclosure_url, order_by="kind", attrs=NOWRAP
    )
    total = MoneyColumn("支出总计", accessor="total_yuan")
    basic = MoneyColumn("基本支出", accessor="basic_yuan")
    project = MoneyColumn("项目支出", accessor="project_yuan")
    three_public = MoneyColumn("“三公”经费", accessor="three_public_yuan")
    operating = MoneyColumn("机关运行经费", accessor="operating_yuan")
    disclosure_count = tables.Column(
        verbose_name="文件数", attrs={"th": {"class": "num"}, "td": {"class": "num"}}
    )

    class Meta(PortalTable.Meta):
        model = Disclosure
        fields = ()
        sequence = (
            "name",
            "region",
            "kind",
            "fiscal_year",
            "document",
            "total",
            "basic",
            "project",
            "three_public",
            "operating",
            "disclosure_count",
        )
        order_by = ("name",)

    def render_region(self, record: Disclosure) -> str:
        return region_path(record.organization.region) or MISSING

    def value_region(self, record: Disclosure) -> str:
        return region_path(record.organization.region)

    def render_kind(self, record: Disclosure) -> str:
        return record.organization.get_kind_display()

    def render_document(self, record: Disclosure) -> str:
        return record.get_kind_display()

    def render_fiscal_year(self, value: int) -> str:
        return f"{value}年"

    def value_fiscal_year(self, value: int) -> int:
        return value
