"""表7-8 政府性基金预算收入表 / 支出表 (不含上年结转).

Most departments have no such funds and print the tables with "本表无数据": those
are read as present and empty.
"""

from __future__ import annotations

import re

from ingest.recognizers.base import TableRead
from ingest.recognizers.coded import EXPENDITURE_SPEC, CodedLayout, read_coded_section
from ingest.segment import Section, TableKind

INCOME_LAYOUT = CodedLayout(
    table="government_fund_income",
    spec=(("amount", re.compile(r"政府性基金(?:预算)?收入(?:预算)?|合计|金额")),),
)
EXPENDITURE_LAYOUT = CodedLayout(table="government_fund_expenditure", spec=EXPENDITURE_SPEC)


class GovernmentFundIncomeRecognizer:
    """Reads 政府性基金预算收入表."""

    kind = TableKind.GOVERNMENT_FUND_INCOME

    def matches(self, section: Section) -> bool:
        """The section's title names the government fund income table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """Rows by income code with their amount."""
        return read_coded_section(section, INCOME_LAYOUT)


class GovernmentFundExpenditureRecognizer:
    """Reads 政府性基金预算支出表."""

    kind = TableKind.GOVERNMENT_FUND_EXPENDITURE

    def matches(self, section: Section) -> bool:
        """The section's title names the government fund expenditure table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """Rows by functional code: total, basic, project."""
        return read_coded_section(section, EXPENDITURE_LAYOUT)
