"""Reads of one disclosure for its public pages: summary cards, breakdowns, projects, checks.

Only published disclosures are listed; a superseded version stays reachable by its link
(citations must not break when a corrected file replaces it). Parsed, failed and discarded
ones are not public. Every function issues a fixed number of queries, whatever the size of
the document, so the disclosure page's query count is bounded.
"""

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce

from budgets.kinds import FIGURE_TERMS, TERMS, Basis, term
from budgets.models import (
    YUAN_PER_WAN,
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalLine,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    PerformanceTarget,
    Project,
    ValidationCheck,
)
from budgets.page_cache import public_pages_invalidate
from budgets.selectors.review import (
    ReviewReport,
    disclosure_review_report,
    failed_checks,
    mark_lines,
    mark_narrative,
    marks_of,
)
from ingest.formats.pdf import parse_location
from ingest.review.check_names import FAMILIES, family

PUBLIC_STATUSES = (Disclosure.Status.PUBLISHED, Disclosure.Status.SUPERSEDED)
SECTION = Figure.Section


def disclosure_public_queryset() -> QuerySet[Disclosure]:
    """Disclosures a citizen may open: published ones and the versions they superseded."""
    return Disclosure.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "organization__region__parent__parent", "supersedes"
    )


# The two large columns the disclosure page never shows: the parse JSON (about 90 KB, 20 ms
# to fetch and decode per request at 10,000 disclosures) and the source text.
PAGE_DEFERRED_FIELDS = ("parsed", "source_text")


def disclosure_page_queryset() -> QuerySet[Disclosure]:
    """:func:`disclosure_public_queryset` for the disclosure page: without the parse JSON and
    the source text; the one part of the JSON the summary cards may read comes annotated."""
    rounding = (
        ValidationCheck.objects.filter(
            disclosure=OuterRef("pk"), outcome=ValidationCheck.Outcome.ROUNDING
        )
        .order_by()
        .values("disclosure")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        disclosure_public_queryset()
        .defer(*PAGE_DEFERRED_FIELDS)
        .annotate(
            parsed_economic_basic=KeyTransform("economic_basic", "parsed"),
            parsed_table_totals=KeyTransform("table_totals", "parsed"),
            rounding_checks=Coalesce(Subquery(rounding), 0),
        )
    )


def disclosure_published_queryset() -> QuerySet[Disclosure]:
    """The current version of every document: what lists, totals and searches count."""
    return Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)


def disclosure_versions(*, disclosure: Disclosure) -> list[Disclosure]:
    """Every public version of the same document (organization, year, kind), oldest first."""
    return list(
        Disclosure.objects.filter(
            organization_id=disclosure.organization_id,
            fiscal_year=disclosure.fiscal_year,
            kind=disclosure.kind,
            status__in=PUBLIC_STATUSES,
        )
        .defer(*PAGE_DEFERRED_FIELDS)
        .order_by("version")
    )


# Summary cards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """One labelled amount in yuan and the source lines it was read from."""

    label: str
    amount_yuan: Decimal | None
    line_start: int | None = None
    line_end: int | None = None


@dataclass(frozen=True)
class SummaryCard:
    """A headline figure and its parts, e.g. “三公”经费 and 公务接待费."""

    title: str
    main: Amount
    parts: tuple[Amount, ...] = ()
    note: str = ""
    # Set when the document prints the table with no figure in it (本表无数据, "本单位无“三公”
    # 经费预算"): the card shows 0 and says why, instead of leaving the card out.
    empty_note: str = ""

    @property
    def has_data(self) -> bool:
        return self.main.amount_yuan is not None or any(
            p.amount_yuan is not None for p in self.parts
        )


