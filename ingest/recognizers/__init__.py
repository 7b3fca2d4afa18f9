"""Table recognizers, one module per table kind, and the registry that picks one.

``recognize(section)`` returns the :class:`~ingest.recognizers.base.TableRead` of the
first recognizer whose ``matches`` accepts the section, or ``None``. A new layout
(a province's variant header) becomes a new recognizer placed before the generic one.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.recognizers.base import Recognizer, TableRead
from ingest.recognizers.economic import EconomicRecognizer
from ingest.recognizers.expenditure import ExpenditureRecognizer
from ingest.recognizers.fiscal_grant import FiscalGrantRecognizer
from ingest.recognizers.general_public import GeneralPublicRecognizer
from ingest.recognizers.government_fund import (
    GovernmentFundExpenditureRecognizer,
    GovernmentFundIncomeRecognizer,
)
from ingest.recognizers.income import IncomeRecognizer
from ingest.recognizers.operating import OperatingRecognizer
from ingest.recognizers.projects import CARRYOVER_PROJECTS, CURRENT_PROJECTS
from ingest.recognizers.state_capital import StateCapitalRecognizer
from ingest.recognizers.summary import SummaryRecognizer
from ingest.recognizers.three_public import ThreePublicRecognizer
from ingest.segment import Section

REGISTRY: tuple[Recognizer, ...] = (
    SummaryRecognizer(),
    IncomeRecognizer(),
    ExpenditureRecognizer(),
    FiscalGrantRecognizer(),
    GeneralPublicRecognizer(),
    EconomicRecognizer(),
    GovernmentFundIncomeRecognizer(),
    GovernmentFundExpenditureRecognizer(),
    StateCapitalRecognizer(),
    ThreePublicRecognizer(),
    OperatingRecognizer(),
    CURRENT_PROJECTS,
    CARRYOVER_PROJECTS,
)


def recognize(section: Section, registry: Sequence[Recognizer] = REGISTRY) -> TableRead | None:
    """Read ``section`` with the first recognizer that accepts it."""
    for recognizer in registry:
        if recognizer.matches(section):
            return recognizer.read(section)
    return None


__all__ = ["REGISTRY", "Recognizer", "TableRead", "recognize"]
