"""表3 预算支出总表: expenditure by functional code, total / basic / project."""

from __future__ import annotations

from ingest.recognizers.base import TableRead
from ingest.recognizers.coded import EXPENDITURE_SPEC, CodedLayout, read_coded_section
from ingest.segment import Section, TableKind

LAYOUT = CodedLayout(table="expenditure", spec=EXPENDITURE_SPEC)


class ExpenditureRecognizer:
    """Reads 预算支出总表."""

    kind = TableKind.EXPENDITURE

    def matches(self, section: Section) -> bool:
        """The section's title names the expenditure table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """Rows by functional code: total, basic, project."""
        return read_coded_section(section, LAYOUT)
