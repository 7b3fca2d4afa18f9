"""表10 “三公”经费支出预算表 (财政拨款安排 / 一般公共预算 variants).

Rows: 因公出国(境)费, 公务接待费, 公务用车购置及运行费 with ①购置费 and ②运行维护费,
合计. The 合计 column is read; the by-fund columns are kept under ``by_fund``.
"本表无数据" gives an object of nulls.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.normalize import compact
from ingest.recognizers.base import (
    Cells,
    TableRead,
    find_columns,
    has_amounts,
    header_width,
    is_amount_cell,
    is_empty_table,
    line_lines,
    looks_numeric,
    resolve_columns,
)
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

KEYS = (
    "total",
    "outbound_travel",
    "reception",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
)
ROW_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("vehicle_purchase", re.compile(r"公务用车购置费")),
    ("vehicle_operation", re.compile(r"公务用车运行(?:维护)?费")),
    ("vehicle_total", re.compile(r"公务用车购置及运行(?:维护)?费")),
    ("outbound_travel", re.compile(r"因公出国\(?境\)?费(?:用)?")),
    ("reception", re.compile(r"公务接待费")),
    ("total", re.compile(r"合计|总计")),
)
FUND_SPEC = (
    ("total", re.compile(r"合计|小计")),
    ("general_public_budget", re.compile(r"一般公共预算")),
    ("government_fund", re.compile(r"政府性基金(?:预算)?")),
    ("state_capital", re.compile(r"国有资本经营(?:预算)?")),
)


def data_row_key(line: SourceLine) -> str | None:
    """The row key of a data row: a label first, then only amounts or empty cells."""
    filled = line.filled
    if not filled or any(
        not looks_numeric(cell) and not is_amount_cell(cell) for cell in filled[1:]
    ):
        return None
    return row_key(filled[0])


def row_key(text: str) -> str | None:
    """The schema key of a 三公 row label ("①公务用车购置费" -> "vehicle_purchase")."""
    squeezed = re.sub(r"^[①②③(（\d一二三四五六七八九十、.．)）]+", "", compact(text))
    return next((key for key, pattern in ROW_LABELS if pattern.search(squeezed)), None)


class ThreePublicRecognizer:
    """Reads the “三公”经费 table."""

    kind = TableKind.THREE_PUBLIC

    def matches(self, section: Section) -> bool:
        """The section's title names the 三公 table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """The schema's three_public object, ``by_fund`` and ``source_lines``."""
        lines = section.lines
        start = next((i for i, line in enumerate(lines) if data_row_key(line)), len(lines))
        fund_keys = tuple(key for key, _ in FUND_SPEC)
        columns = resolve_columns(
            find_columns(lines[:start], FUND_SPEC), fund_keys, 1, header_width(lines[start:])
        )
        cells = Cells("three_public")
        data: dict[str, Any] = dict.fromkeys(KEYS)
        by_fund: dict[str, dict[str, Any]] = {}
        source_lines: dict[str, list[int]] = {}
        empty = is_empty_table(lines)
        for line in lines[start:]:
            key = data_row_key(line)
            if key is None or key in source_lines or not line.cells:
                continue
            offset = next(i for i, cell in enumerate(line.cells) if cell)
            values = {
                fund: cells.amount(line, index + offset, f"{key} {fund}")
                for fund, index in columns.items()
            }
            source_lines[key] = line_lines(line)
            if empty:
                continue
            data[key] = values["total"]
            if any(value is not None for value in values.values()) and has_amounts(line):
                by_fund[key] = values
        data["by_fund"] = by_fund
        data["source_lines"] = source_lines
        return TableRead(
            kind=self.kind,
            data=data,
            lines=section.span,
            empty=empty or all(data[key] is None for key in KEYS),
            unreadable=cells.unreadable,
        )
