"""Reads for the staff area (/manage/): upload lists, a run's status, its review, the audit trail.

Writes live in ``ingest.services``; nothing here changes the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from budgets.models import (
    Disclosure,
    EconomicLine,
    FunctionalLine,
    Organization,
    Project,
    ValidationCheck,
)
from budgets.selectors.review import (
    Finding,
    InspectionRow,
    ReviewReport,
    disclosure_review_report,
    inspection_rows,
    new_error_findings,
)
from ingest.models import AuditEvent, IngestRun
from ingest.services import published_version

# The parse's keys of single figures (Figure.key) in the tables' own words.
FIGURE_LABELS = {
    "income_total": "收入总计",
    "current_year_income": "本年收入",
    "carryover_income": "上年结转",
    "general_public_budget": "一般公共预算",
    "government_fund_budget": "政府性基金预算",
    "state_capital_budget": "国有资本经营预算",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "expenditure_total": "支出总计",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "total": "合计",
    "outbound_travel": "因公出国(境)费",
    "reception": "公务接待费",
    "vehicle_total": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "goods": "货物",
    "works": "工程",
    "services": "服务",
}


def ingest_run_list(*, status: str | None = None) -> QuerySet[IngestRun]:
    """Uploads, newest first, with their disclosure and uploader; optionally of one status."""
    runs = IngestRun.objects.select_related("disclosure", "disclosure__organization", "created_by")
    if status:
        runs = runs.filter(status=status)
    return runs.order_by("-created_at", "-pk")


def ingest_run_get(*, run_id: int) -> IngestRun:
    """One upload with its disclosure; raises IngestRun.DoesNotExist."""
    return IngestRun.objects.select_related(
        "disclosure", "disclosure__organization", "disclosure__supersedes", "created_by"
    ).get(pk=run_id)


def ingest_run_status(*, run: IngestRun) -> dict[str, Any]:
    """What the upload page's script shows: state, progress and the error in plain words."""
    return {
        "id": run.pk,
        "status": run.status,
        "status_display": run.get_status_display(),
        "progress": run.progress,
        "stage": run.stage,
        "error": run.error,
        "is_active": run.status in IngestRun.ACTIVE_STATUSES,
        "disclosure_id": run.disclosure_id,
        "detail_url": reverse("ingest:run_detail", args=[run.pk]),
    }


def audit_event_list(*, run: IngestRun | None = None) -> QuerySet[AuditEvent]:
    """The audit trail, newest first; of one run when given."""
    events = AuditEvent.objects.select_related("actor", "run", "disclosure")
    if run is not None:
        events = events.filter(run=run)
    return events.order_by("-created_at", "-pk")


def organization_choices() -> QuerySet[Organization]:
    """Organizations a document can be attached to, by name."""
    return Organization.objects.order_by("name")


@dataclass(frozen=True)
class FigureRow:
    section: str
    label: str
    amount_yuan: Any
    line_start: int


@dataclass(frozen=True)
class CheckCounts:
    passed: int
    rounding: int
    failed: int
    skipped: int


@dataclass(frozen=True)
class DisclosureReview:
    """Everything the review page shows about a parsed disclosure."""

    disclosure: Disclosure
    checks: list[ValidationCheck]
    check_counts: CheckCounts
    figures: list[FigureRow]
    functional_lines: list[FunctionalLine]
    economic_lines: list[EconomicLine]
    projects: list[Project]
    source_lines: list[tuple[int, str]]
    would_supersede: Disclosure | None
    superseded_by: list[Disclosure]
    report: ReviewReport | None = None
    new_errors: tuple[Finding, ...] = ()


def _check_order(check: ValidationCheck) -> tuple[int, int]:
    rank = {
        ValidationCheck.Status.FAIL: 0,
        ValidationCheck.Status.SKIPPED: 2,
    }.get(check.status, 1 if check.outcome == ValidationCheck.Outcome.ROUNDING else 3)
    return rank, check.position


def disclosure_review(*, disclosure: Disclosure) -> DisclosureReview:
    """The validation report (failures first), the parsed tables and the numbered source text."""
    checks = sorted(disclosure.validation_checks.all(), key=_check_order)
    failed = sorted(
        (c for c in checks if c.status == ValidationCheck.Status.FAIL), key=lambda c: c.position
    )
    report = disclosure_review_report(disclosure=disclosure, checks=failed)
    published = (
        published_version(disclosure) if disclosure.status != Disclosure.Status.PUBLISHED else None
    )
    statuses = [(c.status, c.outcome) for c in checks]
    counts = CheckCounts(
        passed=sum(1 for s, o in statuses if s == ValidationCheck.Status.PASS and o != "rounding"),
        rounding=sum(
            1 for s, o in statuses if s == ValidationCheck.Status.PASS and o == "rounding"
        ),
        failed=sum(1 for s, _ in statuses if s == ValidationCheck.Status.FAIL),
        skipped=sum(1 for s, _ in statuses if s == ValidationCheck.Status.SKIPPED),
    )
    return DisclosureReview(
        disclosure=disclosure,
        checks=checks,
        check_counts=counts,
        figures=[
            FigureRow(
                section=f.get_section_display(),
                label=FIGURE_LABELS.get(f.key, f.key),
                amount_yuan=f.amount_yuan,
                line_start=f.line_start,
            )
            for f in disclosure.figures.order_by("section", "key")
        ],
        functional_lines=list(disclosure.functional_lines.order_by("table", "position")),
        economic_lines=list(disclosure.economic_lines.order_by("position")),
        projects=list(disclosure.projects.order_by("kind", "position")),
        source_lines=list(enumerate(disclosure.source_text.splitlines(), start=1)),
        would_supersede=published,
        superseded_by=list(disclosure.superseded_by.all()),
        report=report,
        new_errors=tuple(
            new_error_findings(disclosure=disclosure, published=published, report=report)
        ),
    )


def review_new_errors(*, disclosure: Disclosure) -> list[Finding]:
    """The 错误 of a disclosure about to be published that its published version did not have.

    Publishing asks for a confirmation naming them; with no version published, every 错误
    is new.
    """
    published = (
        published_version(disclosure) if disclosure.status != Disclosure.Status.PUBLISHED else None
    )
    return new_error_findings(disclosure=disclosure, published=published)


def review_inspection(*, disclosure: Disclosure) -> tuple[ReviewReport, list[InspectionRow]]:
    """The review of a disclosure and its rows in the shape of the 检查表."""
    report = disclosure_review_report(disclosure=disclosure)
    return report, inspection_rows(disclosure=disclosure, report=report)
