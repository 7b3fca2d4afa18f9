"""表9 国有资本经营预算收支预算表: income by code on the left, expenditure on the right.

A row may carry both sides ("208 社会保障和就业支出 | | 208 社会保障和就业支出 | | |"),
so each code cell opens a group of its own. Code rows without any amount (003, 2023,
prints the unit's functional codes under "本表无数据") are dropped.
"""

from __future__ import annotations

from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import CODE, Cells, TableRead, clean_name, is_empty_table, line_lines
from ingest.recognizers.coded import total_row_start
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

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


class StateCapitalRecognizer:
    """Reads 国有资本经营预算收支预算表."""

    kind = TableKind.STATE_CAPITAL

    def matches(self, section: Section) -> bool:
        """The section's title names the state capital table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """``{"income": [...], "expenditure": [...]}``; both empty under 本表无数据."""
        cells = Cells("state_capital")
        data: dict[str, list[dict[str, Any]]] = {"income": [], "expenditure": []}
        empty = is_empty_table(section.lines)
        for line in section.lines:
            if empty or total_row_start(line) is not None:
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
