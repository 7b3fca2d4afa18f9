"""Read every project performance-target form of a document into the schema's shape.

One form becomes ``{"project", "department", "implementing_unit", "attribute",
"period", "annual_funds_yuan", "funds", "overall_goal", "indicators", "lines"}``.
What cannot be read with confidence (a garbled indicator table, a name OCR
lost, a damaged amount) is left out and listed under ``unreadable`` with its
lines, never guessed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ingest.forms.blocks import find_form_blocks, is_footer_row
from ingest.forms.cells import clean_cell, is_latin_garbage, is_noise
from ingest.forms.check import name_similarity
from ingest.forms.goals import read_goal
from ingest.forms.header import (
    read_attribute_and_period,
    read_department,
    read_funds,
    read_implementing_unit,
    read_project_name,
)
from ingest.forms.indicators import (
    Layout,
    assign_level2,
    build_indicators,
    find_first_labelled_row,
    find_indicator_header,
    guess_layout,
    read_layout,
    read_rows,
)
from ingest.normalize import compact
from ingest.types import SourceLine

logger = logging.getLogger(__name__)


def extract_performance_targets(
    lines: Sequence[SourceLine],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """All project forms of a document: ``(targets, unreadable)``.

    Never raises on odd input: a form that fails to read is reported under
    ``unreadable`` as a whole.
    """
    targets: list[dict[str, Any]] = []
    unreadable: list[dict[str, Any]] = []
    for block in find_form_blocks(lines):
        rows = list(lines[block.start : block.end + 1])
        try:
            target, problems = read_form(rows, block.anchor - block.start)
        except (ValueError, IndexError, ArithmeticError) as exc:  # defensive: report, never crash
            logger.warning("form at line %s not read: %s", rows[0].no, exc)
            unreadable.append({"what": "performance-target form", "lines": _span(rows)})
            continue
        targets.append(target)
        unreadable.extend(problems)
    targets = _merge_continuations(targets)
    _mark_duplicates(targets)
    return targets, unreadable


def _span(rows: Sequence[SourceLine]) -> list[int]:
    return [rows[0].no, rows[-1].last] if rows else []


def read_form(rows: list[SourceLine], anchor: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One form from its rows; ``rows[anchor]`` is its central-funds row."""
    heading = rows[:anchor]
    header_index = find_indicator_header(rows[anchor:])
    header_index = None if header_index is None else header_index + anchor
    layout = read_layout(rows[header_index]) if header_index is not None else Layout(False, 0)
    two_columns = layout.two_columns or _mentions_period_column(rows[: header_index or len(rows)])
    name, name_lines = read_project_name(heading)
    attribute, period = read_attribute_and_period(heading)
    funds = read_funds(rows, anchor, two_columns=two_columns)
    goal_rows = rows[anchor : header_index if header_index is not None else len(rows)]
    goal = read_goal(goal_rows, two_columns=two_columns)
    label = name or f"form at line {rows[0].no}"
    problems: list[dict[str, Any]] = []
    target: dict[str, Any] = {
        "project": name,
        "department": read_department(heading),
        "implementing_unit": read_implementing_unit(heading),
        "attribute": attribute,
        "period": period,
        "annual_funds_yuan": funds["annual"],
        "period_funds_yuan": funds["period"],
        "funds": funds["sources"],
        "overall_goal": goal.text if goal else None,
        "indicators": [],
        "lines": _span(rows),
    }
    if funds["annual_note"]:
        target["notes"] = [funds["annual_note"]]
    if name is None:
        problems.append(
            {"what": "project name of a performance-target form", "lines": _span(heading)}
        )
    else:
        target["name_lines"] = name_lines
    if funds["annual"] is None:
        problems.append(
            {"what": f"annual funds (年度资金总额) of {label}", "lines": funds["lines"]}
        )
    if goal and goal.garbled:
        problems.append({"what": f"overall goal (总体目标) of {label}", "lines": goal.lines})
    headerless = None
    if header_index is None:
        start = _after_goal(goal_rows, goal.lines if goal else None) + anchor
        first = find_first_labelled_row(rows[start:])
        if first is not None:
            headerless = start + first - 1
            layout = guess_layout(rows[headerless + 1 :], two_columns=two_columns)
    indicators, garbled = _read_indicators(
        rows, header_index if header_index is not None else headerless, layout
    )
    target["indicators"] = indicators
    problems.extend(
        {"what": f"performance indicators of {label}", "lines": span} for span in garbled
    )
    if header_index is None and not indicators:
        tail = _indicator_area_without_header(rows, anchor, goal.lines if goal else None)
        if tail:
            problems.append({"what": f"indicator table of {label} (garbled page)", "lines": tail})
    return target, problems


