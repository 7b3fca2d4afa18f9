"""Two-sided tables: income labels on the left, expenditure by 类 on the right.

Shared by 表1 预算收支总表 and 表4 财政拨款收支总表. Rows are read as label groups
(a text cell followed by its amount cells), and each label is classified by its
wording, not its position, because converters reorder rows (001 prints 收入总计
before 上年结转) and merge a wrapped label into the next row ("管理支出 二十四、预备费":
"管理支出" ends the previous label "二十三、灾害防治及应急").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import Cells, is_amount_cell, label, line_lines, looks_numeric
from ingest.types import SourceLine

_NUMBERING = re.compile(r"[一二三四五六七八九十]+、")


@dataclass(frozen=True, slots=True)
class LabelGroup:
    """A label cell and the cells after it up to the next label."""

    text: str
    index: int
    values: tuple[str, ...]


def label_groups(line: SourceLine) -> list[LabelGroup]:
    """Split a row into label groups; amount cells before the first label are ignored."""
    groups: list[LabelGroup] = []
    text: str | None = None
    start = 0
    values: list[str] = []
    for index, cell in enumerate(line.cells):
        if cell and not is_amount_cell(cell) and not looks_numeric(cell):
            if text is not None:
                groups.append(LabelGroup(text, start, tuple(values)))
            text, start, values = cell, index, []
        elif text is not None:
            values.append(cell)
    if text is not None:
        groups.append(LabelGroup(text, start, tuple(values)))
    return groups


def split_wrapped(text: str) -> tuple[str, str]:
    """``(continuation, label)``: text before a mid-cell numbering belongs to the previous row."""
    squeezed = compact(text)
    match = _NUMBERING.search(squeezed)
    if match and match.start() > 0:
        head = squeezed[: match.start()]
        # "E、", "山 二十二、" are OCR noise before a numbering, not a continuation.
        if len(head) > 1 and not re.fullmatch(r"[A-Za-z山]+", head):
            return head, squeezed[match.start() :]
        return "", squeezed[match.start() :]
    return "", squeezed


def is_class_label(name: str) -> bool:
    """Whether a right-side label names a 类 of expenditure."""
    return name.endswith("支出") or name in {"预备费"}


@dataclass(slots=True)
class SidedTable:
    """Accumulates the labelled figures and the 类 rows of a two-sided table."""

    table: str
    value_keys: tuple[str, ...]
    cells: Cells = field(init=False)
    scalars: dict[str, Any] = field(default_factory=dict)
    source_lines: dict[str, list[int]] = field(default_factory=dict)
    classes: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    last_class: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.cells = Cells(self.table)

    def amounts(self, line: SourceLine, group: LabelGroup, keys: Sequence[str]) -> dict[str, Any]:
        """The group's values under ``keys``, in order."""
        return {
            key: self.cells.parse(line, text, f"{label(group.text)} {key}")
            for key, text in zip(keys, group.values, strict=False)
        }

    def put(self, key: str, value: Any, line: SourceLine) -> None:
        """Record a labelled figure; a later non-empty value wins over an empty one."""
        if key not in self.scalars or self.scalars[key] is None:
            self.scalars[key] = value
            self.source_lines[key] = line_lines(line)

    def add_class(self, name: str, line: SourceLine, group: LabelGroup) -> None:
        """Record one 类 row; it is kept only if it has any amount."""
        values = self.amounts(line, group, self.value_keys)
        row = {"name": name, **{key: values.get(key) for key in self.value_keys}}
        row["lines"] = line_lines(line)
        if any(value is not None for value in values.values()):
            self.classes.append(row)
        self.last_class = row

    def continue_class(self, head: str, line: SourceLine) -> None:
        """Append a wrapped fragment to the last 类 label read."""
        if self.last_class is not None:
            self.last_class["name"] += head
            self.last_class["lines"] = [self.last_class["lines"][0], line.last]


def first_value(line: SourceLine, group: LabelGroup, table: SidedTable) -> Decimal | None:
    """The first amount after a label (the income side has one value column)."""
    if not group.values:
        return None
    return table.cells.parse(line, group.values[0], label(group.text))


INCOME_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("general_public_budget", re.compile(r"一般公共预算(?:拨款)?(?:收入)?")),
    ("government_fund_budget", re.compile(r"政府性基金(?:预算)?(?:拨款)?(?:收入)?")),
    ("state_capital_budget", re.compile(r"国有资本经营(?:预算)?(?:拨款)?(?:收入)?")),
    ("special_account", re.compile(r"财政专户(?:管理)?资金(?:收入)?")),
    ("unit_funds", re.compile(r"单位资金")),
    ("current_year_income", re.compile(r"本年收入合计|收入合计")),
    ("carryover_income", re.compile(r"上年(?:财政拨款)?结转(?:结余)?")),
    ("income_total", re.compile(r"收入总计")),
)
EXPENDITURE_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("current_year_expenditure", re.compile(r"本年支出合计|支出合计")),
    ("year_end_carryover", re.compile(r"年终结转(?:结余)?")),
    ("expenditure_total", re.compile(r"支出总计")),
)
HEADER_WORDS = frozenset({"项目", "收入", "支出", "金额", "小计", "合计", "科目", "预算数"})
FRAGMENT_CHARS = 4


def match_label(name: str, labels: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The key whose pattern matches the whole label, or ``None``."""
    return next((key for key, pattern in labels if pattern.fullmatch(name)), None)


def read_sided(
    lines: Sequence[SourceLine], table: SidedTable, on_income: Any, on_expenditure: Any
) -> None:
    """Walk every label group of ``lines``, dispatching income and aggregate labels.

    ``on_income(key, line, group)`` and ``on_expenditure(key, line, group)`` store the
    figures; 类 rows and wrapped fragments are handled here.
    """
    for line in lines:
        for group in label_groups(line):
            head, text = split_wrapped(group.text)
            if head:
                table.continue_class(head, line)
            numbered = bool(_NUMBERING.match(text))
            name = label(text)
            key = match_label(name, INCOME_LABELS)
            if key:
                on_income(key, line, group)
                continue
            key = match_label(name, EXPENDITURE_LABELS)
            if key:
                on_expenditure(key, line, group)
                continue
            if not name or name in HEADER_WORDS:
                continue
            has_values = any(is_amount_cell(value) for value in group.values)
            if not numbered and len(name) <= FRAGMENT_CHARS and not has_values:
                table.continue_class(name, line)
                continue
            if numbered or is_class_label(name) or group.index >= 2:
                table.add_class(name, line, group)
