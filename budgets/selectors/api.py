"""Reads behind the JSON API (/api/): published data only, filtered by the API's FilterSets.

A parameter that does not validate raises `budgets.filters.common.InvalidParameters`, which
the API turns into a 400 answer naming the bad parameters.

Citations never break: a disclosure that a newer version superseded is still answered by its
id (with the version now in force, `disclosure_current_version`), and a comparison given an
old id compares the version in force (`disclosure_current_ids`).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet

from budgets.filters.api import ApiDisclosureFilter, ApiOrganizationFilter
from budgets.filters.common import apply_filters
from budgets.models import (
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalLine,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    Organization,
    PerformanceTarget,
    Project,
    Region,
    ValidationCheck,
)

PUBLISHED = Disclosure.Status.PUBLISHED
SUPERSEDED = Disclosure.Status.SUPERSEDED
CITABLE = (PUBLISHED, SUPERSEDED)  # statuses whose id the API answers


def api_organization_list(*, params: Mapping[str, Any]) -> QuerySet[Organization]:
    """Organizations with at least one published disclosure, by name."""
    organizations = (
        Organization.objects.annotate(
            published_count=Count("disclosures", filter=Q(disclosures__status=PUBLISHED))
        )
        .filter(published_count__gt=0)
        .select_related("region")
        .order_by("name", "pk")
    )
    return apply_filters(ApiOrganizationFilter, params, organizations, strict=True)


def api_disclosure_list(*, params: Mapping[str, Any]) -> QuerySet[Disclosure]:
    """Published disclosures, newest year first, without the large text columns."""
    disclosures = (
        Disclosure.objects.filter(status=PUBLISHED)
        .select_related("organization__region")
        .defer("parsed", "source_text")
        .order_by("-fiscal_year", "organization__name", "kind", "pk")
    )
    return apply_filters(ApiDisclosureFilter, params, disclosures, strict=True)


def api_disclosure_get(*, pk: int, with_document: bool = True) -> Disclosure | None:
    """A published or superseded disclosure (not its source text, its parse JSON only when
    asked for), or None."""
    disclosures = Disclosure.objects.filter(pk=pk, status__in=CITABLE).select_related(
        "organization__region"
    )
    deferred = ("source_text",) if with_document else ("source_text", "parsed")
    return disclosures.defer(*deferred).first()


def disclosure_current_version(*, disclosure: Disclosure) -> Disclosure | None:
    """The published version of a superseded disclosure's document (same organization, year
    and kind), or None for a disclosure that is itself current (one query when superseded)."""
    if disclosure.status != SUPERSEDED:
        return None
    return (
        Disclosure.objects.filter(
            organization_id=disclosure.organization_id,
            fiscal_year=disclosure.fiscal_year,
            kind=disclosure.kind,
            status=PUBLISHED,
        )
        .only("pk", "version")
        .first()
    )


def disclosure_current_ids(*, ids: Iterable[int]) -> dict[int, int]:
    """{superseded id: id of the published version of its document} for the `ids` that were
    superseded (one query)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = (
        Disclosure.objects.filter(pk__in=wanted, status=SUPERSEDED)
        .annotate(
            current_id=Disclosure.objects.filter(
                organization_id=OuterRef("organization_id"),
                fiscal_year=OuterRef("fiscal_year"),
                kind=OuterRef("kind"),
                status=PUBLISHED,
            ).values("pk")[:1]
        )
        .values_list("pk", "current_id")
    )
    return {pk: current for pk, current in rows if current is not None}


def api_region_list() -> QuerySet[Region]:
    """Regions that hold an organization with a published disclosure, or lie above one, by
    official code."""
    published = Disclosure.objects.filter(status=PUBLISHED)
    org_regions = published.values("organization__region")
    return (
        Region.objects.filter(
            Q(pk__in=org_regions)
            | Q(children__in=org_regions)
            | Q(children__children__in=org_regions)
            | Q(children__children__children__in=org_regions)  # 省 → 市 → 县 → 乡镇街道
        )
        .distinct()
        .select_related("parent")
        .order_by("code", "name", "pk")
    )


def api_disclosure_rows(*, disclosure: Disclosure) -> dict[str, QuerySet]:
    """Every stored row of a disclosure, by table, in document order (one query each)."""
    own = {"disclosure": disclosure}
    return {
        "figures": Figure.objects.filter(**own).order_by("section", "key"),
        "functional_lines": FunctionalLine.objects.filter(**own)
        .select_related("functional_code")
        .order_by("table", "position"),
        "economic_lines": EconomicLine.objects.filter(**own).order_by("position"),
        "projects": Project.objects.filter(**own).order_by("kind", "position"),
        "performance_targets": PerformanceTarget.objects.filter(**own)
        .prefetch_related(Prefetch("indicators", Indicator.objects.order_by("position")))
        .order_by("position"),
        "narrative_sections": NarrativeSection.objects.filter(**own)
        .defer("text")
        .order_by("position"),
        "glossary_terms": GlossaryTerm.objects.filter(**own)
        .defer("definition")
        .order_by("position"),
        "validation_checks": ValidationCheck.objects.filter(**own).order_by("position"),
    }
