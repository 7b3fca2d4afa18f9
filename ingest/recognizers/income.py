"""A quirk of the 收入总表 of the national template, repaired while its rows are read.

Quirk (001, 2025): after a page break the converter dropped the page's empty middle
columns, so 上年结转 amounts slid left under 财政专户管理资金. Such a short row has no 合计
yet shows a this-year source; its last cell is put back under 上年结转. Only the national
layout (sources by fund, 上年结转 last) can show it.
"""

from __future__ import annotations

from typing import Any

from ingest.types import SourceLine

CURRENT_SOURCES = (
    "general_public_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
)


def repair_shifted_carryover(
    row: dict[str, Any], line: SourceLine, columns: dict[str, int], width: int
) -> str | None:
    """Put a short row's last amount back under 上年结转 when it cannot be this year's income."""
    if "carryover" not in columns or len(line.cells) >= width or not line.cells:
        return None
    if not line.cells[-1] or row.get("total") is not None or row.get("carryover") is not None:
        return None
    shifted = [key for key in CURRENT_SOURCES if row.get(key) is not None]
    if len(shifted) != 1 or columns.get(shifted[0]) != len(line.cells) - 1:
        return None
    row["carryover"], row[shifted[0]] = row[shifted[0]], None
    return f"amount read under {shifted[0]} moved to carryover (row short of columns, no 合计)"