# (section, key, label) of each card's main figure and parts, in reading order.
CardSpec = tuple[str, tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str], ...], str]
CARD_SPECS: tuple[CardSpec, ...] = (
    (
        "收入",
        ((SECTION.SUMMARY, "income_total", "收入总计"),),
        (
            (SECTION.SUMMARY, "general_public_budget", "一般公共预算"),
            (SECTION.SUMMARY, "government_fund_budget", "政府性基金预算"),
            (SECTION.SUMMARY, "state_capital_budget", "国有资本经营预算"),
            (SECTION.SUMMARY, "special_account", "财政专户管理资金"),
            (SECTION.SUMMARY, "unit_funds", "单位资金"),
            (SECTION.SUMMARY, "carryover_income", "上年结转"),
        ),
        "按资金来源",
    ),
    (
        "支出总计",
        ((SECTION.SUMMARY, "expenditure_total", "支出总计"),),
        (
            (SECTION.SUMMARY, "basic_expenditure", "基本支出"),
            (SECTION.SUMMARY, "project_expenditure", "项目支出"),
            (SECTION.SUMMARY, "year_end_carryover", "年末结转"),
        ),
        "基本支出与项目支出",
    ),
    (
        "人员经费与公用经费",
        ((SECTION.ECONOMIC_BASIC, "total", "基本支出(一般公共预算)"),),
        (
            (SECTION.ECONOMIC_BASIC, "personnel", "人员经费"),
            (SECTION.ECONOMIC_BASIC, "public", "公用经费"),
        ),
        "一般公共预算基本支出",
    ),
    (
        "“三公”经费",
        ((SECTION.THREE_PUBLIC, "total", "合计"),),
        (
            (SECTION.THREE_PUBLIC, "outbound_travel", "因公出国(境)费"),
            (SECTION.THREE_PUBLIC, "reception", "公务接待费"),
            (SECTION.THREE_PUBLIC, "vehicle_total", "公务用车购置及运行费"),
            (SECTION.THREE_PUBLIC, "vehicle_purchase", "其中：公务用车购置费"),
            (SECTION.THREE_PUBLIC, "vehicle_operation", "其中：公务用车运行费"),
        ),
        "财政拨款安排",
    ),
    (
        "“三公”经费预算数",
        ((SECTION.THREE_PUBLIC_BUDGET, "total", "合计"),),
        (
            (SECTION.THREE_PUBLIC_BUDGET, "outbound_travel", "因公出国(境)费"),
            (SECTION.THREE_PUBLIC_BUDGET, "reception", "公务接待费"),
            (SECTION.THREE_PUBLIC_BUDGET, "vehicle_total", "公务用车购置及运行费"),
        ),
        "决算文件所列",
    ),
    (
        "机关运行经费",
        ((SECTION.OPERATING, "total", "机关运行经费"),),
        (),
        "",
    ),
    (
        "政府采购",
        ((SECTION.PROCUREMENT, "total", "政府采购合计"),),
        (
            (SECTION.PROCUREMENT, "goods", "货物"),
            (SECTION.PROCUREMENT, "works", "工程"),
            (SECTION.PROCUREMENT, "services", "服务"),
        ),
        "",
    ),
    (
        "上年结转",
        ((SECTION.SUMMARY, "carryover_income", "上年结转"),),
        (),
        "以前年度安排、本年继续使用",
    ),
)

FigureKey = tuple[str, str]


def _parsed_economic_basic(disclosure: Disclosure) -> dict[FigureKey, Amount]:
    """人员经费 / 公用经费 totals of 表6 from the parse, for disclosures stored without
    economic_basic Figure rows (the samples ingested before persistence wrote them).

    Read from the ``parsed_economic_basic`` annotation of :func:`disclosure_page_queryset`
    when present, else from the parse JSON itself."""
    if hasattr(disclosure, "parsed_economic_basic"):
        source = disclosure.parsed_economic_basic
    else:
        parsed = disclosure.parsed
        source = parsed.get("economic_basic") if isinstance(parsed, Mapping) else None
    unit = disclosure.amount_unit
    if not isinstance(source, Mapping):
        return {}
    lines = source.get("total_lines") or source.get("lines") or [None, None]
    multiplier = YUAN_PER_WAN if unit == "万元" else 1
    amounts = {}
    for key in ("total", "personnel", "public"):
        try:
            value = Decimal(str(source[key])) * multiplier if source.get(key) is not None else None
        except (InvalidOperation, KeyError):
            value = None
        amounts[(SECTION.ECONOMIC_BASIC, key)] = Amount(key, value, lines[0], lines[-1])
    return amounts


