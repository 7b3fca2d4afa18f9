"""Severity of each failed check, and failed checks grouped into one finding per problem.

Severities: 错误 (``error``: figures disagree), 提示 (``notice``: wording and
punctuation, set by the narrative checks) and 说明 (``info``: an expected difference,
such as 机关运行经费 below the 公用经费 of a department with 事业单位, which covers
行政单位 only, or one figure printed a last digit apart in two tables that each rounded it).

One wrong figure fails many checks: a row whose 合计 is wrong fails its own row total,
its parent's sum and its comparison with every other table. The grouping works on the
list of checks as data, after validation, so it holds whatever families the parser
adds: each check names the (table, row) pairs it compares
(``check_names.touched_rows``); the table most failed checks touch is taken as the one
at fault, and its failed checks whose rows hold one another (a 项 and its 款, any row
and the table's 合计) are one finding. The next table is taken among the checks left,
and so on. A finding's first check (its primary) is the most local one — a row's own
total before a comparison across tables — and carries the finding's tables and the
rows to mark (the table at fault's; both sides' when no table is more at fault).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from ingest.review.check_names import is_within, touched_rows

Check = dict[str, Any]
SEVERITY_LABELS = {"error": "错误", "notice": "提示", "info": "说明"}
# Which check of a finding speaks for it: the most local first.
PRIMARY_ORDER = ("row_total", "cross_table_total", "cross_table_row", "functional_hierarchy")
# Rows that are no figures of a table: the narrative's paragraphs (marked by the words a finding
# quotes) and the document's pages.
UNMARKED_TABLES = frozenset({"narrative", "document"})


def severity_of(check: Check) -> str:
    """``error``, ``notice`` or ``info`` for a failed check; "" for one passed or skipped."""
    if check.get("status") != "fail":
        return ""
    if check.get("severity") in SEVERITY_LABELS:
        return str(check["severity"])
    if check.get("check") == "cross_table_total:economic_public_vs_operating":
        expected, actual = check.get("expected"), check.get("actual")
        if expected is not None and actual is not None and actual < expected:
            return "info"
    if is_rounding_gap(check):
        return "info"
    return "error"


CROSS_TABLE_FAMILIES = ("cross_table_row:", "cross_table_total:")


def is_rounding_gap(check: Check) -> bool:
    """The same figure printed one last digit apart in two tables (236.63 and 236.64 万元).

    Each table rounds its own 元 to the printed unit: a row's total rounded once and the sum
    of its rounded parts may differ by the last digit. Not an error; the report says so.
    """
    if check.get("status") != "fail" or not str(check.get("check", "")).startswith(
        CROSS_TABLE_FAMILIES
    ):
        return False
    expected, actual = check.get("expected"), check.get("actual")
    if not isinstance(expected, Decimal) or not isinstance(actual, Decimal) or not expected:
        return False
    places = [
        exponent
        for exponent in (expected.as_tuple().exponent, actual.as_tuple().exponent)
        if isinstance(exponent, int)
    ]
    step = Decimal(1).scaleb(max(places)) if places else Decimal(1)
    return abs(actual - expected) <= step


def group_findings(checks: list[Check]) -> None:
    """Give each failed check its ``severity`` and ``finding`` (the index of its primary).

    Primaries also get ``tables`` (the table keys the finding touches, the one at fault
    first), ``marks`` (``"table:row"`` of the figures to mark) and ``derived`` (how many
    other checks the finding holds).
    """
    for check in checks:
        check["severity"] = severity_of(check)
        check["finding"] = None
    failed = [i for i, check in enumerate(checks) if check["severity"] in ("error", "info")]
    rows = {i: touched_rows(checks[i]) for i in failed}
    remaining = set(failed)
    while remaining:
        counts = Counter(table for i in remaining for table in {t for t, _ in rows[i]})
        top = max(counts.values())
        ranked = sorted(t for t, n in counts.items() if n == top)
        at_fault = ranked[0]
        members = sorted(i for i in remaining if any(t == at_fault for t, _ in rows[i]))
        for cluster in _clusters(members, rows, at_fault):
            _finding(checks, cluster, rows, at_fault, clear=len(ranked) == 1)
        remaining -= set(members)
    for index, check in enumerate(checks):
        if check["severity"] == "notice":
            _finding(checks, [index], {index: touched_rows(check)}, "narrative", clear=True)
    _merge_hinted(checks)


def _clusters(
    members: list[int], rows: dict[int, list[tuple[str, str]]], table: str
) -> list[list[int]]:
    """Members whose rows in ``table`` hold one another, joined transitively."""
    parent = {i: i for i in members}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    own = {i: [row for t, row in rows[i] if t == table] for i in members}
    for a_index, a in enumerate(members):
        for b in members[a_index + 1 :]:
            if any(is_within(x, y) for x in own[a] for y in own[b]):
                parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in members:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _finding(
    checks: list[Check],
    cluster: list[int],
    rows: dict[int, list[tuple[str, str]]],
    at_fault: str,
    *,
    clear: bool,
) -> None:
    primary = min(cluster, key=lambda i: (_rank(checks[i]), i))
    tables = [at_fault, *sorted({t for i in cluster for t, _ in rows[i]} - {at_fault})]
    marked = _marked(cluster, rows, at_fault)
    if not clear:  # no table more at fault than the other: both sides' figures
        marked += [
            f"{t}:{row}"
            for i in cluster
            for t, row in rows[i]
            if t != at_fault and t not in UNMARKED_TABLES
        ]
    severities = {checks[i]["severity"] for i in cluster}
    for i in cluster:
        checks[i]["finding"] = primary
    checks[primary].update(
        tables=tables,
        marks=sorted(set(marked)),
        derived=len(cluster) - 1,
        severity="error" if "error" in severities else checks[primary]["severity"],
    )


def _marked(cluster: list[int], rows: dict[int, list[tuple[str, str]]], table: str) -> list[str]:
    """The rows of the table at fault that most of the finding's checks read.

    A wrong 项 fails its own row total and its comparison with other tables; its 款 fails
    only the sum it is part of: the 项 is marked, not the 款 whose figure is right.
    """
    if table in UNMARKED_TABLES:
        return []
    counts = Counter(row for i in cluster for t, row in set(rows[i]) if t == table)
    if not counts:
        return []
    most = max(counts.values())
    rows_at_fault = [row for row, n in counts.items() if most in (n, 1)]
    if any(row != "total" for row in rows_at_fault):
        # A row and the table's 合计 fail as often: the sum is off because the row is.
        rows_at_fault = [row for row in rows_at_fault if row != "total"]
    return [f"{table}:{row}" for row in rows_at_fault]


def _rank(check: Check) -> int:
    family = str(check.get("check", "")).split(":", 1)[0]
    return PRIMARY_ORDER.index(family) if family in PRIMARY_ORDER else len(PRIMARY_ORDER)


def _merge_hinted(checks: list[Check]) -> None:
    """Notices that name the same slip (``group``) in several places are one finding."""
    first: dict[str, int] = {}
    for index, check in enumerate(checks):
        hint = check.get("group")
        if not hint or check.get("finding") != index:
            continue
        if hint not in first:
            first[hint] = index
            continue
        primary = first[hint]
        check["finding"] = primary
        checks[primary]["derived"] = checks[primary].get("derived", 0) + 1
        for key in ("tables", "marks", "derived"):
            check.pop(key, None)
