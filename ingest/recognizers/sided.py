"""Two-sided tables: income labels on the left, expenditure by 类 on the right.

The 收支总表 (预算收支总表, 财务收支预算总表, 收入支出决算总表) and the 财政拨款收支总表 of
budgets and 决算. Rows are read as label groups (a text cell followed by its amount cells),
and each label is classified by its wording (``ingest.vocabulary.INCOME_LABELS`` /
``EXPENDITURE_LABELS``), not its position, because converters reorder rows (001 prints 收入
总计 before 上年结转) and merge a wrapped label into the next row ("管理支出 二十四、预备费":
"管理支出" ends the previous label "二十三、灾害防治及应急"). A 决算 closes both sides with a
bare "总计": the row's first label is the income side's.

The 类 rows' columns (合计 / 当年预算安排 / 上年结转, or 合计 / 人员经费 / 公用经费 / 项目支出, or
the funds of 财政拨款) are mapped by the header over the expenditure side; a header too
garbled to read gives the national template's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    empty_statement,
    has_amounts,
    is_amount_cell,
    label,
    line_lines,
    looks_numeric,
    stated_empty_note,
)
from ingest.recognizers.header import Words, column_key, column_paths, header_text, table_unit
from ingest.segment import Section
from ingest.types import SourceLine
from ingest.vocabulary import (
    EXPENDITURE_LABELS,
    FISCAL_FUNDS,
    INCOME_LABELS,
    SIDE_TOTAL,
    SIDE_TOTAL_KEYS,
    SIDED_CLASS_WORDS,
    SIDED_HEADER_WORDS,
    SIDED_TABLES,
    TableKind,
)

_NUMBERING = re.compile(r"[一二三四五六七八九十]+、")
_INCOME = tuple((key, re.compile(words)) for key, words in INCOME_LABELS)
_EXPENDITURE = tuple((key, re.compile(words)) for key, words in EXPENDITURE_LABELS)
_SIDE_TOTAL = re.compile(SIDE_TOTAL)
_CLASS_WORDS = Words.of(SIDED_CLASS_WORDS)
FRAGMENT_CHARS = 4

# The summary keys every 收支总表 reports (null when the table leaves them out).
SUMMARY_KEYS = (
    "income_total",
    "current_year_income",
    "carryover_income",
    "general_public_budget",
    "government_fund_budget",
    "state_capital_budget",
    "special_account",
    "unit_funds",
    "expenditure_total",
    "current_year_expenditure",
    "year_end_carryover",
)
FISCAL_INCOME_KEYS = (*FISCAL_FUNDS, "current_year_income", "carryover_income", "income_total")
# The expenditure totals whose 类 columns are kept too ("expenditure_total_carryover").
SPLIT_TOTALS = ("current_year_expenditure", "expenditure_total")


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


def match_label(name: str, labels: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The key whose pattern matches the whole label, or ``None``."""
    return next((key for key, pattern in labels if pattern.fullmatch(name)), None)


@dataclass(slots=True)
class SidedTable:
    """Accumulates the labelled figures and the 类 rows of a two-sided table."""

    table: str
    value_keys: tuple[str, ...]
    cells: Cells = field(init=False)
    scalars: dict[str, Any] = field(default_factory=dict)
    source_lines: dict[str, list[int]] = field(default_factory=dict)
    classes: list[dict[str, Any]] = field(default_factory=list)
    last_class: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.cells = Cells(self.table)

    def amounts(self, line: SourceLine, group: LabelGroup) -> dict[str, Any]:
        """The group's values under the class columns, in order (a gap is ``None``)."""
        name = label(group.text)
        return {
            key: self.cells.parse(line, text, f"{name} {key}")
            for key, text in zip(self.value_keys, group.values, strict=False)
            if key
        }

    def first_value(self, line: SourceLine, group: LabelGroup) -> Decimal | None:
        """The first amount after a label (the income side has one value column)."""
        if not group.values:
            return None
        return self.cells.parse(line, group.values[0], label(group.text))

    def put(self, key: str, value: Any, line: SourceLine) -> None:
        """Record a labelled figure; a later non-empty value wins over an empty one."""
        if key not in self.scalars or self.scalars[key] is None:
            self.scalars[key] = value
            self.source_lines[key] = line_lines(line)

    def add_class(self, name: str, line: SourceLine, group: LabelGroup) -> None:
        """Record one 类 row; it is kept only if it has any amount."""
        values = self.amounts(line, group)
        row = {"name": name, **{key: values.get(key) for key in self.value_keys if key}}
        row["lines"] = line_lines(line)
        if any(value is not None for value in values.values()):
            self.classes.append(row)
        self.last_class = row

    def continue_class(self, head: str, line: SourceLine) -> None:
        """Append a wrapped fragment to the last 类 label read."""
        if self.last_class is not None:
            self.last_class["name"] += head
            self.last_class["lines"] = [self.last_class["lines"][0], line.last]