EMPTY_TABLE_NOTE = "原表无数据，按 0 列示"


def _stated_empty_row(figures: dict[FigureKey, Amount], section: str, key: str) -> Amount | None:
    """The card's main row when the document prints the card's whole table without a figure
    in it: the row was read (it has source lines) and no row of its section has an amount.
    The parse contract reads a table marked 本表无数据 so (present, every value null); an
    empty cell in a table that has figures (上年结转 in a 收支总表) is not such a table."""
    main = figures.get((section, key))
    if main is None or main.line_start is None:
        return None
    if any(amount.amount_yuan is not None for (s, _), amount in figures.items() if s == section):
        return None
    return main


def disclosure_summary_cards(*, disclosure: Disclosure) -> list[SummaryCard]:
    """The summary cards of a disclosure, from its Figure rows (one query); cards the
    document has no figure for are left out."""
    figures: dict[FigureKey, Amount] = _parsed_economic_basic(disclosure)
    for figure in disclosure.figures.all():
        figures[(figure.section, figure.key)] = Amount(
            figure.key, figure.amount_yuan, figure.line_start, figure.line_end
        )

    def amount(section: str, key: str, label: str) -> Amount:
        if (section, key) in FIGURE_TERMS:  # 上年结转 is a 决算's 年初结转和结余
            label = term(disclosure.kind, FIGURE_TERMS[(section, key)])
        found = figures.get((section, key))
        if found is None:
            return Amount(label, None)
        return Amount(label, found.amount_yuan, found.line_start, found.line_end)

    cards = []
    for title, (main,), parts, note in CARD_SPECS:
        if main[:2] in FIGURE_TERMS:
            title = term(disclosure.kind, FIGURE_TERMS[main[:2]])
        if note == TERMS[Basis.BUDGET]["three_public_note"]:
            note = term(disclosure.kind, "three_public_note")
        card = _summary_card(
            title=title,
            main=amount(*main),
            parts=[amount(*spec) for spec in parts],
            note=note,
            empty_row=_stated_empty_row(figures, *main[:2]),
        )
        if card.has_data:
            cards.append(card)
    return cards


def _summary_card(
    *, title: str, main: Amount, parts: list[Amount], note: str, empty_row: Amount | None
) -> SummaryCard:
    """One card: its main figure and the parts the document states; a special-funds file's
    lone part stands in for a missing total; a table stated empty shows a zero from its row."""
    card = SummaryCard(
        title=title,
        main=main,
        parts=tuple(part for part in parts if part.amount_yuan is not None),
        note=note,
    )
    if card.main.amount_yuan is None and len(card.parts) == 1:
        # e.g. a special-funds file states 项目支出 but no 支出总计: show what it states.
        card = SummaryCard(title=card.parts[0].label, main=card.parts[0])
    if not card.has_data and empty_row is not None:
        zero = Amount(card.main.label, Decimal(0), empty_row.line_start, empty_row.line_end)
        card = SummaryCard(title=title, main=zero, note=note, empty_note=EMPTY_TABLE_NOTE)
    return card


# Functional and economic breakdowns ------------------------------------------------------

FUNCTIONAL_TABLES = (FunctionalLine.Table.EXPENDITURE, FunctionalLine.Table.GENERAL_PUBLIC)
# Where the parse JSON keeps each table's 合计 row (`table_totals`).
FUNCTIONAL_TABLE_TOTAL_KEYS = {
    FunctionalLine.Table.EXPENDITURE: "functional_expenditure",
    FunctionalLine.Table.GENERAL_PUBLIC: "general_public_expenditure",
}


@dataclass(frozen=True)
class FunctionalTableTotal:
    """The 合计 row of a functional table, as printed (yuan)."""

    amount_yuan: Decimal
    basic_yuan: Decimal | None
    project_yuan: Decimal | None
    line_start: int | None
    line_end: int | None


@dataclass(frozen=True)
class FunctionalBreakdown:
    """The rows of the table that breaks expenditure down by functional code, and its 合计
    row as the document prints it (None when the parse found none)."""

    table: str
    table_label: str
    lines: tuple[FunctionalLine, ...]
    total: FunctionalTableTotal | None = None


