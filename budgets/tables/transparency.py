"""The transparency index's table (/transparency/): completeness and findings per disclosure."""

import django_tables2 as tables
from django.urls import reverse

from budgets.models import Disclosure
from budgets.selectors.organizations import region_path
from budgets.tables.common import NOWRAP, NUMBER_ATTRS, PortalTable
from budgets.templatetags.money import MISSING


class TransparencyTable(PortalTable):
    """One row per published disclosure, in the ranking's order."""

    caption = "预算公开透明度排名"

    rank = tables.Column(verbose_name="排名", attrs=NUMBER_ATTRS, orderable=False)
    organization = tables.Column(
        accessor="organization__name",
        verbose_name="单位",
        linkify=lambda record: reverse("organization_detail", args=[record.organization.slug]),
        attrs={"td": {"class": "name"}},
        orderable=False,
    )
    region = tables.Column(
        accessor="organization__region", verbose_name="地区", orderable=False, empty_values=()
    )
    document = tables.Column(
        accessor="kind",
        verbose_name="文件",
        linkify=lambda record: reverse("disclosure_detail", args=[record.pk]) + "#validation",
        attrs=NOWRAP,
        orderable=False,
    )
    completeness_score = tables.Column(
        verbose_name="公开完整性（分）", attrs=NUMBER_ATTRS, orderable=False
    )
    review_errors = tables.Column(verbose_name="错误（处）", attrs=NUMBER_ATTRS, orderable=False)
    review_notices = tables.Column(verbose_name="提示（处）", attrs=NUMBER_ATTRS, orderable=False)

    class Meta(PortalTable.Meta):
        model = Disclosure
        fields = ()
        sequence = (
            "rank",
            "organization",
            "region",
            "document",
            "completeness_score",
            "review_errors",
            "review_notices",
        )

    def render_region(self, record: Disclosure) -> str:
        return region_path(record.organization.region) or MISSING

    def render_document(self, record: Disclosure) -> str:
        return f"{record.fiscal_year}年{record.get_kind_display()}"

    def value_document(self, record: Disclosure) -> str:
        return self.render_document(record)

    def render_completeness_score(self, value: int | None) -> str:
        return MISSING if value is None else str(value)
