"""国有资本经营预算 tables: 山西's two-sided 收支预算表, or a coded table like the others.

山西's 表9 国有资本经营预算收支预算表 prints income by code on the left and expenditure on
the right. A row may carry both sides ("208 社会保障和就业支出 | | 208 社会保障和就业支出 |
| |"), so each code cell opens a group of its own. Code rows without any amount (003, 2023,
prints the unit's functional codes under "本表无数据") are dropped.

上海's 国有资本经营预算支出功能分类预算表 and a 决算's 国有资本经营预算财政拨款收入支出决算表
are coded tables of one side (their header names the code column once): they are read by
the coded reader, their rows under ``expenditure`` and their 合计 row under ``total``.
"""

from __future__ import annotations

from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import CODE, Cells, TableRead, clean_name, is_empty_table, line_lines
from ingest.recognizers.coded import (
    coded_spec,
    read_coded_section,
    read_header_of,
    total_label_index,
)
from ingest.segment import Section
from ingest.types import SourceLine
from ingest.vocabulary import STATE_CAPITAL_TWO_SIDED, TableKind

EXPENDITURE_KEYS = ("total", "basic", "project")


def _groups(line: SourceLine) -> list[tuple[int, str, str]]:
    """``(index, code, name)`` of every code cell in the row."""
    cells = line.cells
    found = []
    for index, cell in enumerate(cells):
        text = compact(cell)
        if (
            CODE.match(text)
            and index + 1 < len(cells)
            and not CODE.match(compact(cells[index + 1]))
        ):
            found.append((index, text, clean_name(cells[index + 1])))
    return found


def _read_group(
    line: SourceLine, group: tuple[int, str, str], stop: int, cells: Cells
) -> tuple[str, dict[str, Any]] | None:
    index, code, name = group
    values = [cells.amount(line, i, code) for i in range(index + 2, stop)]
    if all(value is None for value in values):
        return None
    if len(values) >= len(EXPENDITURE_KEYS):
        amounts = dict(zip(EXPENDITURE_KEYS, values, strict=False))
        return "expenditure", {"code": code, "name": name, **amounts, "lines": line_lines(line)}
    return "income", {"code": code, "name": name, "amount": values[0], "lines": line_lines(line)}


def is_one_sided(section: Section) -> bool:
    """Whether the table is a coded table like the others: its title names no 收支 pair
    ("国有资本经营预算收支预算表" is two-sided) and its header the code column once."""
    if STATE_CAPITAL_TWO_SIDED in compact(section.title):
        return False
    header, _ = read_header_of(section.lines, coded_spec(TableKind.STATE_CAPITAL).words)
    return len(header.panels()) == 1


def read_state_capital(section: Section) -> TableRead:
    """``{"income": [...], "expenditure": [...]}``; both empty when the table has no data."""
    if is_one_sided(section):
        read = read_coded_section(section, coded_spec(TableKind.STATE_CAPITAL))
        read.data = {"income": [], "expenditure": read.data["rows"], "total": read.data["total"]}
        return read
    return StateCapitalRecognizer().read(section)


class StateCapitalRecognizer:
    """Reads 山西's two-sided 国有资本经营预算收支预算表."""

    kind = TableKind.STATE_CAPITAL

    def read(self, section: Section) -> TableRead:
        """``{"income": [...], "expenditure": [...]}``; both empty under 本表无数据."""
        cells = Cells("state_capital")
        data: dict[str, list[dict[str, Any]]] = {"income": [], "expenditure": []}
        empty = is_empty_table(section.lines)
        for line in section.lines:
            if empty or total_label_index(line) is not None:
                continue
            groups = _groups(line)
            for position, group in enumerate(groups):
                stop = groups[position + 1][0] if position + 1 < len(groups) else len(line.cells)
                read = _read_group(line, group, stop, cells)
                if read:
                    data[read[0]].append(read[1])
        return TableRead(
            kind=self.kind,
            data=data,
            lines=section.span,
            empty=not data["income"] and not data["expenditure"],
            unreadable=cells.unreadable,
        )
