"""The narrative of a disclosure: 情况说明 sections, 名词解释, and what the prose states.

``extract_narrative(lines)`` reads the headed prose; from it
``extract_glossary``, ``extract_procurement``, ``extract_stated_changes`` and
``extract_narrative_figures`` read the glossary, the procurement figures, the
stated changes against the prior year and every figure the text gives;
``check_narrative(narrative, parsed)`` checks those figures against the tables.

Modules: ``sections`` (headed text), ``glossary``, ``statements`` (procurement,
changes, figures), ``checks``.
"""

from ingest.narrative.checks import check_narrative
from ingest.narrative.glossary import extract_glossary
from ingest.narrative.sections import extract_narrative
from ingest.narrative.statements import (
    extract_narrative_figures,
    extract_procurement,
    extract_stated_changes,
)

__all__ = [
    "check_narrative",
    "extract_glossary",
    "extract_narrative",
    "extract_narrative_figures",
    "extract_procurement",
    "extract_stated_changes",
]
