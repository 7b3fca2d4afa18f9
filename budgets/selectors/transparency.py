"""Reads of the transparency index (/transparency/): published disclosures ranked by the review.

Each published 部门/单位 预算 or 决算 is a row with its 公开完整性 score and its unresolved
findings: the 错误 and 提示 of the version now published (a corrected version that fixes
them replaces it, and its own findings count instead). Both come stored on the disclosure
(``completeness_score``, ``review_errors``, ``review_notices``), so the ranking is one query
whatever the number of disclosures.
"""

from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from budgets.exports import Sheet, SourceLinks
from budgets.filters.transparency import INDEXED_KINDS
from budgets.models import Disclosure

# ?order= values: the two rankings the page offers.
ORDERS = {
    "completeness": (
        F("completeness_score").desc(nulls_last=True),
        F("review_errors").asc(),
        F("pk").asc(),
    ),
    "errors": (
        F("review_errors").asc(),
        F("review_notices").asc(),
        F("completeness_score").desc(nulls_last=True),
        F("pk").asc(),
    ),
}


def transparency_candidates() -> QuerySet[Disclosure]:
    """Published disclosures the index ranks (the FilterSet narrows them)."""
    return Disclosure.objects.filter(
        status=Disclosure.Status.PUBLISHED, kind__in=INDEXED_KINDS
    ).select_related("organization__region__parent__parent")


def transparency_rows(
    *, disclosures: QuerySet[Disclosure], order: str = ""
) -> QuerySet[Disclosure]:
    """The rows of the index, best first by completeness (or by fewest 错误), with their rank."""
    fields = ORDERS.get(order, ORDERS["completeness"])
    return (
        disclosures.defer("parsed", "source_text")
        .annotate(rank=Window(RowNumber(), order_by=list(fields)))
        .order_by(*fields)
    )


def transparency_sheet(*, table: Any, links: SourceLinks) -> Sheet:
    """The ranking as the page shows it (filters and order applied), each row with the link
    to its document's 校验报告."""
    values = table.as_values()
    header = [*next(values), "校验报告链接"]
    records = [row.record for row in table.rows]
    rows = (
        [*cells, links.disclosure_url(record.pk) + "#validation"]
        for cells, record in zip(values, records, strict=True)
    )
    return Sheet("透明度排名", header, rows)
