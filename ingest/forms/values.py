"""Indicator target values (指标值): recognize, tidy and parse them.

A value is a comparison with a number and a unit ("≥20家", "≤50万元", "100%"),
a date or period ("2024年4月", "每月", "三季度"), or a short phrase ("拉动",
"及时"). OCR damages units ("≥ 20½t", "≤16/") and merges rows of a rotated page
into one cell ("100% 100% 及时"); both are recognized here so that the caller can
keep what is readable and report the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ingest.forms.cells import cjk_count, clean_cell, join_wrapped
from ingest.normalize import CELL_CACHE_SIZE, compact

_COMPARATORS = {
    "≥": "≥",
    "≧": "≥",
    "≽": "≥",
    "≫": "≥",
    ">=": "≥",
    ">>": "≥",
    "不少于": "≥",
    "不低于": "≥",
    "≤": "≤",
    "≦": "≤",
    "≼": "≤",
    "≪": "≤",
    "<=": "≤",
    "<<": "≤",
    "不超过": "≤",
    "不高于": "≤",
    ">": ">",
    "<": "<",
    "=": "=",
}
_COMPARATOR_RX = "|".join(sorted((re.escape(c) for c in _COMPARATORS), key=len, reverse=True))
_UNIT_CHARS = r"\u4e00-\u9fff%/()（）·*×"
_NUMERIC = re.compile(
    rf"^(?P<cmp>{_COMPARATOR_RX})?(?P<num>\d+(?:\.\d+)?)(?P<unit>[{_UNIT_CHARS}]{{0,8}})$"
)
_NUMERIC_LOOSE = re.compile(rf"^(?P<cmp>{_COMPARATOR_RX})?(?P<num>\d+(?:\.\d+)?)(?P<rest>.*)$")
_DATE_WORDS = re.compile(
    r"\d+\s*(年|月|日|季度)|[一二三四]季度|上半年|下半年|全年|年底|年内|本年|月底"
)
_PERIOD_WORDS = re.compile(
    r"^(每|按)(天|日|周|月|季|季度|年|半年)(末|底|初)?$|^(每月|按月)月[末底初]$|^(及时|年内|全年|本年内?)$"
)
_COUNT_UNITS = "家个人次条本台场项户册箱款批座辆名期篇套种份处所村镇"

# Families of level-2 indicators that a row's wording points to, for rows whose label cell is
# blank or unreadable (see indicators.assign_level2).
_HINT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("服务对象满意度", re.compile(r"满意")),
    ("质量", re.compile(r"率$|率[(（]|质量|合格|准确")),
    ("时效", re.compile(r"时间|及时|时效|日期|进度|完成期限")),
    ("成本", re.compile(r"成本|金额|费用|控制数|预算|补助标准|补贴标准|奖励标准|发放标准")),
    ("数量", re.compile(r"数量|人数|次数|个数|条数|户数|家数|数$|面积|用[水电]量")),
)


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A target value split into comparator, number and unit (all None for a text value)."""

    text: str
    comparator: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    damaged: bool = False


@lru_cache(maxsize=CELL_CACHE_SIZE)
def tidy_value(cell: str) -> str:
    """The value as a reader would copy it: no layout spaces, OCR look-alikes mended."""
    text = join_wrapped(clean_cell(cell))
    text = re.sub(rf"({_COMPARATOR_RX})\s+(?=\d)", r"\1", text)
    text = re.sub(r"(?<=\d)\s+(?=[\u4e00-\u9fff%])|(?<=[\u4e00-\u9fff])\s+(?=\d)", "", text)
    text = re.sub(r"(?<=\d)↑", "个", text)
    return text.replace("≪", "≤").replace("≫", "≥").replace("≦", "≤").replace("≧", "≥")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def parse_value(cell: str) -> ParsedValue:
    """Parse a value: "≥20家" -> (≥, 20, 家); "100%" -> (=, 100, %); "拉动" -> text only.

    Dates and periods ("2024年4月", "5至6月") stay text. A number whose unit is
    not readable ("≥ 20½t") keeps its comparator and number, unit None, and is
    marked damaged.
    """
    text = tidy_value(cell)
    flat = compact(text)
    if not flat or _DATE_WORDS.search(flat) or "至" in flat:
        return ParsedValue(text)
    if "⁄" in flat:  # a fraction glyph: OCR of a damaged unit ("≥ 20½" for "≥20次")
        return ParsedValue(text, damaged=True)
    match = _numeric(flat)
    if match:
        comparator = _COMPARATORS.get(match.group("cmp") or "=", "=")
        return ParsedValue(text, comparator, _decimal(match.group("num")), match.group("unit"))
    loose = _NUMERIC_LOOSE.match(flat)
    if loose and cjk_count(loose.group("rest")) == 0:
        comparator = _COMPARATORS.get(loose.group("cmp") or "=", "=")
        return ParsedValue(text, comparator, _decimal(loose.group("num")), None, damaged=True)
    return ParsedValue(text)


