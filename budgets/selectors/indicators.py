"""Reads of the performance-indicator explorer (/indicators/): 绩效指标 across all projects.

Indicators belong to a 绩效目标 form (PerformanceTarget) of a published disclosure; the
list carries the project and organization in the same query (select_related), so a page
costs a count and a page query whatever the number of indicators.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, QuerySet

from budgets.filters_explore import IndicatorFilter, apply_filters
from budgets.models import Disclosure, Indicator

PUBLISHED = Disclosure.Status.PUBLISHED


def indicator_base() -> QuerySet[Indicator]:
    """Indicators of published disclosures: newest year first, then by organization and form."""
    return (
        Indicator.objects.filter(target__disclosure__status=PUBLISHED)
        .select_related("target__disclosure__organization")
        .defer(
            "target__overall_goal",
            "target__funds",
            "target__disclosure__parsed",
            "target__disclosure__source_text",
        )
        .order_by(
            "-target__disclosure__fiscal_year",
            "target__disclosure__organization__name",
            "target__position",
            "position",
        )
    )


def indicator_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Indicator]:
    """Indicators filtered by ?q= (keyword), ?level1=, ?level2=, ?year=."""
    return apply_filters(IndicatorFilter, filters, indicator_base())


def indicator_level_counts(*, indicators: QuerySet[Indicator]) -> list[dict[str, Any]]:
    """[{"level1": "产出指标", "count": 523}, …] over `indicators`, largest first (one query)."""
    return list(
        indicators.order_by()
        .exclude(level1="")
        .values("level1")
        .annotate(count=Count("pk"))
        .order_by("-count", "level1")
    )