def _functional_table_total(disclosure: Disclosure, table: str) -> FunctionalTableTotal | None:
    """The 合计 row of a functional table, from the parse's `table_totals`: the
    ``parsed_table_totals`` annotation of :func:`disclosure_page_queryset` when present."""
    if hasattr(disclosure, "parsed_table_totals"):
        totals = disclosure.parsed_table_totals
    else:
        parsed = disclosure.parsed
        totals = parsed.get("table_totals") if isinstance(parsed, Mapping) else None
    row = totals.get(FUNCTIONAL_TABLE_TOTAL_KEYS[table]) if isinstance(totals, Mapping) else None
    if not isinstance(row, Mapping):
        return None
    multiplier = YUAN_PER_WAN if disclosure.amount_unit == "万元" else 1

    def yuan(key: str) -> Decimal | None:
        try:
            return Decimal(str(row[key])) * multiplier if row.get(key) is not None else None
        except InvalidOperation:
            return None

    total = yuan("total")
    if total is None:
        return None
    lines = row.get("lines") or [None, None]
    return FunctionalTableTotal(total, yuan("basic"), yuan("project"), lines[0], lines[-1])


def disclosure_functional_breakdown(*, disclosure: Disclosure) -> FunctionalBreakdown | None:
    """类 → 款 → 项 rows of 预算支出总表, or of 一般公共预算支出表 when the document has no
    支出总表 rows (one query); None for a document with neither (e.g. 专项资金)."""
    by_table: dict[str, list[FunctionalLine]] = defaultdict(list)
    for line in disclosure.functional_lines.filter(table__in=FUNCTIONAL_TABLES).order_by(
        "table", "position"
    ):
        by_table[line.table].append(line)
    for table in FUNCTIONAL_TABLES:
        if by_table.get(table):
            label = FunctionalLine.Table(table).label
            if table == FunctionalLine.Table.EXPENDITURE:
                label = term(disclosure.kind, "expenditure_table")  # a 决算's 支出决算表
            return FunctionalBreakdown(
                table=table,
                table_label=label,
                lines=tuple(by_table[table]),
                total=_functional_table_total(disclosure, table),
            )
    return None


def disclosure_economic_lines(*, disclosure: Disclosure) -> list[EconomicLine]:
    """Rows of 基本支出分经济科目表 in document order; category rows are subtotals."""
    return list(disclosure.economic_lines.order_by("position"))


# Projects and their performance targets --------------------------------------------------


@dataclass(frozen=True)
class ProjectEntry:
    """A project row with the performance-target forms that name it."""

    project: Project
    targets: tuple[PerformanceTarget, ...]

    @property
    def indicator_count(self) -> int:
        return sum(len(target.indicators.all()) for target in self.targets)  # prefetched


@dataclass(frozen=True)
class ProjectList:
    current: tuple[ProjectEntry, ...]
    carryover: tuple[ProjectEntry, ...]
    unmatched_targets: tuple[PerformanceTarget, ...]  # forms whose project was not found

    @property
    def is_empty(self) -> bool:
        return not (self.current or self.carryover or self.unmatched_targets)

    @property
    def shows_units(self) -> bool:
        """Whether the 单位 column says anything: a department lists several units."""
        names = {e.project.unit_name for e in (*self.current, *self.carryover)}
        return len(names - {""}) > 1

    @property
    def shows_categories(self) -> bool:
        return any(e.project.category for e in (*self.current, *self.carryover))


def disclosure_projects(*, disclosure: Disclosure) -> ProjectList:
    """Projects (本年预算, then 上年结转) with their forms and indicators (three queries)."""
    targets = disclosure.performance_targets.order_by("position").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
    )
    by_project: dict[int | None, list[PerformanceTarget]] = defaultdict(list)
    for target in targets:
        by_project[target.project_id].append(target)
    entries: dict[str, list[ProjectEntry]] = defaultdict(list)
    for project in disclosure.projects.order_by("kind", "position"):
        entries[project.kind].append(ProjectEntry(project, tuple(by_project.get(project.pk, ()))))
    return ProjectList(
        current=tuple(entries[Project.Kind.CURRENT]),
        carryover=tuple(entries[Project.Kind.CARRYOVER]),
        unmatched_targets=tuple(by_project.get(None, ())),
    )


