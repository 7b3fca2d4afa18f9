"""表12-13 项目支出预算表 (本年预算 / 上年结转), and special-funds project sections.

A project table lists the department total, then per unit a subtotal row named
after the unit followed by that unit's projects:

    晋城市工业和信息化局        3808.97   <- department total
    晋城市工业和信息化局        3772.58   <- unit subtotal
    国资国企在线监管系统建设      59.50   <- project
    …
    晋城市工信(国资)综合服务中心  36.39   <- unit subtotal

Subtotal rows are told apart by their organisation-like names (…局, …中心,
…(部门), 合计) together with their amounts: a unit subtotal equals the projects
below it; a row directly followed by another subtotal is the department total. They
go to ``groups`` and never into ``projects``. The first row of the table is a
subtotal when it is organisation-like even if the sums disagree (the validation
report shows the disagreement).

Special-funds disclosures (专项资金信息公开, 004) print no tables: each project is a
prose section "(1) 项目名称：…" under "1、特定目标类专项资金", with its amount in the
"本年度预算安排：…批复该项目预算 293 万元" sentence. :func:`read_prose_projects`
reads those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ingest.checks import rounding_tolerance
from ingest.normalize import compact, normalize_text, parse_amount
from ingest.recognizers.base import (
    Cells,
    TableRead,
    clean_name,
    decimal_sum,
    has_amounts,
    is_empty_table,
    is_numbering_row,
    line_lines,
)
from ingest.recognizers.header import resolve_columns, row_width, table_unit
from ingest.segment import Section
from ingest.types import SourceLine
from ingest.vocabulary import TableKind


def find_columns(
    rows: Sequence[SourceLine], spec: Sequence[tuple[str, re.Pattern[str]]]
) -> dict[str, int]:
    """Column of each labelled column found in the header ``rows``, cell by cell.

    Project tables print one header row of plain labels; their garbled cells ("F财政拨")
    are read by position (``resolve_columns``).
    """
    found: dict[str, int] = {}
    for row in rows:
        for index, cell in enumerate(row.cells):
            text = compact(cell)
            for key, pattern in spec:
                if key not in found and pattern.fullmatch(text):
                    found[key] = index
                    break
    return found


SPEC = (
    ("amount", re.compile(r"合计|小计|金额")),
    ("general_public_budget", re.compile(r"一般公共预算(?:拨款)?")),
    ("government_fund", re.compile(r"政府性基金(?:预算)?")),
    ("state_capital", re.compile(r"国有资本经营(?:预算)?")),
    ("special_account", re.compile(r"财政专户(?:管理)?(?:资金)?")),
    ("unit_funds", re.compile(r"单位资金")),
)
NAME_SPEC = (("name", re.compile(r"项目名称|项目")),)
CATEGORY_SPEC = (("category", re.compile(r"项目类[别型]|类[别型]|项目分类")),)
_ORG = re.compile(
    r"(?:局|中心|委员会|委|办公室|办|站|所|院|队|馆|处|厅|学校|协会|联合会|"
    r"\((?:部门|本级|单位|机关)\)|合计|小计|总计)$"
)
_FOOTER = re.compile(r"预算公开|公开报告|公开表|第\d+页|^-?\d+-?$")


def is_org_name(name: str) -> bool:
    """Whether a row name reads as a unit or department (a subtotal), not a project."""
    return bool(_ORG.search(compact(name)))


class _ProjectTable:
    """Reads one project table section."""

    def __init__(self, section: Section) -> None:
        self.section = section
        self.cells = Cells(section.kind)
        lines = section.lines
        self.start = next((i for i, line in enumerate(lines) if has_amounts(line, 1)), len(lines))
        header = lines[: self.start]
        keys = tuple(key for key, _ in SPEC)
        found = find_columns(header, SPEC)
        self.category_column = find_columns(header, CATEGORY_SPEC).get("category")
        first = 1 if self.category_column != 1 else 2
        self.columns = resolve_columns(found, keys, first, row_width(lines[self.start :]))

    def rows(self) -> list[dict[str, Any]]:
        """Every named row with its amounts, in order; wrapped names joined."""
        rows: list[dict[str, Any]] = []
        for line in self.section.lines[self.start :]:
            if is_numbering_row(line) or not line.filled:
                continue
            name = clean_name(line.cells[0]) if line.cells else ""
            if has_amounts(line, 1) and name:
                rows.append(self._row(line, name))
            elif rows and len(line.filled) == 1 and not has_amounts(line):
                text = clean_name(line.filled[0])
                if not _FOOTER.search(compact(text)) and len(text) <= 30:
                    rows[-1]["name"] += text
                    rows[-1]["lines"] = [rows[-1]["lines"][0], line.last]
        return rows

    def _row(self, line: SourceLine, name: str) -> dict[str, Any]:
        values = {
            key: self.cells.amount(line, index, f"{name} {key}")
            for key, index in self.columns.items()
        }
        row: dict[str, Any] = {"name": name, **values, "lines": line_lines(line)}
        column = self.category_column
        if column is not None and column < len(line.cells) and line.cells[column]:
            row["category"] = clean_name(line.cells[column])
        return row


def _following_projects(
    rows: Sequence[dict[str, Any]], orgs: Sequence[bool], index: int
) -> list[int]:
    following = []
    for position in range(index + 1, len(rows)):
        if orgs[position]:
            break
        following.append(position)
    return following


def _matches(total: Decimal | None, parts: Sequence[Decimal | None]) -> bool:
    if total is None:
        return False
    return abs(decimal_sum(parts) - total) <= rounding_tolerance(len(parts))


def split_groups(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(projects, groups)``: subtotal rows apart, each project naming its unit."""
    orgs = [is_org_name(row["name"]) for row in rows]
    for index, row in enumerate(rows):
        if not orgs[index]:
            continue
        following = _following_projects(rows, orgs, index)
        amounts = [rows[p]["amount"] for p in following]
        if following and not _matches(row["amount"], amounts) and index > 0:
            orgs[index] = False  # an organisation-like project name, e.g. "…博览会"
    projects: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    unit: str | None = None
    for index, row in enumerate(rows):
        if orgs[index]:
            level = "unit" if index + 1 < len(rows) and not orgs[index + 1] else "department"
            groups.append({**row, "level": level})
            unit = row["name"] if level == "unit" else unit
            continue
        projects.append({**row, "unit": unit} if unit else dict(row))
    return projects, groups


