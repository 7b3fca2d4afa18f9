"""Search over organizations, figures, projects, indicators and narrative text (/search/).

Figures are found three ways, each term on its own: by name (a functional row 行政运行 of the
预算支出总表, an economic item 办公费, a figure of the vocabulary in `budgets.figure_labels`:
"三公" finds every “三公”经费 figure), by functional code ("2011301" finds that code's row in
every disclosure) and by amount ("435.85" finds the amounts printed as 435.85 in their
document's unit, 万元 or 元: `budgets.units.parse_amount`, `search_sql.amount_matches`). Every
figure hit links to its source lines.

Chinese has no spaces between words, so matching is by substring (`icontains`): "商务" finds
晋城市商务局 and 山阴县商务局, and any fragment of a project name finds the project. Words
separated by spaces must all match. Migration 0005's bigram GIN indexes narrow each term of
two characters or more before the exact LIKE (budgets/search_sql.py); a one-character term is
matched by LIKE alone, a scan of each table (slow on a large database, but it works).

A group finds at most MATCH_LIMIT + 1 matches (one query: `first_match_ids`) and ranks the
first MATCH_LIMIT of them (one query for a page): an exact match of the whole query first,
then names that start with it, then the larger amount. When more match, the count says
"1,000+" and the list holds the first 1,000 found in storage order, ranked; a longer word or a
second one narrows the search. So a search costs about the same whatever the size of the
database and however common the word.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from budgets.figure_labels import figure_keys_named, figure_label
from budgets.models import (
    CODE_LENGTH_LEVELS,
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalCode,
    FunctionalLine,
    Indicator,
    NarrativeSection,
    Organization,
    Project,
)
from budgets.pagination import CountedPaginator
from budgets.search_sql import MATCH_LIMIT, amount_matches, any_contains, first_match_ids
from budgets.units import parse_amount, printed_amount

PUBLISHED = Disclosure.Status.PUBLISHED
MAX_QUERY_LENGTH = 100
MAX_TERMS = 5
GROUP_PREVIEW_SIZE = 10
GROUP_PAGE_SIZE = 50
SNIPPET_RADIUS = 40

CODE_PREVIEW_SIZE = 10

ORGANIZATIONS, FUNCTIONS, ECONOMIC, FIGURES, PROJECTS, INDICATORS, NARRATIVE = (
    "organizations",
    "functions",
    "economic",
    "figures",
    "projects",
    "indicators",
    "narrative",
)
GROUP_LABELS = {
    ORGANIZATIONS: "预算单位",
    FUNCTIONS: "功能分类科目",
    ECONOMIC: "经济分类科目",
    FIGURES: "“三公”经费等单项数",
    PROJECTS: "项目",
    INDICATORS: "绩效指标",
    NARRATIVE: "情况说明",
}
EXPENDITURE = FunctionalLine.Table.EXPENDITURE


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
    count: int  # matches listed, at most MATCH_LIMIT
    items: list[Any]
    page: Page | None = None
    is_capped: bool = False  # more than MATCH_LIMIT match: the first MATCH_LIMIT are listed

    @property
    def has_more(self) -> bool:
        return self.count > len(self.items)

    @property
    def listed_label(self) -> str:
        """The number of rows listed, "1,000"."""
        return f"{self.count:,}"

    @property
    def count_label(self) -> str:
        """The count shown: "73", or "1,000+" when more match."""
        return f"{self.listed_label}+" if self.is_capped else self.listed_label


@dataclass
class SearchResults:
    query: SearchQuery
    groups: list[SearchGroup] = field(default_factory=list)
    codes: list[FunctionalCode] = field(default_factory=list)  # codes named by the query

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def total_label(self) -> str:
        capped = any(group.is_capped for group in self.groups)
        return f"{self.total:,}+" if capped else f"{self.total:,}"


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
    """Every term matches at least one of `fields` (columns of one table)."""
    condition = Q()
    for term in terms:
        condition &= any_contains(fields, term)
    return condition


def is_code_term(term: str) -> bool:
    """A functional code: 3, 5 or 7 digits (类, 款, 项)."""
    return term.isascii() and term.isdigit() and len(term) in CODE_LENGTH_LEVELS


def _term_conditions(terms: Sequence[str], term_condition: Callable[[str], Q | None]) -> Q | None:
    """Every term's condition AND-ed; None when a term can match nothing (no query needed)."""
    condition = Q()
    for term in terms:
        found = term_condition(term)
        if found is None:
            return None
        condition &= found
    return condition


def _amount_condition(
    term: str, fields: Sequence[str], unit_field: str, row_unit_field: str = ""
) -> Q | None:
    amount = parse_amount(term)
    if amount is None:
        return None
    return amount_matches(fields, amount, unit_field=unit_field, row_unit_field=row_unit_field)


def _either(*conditions: Q | None) -> Q | None:
    found = [condition for condition in conditions if condition is not None]
    if not found:
        return None
    combined = found[0]
    for condition in found[1:]:
        combined |= condition
    return combined


