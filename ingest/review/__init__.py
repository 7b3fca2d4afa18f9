"""The review report of a parsed disclosure: what an official reviewer checks, in Chinese.

``review_disclosure(parsed, lines)`` runs after validation, over the checks as data: it
names every check in Chinese (``check_names``), gives each failure a severity and
groups the failures one wrong figure causes into one finding (``findings``), adds the
checks of the document as a whole (``document``), and reads the 公开完整性 checklist
(``checklist``, ``completeness``) into ``parsed["completeness"]``.

Modules: ``check_names`` (the vocabulary of checks), ``findings`` (severity and
grouping), ``checklist`` (the items a disclosure must publish, as data),
``completeness`` (reading them), ``document`` (page checks), ``report`` (the whole).
"""

from ingest.review.report import review_checks, review_disclosure, review_summary

__all__ = ["review_checks", "review_disclosure", "review_summary"]