class ProjectsRecognizer:
    """Reads 项目支出预算表 (本年预算) or (上年结转)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def read(self, section: Section) -> TableRead:
        """``{"projects": [...], "groups": [...]}``; both empty under 本表无数据."""
        table = _ProjectTable(section)
        rows = [] if is_empty_table(section.lines) else table.rows()
        projects, groups = split_groups(rows)
        return TableRead(
            kind=self.kind,
            data={"projects": projects, "groups": groups},
            lines=section.span,
            empty=not rows,
            unreadable=table.cells.unreadable,
            unit=table_unit(section.lines[: table.start])[0],
        )


CURRENT_PROJECTS = ProjectsRecognizer(TableKind.PROJECTS)
CARRYOVER_PROJECTS = ProjectsRecognizer(TableKind.CARRYOVER_PROJECTS)


# --- special funds: projects in prose -------------------------------------------------

_CATEGORY_HEADING = re.compile(r"^[\d一二三四五六七八九十]+[、.．]\s*(特定目标类|其他运转类)")
_PROJECT_HEADING = re.compile(r"^[(（]\s*\d+\s*[)）]\s*项目名称[:：]\s*(.+)$")
_BUDGET_LINE = re.compile(r"^本年度预算安排[:：]")
_BUDGET_AMOUNT = re.compile(r"预算\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_FUND_SOURCE = re.compile(
    r"全部为\s*(一般公共预算|政府性基金预算|国有资本经营预算|财政专户管理资金|单位资金)"
)
_FIELD = re.compile(r"^(实施主体|实施周期)[:：]\s*(.+)$")
_OVERVIEW = re.compile(r"项目支出预算共计\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_OVERVIEW_CATEGORY = re.compile(
    r"(特定目标类|其他运转类)项目\s*(\d+)\s*个\s*(?:计|共计|合计)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元"
)
FIELD_KEYS = {"实施主体": "implementing_unit", "实施周期": "period"}
BUDGET_LOOKAHEAD = 3


def _text(line: SourceLine) -> str:
    return normalize_text(line.text)


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        return None


def read_special_funds_overview(lines: Sequence[SourceLine]) -> dict[str, Any] | None:
    """The opening statement: total project budget and count/amount per category."""
    for line in lines:
        text = compact(_text(line))
        total = _OVERVIEW.search(text)
        if not total:
            continue
        categories = [
            {
                "category": match.group(1),
                "count": int(match.group(2)),
                "amount": _amount(match.group(3)),
            }
            for match in _OVERVIEW_CATEGORY.finditer(text)
        ]
        return {
            "total": _amount(total.group(1)),
            "categories": categories,
            "lines": line_lines(line),
        }
    return None


def _budget(lines: Sequence[SourceLine], index: int) -> tuple[Decimal | None, str | None, int]:
    """Amount and fund source of a 本年度预算安排 sentence wrapped over up to 3 lines."""
    text = ""
    last = lines[index].last
    for line in lines[index : index + BUDGET_LOOKAHEAD]:
        if line is not lines[index] and (_FIELD.match(_text(line)) or "预算绩效" in line.text):
            break
        text += compact(_text(line))
        last = line.last
        if _BUDGET_AMOUNT.search(text):
            break
    amount = _BUDGET_AMOUNT.search(text)
    source = _FUND_SOURCE.search(
        text + "".join(compact(_text(n)) for n in lines[index + 1 : index + 3])
    )
    return (_amount(amount.group(1)) if amount else None, source.group(1) if source else None, last)


def read_prose_projects(lines: Sequence[SourceLine]) -> list[dict[str, Any]]:
    """Projects of a special-funds disclosure, each with its category and amount (万元)."""
    projects: list[dict[str, Any]] = []
    category: str | None = None
    for index, line in enumerate(lines):
        if len(line.filled) != 1:
            continue
        text = _text(line)
        heading = _CATEGORY_HEADING.match(compact(text))
        if heading:
            category = heading.group(1)
            continue
        project = _PROJECT_HEADING.match(text)
        if project:
            entry: dict[str, Any] = {"name": clean_name(project.group(1)), "amount": None}
            if category:
                entry["category"] = category
            entry["lines"] = line_lines(line)
            projects.append(entry)
            continue
        if not projects:
            continue
        current = projects[-1]
        field_match = _FIELD.match(text)
        if field_match and FIELD_KEYS[field_match.group(1)] not in current:
            current[FIELD_KEYS[field_match.group(1)]] = clean_name(field_match.group(2))
        elif _BUDGET_LINE.match(compact(text)) and current["amount"] is None:
            amount, source, last = _budget(lines, index)
            current["amount"] = amount
            if source:
                current["fund_source"] = source
            current["lines"] = [current["lines"][0], last]
    return projects


__all__ = [
    "CARRYOVER_PROJECTS",
    "CURRENT_PROJECTS",
    "TableRead",
    "is_empty_table",
    "read_prose_projects",
    "read_special_funds_overview",
    "split_groups",
]