Handler = Callable[[str, SourceLine, LabelGroup], None]


def _side_total(group: LabelGroup, groups: Sequence[LabelGroup], split: int) -> str:
    """Which side a bare 总计 closes: the row's first label left of the expenditure side."""
    income = group is groups[0] and group.index < split
    return SIDE_TOTAL_KEYS["income" if income else "expenditure"]


def read_sided(
    lines: Sequence[SourceLine],
    table: SidedTable,
    on_income: Handler,
    on_expenditure: Handler,
    split: int = 1,
) -> None:
    """Walk every label group of ``lines``, dispatching income and aggregate labels.

    ``on_income(key, line, group)`` and ``on_expenditure(key, line, group)`` store the
    figures; 类 rows and wrapped fragments are handled here. ``split`` is the first column of
    the expenditure side.
    """
    # The header above the first row of figures names the sides ("财政拨款收入"), no figure.
    start = next((i for i, line in enumerate(lines) if has_amounts(line)), len(lines))
    for line in lines[start:]:
        groups = label_groups(line)
        for group in groups:
            head, text = split_wrapped(group.text)
            if head:
                table.continue_class(head, line)
            numbered = bool(_NUMBERING.match(text))
            name = label(text)
            key = match_label(name, _INCOME)
            if key:
                on_income(key, line, group)
                continue
            key = match_label(name, _EXPENDITURE)
            if key:
                on_expenditure(key, line, group)
                continue
            if _SIDE_TOTAL.fullmatch(name):
                key = _side_total(group, groups, split)
                (on_income if key == "income_total" else on_expenditure)(key, line, group)
                continue
            if not name or name in SIDED_HEADER_WORDS:
                continue
            has_values = any(is_amount_cell(value) for value in group.values)
            if not numbered and len(name) <= FRAGMENT_CHARS and not has_values:
                table.continue_class(name, line)
                continue
            if numbered or is_class_label(name) or group.index >= 2:
                table.add_class(name, line, group)


@dataclass(frozen=True, slots=True)
class SidedLayout:
    """Where a two-sided table's expenditure side starts and what its 类 columns hold."""

    split: int
    class_keys: tuple[str, ...]


def sided_layout(lines: Sequence[SourceLine], defaults: Sequence[Sequence[str]]) -> SidedLayout:
    """Read the header above the first row of figures.

    The expenditure side starts at its own 项目 column (the second 项目 of a header row); the
    columns after it are mapped onto the 类 vocabulary. Without a readable header the first
    of ``defaults`` (the national order) is used.
    """
    start = next((i for i, line in enumerate(lines) if has_amounts(line)), len(lines))
    header = [line for line in lines[:start] if line.filled]
    label_column = _expenditure_label_column(header)
    if label_column is None:
        return SidedLayout(1, tuple(defaults[0]))
    width = max(len(line.cells) for line in lines)
    paths = column_paths(header, width)
    keys = [column_key(path, _CLASS_WORDS) for path in paths[label_column + 1 :]]
    while keys and keys[-1] is None:
        keys.pop()
    found = [key for key in keys if key]
    if not found or len(set(found)) != len(found):
        return SidedLayout(label_column, tuple(defaults[0]))
    return SidedLayout(label_column, tuple(key or "" for key in keys))


def _expenditure_label_column(header: Sequence[SourceLine]) -> int | None:
    for line in header:
        columns = [i for i, cell in enumerate(line.cells) if header_text(cell) == "项目"]
        if len(columns) >= 2:
            return columns[1]
    return None


