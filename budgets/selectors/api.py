"""Reads behind the JSON API (/api/): published data only, filtered by the API's FilterSets.

A parameter that does not validate raises `budgets.filters.common.InvalidParameters`, which
the API turns into a 400 answer naming the bad parameters.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

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
    ValidationCheck,
)

PUBLISHED = Disclosure.Status.PUBLISHED


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


def api_disclosure_get(*, pk: int) -> Disclosure | None:
    """A published disclosure with its parse JSON (not its source text), or None."""
    return (
        Disclosure.objects.filter(pk=pk, status=PUBLISHED)
        .select_related("organization__region")
        .defer("source_text")
        .first()
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
