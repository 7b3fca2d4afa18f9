"""Table readers: the reader of each table kind, and ``recognize`` that picks it.

Most tables are read by one of three general readers driven by the vocabulary
(``ingest.vocabulary``) and the tables' own header rows (``header``): the coded reader
(``coded``: rows by functional code), the two-sided reader (``sided``: 收支总表,
财政拨款收支总表) and the economic-classification reader (``economic``). What stays apart
is truly particular: the 三公 table (items as rows or as columns, budget and 决算 figures),
山西's 机关运行经费 table and two-sided 国有资本经营 table, and the project tables
(unit subtotals among the projects).
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.recognizers.base import TableRead
from ingest.recognizers.coded import coded_spec, read_coded_section
from ingest.recognizers.economic import read_economic
from ingest.recognizers.income import repair_shifted_carryover
from ingest.recognizers.operating import OperatingRecognizer
from ingest.recognizers.projects import CARRYOVER_PROJECTS, CURRENT_PROJECTS
from ingest.recognizers.sided import read_fiscal_grant, read_summary
from ingest.recognizers.state_capital import read_state_capital
from ingest.recognizers.three_public import read_three_public
from ingest.segment import Section
from ingest.vocabulary import TableKind

Reader = Callable[[Section], TableRead]


def _coded(kind: str) -> Reader:
    def read(section: Section) -> TableRead:
        repair = repair_shifted_carryover if kind == TableKind.INCOME else None
        return read_coded_section(section, coded_spec(kind), repair)

    return read


READERS: dict[str, Reader] = {
    TableKind.SUMMARY: read_summary,
    TableKind.INCOME: _coded(TableKind.INCOME),
    TableKind.EXPENDITURE: _coded(TableKind.EXPENDITURE),
    TableKind.FISCAL_GRANT: read_fiscal_grant,
    TableKind.GENERAL_PUBLIC: _coded(TableKind.GENERAL_PUBLIC),
    TableKind.ECONOMIC: read_economic,
    TableKind.GOVERNMENT_FUND_INCOME: _coded(TableKind.GOVERNMENT_FUND_INCOME),
    TableKind.GOVERNMENT_FUND_EXPENDITURE: _coded(TableKind.GOVERNMENT_FUND_EXPENDITURE),
    TableKind.STATE_CAPITAL: read_state_capital,
    TableKind.THREE_PUBLIC: read_three_public,
    TableKind.OPERATING: OperatingRecognizer().read,
    TableKind.PROJECTS: CURRENT_PROJECTS.read,
    TableKind.CARRYOVER_PROJECTS: CARRYOVER_PROJECTS.read,
}


def recognize(section: Section) -> TableRead | None:
    """Read ``section`` with the reader of its kind."""
    reader = READERS.get(section.kind)
    return reader(section) if reader else None


__all__ = ["READERS", "TableRead", "recognize"]