# Validation report -----------------------------------------------------------------------

# The families of checks as the public reads them: the review's vocabulary
# (ingest.review.check_names), label and explanation by family.
CHECK_KINDS: dict[str, tuple[str, str]] = {
    name: (kind.label, kind.explanation) for name, kind in FAMILIES.items()
}


def check_kind(check_name: str) -> str:
    """The family of a check from its name: "functional_hierarchy:expenditure:201" → its first
    part."""
    return check_name.split(":", 1)[0]


def check_kind_label(check_name: str) -> str:
    """The public label of a check's family; a Chinese fallback, never its id, when unknown."""
    return family(check_name).label


@dataclass(frozen=True)
class ValidationReport:
    failed: tuple[ValidationCheck, ...]
    passed: tuple[ValidationCheck, ...]
    skipped: tuple[ValidationCheck, ...]
    rounding_count: int

    @property
    def total(self) -> int:
        return len(self.failed) + len(self.passed) + len(self.skipped)


@dataclass(frozen=True)
class ValidationSummary:
    """What the disclosure page shows of the checks: the failures in full, the rest counted
    (the full list, 200–450 rows, has its own page: :func:`disclosure_validation_report`)."""

    failed: tuple[ValidationCheck, ...]
    passed_count: int
    skipped_count: int
    rounding_count: int

    @property
    def total(self) -> int:
        return len(self.failed) + self.passed_count + self.skipped_count


def disclosure_validation_summary(
    *, disclosure: Disclosure, failed: list[ValidationCheck] | None = None
) -> ValidationSummary:
    """The failed checks in order, and how many passed, were skipped or differ by rounding.

    One query: the counts are the disclosure's own (persistence stores them with the checks);
    the rounding count comes from :func:`disclosure_page_queryset`'s annotation when present.
    """
    if failed is None:
        failed = failed_checks(disclosure=disclosure)
    for check in failed:
        check.kind_label = check_kind_label(check.check_name)
    rounding = getattr(disclosure, "rounding_checks", None)
    if rounding is None:
        rounding = disclosure.validation_checks.filter(
            outcome=ValidationCheck.Outcome.ROUNDING
        ).count()
    return ValidationSummary(
        failed=tuple(failed),
        passed_count=disclosure.checks_passed,
        skipped_count=disclosure.checks_skipped,
        rounding_count=rounding,
    )


# The check list's ``?status=`` values and their labels ("" is every check): a severity of
# the review (错误, 提示, 说明) or an outcome.
CHECK_STATUS_FILTERS = {
    "": "全部",
    ValidationCheck.Severity.ERROR: "错误",
    ValidationCheck.Severity.NOTICE: "提示",
    ValidationCheck.Severity.INFO: "说明",
    ValidationCheck.Status.FAIL: "未通过",
    "rounding": "舍入差异",
    ValidationCheck.Status.PASS: "通过",
    ValidationCheck.Status.SKIPPED: "跳过",
}


def disclosure_checks(*, disclosure: Disclosure, status: str = "") -> list[ValidationCheck]:
    """A disclosure's checks in order, all or those of one ``CHECK_STATUS_FILTERS`` value."""
    checks = disclosure.validation_checks.order_by("position")
    if status == "rounding":
        checks = checks.filter(outcome=ValidationCheck.Outcome.ROUNDING)
    elif status in ValidationCheck.Severity.values:
        checks = checks.filter(status=ValidationCheck.Status.FAIL, severity=status)
    elif status:
        checks = checks.filter(status=status)
    found = list(checks)
    for check in found:
        check.kind_label = check_kind_label(check.check_name)
    return found


