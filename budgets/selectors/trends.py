"""Years side by side: an organization's figures over the years, and a functional code's
amounts across organizations over the years.

Each disclosure states last year's figures in its narrative ("比上年增加251.76万元"; the parse
JSON's ``stated_changes``), so a year without a document of its own still has amounts: they
are shown marked as stated (文件所述), with a link to the sentence, never mixed up with the
figures of a document's tables. Every table here is of one basis at a time (budget, 决算,
special funds: ``budgets.kinds``), as adding or comparing across them would mix unlike figures.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTransform

from budgets.kinds import BASIS_KINDS, Basis, basis_of, basis_term
from budgets.models import YUAN_PER_WAN, CodeLevel, Disclosure, Figure, FunctionalLine
from budgets.selectors.disclosures import disclosure_published_queryset

EXPENDITURE = FunctionalLine.Table.EXPENDITURE
# Stated amounts are printed to the 0.01 万元: closer than half of that is the same amount.
STATED_TOLERANCE_YUAN = Decimal(50)


@dataclass(frozen=True)
class _Metric:
    key: str
    label: str
    section: str
    figure_key: str
    depth: int = 0
    column: str = ""  # the denormalized Disclosure column used when no figure row exists


METRICS = (
    _Metric("income_total", "收入总计", "summary", "income_total"),
    _Metric("general_public", "其中：一般公共预算拨款", "summary", "general_public_budget", 1),
    _Metric("total", "支出总计", "summary", "expenditure_total", 0, "total_yuan"),
    _Metric("basic", "基本支出", "summary", "basic_expenditure", 1, "basic_yuan"),
    _Metric("project", "项目支出", "summary", "project_expenditure", 1, "project_yuan"),
    _Metric("three_public", "“三公”经费", "three_public", "total", 0, "three_public_yuan"),
    _Metric("outbound_travel", "因公出国(境)费", "three_public", "outbound_travel", 1),
    _Metric("reception", "公务接待费", "three_public", "reception", 1),
    _Metric("vehicle_total", "公务用车购置及运行费", "three_public", "vehicle_total", 1),
    _Metric("vehicle_purchase", "公务用车购置费", "three_public", "vehicle_purchase", 2),
    _Metric("vehicle_operation", "公务用车运行费", "three_public", "vehicle_operation", 2),
    _Metric("operating", "机关运行经费", "operating", "total", 0, "operating_yuan"),
)
# The subjects of ``stated_changes`` (ingest/narrative/statements.py) and the row they state.
STATED_SUBJECTS = {
    "收入预算": "income_total",
    "支出预算": "total",
    "一般公共预算当年支出": "general_public",
    "三公经费": "three_public",
    "因公出国(境)费": "outbound_travel",
    "公务接待费": "reception",
    "公务用车购置及运行费": "vehicle_total",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "机关运行经费": "operating",
}
STATED_UNIT = "万元"  # the narrative's amounts are always worded in 万元


@dataclass(frozen=True)
class YearCell:
    """One amount of one year. ``disclosure_id`` and the lines cite where it was read: a
    table of that year's document, or (``is_stated``) the narrative of the next year's,
    which states it as last year's amount. ``stated_yuan`` is what the next year's narrative
    states when it differs from the document's own figure."""

    amount_yuan: Decimal | None
    disclosure_id: int
    line_start: int | None = None
    line_end: int | None = None
    is_stated: bool = False
    stated_yuan: Decimal | None = None
    stated_disclosure_id: int | None = None
    stated_line_start: int | None = None
    stated_line_end: int | None = None


@dataclass(frozen=True)
class TrendRow:
    key: str
    label: str
    depth: int
    cells: tuple[YearCell | None, ...]

    @property
    def changes(self) -> tuple[Decimal | None, ...]:
        """Each year's change on the year before, as a ratio; None where either is unknown."""
        ratios: list[Decimal | None] = [None]
        for previous, cell in zip(self.cells, self.cells[1:], strict=False):
            old = previous.amount_yuan if previous else None
            new = cell.amount_yuan if cell else None
            ratios.append((new - old) / abs(old) if old and new is not None else None)
        return tuple(ratios)

    @property
    def columns(self) -> tuple[tuple[YearCell | None, Decimal | None], ...]:
        """(cell, change on the year before) per year, for templates."""
        return tuple(zip(self.cells, self.changes, strict=True))


@dataclass(frozen=True)
class BasisTrend:
    """An organization's figures of one basis, a column per year (oldest first); a year known
    only from the next year's narrative has ``None`` for its document."""

    basis: str
    label: str
    years: tuple[int, ...]
    documents: tuple[Disclosure | None, ...]
    rows: tuple[TrendRow, ...]

    @property
    def has_stated(self) -> bool:
        return any(cell is not None and cell.is_stated for row in self.rows for cell in row.cells)

    @property
    def columns(self) -> tuple[tuple[int, Disclosure | None], ...]:
        return tuple(zip(self.years, self.documents, strict=True))

    @property
    def total_label(self) -> str:
        return basis_term(self.basis, "total")


