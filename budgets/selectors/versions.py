"""Versions of a disclosure: what a cited id leads to, and what changed between two versions.

A link to a disclosure must keep working (issue 14, item 2): an id leads to the current version,
to an earlier version (marked, with a link to the current one), or to a document that was
withdrawn (its page says when and why). :func:`disclosure_citation_get` answers that for any
page or the API. :func:`version_changes` lists what changed between two versions of one
document, figure by figure and check by check; the comparing itself is a pure function over
plain rows (:func:`diff_rows`).
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from budgets.kinds import figure_label, term
from budgets.models import (
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalLine,
    Project,
    ValidationCheck,
)
from budgets.selectors.disclosures import PUBLIC_STATUSES, check_kind_label, disclosure_versions

STATUS = Disclosure.Status
# An unpublished document returns to review (parsed) and may then be set aside (discarded);
# either way its page says it was withdrawn.
WITHDRAWN_STATUSES = (STATUS.PARSED, STATUS.DISCARDED)


class CitationState:
    CURRENT = "current"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class DisclosureCitation:
    """What a link to one disclosure id shows: the disclosure, whether it is the current
    version, an earlier one or withdrawn, and the document's public versions, oldest first."""

    disclosure: Disclosure
    state: str
    versions: tuple[Disclosure, ...]

    @property
    def current(self) -> Disclosure | None:
        """The version published now (the disclosure itself when it is current)."""
        return next((v for v in self.versions if v.status == STATUS.PUBLISHED), None)

    @property
    def latest(self) -> Disclosure | None:
        """The newest public version: the current one, or the last superseded one when the
        version that superseded it was withdrawn."""
        return self.current or (self.versions[-1] if self.versions else None)

    @property
    def is_current(self) -> bool:
        return self.state == CitationState.CURRENT

    @property
    def is_superseded(self) -> bool:
        return self.state == CitationState.SUPERSEDED

    @property
    def is_withdrawn(self) -> bool:
        return self.state == CitationState.WITHDRAWN


def is_withdrawn(disclosure: Disclosure) -> bool:
    return disclosure.withdrawn_at is not None and disclosure.status in WITHDRAWN_STATUSES


def citable_q() -> Q:
    """Disclosures a link may lead to: public ones and withdrawn ones."""
    return Q(status__in=PUBLIC_STATUSES) | Q(
        status__in=WITHDRAWN_STATUSES, withdrawn_at__isnull=False
    )


def disclosure_citation_get(
    *, pk: int, queryset: QuerySet[Disclosure] | None = None
) -> DisclosureCitation | None:
    """What a link to disclosure ``pk`` leads to, or None when it never was public (two
    queries). ``queryset`` (default: every disclosure, organization and region fetched along)
    lets a page choose the columns it reads; it is narrowed to citable disclosures here."""
    base = (
        queryset
        if queryset is not None
        else Disclosure.objects.select_related("organization__region__parent__parent")
    )
    disclosure = base.filter(citable_q(), pk=pk).first()
    if disclosure is None:
        return None
    if is_withdrawn(disclosure):
        state = CitationState.WITHDRAWN
    elif disclosure.status == STATUS.SUPERSEDED:
        state = CitationState.SUPERSEDED
    else:
        state = CitationState.CURRENT
    return DisclosureCitation(
        disclosure=disclosure,
        state=state,
        versions=tuple(disclosure_versions(disclosure=disclosure)),
    )


def withdrawn_disclosures(*, ids: Sequence[int]) -> list[Disclosure]:
    """The withdrawn disclosures among ``ids`` (one query), for pages that list ids."""
    if not ids:
        return []
    return list(
        Disclosure.objects.filter(
            pk__in=ids, status__in=WITHDRAWN_STATUSES, withdrawn_at__isnull=False
        )
        .defer("parsed", "source_text")
        .order_by("pk")
    )


def current_versions(*, disclosures: Iterable[Disclosure]) -> dict[int, Disclosure]:
    """For each superseded disclosure given, the version published now, by the superseded
    one's id (one query; none when no disclosure is superseded)."""
    old = [d for d in disclosures if d.status == STATUS.SUPERSEDED]
    if not old:
        return {}
    documents = Q()
    for d in old:
        documents |= Q(organization_id=d.organization_id, fiscal_year=d.fiscal_year, kind=d.kind)
    published = {
        (d.organization_id, d.fiscal_year, d.kind): d
        for d in Disclosure.objects.filter(documents, status=STATUS.PUBLISHED).defer(
            "parsed", "source_text"
        )
    }
    found = {}
    for d in old:
        current = published.get((d.organization_id, d.fiscal_year, d.kind))
        if current is not None:
            found[d.pk] = current
    return found


