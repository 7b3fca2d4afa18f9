"""表2 预算收入总表: income by functional code and by source.

Columns, in the template's order: 合计 (this year's income), 一般公共预算, 政府性基金,
国有资本经营预算, 财政专户管理资金, 单位资金, 上年结转. 合计 covers this year's
sources only; 上年结转 is beside it.

Quirk (001, 2025): after a page break the converter dropped the page's empty
middle columns, so 上年结转 amounts slid left under 财政专户管理资金. Such a short
row has no 合计 yet shows a this-year source; its last cell is put back under 上年结转.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.recognizers.base import TableRead
from ingest.recognizers.coded import CodedLayout, read_coded_section
from ingest.segment import Section, TableKind
from ingest.types import SourceLine

CURRENT_SOURCES = (
    "general_public_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
)

LAYOUT = CodedLayout(
    table="income",
    spec=(
        ("total", re.compile(r"合计|小计")),
        ("general_public_budget", re.compile(r"一般公共预算(?:拨款)?(?:收入)?")),
        ("government_fund", re.compile(r"政府性基金(?:预算)?(?:拨款)?(?:收入)?")),
        ("state_capital", re.compile(r"国有资本经营(?:预算)?(?:收入)?")),
        ("special_account", re.compile(r"财政专户(?:管理)?(?:资金)?(?:收入)?")),
        ("unit_funds", re.compile(r"单位资金")),
        ("carryover", re.compile(r"上年结转(?:结余)?")),
    ),
)


def repair_shifted_carryover(
    row: dict[str, Any], line: SourceLine, columns: dict[str, int], width: int
) -> str | None:
    """Put a short row's last amount back under 上年结转 when it cannot be this year's income."""
    if len(line.cells) >= width or not line.cells or not line.cells[-1]:
        return None
    if row.get("total") is not None or row.get("carryover") is not None:
        return None
    shifted = [key for key in CURRENT_SOURCES if row.get(key) is not None]
    if len(shifted) != 1 or columns.get(shifted[0]) != len(line.cells) - 1:
        return None
    row["carryover"], row[shifted[0]] = row[shifted[0]], None
    return f"amount read under {shifted[0]} moved to carryover (row short of columns, no 合计)"


class IncomeRecognizer:
    """Reads 预算收入总表."""

    kind = TableKind.INCOME

    def matches(self, section: Section) -> bool:
        """The section's title names the income table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """Rows by functional code with income by source."""
        return read_coded_section(section, LAYOUT, repair_shifted_carryover)
