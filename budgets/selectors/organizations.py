"""Reads of organizations (预算单位): the portal's overview, the list and one organization.

Lists show, for each organization, one published disclosure of the basis the filters chose
(budgets, 决算 or special funds: ``budgets.kinds``): the latest year within the filters, a
department's document before a unit's. Totals add one figure per organization, year and basis,
never a 专项资金 file (some projects) to a 部门预算 (the whole department), nor two years.
Amounts come from the disclosure's denormalized `*_yuan` columns, so the list needs no joins to
figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from budgets.kinds import BASIS_KINDS, Basis, basis_of, basis_term, one_per_basis_q
from budgets.models import Disclosure, Organization, Region
from budgets.selectors.disclosures import disclosure_published_queryset

KIND = Disclosure.Kind
# Which document stands for an organization in a year: lower comes first.
KIND_ORDER = {
    KIND.DEPARTMENT_BUDGET: 0,
    KIND.UNIT_BUDGET: 1,
    KIND.DEPARTMENT_FINAL: 2,
    KIND.UNIT_FINAL: 3,
    KIND.SPECIAL_FUNDS: 4,
}
KIND_PRIORITY = Case(
    *(When(kind=kind, then=Value(order)) for kind, order in KIND_ORDER.items()),
    default=Value(9),
    output_field=IntegerField(),
)

# The parse JSON and the source text (about 90 KB a disclosure): lists never show them.
HEAVY_FIELDS = ("parsed", "source_text")


def region_path(region: Region | None) -> str:
    """ "山西省 晋城市" for a city (parents first); "" without a region. Uses the
    select_related parents, so no query when they were fetched with the region."""
    names = []
    while region is not None:
        names.append(region.name)
        region = region.parent
    return " ".join(reversed(names))


# The organization list -------------------------------------------------------------------


def organization_rows(*, disclosures: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    """One disclosure per organization from `disclosures` (already filtered): its latest
    year, budgets before special funds. Annotated with `disclosure_count`, the number of
    published documents of the organization. Ordered by organization name; sortable."""
    latest = (
        disclosures.annotate(kind_priority=KIND_PRIORITY)
        .order_by("organization_id", "-fiscal_year", "kind_priority", "-version")
        .distinct("organization_id")
        .values("pk")
    )
    published_count = (
        Disclosure.objects.filter(
            organization_id=OuterRef("organization_id"), status=Disclosure.Status.PUBLISHED
        )
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Disclosure.objects.filter(pk__in=Subquery(latest))
        .defer(*HEAVY_FIELDS)
        .select_related("organization__region__parent__parent")
        .annotate(disclosure_count=Subquery(published_count, output_field=IntegerField()))
        .order_by("organization__name", "pk")
    )


# One organization ------------------------------------------------------------------------


def organization_public_queryset() -> QuerySet[Organization]:
    """Organizations with at least one published disclosure, regions fetched alongside."""
    published = disclosure_published_queryset().filter(organization_id=OuterRef("pk"))
    return Organization.objects.filter(Exists(published)).select_related(
        "region__parent__parent", "parent"
    )


@dataclass(frozen=True)
class YearRow:
    """A published disclosure of an organization and the previous year's of the same kind."""

    disclosure: Disclosure
    previous: Disclosure | None


@dataclass(frozen=True)
class HistoryGroup:
    """An organization's documents of one basis (budgets, 决算, special funds), newest first:
    their totals are shown apart, as they mean different things."""

    basis: str
    label: str
    rows: tuple[YearRow, ...]

    @property
    def total_label(self) -> str:
        return basis_term(self.basis, "total")


def organization_history(*, disclosures: Sequence[Disclosure]) -> list[YearRow]:
    """The organization's published ``disclosures``, newest year first, each paired with the
    same kind of document of the nearest earlier year (no query)."""
    ordered = sorted(disclosures, key=lambda d: (d.fiscal_year, KIND_ORDER.get(d.kind, 9)))
    last_of_kind: dict[str, Disclosure] = {}
    rows = []
    for disclosure in ordered:
        rows.append(YearRow(disclosure, last_of_kind.get(disclosure.kind)))
        last_of_kind[disclosure.kind] = disclosure
    return list(reversed(rows))


def history_groups(*, history: Sequence[YearRow]) -> list[HistoryGroup]:
    """The history split by basis, budgets first (no query)."""
    return [
        HistoryGroup(
            basis=basis,
            label=Basis(basis).label,
            rows=tuple(row for row in history if basis_of(row.disclosure.kind) == basis),
        )
        for basis in BASIS_KINDS
        if any(basis_of(row.disclosure.kind) == basis for row in history)
    ]


def organization_units(*, organization: Organization) -> list[Organization]:
    """Units under the organization that have published something (one query)."""
    return list(organization_public_queryset().filter(parent=organization).order_by("name"))


# The portal overview (home page) ---------------------------------------------------------


@dataclass(frozen=True)
class BasisTotal:
    """One basis's total of a year: one figure per organization (its 支出总计, or a special-
    funds file's 专项资金合计), so two years or two kinds of document are never added."""

    basis: str
    organization_count: int
    total_yuan: Decimal | None


