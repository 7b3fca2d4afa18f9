"""Reads of the performance-indicator explorer (/indicators/): 绩效指标 across all projects.

Indicators belong to a 绩效目标 form (PerformanceTarget) of a published disclosure; the
list carries the project and organization in the same query (select_related), so a page
costs a count and a page query whatever the number of indicators.

The keyword (?q=) is a substring of the indicator's 三级/二级 indicator or value, of its
project's name or of its organization's name. Those are columns of three tables, and an OR
across joined tables cannot use an index, so each is searched on its own through migration
0005's bigram indexes (budgets/search_sql.py), at most MATCH_LIMIT + 1 ids each, in one UNION
ALL query. A keyword found more than MATCH_LIMIT times ("满意度": 120,000 indicators at
10,000 disclosures) lists the first MATCH_LIMIT found, in the page's order, and says "1,000+".
"""

from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db.models import Count, QuerySet, Value

from budgets.filters.indicators import IndicatorFilter
from budgets.models import Disclosure, Indicator
from budgets.search_sql import MATCH_LIMIT, any_contains, first_matches

PUBLISHED = Disclosure.Status.PUBLISHED
KEYWORD_FIELDS = ("level3", "value_text", "level2")  # the indicator's own columns


@dataclass(frozen=True)
class IndicatorSearch:
    filterset: IndicatorFilter  # the form, with its errors
    indicators: QuerySet[Indicator]
    is_capped: bool = False  # more than MATCH_LIMIT match the keyword; the first are listed


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


def indicator_keyword_ids(*, indicators: QuerySet[Indicator], keyword: str) -> list[int]:
    """Ids of at most MATCH_LIMIT + 1 of `indicators` whose own text, project name or
    organization name contains `keyword`: own matches first, then by project, then by
    organization (one query)."""
    terms = (keyword,)
    streams = [
        indicators.filter(any_contains(KEYWORD_FIELDS, keyword)),
        indicators.filter(any_contains(["target__project_name"], keyword)),
        indicators.filter(any_contains(["target__disclosure__organization__name"], keyword)),
    ]
    first, *others = [
        first_matches(
            stream.annotate(stream=Value(n)).values_list("stream", "pk"),
            terms=terms,
            limit=MATCH_LIMIT + 1,
        )
        for n, stream in enumerate(streams)
    ]
    # UNION ALL runs the streams in order; sorting on the stream number keeps that order
    # should PostgreSQL ever interleave them.
    rows = sorted(first.union(*others, all=True), key=itemgetter(0))
    ids = dict.fromkeys(pk for _, pk in rows)
    return list(ids)[: MATCH_LIMIT + 1]


def indicator_search(*, params: Mapping[str, Any] | None) -> IndicatorSearch:
    """Indicators filtered by ?level1=, ?level2=, ?year= and the keyword ?q= (bounded).

    The FilterSet applies the levels and the year and only checks the keyword: the keyword
    keeps the first MATCH_LIMIT matches, so it is applied here, after the other filters."""
    filterset = IndicatorFilter(params or None, queryset=indicator_base())
    indicators = filterset.qs
    keyword = (filterset.form.cleaned_data.get("q") or "").strip() if filterset.is_bound else ""
    if not keyword:
        return IndicatorSearch(filterset, indicators)
    ids = indicator_keyword_ids(indicators=indicators, keyword=keyword)
    return IndicatorSearch(
        filterset,
        indicators.filter(pk__in=ids[:MATCH_LIMIT]),
        is_capped=len(ids) > MATCH_LIMIT,
    )


def indicator_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Indicator]:
    """Indicators filtered by ?q= (keyword), ?level1=, ?level2=, ?year=."""
    return indicator_search(params=filters).indicators


def indicator_level_counts(*, indicators: QuerySet[Indicator]) -> list[dict[str, Any]]:
    """[{"level1": "产出指标", "count": 523}, …] over `indicators`, largest first (one query)."""
    return list(
        indicators.order_by()
        .exclude(level1="")
        .values("level1")
        .annotate(count=Count("pk"))
        .order_by("-count", "level1")
    )
