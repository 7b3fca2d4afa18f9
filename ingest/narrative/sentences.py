"""The narrative's prose cut into sentences, and the amounts and percentages each states.

The checks of what a sentence says about its own figures (``percentages``,
``amounts``) and of its wording (``wording``, ``names``) read paragraphs through
this module: every paragraph of every section, with the source lines it cites;
sentences end at 。 and clauses at ；. Amounts are read with the precision they are
printed with ("2,373.00万元" is 2373.00 to the cent, "4,614万元" to the 万元), which the
checks need to allow for rounding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ingest.normalize import compact

AMOUNT = re.compile(r"(\d[\d,，]*(?:\.\d+)?)(万元|亿元|元)")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)[%％]")
HALF = Decimal("0.5")
# The parts of a glossary explain words; their figures are no statements about the budget.
_NOT_STATEMENTS = ("名词解释",)
_OVERVIEW = re.compile(r"职能|职责|机构设置|单位构成|概况")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of prose: its text without layout spaces and the lines it cites."""

    text: str
    lines: tuple[int, int]
    heading: str
    part: str = ""

    @property
    def is_overview(self) -> bool:
        """Whether it describes the organization (职能, 机构设置) rather than its budget."""
        return self.part.startswith("第一部分") or bool(_OVERVIEW.search(self.heading))


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as printed: its value in 万元, where it stands in its text, how precise it is."""

    value: Decimal
    start: int
    end: int
    printed: str

    @property
    def half_step(self) -> Decimal:
        """Half a unit of the last digit printed: how far rounding may have moved it."""
        exponent = self.value.as_tuple().exponent
        places = exponent if isinstance(exponent, int) else 0
        return HALF * Decimal(1).scaleb(places)


def to_decimal(text: str) -> Decimal | None:
    """ "2,373.00" -> Decimal("2373.00"); None if it is not a number."""
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except (InvalidOperation, AttributeError):
        return None


def paragraphs(narrative: list[dict[str, Any]], *, glossary: bool = False) -> Iterator[Paragraph]:
    """Every paragraph of the narrative, sub-sections included, in document order."""
    for section in narrative:
        heading = section.get("heading", "")
        if not glossary and any(word in heading for word in _NOT_STATEMENTS):
            continue
        units = [section, *section.get("subsections", [])]
        for unit in units:
            for paragraph in unit.get("paragraphs", []):
                lines = paragraph.get("lines") or [0, 0]
                yield Paragraph(
                    compact(paragraph.get("text", "")),
                    (lines[0], lines[-1]),
                    unit.get("heading", ""),
                    section.get("part", ""),
                )


def sentences(text: str) -> list[str]:
    """A paragraph's sentences, each with its closing 。."""
    return [part for part in re.split(r"(?<=。)", text) if part.strip("。")]


def clauses(sentence: str) -> list[str]:
    """A sentence's ；-clauses."""
    return [part for part in re.split(r"(?<=[；;])", sentence) if part.strip("；;。")]


def amounts(text: str) -> list[Amount]:
    """The amounts a text states, in 万元 (元 and 亿元 converted), in order."""
    found = []
    for match in AMOUNT.finditer(text):
        value = to_decimal(match.group(1))
        if value is None:
            continue
        unit = match.group(2)
        if unit == "元":
            value = value / 10000
        elif unit == "亿元":
            value = value * 10000
        found.append(Amount(value, match.start(), match.end(), match.group(0)))
    return found


def amount_before(text: str, position: int) -> Amount | None:
    """The last amount that ends at or before ``position``."""
    before = [amount for amount in amounts(text) if amount.end <= position]
    return before[-1] if before else None


def quote(text: str, start: int, end: int, margin: int = 12) -> str:
    """The words around ``text[start:end]``, cut at clause marks, for a finding to quote."""
    left = max(0, start - margin)
    cut = max(text.rfind(mark, left, start) for mark in "，,；;。：:")
    left = cut + 1 if cut >= left else left
    right = min(len(text), end + margin)
    stops = [text.find(mark, end, right) for mark in "，,；;。"]
    stops = [stop for stop in stops if stop >= 0]
    right = min(stops) if stops else right
    # Never cut a number in two ("3年" of "2023年").
    while left > 0 and (text[left].isdigit() or text[left] in ".,") and text[left - 1].isdigit():
        left -= 1
    while right < len(text) and text[right - 1].isdigit() and text[right].isdigit():
        right += 1
    return text[left:right]
