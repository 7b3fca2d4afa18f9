"""表1 预算收支总表: income by source, expenditure by 类, totals and carry-over.

The 基本支出 / 项目支出 figures of the schema's ``summary`` come from 表3 and are
filled in by the pipeline.
"""

from __future__ import annotations

from typing import Any

from ingest.recognizers.base import TableRead, is_empty_table
from ingest.recognizers.sided import LabelGroup, SidedTable, first_value, read_sided
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

CLASS_KEYS = ("total", "current_budget", "carryover")
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


class SummaryRecognizer:
    """Reads 预算收支总表."""

    kind = TableKind.SUMMARY

    def matches(self, section: Section) -> bool:
        """The section's title names the summary table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """The schema's summary keys plus ``expenditure_by_function`` (by 类)."""
        table = SidedTable("summary", CLASS_KEYS)

        def on_income(key: str, line: SourceLine, group: LabelGroup) -> None:
            table.put(key, first_value(line, group, table), line)

        def on_expenditure(key: str, line: SourceLine, group: LabelGroup) -> None:
            values = table.amounts(line, group, CLASS_KEYS)
            table.put(key, values.get("total"), line)
            if key != "year_end_carryover":
                table.put(f"{key}_current_budget", values.get("current_budget"), line)
                table.put(f"{key}_carryover", values.get("carryover"), line)

        read_sided(section.lines, table, on_income, on_expenditure)
        data: dict[str, Any] = {key: table.scalars.get(key) for key in SUMMARY_KEYS}
        data.update(
            {
                key: value
                for key, value in table.scalars.items()
                if key not in data
                and key.startswith(("expenditure_total_", "current_year_expenditure_"))
            }
        )
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