def _table_read(
    kind: TableKind, section: Section, table: SidedTable, data: dict[str, Any]
) -> TableRead:
    """The read of a two-sided table: its own unit, and an "本表为空表" beside figures noted."""
    data["expenditure_by_function"] = table.classes
    data["source_lines"] = table.source_lines
    notes: list[dict[str, Any]] = []
    stated = empty_statement(section.lines)
    if stated is not None and any(table.scalars.values()):
        notes.append(stated_empty_note(table.table, stated))
    unit, _ = table_unit(section.lines)
    return TableRead(
        kind=kind,
        data=data,
        lines=section.span,
        empty=not any(table.scalars.values()),
        unreadable=table.cells.unreadable,
        notes=notes,
        unit=unit,
        stated_empty=stated,
    )


# --- 收支总表 ---------------------------------------------------------------------------------


def read_summary(section: Section) -> TableRead:
    """The schema's summary keys plus ``expenditure_by_function`` (by 类).

    Keys beyond ``SUMMARY_KEYS`` are reported when the table prints them (财政拨款收入,
    事业收入, 上级补助收入, 使用非财政拨款结余, 结余分配 …); the 基本支出 / 项目支出 figures come
    from the 支出总表 and are filled in by the pipeline.
    """
    layout = sided_layout(section.lines, SIDED_TABLES[TableKind.SUMMARY])
    table = SidedTable("summary", layout.class_keys)
    parts = [key for key in layout.class_keys if key and key != "total"]

    def on_income(key: str, line: SourceLine, group: LabelGroup) -> None:
        table.put(key, table.first_value(line, group), line)

    def on_expenditure(key: str, line: SourceLine, group: LabelGroup) -> None:
        values = table.amounts(line, group)
        table.put(key, values.get("total"), line)
        if key in SPLIT_TOTALS:
            for part in parts:
                table.put(f"{key}_{part}", values.get(part), line)

    read_sided(section.lines, table, on_income, on_expenditure, layout.split)
    data: dict[str, Any] = {key: table.scalars.get(key) for key in SUMMARY_KEYS}
    data.update((key, value) for key, value in table.scalars.items() if key not in data)
    return _table_read(TableKind.SUMMARY, section, table, data)


# --- 财政拨款收支总表 -----------------------------------------------------------------------------


def read_fiscal_grant(section: Section) -> TableRead:
    """Income by fund (this year and carried over), expenditure by 类 and fund, totals.

    Below 上年结转 / 年初财政拨款结转和结余 the template repeats the fund labels for the
    carry-over by fund; those are stored as ``carryover_<fund>``.
    """
    layout = sided_layout(section.lines, SIDED_TABLES[TableKind.FISCAL_GRANT])
    table = SidedTable("fiscal_grant", layout.class_keys)
    state = {"carryover": False}

    def on_income(key: str, line: SourceLine, group: LabelGroup) -> None:
        value = table.first_value(line, group)
        if key in FISCAL_FUNDS and state["carryover"]:
            key = f"carryover_{key}"
        elif key in {"carryover_income", "income_total"}:
            state["carryover"] = key == "carryover_income"
        if key in FISCAL_FUNDS and value is None and not group.values:
            return  # a fund named in the header row, not a figure
        table.put(key, value, line)

    def on_expenditure(key: str, line: SourceLine, group: LabelGroup) -> None:
        values = table.amounts(line, group)
        if key == "year_end_carryover":
            table.put(key, values.get("total"), line)
            return
        row = {name: values.get(name) for name in layout.class_keys if name}
        table.put(key, row if any(v is not None for v in row.values()) else None, line)

    read_sided(section.lines, table, on_income, on_expenditure, layout.split)
    data: dict[str, Any] = {key: table.scalars.get(key) for key in FISCAL_INCOME_KEYS}
    for key, value in table.scalars.items():
        data.setdefault(key, value)
    for key in ("current_year_expenditure", "year_end_carryover", "expenditure_total"):
        data.setdefault(key, None)
    return _table_read(TableKind.FISCAL_GRANT, section, table, data)
