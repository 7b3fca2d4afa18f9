"""The indicator explorer's table (/indicators/): performance indicators with their projects."""

import django_tables2 as tables
from django.urls import reverse

from budgets.models import Indicator
from budgets.tables.common import MoneyColumn, PortalTable
from budgets.templatetags.sources import source_link


def labelled(label: str, **td: str) -> dict[str, dict[str, str]]:
    """Column attrs whose cells carry their header as data-label, so that a narrow screen
    can show each row as a card ("指标值：≥95%") instead of a squeezed table."""
    return {"td": {"data-label": label, **td}}


class IndicatorTable(PortalTable):
    """Performance indicators (绩效指标) with their project and organization."""

    caption = "绩效指标"

    level3 = tables.Column(verbose_name="三级指标", attrs=labelled("三级指标", **{"class": "name"}))
    value_text = tables.Column(verbose_name="指标值", orderable=False, attrs=labelled("指标值"))
    level1 = tables.Column(verbose_name="一级指标", attrs=labelled("一级指标"))
    level2 = tables.Column(verbose_name="二级指标", attrs=labelled("二级指标"))
    project = tables.Column(
        accessor="target__project_name",
        verbose_name="项目",
        linkify=lambda record: reverse("disclosure_detail", args=[record.target.disclosure_id]),
        attrs=labelled("项目", **{"class": "project"}),
    )
    funds = MoneyColumn(
        "项目资金",
        accessor="target__annual_funds_yuan",
        attrs={"th": {"class": "num"}, **labelled("项目资金（万元）", **{"class": "num"})},
    )
    organization = tables.Column(
        accessor="target__disclosure__organization__name",
        verbose_name="单位",
        linkify=lambda record: reverse(
            "organization_detail", args=[record.target.disclosure.organization.slug]
        ),
        attrs=labelled("单位"),
    )
    fiscal_year = tables.Column(
        accessor="target__disclosure__fiscal_year", verbose_name="年度", attrs=labelled("年度")
    )
    source = tables.Column(
        accessor="line_start",
        verbose_name="出处",
        orderable=False,
        empty_values=(),
        attrs=labelled("出处"),
    )

    class Meta(PortalTable.Meta):
        model = Indicator
        fields = ()
        sequence = (
            "level3",
            "value_text",
            "level1",
            "level2",
            "project",
            "funds",
            "organization",
            "fiscal_year",
            "source",
        )
        empty_text = "没有符合条件的绩效指标。"
        attrs = {"class": "data indicator-table"}

    def render_fiscal_year(self, value: int) -> str:
        return f"{value}年"

    def value_fiscal_year(self, value: int) -> int:
        return value

    def render_source(self, record: Indicator) -> str:
        return source_link(record.target.disclosure_id, record.line_start, record.line_end)