def organization_disclosures(*, organization_id: int) -> list[Disclosure]:
    """The organization's published disclosures, oldest year first, without the large columns;
    the narrative's stated changes come annotated (one query)."""
    return list(
        disclosure_published_queryset()
        .filter(organization_id=organization_id)
        .defer("parsed", "source_text")
        .annotate(stated_changes=KeyTransform("stated_changes", "parsed"))
        .order_by("fiscal_year", "kind")
    )


def _wan_to_yuan(raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return (Decimal(str(raw)) * YUAN_PER_WAN).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def stated_previous(disclosure: Disclosure) -> dict[str, YearCell]:
    """Row key → last year's amount as the disclosure's narrative states it (the first
    statement of each subject), citing the sentence."""
    found: dict[str, YearCell] = {}
    changes = getattr(disclosure, "stated_changes", None)
    for change in changes if isinstance(changes, list) else []:
        if not isinstance(change, Mapping):
            continue
        key = STATED_SUBJECTS.get(str(change.get("subject")))
        previous = _wan_to_yuan(change.get("previous"))
        if key is None or previous is None or key in found:
            continue
        lines = change.get("lines") or [None, None]
        found[key] = YearCell(
            amount_yuan=previous,
            disclosure_id=disclosure.pk,
            line_start=lines[0],
            line_end=lines[-1],
            is_stated=True,
        )
    return found


def _own_cells(
    disclosure: Disclosure, figures: Mapping[tuple[str, str], tuple[Any, ...]]
) -> dict[str, YearCell]:
    cells = {}
    for metric in METRICS:
        row = figures.get((metric.section, metric.figure_key))
        if row is not None and row[0] is not None:
            cells[metric.key] = YearCell(row[0], disclosure.pk, row[1], row[2])
        elif metric.column and getattr(disclosure, metric.column) is not None:
            cells[metric.key] = YearCell(getattr(disclosure, metric.column), disclosure.pk)
    return cells


def _with_stated(own: YearCell | None, stated: YearCell | None) -> YearCell | None:
    """The document's own figure, noting a stated amount that differs from it; the stated
    amount alone for a year without a document."""
    if own is None:
        return stated
    if stated is None or stated.amount_yuan is None or own.amount_yuan is None:
        return own
    if abs(own.amount_yuan - stated.amount_yuan) <= STATED_TOLERANCE_YUAN:
        return own
    return YearCell(
        own.amount_yuan,
        own.disclosure_id,
        own.line_start,
        own.line_end,
        stated_yuan=stated.amount_yuan,
        stated_disclosure_id=stated.disclosure_id,
        stated_line_start=stated.line_start,
        stated_line_end=stated.line_end,
    )


def _basis_trend(
    basis: str,
    disclosures: Sequence[Disclosure],
    figures: Mapping[int, Mapping[tuple[str, str], tuple[Any, ...]]],
    categories: Mapping[int, Mapping[str, tuple[Any, ...]]],
) -> BasisTrend:
    by_year = {d.fiscal_year: d for d in disclosures}  # one document per year and basis
    stated_by_year = {d.fiscal_year - 1: stated_previous(d) for d in disclosures}
    years = sorted(set(by_year) | {y for y, cells in stated_by_year.items() if cells})
    own = {year: _own_cells(d, figures.get(d.pk, {})) for year, d in by_year.items()}
    rows = []
    for metric in METRICS:
        cells = tuple(
            _with_stated(
                own.get(year, {}).get(metric.key), stated_by_year.get(year, {}).get(metric.key)
            )
            for year in years
        )
        if any(cell is not None for cell in cells):
            rows.append(TrendRow(metric.key, metric.label, metric.depth, cells))
    names: dict[str, str] = {}
    for year in sorted(by_year, reverse=True):
        for code, line in categories.get(by_year[year].pk, {}).items():
            names.setdefault(code, line[0])
    for code in sorted(names):
        cells = tuple(_category_cell(by_year.get(year), categories, code) for year in years)
        rows.append(TrendRow(code, f"{code} {names[code]}", 0, cells))
    return BasisTrend(
        basis=basis,
        label=Basis(basis).label,
        years=tuple(years),
        documents=tuple(by_year.get(year) for year in years),
        rows=tuple(rows),
    )


def _category_cell(
    disclosure: Disclosure | None,
    categories: Mapping[int, Mapping[str, tuple[Any, ...]]],
    code: str,
) -> YearCell | None:
    if disclosure is None:
        return None
    line = categories.get(disclosure.pk, {}).get(code)
    if line is None:
        return None
    _, total, start, end = line
    return YearCell(total, disclosure.pk, start, end)


def organization_trends(*, disclosures: Sequence[Disclosure]) -> list[BasisTrend]:
    """The organization's figures year by year, one table per basis it has documents of
    (budget, 决算, special funds), with the prior-year amounts their narratives state (two
    queries: figures and functional 类 rows of every document)."""
    ids = [d.pk for d in disclosures]
    figures: dict[int, dict[tuple[str, str], tuple[Any, ...]]] = {pk: {} for pk in ids}
    for pk, section, key, amount, start, end in Figure.objects.filter(
        disclosure__in=ids
    ).values_list("disclosure_id", "section", "key", "amount_yuan", "line_start", "line_end"):
        figures[pk][(section, key)] = (amount, start, end)
    categories: dict[int, dict[str, tuple[Any, ...]]] = {pk: {} for pk in ids}
    lines = FunctionalLine.objects.filter(
        disclosure__in=ids, table=EXPENDITURE, functional_code__level=CodeLevel.CATEGORY
    ).values_list(
        "disclosure_id", "code", "name", "functional_code__name", "total", "line_start", "line_end"
    )
    for pk, code, name, listed_name, total, start, end in lines:
        # A row printed without its name (a split-code table) takes the code list's.
        categories[pk][code] = (name or listed_name, total, start, end)
    trends = []
    for basis in BASIS_KINDS:
        own = [d for d in disclosures if basis_of(d.kind) == basis]
        if own:
            trends.append(_basis_trend(basis, _one_per_year(own), figures, categories))
    return trends


def _one_per_year(disclosures: Iterable[Disclosure]) -> list[Disclosure]:
    """A department's document before a unit's, should an organization publish both."""
    chosen: dict[int, Disclosure] = {}
    for d in sorted(disclosures, key=lambda d: (d.fiscal_year, d.kind)):
        chosen.setdefault(d.fiscal_year, d)
    return list(chosen.values())


# A functional code across organizations, year by year --------------------------------------


@dataclass(frozen=True)
class FunctionYear:
    fiscal_year: int
    total_yuan: Decimal | None
    organization_count: int


@dataclass(frozen=True)
class OrganizationYears:
    """One organization's amount for the code in each year of the table (None: not listed)."""

    organization_id: int
    name: str
    slug: str
    cells: tuple[YearCell | None, ...]

    @property
    def changes(self) -> tuple[Decimal | None, ...]:
        return TrendRow("", "", 0, self.cells).changes

    @property
    def columns(self) -> tuple[tuple[YearCell | None, Decimal | None], ...]:
        return tuple(zip(self.cells, self.changes, strict=True))


@dataclass(frozen=True)
class FunctionTrend:
    years: tuple[FunctionYear, ...]  # oldest first
    organizations: tuple[OrganizationYears, ...]  # the page asked for
    organization_count: int


def function_trend_lines(*, code: str) -> QuerySet[FunctionalLine]:
    """The published lines of ``code`` in expenditure tables; ``FunctionTrendFilter`` keeps
    one basis and a region."""
    return FunctionalLine.objects.filter(
        table=EXPENDITURE, code=code, disclosure__status=Disclosure.Status.PUBLISHED
    )


def function_trend(
    *, lines: QuerySet[FunctionalLine], offset: int = 0, limit: int = 50
) -> FunctionTrend:
    """Per year the total of ``lines`` and how many organizations list the code; and the
    organizations ``offset`` to ``offset + limit``, largest in the latest year first, with
    their amount in every year (four queries whatever the number of organizations)."""
    per_year = (
        lines.values("disclosure__fiscal_year")
        .annotate(
            total=Sum("total"), organizations=Count("disclosure__organization", distinct=True)
        )
        .order_by("disclosure__fiscal_year")
    )
    years = tuple(
        FunctionYear(row["disclosure__fiscal_year"], row["total"], row["organizations"])
        for row in per_year
    )
    if not years:
        return FunctionTrend(years=(), organizations=(), organization_count=0)
    latest = years[-1].fiscal_year
    count = lines.aggregate(n=Count("disclosure__organization", distinct=True))["n"]
    ranked = list(
        lines.values("disclosure__organization")
        .annotate(latest=Max("total", filter=Q(disclosure__fiscal_year=latest)))
        .order_by(
            F("latest").desc(nulls_last=True),
            "disclosure__organization__name",
            "disclosure__organization",
        )
        .values_list("disclosure__organization", flat=True)[offset : offset + limit]
    )
    rows = lines.filter(disclosure__organization__in=ranked).values_list(
        "disclosure__organization",
        "disclosure__organization__name",
        "disclosure__organization__slug",
        "disclosure__fiscal_year",
        "disclosure_id",
        "total",
        "line_start",
        "line_end",
    )
    year_index = {year.fiscal_year: i for i, year in enumerate(years)}
    found: dict[int, tuple[str, str, list[YearCell | None]]] = {}
    for org, name, slug, year, pk, total, start, end in rows:
        entry = found.setdefault(org, (name, slug, [None] * len(years)))
        if entry[2][year_index[year]] is None:  # one document per organization and year
            entry[2][year_index[year]] = YearCell(total, pk, start, end)
    organizations = tuple(
        OrganizationYears(org, found[org][0], found[org][1], tuple(found[org][2]))
        for org in ranked
        if org in found
    )
    return FunctionTrend(years=years, organizations=organizations, organization_count=count)