@dataclass(frozen=True)
class YearTotals:
    fiscal_year: int
    by_basis: tuple[BasisTotal | None, ...]  # in the order of BASIS_KINDS


@dataclass(frozen=True)
class PortalOverview:
    disclosure_count: int
    organization_count: int
    fiscal_years: tuple[int, ...]
    by_year: tuple[YearTotals, ...]  # newest first
    bases: tuple[str, ...] = tuple(BASIS_KINDS)

    @property
    def headline(self) -> tuple[int, BasisTotal] | None:
        """The newest year's budget total (else 决算, else special funds), for the home page's
        one headline figure."""
        for index in range(len(self.bases)):
            for year in self.by_year:
                total = year.by_basis[index]
                if total is not None and total.total_yuan is not None:
                    return year.fiscal_year, total
        return None


BASIS_OF_KIND = Case(
    *(When(kind__in=kinds, then=Value(basis)) for basis, kinds in BASIS_KINDS.items()),
    default=Value(""),
    output_field=CharField(),
)


def basis_totals_by_year() -> list[YearTotals]:
    """Per year and basis, the published organizations and the sum of one figure each (one
    query): a department's own document before a unit's, should an organization have both
    (``budgets.kinds.one_per_basis_q``; an organization has one published version of each)."""
    rows = (
        disclosure_published_queryset()
        .filter(one_per_basis_q())
        .annotate(basis=BASIS_OF_KIND)
        .values("fiscal_year", "basis")
        .annotate(organizations=Count("pk"), total=Sum("total_yuan"))
        .order_by("-fiscal_year", "basis")
    )
    years: dict[int, dict[str, BasisTotal]] = {}
    for row in rows:
        total = BasisTotal(row["basis"], row["organizations"], row["total"])
        years.setdefault(row["fiscal_year"], {})[row["basis"]] = total
    return [
        YearTotals(year, tuple(totals.get(basis) for basis in BASIS_KINDS))
        for year, totals in years.items()
    ]


def portal_overview() -> PortalOverview:
    """What the portal holds: counts, years, and per year the total of each basis (2 queries)."""
    totals = (
        disclosure_published_queryset()
        .order_by()
        .aggregate(
            disclosure_count=Count("pk"),
            organization_count=Count("organization", distinct=True),
            fiscal_years=ArrayAgg("fiscal_year", distinct=True, default=Value([])),
        )
    )
    return PortalOverview(
        disclosure_count=totals["disclosure_count"],
        organization_count=totals["organization_count"],
        fiscal_years=tuple(sorted(totals["fiscal_years"], reverse=True)),
        by_year=tuple(basis_totals_by_year()) if totals["disclosure_count"] else (),
    )


@dataclass(frozen=True)
class OrganizationLink:
    """What the home page shows of an organization: its name, linked by its slug."""

    name: str
    slug: str


@dataclass(frozen=True)
class RegionGroup:
    """A region's organizations, the first `shown` of `organization_count` by name."""

    region: Region | None
    label: str
    organizations: tuple[OrganizationLink, ...]
    organization_count: int

    @property
    def has_more(self) -> bool:
        return self.organization_count > len(self.organizations)


def organizations_by_region(*, per_region: int = 12) -> list[RegionGroup]:
    """Published organizations grouped by region, at most `per_region` each (two queries,
    whatever the number of organizations: the rest is one link away).

    At 10,000 disclosures the page lists some 1,450 organizations of 120 regions: they are
    read as (region, name, slug) tuples and the regions, with their parents for the label,
    in a second query; building an Organization and three Regions per row took 50 ms."""
    published = disclosure_published_queryset().filter(organization_id=OuterRef("pk"))
    rows = (
        Organization.objects.filter(Exists(published))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("region_id")], order_by=F("name").asc()),
            region_total=Window(Count("pk"), partition_by=[F("region_id")]),
        )
        .filter(rank__lte=per_region)
        .order_by("region_id", "name")
        .values_list("region_id", "name", "slug", "region_total")
    )
    groups: dict[int | None, list[OrganizationLink]] = {}
    totals: dict[int | None, int] = {}
    for region_id, name, slug, region_total in rows:
        groups.setdefault(region_id, []).append(OrganizationLink(name, slug))
        totals[region_id] = region_total
    regions = Region.objects.select_related("parent__parent").in_bulk(
        [region_id for region_id in groups if region_id is not None]
    )
    result = []
    for region_id, members in groups.items():
        region = regions.get(region_id) if region_id is not None else None
        result.append(
            RegionGroup(
                region=region,
                label=region_path(region) or "未注明地区",
                organizations=tuple(members),
                organization_count=totals[region_id],
            )
        )
    return sorted(result, key=lambda group: (group.region is None, group.label))


def disclosure_recent(*, limit: int = 8) -> Sequence[Disclosure]:
    """The most recently published disclosures (one query)."""
    return list(
        disclosure_published_queryset()
        .defer(*HEAVY_FIELDS)
        .select_related("organization")
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit]
    )
