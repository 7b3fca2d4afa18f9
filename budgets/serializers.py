"""Plain functions that turn model instances into the API's JSON dicts.

Field names here are the API's contract (documented on /api/): add fields freely, never rename
or remove one. Amounts are decimal strings, exact: yuan with two decimals (`…_yuan`, as
stored) and 万元 with two decimals (`…_wan`, as the documents print them). Source lines are
[first, last] 1-based line numbers of the disclosure's decoded text, with a link to the line
in the source viewer.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from budgets.models import (
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalCode,
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
from budgets.templatetags.money import yuan_to_wan
from budgets.templatetags.sources import viewer_url

TOTAL_FIELDS = {
    "total": "total_yuan",
    "basic": "basic_yuan",
    "project": "project_yuan",
    "three_public": "three_public_yuan",
    "operating": "operating_yuan",
}


def decimal_str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def money(amount_yuan: Decimal | None) -> dict[str, str | None]:
    """{"yuan": "23730000.00", "wan": "2373.00"}: both units, exact strings."""
    return {"yuan": decimal_str(amount_yuan), "wan": decimal_str(yuan_to_wan(amount_yuan))}


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def source_link(
    request: HttpRequest, disclosure_id: int, line_start: int | None, line_end: int | None
) -> dict[str, Any] | None:
    """{"lines": [start, end], "url": …/disclosures/<id>/source/#L<start>} or None."""
    if not line_start:
        return None
    return {
        "lines": [line_start, line_end or line_start],
        "url": absolute(request, f"{viewer_url(disclosure_id)}#L{line_start}"),
    }


def region_to_dict(region: Region | None) -> dict[str, Any] | None:
    if region is None:
        return None
    return {"id": region.pk, "name": region.name, "level": region.level}


def organization_ref(request: HttpRequest, organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "slug": organization.slug,
        "name": organization.name,
        "html_url": absolute(request, reverse("organization_detail", args=[organization.slug])),
    }


def organization_to_dict(request: HttpRequest, organization: Organization) -> dict[str, Any]:
    """An item of /api/organizations/ (expects `published_count` annotated)."""
    disclosures_url = reverse("api_disclosure_list") + f"?organization={organization.slug}"
    return {
        **organization_ref(request, organization),
        "kind": organization.kind,
        "kind_display": organization.get_kind_display(),
        "region": region_to_dict(organization.region),
        "parent_id": organization.parent_id,
        "disclosure_count": getattr(organization, "published_count", None),
        "disclosures_url": absolute(request, disclosures_url),
    }


def disclosure_to_dict(request: HttpRequest, disclosure: Disclosure) -> dict[str, Any]:
    """An item of /api/disclosures/: identity, totals in both units, links."""
    return {
        "id": disclosure.pk,
        "entity": disclosure.entity_name,
        "organization": organization_ref(request, disclosure.organization),
        "region": region_to_dict(disclosure.organization.region),
        "fiscal_year": disclosure.fiscal_year,
        "kind": disclosure.kind,
        "kind_display": disclosure.get_kind_display(),
        "version": disclosure.version,
        "amount_unit": disclosure.amount_unit,
        "published_at": disclosure.published_at.isoformat() if disclosure.published_at else None,
        "totals": {name: money(getattr(disclosure, field)) for name, field in TOTAL_FIELDS.items()},
        "checks": {
            "passed": disclosure.checks_passed,
            "failed": disclosure.checks_failed,
            "skipped": disclosure.checks_skipped,
        },
        "url": absolute(request, reverse("api_disclosure_detail", args=[disclosure.pk])),
        "html_url": absolute(request, reverse("disclosure_detail", args=[disclosure.pk])),
        "source_url": absolute(request, reverse("disclosure_source", args=[disclosure.pk])),
        "download_url": absolute(request, reverse("disclosure_download", args=[disclosure.pk])),
    }


def _figure(request: HttpRequest, row: Figure) -> dict[str, Any]:
    return {
        "id": row.pk,
        "section": row.section,
        "key": row.key,
        "amount": money(row.amount_yuan),
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def _functional_line(request: HttpRequest, row: FunctionalLine) -> dict[str, Any]:
    columns = ("total", "basic", "project", "general_public_budget", "government_fund")
    extra = ("state_capital", "special_account", "unit_funds", "carryover")
    return {
        "id": row.pk,
        "table": row.table,
        "code": row.code,
        "name": row.name,
        "level": row.functional_code.level,
        **{f"{column}_yuan": decimal_str(getattr(row, column)) for column in columns + extra},
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def _economic_line(request: HttpRequest, row: EconomicLine) -> dict[str, Any]:
    return {
        "id": row.pk,
        "dept_item": row.dept_item_name,
        "gov_item": row.gov_item_name,
        "is_category": row.is_category,
        "total_yuan": decimal_str(row.total),
        "personnel_yuan": decimal_str(row.personnel),
        "public_yuan": decimal_str(row.public),
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def _project(request: HttpRequest, row: Project) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "name": row.name,
        "unit_name": row.unit_name,
        "category": row.category,
        "amount": money(row.amount_yuan),
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def _indicator(request: HttpRequest, row: Indicator, disclosure_id: int) -> dict[str, Any]:
    return {
        "id": row.pk,
        "level1": row.level1,
        "level2": row.level2,
        "level3": row.level3,
        "value": row.value_text,
        "comparator": row.comparator,
        "number": decimal_str(row.number),
        "unit": row.unit,
        "source": source_link(request, disclosure_id, row.line_start, row.line_end),
    }


def _target(request: HttpRequest, row: PerformanceTarget) -> dict[str, Any]:
    return {
        "id": row.pk,
        "project_id": row.project_id,
        "project_name": row.project_name,
        "implementing_unit": row.implementing_unit,
        "annual_funds_yuan": decimal_str(row.annual_funds_yuan),
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
        "indicators": [
            _indicator(request, indicator, row.disclosure_id) for indicator in row.indicators.all()
        ],
    }


def _narrative(request: HttpRequest, row: NarrativeSection) -> dict[str, Any]:
    return {
        "id": row.pk,
        "heading": row.heading,
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def _glossary(request: HttpRequest, row: GlossaryTerm) -> dict[str, Any]:
    return {
        "id": row.pk,
        "term": row.term,
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def _check(request: HttpRequest, row: ValidationCheck) -> dict[str, Any]:
    return {
        "id": row.pk,
        "check": row.check_name,
        "status": row.status,
        "outcome": row.outcome,
        "unit": row.unit,
        "expected": decimal_str(row.expected),
        "actual": decimal_str(row.actual),
        "difference": decimal_str(row.difference),
        "source": source_link(request, row.disclosure_id, row.line_start, row.line_end),
    }


def disclosure_detail_to_dict(
    request: HttpRequest, disclosure: Disclosure, rows: dict[str, Iterable[Any]]
) -> dict[str, Any]:
    """/api/disclosures/<id>/: the list item, the full parse JSON as `document`, and every
    stored row with its id and source lines under `rows`."""
    serializers = {
        "figures": _figure,
        "functional_lines": _functional_line,
        "economic_lines": _economic_line,
        "projects": _project,
        "performance_targets": _target,
        "narrative_sections": _narrative,
        "glossary_terms": _glossary,
        "validation_checks": _check,
    }
    return {
        **disclosure_to_dict(request, disclosure),
        "sha256": disclosure.sha256,
        "original_filename": disclosure.original_filename,
        "document": disclosure.parsed,
        "rows": {
            name: [serialize(request, row) for row in rows.get(name, ())]
            for name, serialize in serializers.items()
        },
    }


def function_code_to_dict(code: FunctionalCode) -> dict[str, Any]:
    return {
        "code": code.code,
        "name": code.name,
        "level": code.level,
        "level_display": code.get_level_display(),
        "fiscal_year": code.fiscal_year,
    }


def function_amount_to_dict(request: HttpRequest, line: FunctionalLine) -> dict[str, Any]:
    """An item of /api/functions/<code>/: one disclosure's amount for the code."""
    disclosure = line.disclosure
    share = getattr(line, "share", None)
    return {
        "disclosure_id": disclosure.pk,
        "entity": disclosure.entity_name,
        "organization": organization_ref(request, disclosure.organization),
        "region": region_to_dict(disclosure.organization.region),
        "fiscal_year": disclosure.fiscal_year,
        "kind": disclosure.kind,
        "name": line.name,
        "total": money(line.total),
        "basic": money(line.basic),
        "project": money(line.project),
        "share_of_disclosure_total": None
        if share is None
        else str(Decimal(share).quantize(Decimal("0.0001"))),
        "disclosure_url": absolute(request, reverse("api_disclosure_detail", args=[disclosure.pk])),
        "source": source_link(request, disclosure.pk, line.line_start, line.line_end),
    }
