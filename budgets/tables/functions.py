"""The function ranking's table (/functions/<code>/): every published amount of one code.

Every link to a document goes to the cited source line as well as to its page.
"""

from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse

from budgets.models import FunctionalLine
from budgets.selectors.organizations import region_path
from budgets.tables.common import (
    NUMBER_ATTRS,
    PHONE_HIDDEN,
    MoneyColumn,
    PortalTable,
    row_header_attrs,
)
from budgets.templatetags.money import MISSING, format_percent
from budgets.templatetags.sources import source_link


class FunctionAmountTable(PortalTable):
    """Every published disclosure's amount for one functional code, ranked by amount."""

    rank = tables.Column(verbose_name="排名", attrs=NUMBER_ATTRS, orderable=False)
    organization = tables.Column(
        accessor="disclosure__organization__name",
        verbose_name="单位",
        linkify=lambda record: reverse(
            "organization_detail", args=[record.disclosure.organization.slug]
        ),
        attrs=row_header_attrs("name"),
    )
    region = tables.Column(
        accessor="disclosure__organization__region",
        verbose_name="地区",
        order_by="disclosure__organization__region__name",
        attrs=PHONE_HIDDEN,
    )
    fiscal_year = tables.Column(
        accessor="disclosure__fiscal_year",
        verbose_name="文件",
        linkify=lambda record: reverse("disclosure_detail", args=[record.disclosure_id]),
    )
    total = MoneyColumn("金额", accessor="total")
    basic = MoneyColumn("基本支出", accessor="basic")
    project = MoneyColumn("项目支出", accessor="project")
    share = tables.Column(verbose_name="占该文件支出总计", attrs=NUMBER_ATTRS)
    source = tables.Column(
        accessor="line_start", verbose_name="出处", orderable=False, empty_values=()
    )

    class Meta(PortalTable.Meta):
        model = FunctionalLine
        fields = ()
        sequence = (
            "rank",
            "organization",
            "region",
            "fiscal_year",
            "total",
            "basic",
            "project",
            "share",
            "source",
        )

    def render_region(self, record: FunctionalLine) -> str:
        return region_path(record.disclosure.organization.region) or MISSING

    def render_fiscal_year(self, record: FunctionalLine) -> str:
        disclosure = record.disclosure
        return f"{disclosure.fiscal_year}年{disclosure.get_kind_display()}"

    def value_fiscal_year(self, record: FunctionalLine) -> int:
        return record.disclosure.fiscal_year

    def render_share(self, value: Decimal) -> str:
        return format_percent(value)

    def render_source(self, record: FunctionalLine) -> str:
        return source_link(record.disclosure_id, record.line_start, record.line_end)