# What changed between two versions ----------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One side of a changed row: its value (an amount in yuan, or a check's result as words)
    and the lines of its version's source text."""

    value: Any
    line_start: int | None = None
    line_end: int | None = None


@dataclass(frozen=True)
class Change:
    """A row that differs between the versions: ``old`` or ``new`` is None when the row is
    only in the other version."""

    label: str
    old: Cell | None
    new: Cell | None
    code: str = ""  # a check's name, shown as the check list shows it

    @property
    def kind(self) -> str:
        if self.old is None:
            return "新增"
        if self.new is None:
            return "删除"
        return "修改"

    @property
    def difference(self) -> Decimal | None:
        """new − old for amounts present on both sides."""
        if self.old is None or self.new is None:
            return None
        if isinstance(self.old.value, Decimal) and isinstance(self.new.value, Decimal):
            return self.new.value - self.old.value
        return None


def diff_rows(
    old: Mapping[Any, Cell],
    new: Mapping[Any, Cell],
    label: Callable[[Any], str],
    code: Callable[[Any], str] = lambda key: "",
) -> tuple[list[Change], int]:
    """The rows of two versions that differ, keyed alike, in the new version's order then the
    removed ones; and how many rows are the same. Rows are the same when their values are
    (lines may move: a line inserted above shifts every line below)."""
    changes = []
    same = 0
    for key, cell in new.items():
        before = old.get(key)
        if before is not None and before.value == cell.value:
            same += 1
        else:
            changes.append(Change(label(key), before, cell, code(key)))
    changes.extend(
        Change(label(key), cell, None, code(key)) for key, cell in old.items() if key not in new
    )
    return changes, same


@dataclass(frozen=True)
class ChangeGroup:
    """The changes of one part of the document (收支总表, 支出总表 …)."""

    title: str
    changes: tuple[Change, ...]
    unchanged: int
    is_amount: bool = True


@dataclass(frozen=True)
class VersionChanges:
    old: Disclosure
    new: Disclosure
    groups: tuple[ChangeGroup, ...]

    @property
    def change_count(self) -> int:
        return sum(len(group.changes) for group in self.groups)


def _unique_keys(rows: Iterable[tuple[Any, Cell]]) -> dict[Any, Cell]:
    """Rows keyed by their key and its occurrence ("工资福利支出" twice is two rows)."""
    seen: Counter = Counter()
    keyed = {}
    for key, cell in rows:
        seen[key] += 1
        keyed[(key, seen[key])] = cell
    return keyed


def _by_disclosure(rows: Iterable[tuple[int, Any, Cell]], ids: Sequence[int]) -> list[dict]:
    split: dict[int, list[tuple[Any, Cell]]] = {pk: [] for pk in ids}
    for pk, key, cell in rows:
        split[pk].append((key, cell))
    return [_unique_keys(split[pk]) for pk in ids]


def _figure_group(old: Disclosure, new: Disclosure) -> ChangeGroup:
    rows = (
        Figure.objects.filter(disclosure__in=[old.pk, new.pk])
        .order_by("disclosure_id", "section", "key")
        .values_list("disclosure_id", "section", "key", "amount_yuan", "line_start", "line_end")
    )
    before, after = _by_disclosure(
        (
            (pk, (section, key), Cell(amount, start, end))
            for pk, section, key, amount, start, end in rows
        ),
        [old.pk, new.pk],
    )
    changes, same = diff_rows(before, after, lambda k: figure_label(new.kind, *k[0]))
    return ChangeGroup("主要数字", tuple(changes), same)


FUNCTIONAL_COLUMNS = (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))


