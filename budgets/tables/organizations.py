"""The organization list's table (/organizations/): each organization and its latest document."""

import django_tables2 as tables
from django.db.models import QuerySet
from django.urls import reverse

from budgets.models import Disclosure
from budgets.pinyin import order_by_pinyin
from budgets.selectors.organizations import region_path
from budgets.tables.common import (
    NOWRAP,
    PHONE_HIDDEN,
    MoneyColumn,
    PortalTable,
    row_header_attrs,
)
from budgets.templatetags.money import MISSING


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
        attrs=row_header_attrs("name"),
    )
    region = tables.Column(
        accessor="organization__region",
        verbose_name="地区",
        order_by="organization__region__name",
        attrs=PHONE_HIDDEN,
    )
    kind = tables.Column(
        accessor="organization__kind",
        verbose_name="类型",
        attrs={"th": {"class": "phone-hidden"}, "td": {"class": "nowrap phone-hidden"}},
    )
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

    def order_name(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        """Names in pinyin order (晋城市… before 山阴县… before 上海市…), not by code point."""
        return order_by_pinyin(queryset, "organization__name", descending=is_descending), True

    def render_document(self, record: Disclosure) -> str:
        return record.get_kind_display()

    def render_fiscal_year(self, value: int) -> str:
        return f"{value}年"

    def value_fiscal_year(self, value: int) -> int:
        return value
