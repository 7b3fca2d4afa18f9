"""表5 一般公共预算支出预算表(不含上年结转).

Same row shape as 表3, this year's 一般公共预算 only.
"""

from __future__ import annotations

from ingest.recognizers.base import TableRead
from ingest.recognizers.coded import EXPENDITURE_SPEC, CodedLayout, read_coded_section
from ingest.segment import Section, TableKind

LAYOUT = CodedLayout(table="general_public", spec=EXPENDITURE_SPEC)


class GeneralPublicRecognizer:
    """Reads 一般公共预算支出预算表."""

    kind = TableKind.GENERAL_PUBLIC

    def matches(self, section: Section) -> bool:
        """The section's title names the general public budget expenditure table."""
        return section.kind == self.kind

    def read(self, section: Section) -> TableRead:
        """Rows by functional code: total, basic, project."""
        return read_coded_section(section, LAYOUT)