def disclosure_validation_report(*, disclosure: Disclosure) -> ValidationReport:
    """The disclosure's checks split by outcome, failures first to read (one query)."""
    groups: dict[str, list[ValidationCheck]] = defaultdict(list)
    rounding = 0
    for check in disclosure_checks(disclosure=disclosure):
        groups[check.status].append(check)
        rounding += check.outcome == ValidationCheck.Outcome.ROUNDING
    return ValidationReport(
        failed=tuple(groups[ValidationCheck.Status.FAIL]),
        passed=tuple(groups[ValidationCheck.Status.PASS]),
        skipped=tuple(groups[ValidationCheck.Status.SKIPPED]),
        rounding_count=rounding,
    )


# Narrative with glossary terms -----------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of narrative text; `definition` is set when the piece is a glossary term,
    `mark` (the finding's position) and `severity` when the review quotes it as at fault."""

    text: str
    definition: str = ""
    mark: int | None = None
    severity: str = ""


@dataclass(frozen=True)
class NarrativeBlock:
    section: NarrativeSection
    paragraphs: tuple[tuple[Segment, ...], ...]


def split_terms(text: str, definitions: Mapping[str, str]) -> tuple[Segment, ...]:
    """Cut `text` into plain pieces and glossary terms, longest term first; each term is
    marked at its first occurrence only, so a paragraph does not turn into a row of links."""
    terms = sorted((t for t in definitions if t), key=len, reverse=True)
    if not terms or not text:
        return (Segment(text),) if text else ()
    pattern = re.compile("|".join(re.escape(term) for term in terms))
    segments: list[Segment] = []
    seen: set[str] = set()
    position = 0
    for match in pattern.finditer(text):
        term = match.group(0)
        if term in seen:
            continue
        seen.add(term)
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        segments.append(Segment(term, definitions[term]))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


GLOSSARY_CACHE_KEY = "budgets:glossary-shared"
GLOSSARY_CACHE_SECONDS = 300


def glossary_shared() -> dict[str, str]:
    """Term → definition over every published 名词解释, newest document first.

    At 10,000 disclosures this reads ~117,000 rows (225 ms, measured by make bench), the
    same for every disclosure page, so it is cached; publishing or unpublishing clears it
    (``glossary_cache_clear``), and the timeout bounds staleness in other processes.
    """
    definitions = cache.get(GLOSSARY_CACHE_KEY)
    if definitions is None:
        shared = (
            GlossaryTerm.objects.filter(disclosure__status=Disclosure.Status.PUBLISHED)
            .exclude(definition="")
            .order_by("term", "-disclosure__fiscal_year", "-disclosure_id")
            .distinct("term")
            .values_list("term", "definition")
        )
        definitions = {term.strip(): text.strip() for term, text in shared if term.strip()}
        cache.set(GLOSSARY_CACHE_KEY, definitions, GLOSSARY_CACHE_SECONDS)
    return definitions


def glossary_cache_clear() -> None:
    """Forget the shared glossary, and let every cached list page go stale: the set of
    published disclosures changed (called on commit of a publish or unpublish)."""
    cache.delete(GLOSSARY_CACHE_KEY)
    public_pages_invalidate()


def glossary_definitions(*, disclosure: Disclosure) -> dict[str, str]:
    """Term → definition: the document's own 名词解释 over those of published documents
    (many documents have none of their own). One query, and one more when the shared
    glossary is not cached."""
    own = (
        disclosure.glossary_terms.exclude(definition="")
        .order_by("-position")  # so that the first definition of a repeated term wins
        .values_list("term", "definition")
    )
    definitions = dict(glossary_shared())
    definitions.update({term.strip(): text.strip() for term, text in own if term.strip()})
    return definitions


GLOSSARY_HEADING = "名词解释"


def disclosure_narrative(
    *,
    disclosure: Disclosure,
    definitions: Mapping[str, str],
    skip_glossary_section: bool = False,
) -> list[NarrativeBlock]:
    """The 情况说明 sections, paragraphs split into plain text and glossary terms. The 名词解释
    part is left out when its terms were read, as the page lists them with their lines."""
    blocks = []
    for section in disclosure.narrative_sections.order_by("position"):
        if skip_glossary_section and GLOSSARY_HEADING in section.heading:
            continue
        paragraphs = tuple(
            split_terms(paragraph.strip(), definitions)
            for paragraph in section.text.split("\n")
            if paragraph.strip()
        )
        blocks.append(NarrativeBlock(section=section, paragraphs=paragraphs))
    return blocks


# The source text -------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    is_highlighted: bool
    # Where the line sits in a PDF, workbook or Word file ("第3页", "'表1'!A6:I6",
    # "表格2 第5行"); empty for a text file, which is its own source.
    reference: str = ""


@dataclass(frozen=True)
class LineRange:
    start: int
    end: int


LINES_PARAMETER = re.compile(r"^\s*L?(\d{1,7})\s*(?:[-–~,]\s*L?(\d{1,7}))?\s*$")


def parse_line_range(value: str | None) -> LineRange | None:
    """ "12-20", "L12-L20" or "12" as a range, or None for anything else."""
    match = LINES_PARAMETER.match(value or "")
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if start < 1:
        return None
    return LineRange(min(start, end), max(start, end))


def source_lines(*, disclosure: Disclosure, highlight: LineRange | None) -> list[SourceLine]:
    """The decoded source text, numbered as the parser numbered it (split on "\\n").

    For a PDF, workbook or Word file each line also names where it sits in that file
    (a PDF only where a new page starts, so the page numbers read as section marks).
    """
    lines = disclosure.source_text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    references = _line_references(disclosure)
    return [
        SourceLine(
            number=number,
            text=text,
            is_highlighted=highlight is not None and highlight.start <= number <= highlight.end,
            reference=references.get(number, ""),
        )
        for number, text in enumerate(lines, start=1)
    ]


def source_locations(*, disclosure: Disclosure) -> dict[int, str]:
    """Where each extracted line sits in the original file (``parsed.source.locations``).

    Empty for a text file. The parse went through JSON, so its keys are strings here.
    """
    source = (disclosure.parsed or {}).get("source") or {}
    locations = source.get("locations") if isinstance(source, Mapping) else None
    if not isinstance(locations, Mapping):
        return {}
    return {
        int(line): str(location)
        for line, location in locations.items()
        if str(line).isascii() and str(line).isdigit() and location
    }


_DOCX_PARAGRAPH = re.compile(r"^paragraph (\d+)$")
_DOCX_TABLE_ROW = re.compile(r"^table (\d+) row (\d+)$")


def _line_references(disclosure: Disclosure) -> dict[int, str]:
    locations = source_locations(disclosure=disclosure)
    if disclosure.source_format == Disclosure.SourceFormat.PDF:
        return _page_marks(pdf_line_pages(locations))
    references = {}
    for line, location in locations.items():
        if match := _DOCX_PARAGRAPH.match(location):
            references[line] = f"第{match.group(1)}段"
        elif match := _DOCX_TABLE_ROW.match(location):
            references[line] = f"表格{match.group(1)} 第{match.group(2)}行"
        else:
            references[line] = location  # a worksheet reference reads as it is: '表1'!A6:I6
    return references


def _page_marks(pages: Mapping[int, int]) -> dict[int, str]:
    marks, previous = {}, None
    for line, page in sorted(pages.items()):
        if page != previous:
            marks[line] = f"第{page}页"
        previous = page
    return marks


# PDF pages beside the source text --------------------------------------------------------

Box = tuple[float, float, float, float]
HIGHLIGHT_MARGIN_PT = 2.5


def pdf_line_pages(locations: Mapping[int, str]) -> dict[int, int]:
    """The page of each line of a PDF's extracted text."""
    pages = {}
    for line, location in locations.items():
        parsed = parse_location(location)
        if parsed is not None:
            pages[line] = parsed.page
    return pages


@dataclass(frozen=True)
class SourcePage:
    """The PDF page shown beside the source text: the cited one, or the one asked for."""

    number: int
    page_count: int
    lines: LineRange | None  # the highlighted lines printed on this page

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.page_count else None

    @property
    def lines_parameter(self) -> str:
        return f"{self.lines.start}-{self.lines.end}" if self.lines else ""


def source_page(
    *, disclosure: Disclosure, highlight: LineRange | None, page: int | None = None
) -> SourcePage | None:
    """The page to show for a PDF disclosure (None for other formats).

    Without ``page`` it is the page of the first highlighted line that has one, else page 1;
    ``lines`` narrows the highlight to the lines printed on the page shown.
    """
    if disclosure.source_format != Disclosure.SourceFormat.PDF:
        return None
    pages = pdf_line_pages(source_locations(disclosure=disclosure))
    if not pages:
        return None
    page_count = max(pages.values())
    cited = (
        [line for line in range(highlight.start, highlight.end + 1) if line in pages]
        if highlight
        else []
    )
    number = page if page is not None else (pages[cited[0]] if cited else 1)
    number = min(max(number, 1), page_count)
    on_page = [line for line in cited if pages[line] == number]
    lines = LineRange(on_page[0], on_page[-1]) if on_page else None
    return SourcePage(number=number, page_count=page_count, lines=lines)


def pdf_highlight_box(*, disclosure: Disclosure, page: int, lines: LineRange | None) -> Box | None:
    """One box around the given lines' boxes on ``page`` of a PDF, or None."""
    if lines is None:
        return None
    locations = source_locations(disclosure=disclosure)
    boxes = []
    for line in range(lines.start, min(lines.end, lines.start + 10000) + 1):
        location = parse_location(locations[line]) if line in locations else None
        if location is not None and location.page == page and location.box is not None:
            boxes.append(location.box)
    if not boxes:
        return None
    # A few points of margin, so that the outline frames the printed row, not its glyphs.
    return (
        min(box[0] for box in boxes) - HIGHLIGHT_MARGIN_PT,
        min(box[1] for box in boxes) - HIGHLIGHT_MARGIN_PT,
        max(box[2] for box in boxes) + HIGHLIGHT_MARGIN_PT,
        max(box[3] for box in boxes) + HIGHLIGHT_MARGIN_PT,
    )


# Everything the disclosure page shows ----------------------------------------------------


@dataclass(frozen=True)
class DisclosurePage:
    disclosure: Disclosure
    versions: tuple[Disclosure, ...]
    cards: tuple[SummaryCard, ...]
    functional: FunctionalBreakdown | None
    economic: tuple[EconomicLine, ...]
    projects: ProjectList
    narrative: tuple[NarrativeBlock, ...]
    validation: ValidationSummary
    glossary: tuple[GlossaryTerm, ...] = field(default=())
    review: ReviewReport | None = None

    @property
    def newer_version(self) -> Disclosure | None:
        later = [v for v in self.versions if v.version > self.disclosure.version]
        published = [v for v in later if v.status == Disclosure.Status.PUBLISHED]
        return (published or later or [None])[-1]


def disclosure_page(*, disclosure: Disclosure) -> DisclosurePage:
    """Everything the disclosure page shows, in about a dozen queries whatever its size."""
    definitions = glossary_definitions(disclosure=disclosure)
    glossary = tuple(disclosure.glossary_terms.order_by("position"))
    narrative = disclosure_narrative(
        disclosure=disclosure, definitions=definitions, skip_glossary_section=bool(glossary)
    )
    failed = failed_checks(disclosure=disclosure)
    review = disclosure_review_report(disclosure=disclosure, checks=failed)
    functional = disclosure_functional_breakdown(disclosure=disclosure)
    marks = marks_of(review.findings)  # a figure an 错误 finding names carries a mark
    if functional is not None:
        mark_lines(functional.lines, marks, functional.table)
    economic = disclosure_economic_lines(disclosure=disclosure)
    for line in economic:
        line.review_mark = marks.get(("economic", line.dept_item_name))
    return DisclosurePage(
        disclosure=disclosure,
        versions=tuple(disclosure_versions(disclosure=disclosure)),
        cards=tuple(disclosure_summary_cards(disclosure=disclosure)),
        functional=functional,
        economic=tuple(economic),
        projects=disclosure_projects(disclosure=disclosure),
        narrative=tuple(mark_narrative(narrative, review.findings)),
        validation=disclosure_validation_summary(disclosure=disclosure, failed=failed),
        glossary=glossary,
        review=review,
    )
