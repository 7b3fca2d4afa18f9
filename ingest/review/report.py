"""The whole review of one parsed disclosure, run after validation (``review_disclosure``).

It works on the parse as data and changes only what it adds: each check gains a
Chinese ``title`` (and a Chinese ``note`` where its message is not Chinese), a ``severity``
when it failed, its ``finding`` and, when the check
speaks for a finding of several, a ``summary`` naming the tables the problem touches;
checks of the pages are appended; ``parsed["completeness"]`` holds the checklist and
its score, ``parsed["review_summary"]`` the counts of findings by severity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ingest.narrative.names import table_names
from ingest.review.check_names import Context, describe
from ingest.review.completeness import assess_completeness
from ingest.review.document import check_pages
from ingest.review.findings import group_findings, is_rounding_gap
from ingest.types import SourceLine

Check = dict[str, Any]
# Checks whose figures are not money in the document's unit.
UNITS_BY_FAMILY = {"project_count": "个", "form_funds": "元"}
MAX_NAMED_ROWS = 3  # a finding's summary names the rows at fault when there are this few


def review_disclosure(parsed: dict[str, Any], lines: Sequence[SourceLine]) -> dict[str, Any]:
    """Add the review to ``parsed`` (see the module docstring) and return ``parsed``."""
    parsed.setdefault("validation", []).extend(check_pages(parsed))
    review_checks(parsed)
    parsed["completeness"] = assess_completeness(parsed, lines)
    return parsed


def review_checks(parsed: dict[str, Any]) -> list[Check]:
    """Name, grade and group ``parsed["validation"]`` in place; set ``review_summary``.

    The part of the review that needs only the parse: a parse whose figures changed (the
    benchmark's varied copies) is reviewed again with it.
    """
    checks: list[Check] = parsed.setdefault("validation", [])
    context = Context(str(parsed.get("kind") or ""), table_names(parsed))
    for check in checks:
        check["title"] = describe(check, context)
        note = chinese_message(check, context)
        if note != check.get("message", ""):
            # The table checks write their messages for staff in English; the public reads
            # this one (persistence stores it as the check's message).
            check["note"] = note
        family = str(check.get("check", "")).split(":", 1)[0]
        if family in UNITS_BY_FAMILY and "unit" not in check:
            check["unit"] = UNITS_BY_FAMILY[family]
    group_findings(checks)
    for check in checks:
        if check.get("derived"):
            check["summary"] = finding_summary(check, context)
    parsed["review_summary"] = review_summary(checks)
    return checks


# Messages the table checks (``ingest.validation``, ``ingest.forms``) write for staff in
# English, as the public reads them: (pattern, Chinese, with {row} for the row's name).
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"appears in only one of the two tables"),
        "{row}只列在其中一张表中，另一张表没有这一行。",
    ),
    (
        re.compile(r"机关运行经费 covers 行政单位"),
        "机关运行经费只含行政单位和参照公务员法管理的事业单位，部门所属事业单位的公用经费"
        "不计入，因此可以低于公用经费。",
    ),
    (re.compile(r"no 机关运行经费"), "本文件没有机关运行经费（只有行政单位及参公单位才有）。"),
    (re.compile(r"no project of 表12 matches"), "项目支出表中找不到与此绩效目标表同名的项目。"),
)
_ENGLISH = re.compile(r"[A-Za-z]{3,}")
ROUNDING_GAP = "两表所列同一数字只差最后一位，多为各表分别四舍五入所致，不作为错误。"


def chinese_message(check: Check, context: Context) -> str:
    """The check's message in Chinese: its own when it has no English, a translation or ""."""
    if is_rounding_gap(check):
        return ROUNDING_GAP
    message = str(check.get("message") or "")
    if not _ENGLISH.search(message):
        return message
    parts = str(check.get("check", "")).split(":")
    row = context.row(parts[-1]) if len(parts) > 2 else ""
    for pattern, chinese in MESSAGES:
        if pattern.search(message):
            return chinese.format(row=row)
    return ""


def finding_summary(primary: Check, context: Context) -> str:
    """A finding of several checks in a line: "一般公共预算支出表与收支总表不一致（共10项…）"."""
    tables = [context.table(key) for key in primary.get("tables") or []]
    total = primary.get("derived", 0) + 1
    if primary.get("severity") == "notice":
        return f"{primary.get('title', '')}（共{total}处）"
    if len(tables) <= 1:
        return f"{primary.get('title', '')}（共{total}项核对未通过）"
    others = "、".join(tables[1:])
    at_fault = (primary.get("tables") or [""])[0]
    rows = [
        context.row(str(mark).partition(":")[2])
        for mark in primary.get("marks") or []
        if str(mark).startswith(f"{at_fault}:") and not str(mark).endswith(":total")
    ]
    named = f"（{'、'.join(rows)}）" if 0 < len(rows) <= MAX_NAMED_ROWS else ""
    return f"{tables[0]}{named}与{others}不一致（共{total}项核对未通过）"


def review_summary(checks: Sequence[Check]) -> dict[str, int]:
    """How many findings of each severity (a finding of several checks counts once)."""
    counts = {"error": 0, "notice": 0, "info": 0}
    for index, check in enumerate(checks):
        severity = check.get("severity")
        if severity in counts and check.get("finding") == index:
            counts[severity] += 1
    return counts
