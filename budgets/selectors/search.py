"""Full-text search over organizations, projects, indicators and narrative text (/search/).

Chinese has no spaces between words, so matching is by substring (`icontains`): "商务" finds
晋城市商务局 and 山阴县商务局, and any fragment of a project name finds the project. Words
separated by spaces must all match. On PostgreSQL with pg_trgm, migration 0003 adds trigram
GIN indexes on UPPER(column) — the expression Django's `icontains` compares — so these
LIKE '%…%' scans use an index instead of reading every row.

Each group is ranked the same way: an exact match of the whole query first, then names that
start with it, then the larger amount. A group costs two queries (count and one page), so a
search costs the same whatever the size of the database.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    F,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from budgets.models import Disclosure, Indicator, NarrativeSection, Organization, Project

PUBLISHED = Disclosure.Status.PUBLISHED
MAX_QUERY_LENGTH = 100
MAX_TERMS = 5
GROUP_PREVIEW_SIZE = 10
GROUP_PAGE_SIZE = 50
SNIPPET_RADIUS = 40

ORGANIZATIONS, PROJECTS, INDICATORS, NARRATIVE = (
    "organizations",
    "projects",
    "indicators",
    "narrative",
)
GROUP_LABELS = {
    ORGANIZATIONS: "预算单位",
    PROJECTS: "项目",
    INDICATORS: "绩效指标",
    NARRATIVE: "情况说明",
}


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


@dataclass
class SearchGroup:
    key: str
    label: str
    count: int
    items: list[Any]
    page: Page | None = None

    @property
    def has_more(self) -> bool:
        return self.count > len(self.items)


@dataclass
class SearchResults:
    query: SearchQuery
    groups: list[SearchGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def parse_search_query(raw: str | None) -> SearchQuery:
    """The query trimmed to MAX_QUERY_LENGTH, and its space-separated terms (at most 5).

    Full-width spaces (U+3000) separate terms too, as Chinese input methods type them.
    """
    text = " ".join((raw or "").replace("\u3000", " ").split())[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    for term in text.split():
        if term not in terms:
            terms.append(term)
    return SearchQuery(text=text, terms=tuple(terms[:MAX_TERMS]))


def split_match(text: str, term: str) -> tuple[str, str, str]:
    """(before, match, after) around the first case-insensitive occurrence of `term`, so a
    template can wrap the match in <mark> and still escape all three parts."""
    index = text.lower().find(term.lower()) if term else -1
    if index < 0:
        return text, "", ""
    return text[:index], text[index : index + len(term)], text[index + len(term) :]


def snippet(text: str, term: str, radius: int = SNIPPET_RADIUS) -> tuple[str, str, str]:
    """split_match on a window of `radius` characters either side of the match, with "…"."""
    before, match, after = split_match(" ".join(text.split()), term)
    if not match:
        return (before[: radius * 2] + ("…" if len(before) > radius * 2 else "")), "", ""
    head = ("…" + before[-radius:]) if len(before) > radius else before
    tail = (after[:radius] + "…") if len(after) > radius else after
    return head, match, tail


def _all_terms(fields: Sequence[str], terms: Sequence[str]) -> Q:
    """Every term matches at least one of `fields`."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return condition


def _match_rank(field_name: str, text: str) -> Case:
    """0 for an exact match of the whole query, 1 for a prefix match, 2 otherwise."""
    return Case(
        When(**{f"{field_name}__iexact": text}, then=Value(0)),
        When(**{f"{field_name}__istartswith": text}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def organization_matches(query: SearchQuery) -> QuerySet[Organization]:
    published = Disclosure.objects.filter(status=PUBLISHED).defer("parsed", "source_text")
    return (
        Organization.objects.filter(_all_terms(["name"], query.terms))
        .filter(disclosures__status=PUBLISHED)
        .annotate(
            match_rank=_match_rank("name", query.text),
            largest_total_yuan=Max(
                "disclosures__total_yuan", filter=Q(disclosures__status=PUBLISHED)
            ),
        )
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "disclosures",
                queryset=published.order_by("-fiscal_year", "kind"),
                to_attr="published_disclosures",
            )
        )
        .order_by("match_rank", F("largest_total_yuan").desc(nulls_last=True), "name", "pk")
        .distinct()
    )


def project_matches(query: SearchQuery) -> QuerySet[Project]:
    return (
        Project.objects.filter(_all_terms(["name"], query.terms), disclosure__status=PUBLISHED)
        .annotate(match_rank=_match_rank("name", query.text))
        .select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by("match_rank", F("amount_yuan").desc(nulls_last=True), "name", "pk")
    )


def indicator_matches(query: SearchQuery) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(
            _all_terms(["level3", "value_text"], query.terms),
            target__disclosure__status=PUBLISHED,
        )
        .annotate(match_rank=_match_rank("level3", query.text))
        .select_related("target__project", "target__disclosure__organization")
        .defer("target__disclosure__parsed", "target__disclosure__source_text")
        .order_by(
            "match_rank",
            F("target__annual_funds_yuan").desc(nulls_last=True),
            "target_id",
            "position",
        )
    )


def narrative_matches(query: SearchQuery) -> QuerySet[NarrativeSection]:
    return (
        NarrativeSection.objects.filter(
            _all_terms(["heading", "text"], query.terms), disclosure__status=PUBLISHED
        )
        .annotate(match_rank=_match_rank("heading", query.text))
        .select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by("match_rank", F("disclosure__total_yuan").desc(nulls_last=True), "pk")
    )


MATCHERS = {
    ORGANIZATIONS: organization_matches,
    PROJECTS: project_matches,
    INDICATORS: indicator_matches,
    NARRATIVE: narrative_matches,
}


def _decorate(key: str, items: list[Any], query: SearchQuery) -> list[Any]:
    """Attach the highlighted parts (`parts`) the templates show, per group."""
    term = query.terms[0]
    for item in items:
        if key in (ORGANIZATIONS, PROJECTS):
            item.parts = split_match(item.name, _first_found(item.name, query.terms))
        elif key == INDICATORS:
            item.parts = split_match(item.level3, _first_found(item.level3, query.terms))
            item.value_parts = split_match(
                item.value_text, _first_found(item.value_text, query.terms)
            )
        else:
            item.parts = split_match(item.heading, _first_found(item.heading, query.terms))
            item.snippet = snippet(item.text, _first_found(item.text, query.terms) or term)
    return items


def _first_found(text: str, terms: Sequence[str]) -> str:
    lowered = text.lower()
    return next((term for term in terms if term.lower() in lowered), "")


def search(
    *, query: SearchQuery, group: str | None = None, page_number: str | int | None = None
) -> SearchResults:
    """Results by group: a preview of each group, or one group page by page (`group`)."""
    results = SearchResults(query=query)
    if not query:
        return results
    keys = [group] if group in MATCHERS else list(MATCHERS)
    for key in keys:
        matches = MATCHERS[key](query)
        if group in MATCHERS:
            page = Paginator(matches, GROUP_PAGE_SIZE).get_page(page_number)
            items, count = list(page.object_list), page.paginator.count
        else:
            page, items = None, list(matches[:GROUP_PREVIEW_SIZE])
            count = len(items) if len(items) < GROUP_PREVIEW_SIZE else matches.count()
        results.groups.append(
            SearchGroup(key, GROUP_LABELS[key], count, _decorate(key, items, query), page)
        )
    return results