def _after_goal(goal_rows: Sequence[SourceLine], goal_lines: Sequence[int] | None) -> int:
    """Index (within ``goal_rows``) of the first row after the overall goal.

    The goal's lines name source lines, and one row can cover several of them (an
    HTML ``<tr>`` with each cell on its own line), so the row is found by span.
    """
    if not goal_lines:
        return 1
    last = goal_lines[-1]
    covering = [i for i, row in enumerate(goal_rows) if row.no <= last <= row.last]
    return (covering[-1] if covering else 0) + 1


def _mentions_period_column(rows: Sequence[SourceLine]) -> bool:
    return any("实施期" in compact(clean_cell(row.text)) for row in rows)


def _read_indicators(
    rows: list[SourceLine], header_index: int | None, layout: Layout
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    if header_index is None:
        return [], []
    body = []
    for row in rows[header_index + 1 :]:
        if is_footer_row(row):
            break
        body.append(row)
    indicator_rows, garbled = read_rows(body, layout)
    assign_level2(indicator_rows)
    return build_indicators(indicator_rows), _merge_spans(garbled, body)


def _merge_spans(spans: list[list[int]], rows: Sequence[SourceLine]) -> list[list[int]]:
    """Merge spans of garbage rows that touch or have at most one row between them.

    Garbage comes in runs. The gap is counted in rows, not lines, so a layout that
    puts each cell on its own line merges the same runs as a tab-separated one.
    """
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and _rows_between(rows, merged[-1][1], first) <= 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def _rows_between(rows: Sequence[SourceLine], after: int, before: int) -> int:
    """How many rows lie wholly between source line ``after`` and source line ``before``."""
    return sum(1 for row in rows if row.no > after and row.last < before)


def _indicator_area_without_header(
    rows: list[SourceLine], anchor: int, goal_lines: list[int] | None
) -> list[int]:
    """Lines from the goal row to the form's end when no indicator header could be found."""
    start_no = goal_lines[0] if goal_lines else rows[min(anchor + 6, len(rows) - 1)].no
    area = [
        row
        for row in rows
        if row.no >= start_no
        and not is_footer_row(row)
        and not all(is_noise(c) or is_latin_garbage(c) for c in row.filled)
    ]
    return _span(area)


def _merge_continuations(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join a form's second page, printed with the heading repeated, to its first page.

    A continuation has the same project and annual funds as the form before it and
    carries on its indicator table: none of its level-2 groups occur on the first page.
    """
    merged: list[dict[str, Any]] = []
    for target in targets:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and target["project"]
            and target["project"] == previous["project"]
            and target["annual_funds_yuan"] == previous["annual_funds_yuan"]
            and target["indicators"]
            and not {i["level2"] for i in target["indicators"]}
            & {i["level2"] for i in previous["indicators"]}
        ):
            previous["indicators"].extend(target["indicators"])
            previous["lines"] = [previous["lines"][0], target["lines"][1]]
            previous.setdefault("notes", []).append(
                f"continued on a second page at line {target['lines'][0]}"
            )
            continue
        merged.append(target)
    return merged


def _mark_duplicates(targets: list[dict[str, Any]]) -> None:
    """Flag a form the document prints twice: same funds, a like name and like indicators.

    OCR reads the two prints differently ("散装水泥工作经费" / "散裝水泥工作經費"),
    so names and indicators are compared loosely.
    """
    for index, target in enumerate(targets):
        for earlier in targets[:index]:
            if earlier.get("duplicate_of_line") or not _is_reprint(earlier, target):
                continue
            target["duplicate_of_line"] = earlier["lines"][0]
            break


def _is_reprint(first: dict[str, Any], second: dict[str, Any]) -> bool:
    if first["annual_funds_yuan"] != second["annual_funds_yuan"] or not first["project"]:
        return False
    if not second["project"] or name_similarity(first["project"], second["project"]) < 0.6:
        return False
    names = [compact(i["level3"] or "") for i in first["indicators"]]
    others = [compact(i["level3"] or "") for i in second["indicators"]]
    if not names or not others:
        return False
    alike = sum(1 for name in others if any(name_similarity(name, n) >= 0.8 for n in names))
    return alike >= 0.7 * max(len(names), len(others))