def _match_rank(field_name: str, text: str) -> Case:
    """0 for an exact match of the whole query, 1 for a prefix match, 2 otherwise."""
    return Case(
        When(**{f"{field_name}__iexact": text}, then=Value(0)),
        When(**{f"{field_name}__istartswith": text}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


# Each group has two readers: `<group>_matches(query)`, the matching rows unordered (the
# bounded id query runs on it), and `<group>_ranked(rows, query)`, those rows ranked and with
# what the template shows.


def organization_matches(query: SearchQuery) -> QuerySet[Organization]:
    published = Disclosure.objects.filter(organization=OuterRef("pk"), status=PUBLISHED)
    return Organization.objects.filter(_all_terms(["name"], query.terms), Exists(published))


def organization_ranked(rows: QuerySet[Organization], query: SearchQuery) -> QuerySet[Organization]:
    published = Disclosure.objects.filter(status=PUBLISHED).defer("parsed", "source_text")
    return (
        rows.annotate(
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
    )


def functional_line_term(term: str) -> Q | None:
    """A 预算支出总表 row named with `term`, of code `term`, or of amount `term`."""
    return _either(
        any_contains(["name"], term),
        Q(code=term) if is_code_term(term) else None,
        _amount_condition(term, ["total", "basic", "project"], "disclosure__amount_unit", "unit"),
    )


def functional_line_matches(query: SearchQuery) -> QuerySet[FunctionalLine] | None:
    condition = _term_conditions(query.terms, functional_line_term)
    if condition is None:
        return None
    return FunctionalLine.objects.filter(condition, table=EXPENDITURE, disclosure__status=PUBLISHED)


def functional_line_ranked(
    rows: QuerySet[FunctionalLine], query: SearchQuery
) -> QuerySet[FunctionalLine]:
    return (
        rows.annotate(match_rank=_match_rank("name", query.text))
        .select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by("match_rank", F("total").desc(nulls_last=True), "code", "pk")
    )


def economic_line_term(term: str) -> Q | None:
    """A basic-expenditure economic row whose item is named with `term` or of amount `term`."""
    return _either(
        any_contains(["dept_item_name", "gov_item_name"], term),
        _amount_condition(
            term, ["total", "personnel", "public"], "disclosure__amount_unit", "unit"
        ),
    )


def economic_line_matches(query: SearchQuery) -> QuerySet[EconomicLine] | None:
    condition = _term_conditions(query.terms, economic_line_term)
    if condition is None:
        return None
    return EconomicLine.objects.filter(condition, disclosure__status=PUBLISHED)


def economic_line_ranked(
    rows: QuerySet[EconomicLine], query: SearchQuery
) -> QuerySet[EconomicLine]:
    return (
        rows.annotate(match_rank=_match_rank("dept_item_name", query.text))
        .select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by("match_rank", F("total").desc(nulls_last=True), "pk")
    )


def figure_term(term: str) -> Q | None:
    """A figure whose name (`budgets.figure_labels`) holds `term`, or of amount `term`."""
    named = None
    for section, key in figure_keys_named(term):
        named = _either(named, Q(section=section, key=key))
    return _either(
        named, _amount_condition(term, ["amount_yuan"], "disclosure__amount_unit", "unit")
    )


def figure_matches(query: SearchQuery) -> QuerySet[Figure] | None:
    condition = _term_conditions(query.terms, figure_term)
    if condition is None:
        return None
    return Figure.objects.filter(condition, disclosure__status=PUBLISHED)


def figure_ranked(rows: QuerySet[Figure], query: SearchQuery) -> QuerySet[Figure]:
    return (
        rows.select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by(F("amount_yuan").desc(nulls_last=True), "section", "key", "pk")
    )


def project_term(term: str) -> Q | None:
    return _either(
        any_contains(["name"], term),
        _amount_condition(term, ["amount_yuan"], "disclosure__amount_unit"),
    )


def project_matches(query: SearchQuery) -> QuerySet[Project] | None:
    condition = _term_conditions(query.terms, project_term)
    if condition is None:
        return None
    return Project.objects.filter(condition, disclosure__status=PUBLISHED)


def project_ranked(rows: QuerySet[Project], query: SearchQuery) -> QuerySet[Project]:
    return (
        rows.annotate(match_rank=_match_rank("name", query.text))
        .select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by("match_rank", F("amount_yuan").desc(nulls_last=True), "name", "pk")
    )


def indicator_matches(query: SearchQuery) -> QuerySet[Indicator]:
    return Indicator.objects.filter(
        _all_terms(["level3", "value_text"], query.terms),
        target__disclosure__status=PUBLISHED,
    )


def indicator_ranked(rows: QuerySet[Indicator], query: SearchQuery) -> QuerySet[Indicator]:
    return (
        rows.annotate(match_rank=_match_rank("level3", query.text))
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
    return NarrativeSection.objects.filter(
        _all_terms(["heading", "text"], query.terms), disclosure__status=PUBLISHED
    )


def narrative_ranked(
    rows: QuerySet[NarrativeSection], query: SearchQuery
) -> QuerySet[NarrativeSection]:
    return (
        rows.annotate(match_rank=_match_rank("heading", query.text))
        .select_related("disclosure__organization")
        .defer("disclosure__parsed", "disclosure__source_text")
        .order_by("match_rank", F("disclosure__total_yuan").desc(nulls_last=True), "pk")
    )


Matcher = Callable[[SearchQuery], QuerySet | None]
Ranker = Callable[[QuerySet, SearchQuery], QuerySet]

MATCHERS: dict[str, tuple[Matcher, Ranker]] = {
    ORGANIZATIONS: (organization_matches, organization_ranked),
    FUNCTIONS: (functional_line_matches, functional_line_ranked),
    ECONOMIC: (economic_line_matches, economic_line_ranked),
    FIGURES: (figure_matches, figure_ranked),
    PROJECTS: (project_matches, project_ranked),
    INDICATORS: (indicator_matches, indicator_ranked),
    NARRATIVE: (narrative_matches, narrative_ranked),
}


def _decorate(key: str, items: list[Any], query: SearchQuery) -> list[Any]:
    """Attach the highlighted parts (`parts`) the templates show, per group, and each figure's
    amount as its document prints it (`printed`)."""
    term = query.terms[0]
    for item in items:
        if key in (ORGANIZATIONS, PROJECTS, FUNCTIONS):
            item.parts = split_match(item.name, _first_found(item.name, query.terms))
        elif key == ECONOMIC:
            name = item.dept_item_name or item.gov_item_name
            item.parts = split_match(name, _first_found(name, query.terms))
        elif key == FIGURES:
            item.label = figure_label(item.section, item.key)
            item.parts = split_match(item.label, _first_found(item.label, query.terms))
        elif key == INDICATORS:
            item.parts = split_match(item.level3, _first_found(item.level3, query.terms))
            item.value_parts = split_match(
                item.value_text, _first_found(item.value_text, query.terms)
            )
        else:
            item.parts = split_match(item.heading, _first_found(item.heading, query.terms))
            item.snippet = snippet(item.text, _first_found(item.text, query.terms) or term)
        if key in FIGURE_AMOUNTS:
            # The unit its own table printed, where recorded, else its document's.
            unit = getattr(item, "unit", "") or item.disclosure.amount_unit
            item.printed = printed_amount(getattr(item, FIGURE_AMOUNTS[key]), unit)
    return items


# The amount each figure hit shows, in its document's unit.
FIGURE_AMOUNTS = {
    FUNCTIONS: "total",
    ECONOMIC: "total",
    FIGURES: "amount_yuan",
    PROJECTS: "amount_yuan",
}


def search_codes(*, query: SearchQuery, limit: int = CODE_PREVIEW_SIZE) -> list[FunctionalCode]:
    """Functional codes the query names: a code typed in full, or codes whose newest name
    holds every term (one query over the code list, a few thousand rows), for links to the
    code's ranking."""
    condition = Q()
    for term in query.terms:
        condition &= Q(code=term) if is_code_term(term) else Q(name__icontains=term)
    return list(
        FunctionalCode.objects.filter(condition)
        .order_by("code", "-fiscal_year")
        .distinct("code")[:limit]
    )


def _first_found(text: str, terms: Sequence[str]) -> str:
    lowered = text.lower()
    return next((term for term in terms if term.lower() in lowered), "")


def search(
    *,
    query: SearchQuery,
    group: str | None = None,
    page_number: str | int | None = None,
    preview_size: int = GROUP_PREVIEW_SIZE,
) -> SearchResults:
    """Results by group: a preview of each group (its first `preview_size` hits; an export asks
    for all it lists), or one group page by page (`group`).

    Two queries a group (its bounded ids, then the ranked preview or page), plus one for the
    organizations' disclosures.
    """
    results = SearchResults(query=query)
    if not query:
        return results
    keys = [group] if group in MATCHERS else list(MATCHERS)
    if group is None:
        results.codes = search_codes(query=query)
    for key in keys:
        matcher, ranker = MATCHERS[key]
        matches = matcher(query)
        if matches is None:  # a term no row of this kind can match
            results.groups.append(SearchGroup(key, GROUP_LABELS[key], 0, []))
            continue
        ids = first_match_ids(matches, terms=query.terms, limit=MATCH_LIMIT + 1)
        is_capped = len(ids) > MATCH_LIMIT
        ids = ids[:MATCH_LIMIT]
        count = len(ids)
        rows = ranker(matches.model.objects.filter(pk__in=ids), query)
        page: Page | None = None
        if not ids:
            items: list[Any] = []
        elif group in MATCHERS:
            paginator = CountedPaginator(rows, GROUP_PAGE_SIZE, count=count)
            page = paginator.get_page(page_number)
            items = list(page.object_list)
        else:
            items = list(rows[:preview_size])
        results.groups.append(
            SearchGroup(
                key,
                GROUP_LABELS[key],
                count,
                _decorate(key, items, query),
                page,
                is_capped=is_capped,
            )
        )
    return results
