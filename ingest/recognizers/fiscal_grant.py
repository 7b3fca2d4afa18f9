"""表4 财政拨款收支总表: fiscal-grant income by fund, expenditure by 类 and fund.

Below 上年财政拨款结转 the template repeats the fund labels (一、一般公共预算 …) for
the carry-over by fund; those are stored as ``carryover_<fund>``.
"""

from __future__ import annotations

from typing import Any

from ingest.recognizers.base import TableRead, is_empty_table
from ingest.recognizers.sided import LabelGroup, SidedTable, first_value, read_sided
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

CLASS_KEYS = ("total", "general_public_budget", "government_fund", "state_capital")
FUND_KEYS = ("general_public_budget", "government_fund_budget", "state_capital_budget")
INCOME_KEYS = (*FUND_KEYS, "current_year_income", "carryover_income", "income_total")


class FiscalGrantRecognizer:
    """Reads 财政拨款收支总表."""

    kind = TableKind.FISCAL_GRANT

    def matches(self, section: Section) -> bool:
        """The section's title names the fiscal grant table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """Income by fund (this year and carried over), expenditure by 类 and totals."""
        table = SidedTable("fiscal_grant", CLASS_KEYS)
        state = {"carryover": False}

        def on_income(key: str, line: SourceLine, group: LabelGroup) -> None:
            value = first_value(line, group, table)
            if key in FUND_KEYS and state["carryover"]:
                key = f"carryover_{key}"
            elif key in {"carryover_income", "income_total"}:
                state["carryover"] = key == "carryover_income"
            if key in FUND_KEYS and value is None and not group.values:
                return  # a fund named in the header row, not a figure
            table.put(key, value, line)

        def on_expenditure(key: str, line: SourceLine, group: LabelGroup) -> None:
            values = table.amounts(line, group, CLASS_KEYS)
            if key == "year_end_carryover":
                table.put(key, values.get("total"), line)
                return
            row = {name: values.get(name) for name in CLASS_KEYS}
            table.put(key, row if any(v is not None for v in row.values()) else None, line)

        read_sided(section.lines, table, on_income, on_expenditure)
        data: dict[str, Any] = {key: table.scalars.get(key) for key in INCOME_KEYS}
        for key, value in table.scalars.items():
            data.setdefault(key, value)
        for key in ("current_year_expenditure", "year_end_carryover", "expenditure_total"):
            data.setdefault(key, None)
        data["expenditure_by_function"] = table.classes
        data["source_lines"] = table.source_lines
        empty = is_empty_table(section.lines) or not any(table.scalars.values())
        return TableRead(
            kind=self.kind,
            data=data,
            lines=section.span,
            empty=empty,
            unreadable=table.cells.unreadable,
        )