def _numeric(flat: str) -> re.Match[str] | None:
    """A number with comparator and unit; a "unit" of five or more hanzi is a phrase."""
    match = _NUMERIC.match(flat)
    if not match or cjk_count(match.group("unit")) > 4 or len(match.group("num")) > 9:
        return None
    unit = match.group("unit")
    return None if unit and unit[0] in "一二三四五六七八九十" else match


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return None


@lru_cache(maxsize=CELL_CACHE_SIZE)
def is_value_token(token: str) -> bool:
    """Whether one whitespace-free token reads as a complete target value ("≥10条", "100%").

    A bare number does not count: dates and wrapped text leave those behind.
    """
    flat = compact(tidy_value(token)).rstrip(".。,，;；")
    if not flat:
        return False
    match = _numeric(flat)
    if match:
        return bool(match.group("cmp") or match.group("unit"))
    return bool(re.match(r"^(\d{4}年)?\d{1,2}月(底|初|前|中旬|份)?(前)?$", flat))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def value_token_count(cell: str) -> int:
    """How many complete values sit side by side in one cell ("100% 100% 及时" -> 2)."""
    return sum(1 for token in tidy_value(cell).split() if is_value_token(token))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def looks_like_value(cell: str) -> bool:
    """Whether a cell reads as a target value rather than an indicator name.

    Numbers with a comparator or unit, percentages, dates and periods are values;
    so is a bare number (a value whose unit OCR lost).
    """
    flat = compact(tidy_value(cell))
    loose = _NUMERIC_LOOSE.match(flat)
    if not flat:
        return False
    if _numeric(flat) or (loose and cjk_count(loose.group("rest")) == 0):
        return True
    if re.match(rf"^({_COMPARATOR_RX})", flat) or _PERIOD_WORDS.match(flat):
        return True
    if not _DATE_WORDS.search(flat):
        return False
    rest = _DATE_WORDS.sub("", flat)
    return cjk_count(rest) <= 3 and not re.search(r"[数量率费额时间]", rest)


STRONG_HINT = 2.0
WEAK_HINT = 0.6


def family_hint(name: str | None, value: str | None) -> tuple[str | None, float]:
    """The level-2 family an indicator's wording suggests and how strongly (0 when silent).

    The name speaks strongly (…时间 -> 时效, …率 -> 质量); so does a date value.
    A percentage, an amount or a count unit only leans (质量 / 成本 / 数量).
    """
    if name:
        for family, pattern in _HINT_RULES:
            if pattern.search(name):
                return family, STRONG_HINT
    if value:
        parsed = parse_value(value)
        flat = compact(parsed.text)
        if _DATE_WORDS.search(flat) or _PERIOD_WORDS.match(flat):
            return "时效", STRONG_HINT
        if parsed.unit == "%":
            return "质量", WEAK_HINT
        if parsed.unit and parsed.unit.endswith("元") and parsed.comparator in ("≤", "<"):
            return "成本", WEAK_HINT
        if parsed.unit and parsed.unit[:1] in _COUNT_UNITS and "/" not in parsed.unit:
            return "数量", WEAK_HINT
    return None, 0.0