def _functional_groups(old: Disclosure, new: Disclosure) -> list[ChangeGroup]:
    """One group per table broken down by functional code, a row per code and column."""
    rows = (
        FunctionalLine.objects.filter(disclosure__in=[old.pk, new.pk])
        .order_by("disclosure_id", "table", "position")
        .values_list(
            "disclosure_id",
            "table",
            "code",
            "name",
            "functional_code__name",
            "total",
            "basic",
            "project",
            "line_start",
            "line_end",
        )
    )
    names: dict[str, str] = {}
    cells = []
    for pk, table, code, name, listed_name, total, basic, project, start, end in rows:
        if not names.get(code):
            names[code] = name or listed_name  # a row printed without its name
        amounts = {"total": total, "basic": basic, "project": project}
        for column, _ in FUNCTIONAL_COLUMNS:
            if column == "total" or amounts[column] is not None:
                cells.append((pk, (table, code, column), Cell(amounts[column], start, end)))
    before, after = _by_disclosure(cells, [old.pk, new.pk])
    column_labels = dict(FUNCTIONAL_COLUMNS)
    groups = []
    for table in FunctionalLine.Table:
        table_before = {k: v for k, v in before.items() if k[0][0] == table}
        table_after = {k: v for k, v in after.items() if k[0][0] == table}
        if not table_before and not table_after:
            continue
        changes, same = diff_rows(
            table_before,
            table_after,
            lambda k: f"{k[0][1]} {names.get(k[0][1], '')} · {column_labels[k[0][2]]}",
        )
        title = term(new.kind, "expenditure_table") if table == table.EXPENDITURE else table.label
        if table == table.INCOME:
            title = term(new.kind, "income_table")
        groups.append(ChangeGroup(title, tuple(changes), same))
    return groups


def _economic_group(old: Disclosure, new: Disclosure) -> ChangeGroup:
    rows = (
        EconomicLine.objects.filter(disclosure__in=[old.pk, new.pk])
        .order_by("disclosure_id", "position")
        .values_list(
            "disclosure_id", "dept_item_name", "gov_item_name", "total", "line_start", "line_end"
        )
    )
    before, after = _by_disclosure(
        ((pk, dept or gov, Cell(total, start, end)) for pk, dept, gov, total, start, end in rows),
        [old.pk, new.pk],
    )
    changes, same = diff_rows(before, after, lambda k: k[0] or "（未列名称）")
    return ChangeGroup("基本支出经济分类（合计）", tuple(changes), same)


def _project_group(old: Disclosure, new: Disclosure) -> ChangeGroup:
    """Projects by kind (本年 / 上年结转) and name: a unit's name printed differently is not a
    change of the project."""
    rows = (
        Project.objects.filter(disclosure__in=[old.pk, new.pk])
        .order_by("disclosure_id", "kind", "position")
        .values_list("disclosure_id", "kind", "name", "amount_yuan", "line_start", "line_end")
    )
    before, after = _by_disclosure(
        (
            (pk, (kind, name), Cell(amount, start, end))
            for pk, kind, name, amount, start, end in rows
        ),
        [old.pk, new.pk],
    )
    kinds = dict(Project.Kind.choices)
    changes, same = diff_rows(before, after, lambda k: f"{k[0][1]}（{kinds.get(k[0][0], '')}）")
    return ChangeGroup("项目支出", tuple(changes), same)


def _check_group(old: Disclosure, new: Disclosure) -> ChangeGroup:
    rows = (
        ValidationCheck.objects.filter(disclosure__in=[old.pk, new.pk])
        .order_by("disclosure_id", "position")
        .values_list("disclosure_id", "check_name", "status", "outcome", "line_start", "line_end")
    )
    statuses = dict(ValidationCheck.Status.choices)
    outcomes = dict(ValidationCheck.Outcome.choices)
    cells = []
    for pk, name, status, outcome, start, end in rows:
        words = statuses.get(status, status)
        if outcome and outcome != ValidationCheck.Outcome.OK:
            words = f"{words}（{outcomes.get(outcome, outcome)}）"
        cells.append((pk, name, Cell(words, start, end)))
    before, after = _by_disclosure(cells, [old.pk, new.pk])
    changes, same = diff_rows(before, after, lambda k: check_kind_label(k[0]), code=lambda k: k[0])
    return ChangeGroup("校验", tuple(changes), same, is_amount=False)


def version_changes(*, old: Disclosure, new: Disclosure) -> VersionChanges:
    """What changed from ``old`` to ``new`` (two versions of one document): figures, rows of
    the functional tables, economic categories, projects and checks (five queries)."""
    groups = [
        _figure_group(old, new),
        *_functional_groups(old, new),
        _economic_group(old, new),
        _project_group(old, new),
        _check_group(old, new),
    ]
    return VersionChanges(old=old, new=new, groups=tuple(groups))
