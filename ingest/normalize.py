"""Cell-level normalization of extracted disclosure text.

Text extracted from PDFs carries look-alike characters (Kangxi radicals and CJK
Radicals Supplement code points for ordinary hanzi), full-width digits and
punctuation, layout spaces inside words ("合　计") and OCR noise inside numbers
("2373. 00", "1,295. 24"). Everything here is a pure function over strings.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# NFKC folds the Kangxi radicals (U+2F00-U+2FDF) into ordinary hanzi but leaves the
# CJK Radicals Supplement (U+2E80-U+2EFF) alone; PDF fonts use these for common
# characters (see shared/docs/pdf-notes.md), so map the ones that stand for hanzi.
# NFKC maps some Kangxi radicals to traditional characters (⾨ -> 門, ⾺ -> 馬, ⼾ -> 戶):
# PDF fonts use these radicals for the simplified character, so map them before NFKC.
_KANGXI_SIMPLIFIED = str.maketrans(
    {
        "⼾": "户",
        "⾒": "见",
        "⾙": "贝",
        "⾞": "车",
        "⾧": "长",
        "⾨": "门",
        "⾭": "青",
        "⾱": "韦",
        "⾴": "页",
        "⾵": "风",
        "⾶": "飞",
        "⾺": "马",
        "⾾": "斗",
        "⿂": "鱼",
        "⿃": "鸟",
        "⿄": "卤",
        "⿆": "麦",
        "⿈": "黄",
        "⿌": "黾",
        "⿑": "齐",
        "⿒": "齿",
        "⿓": "龙",
        "⿔": "龟",
    }
)
_RADICALS_SUPPLEMENT = str.maketrans(
    {
        "⺁": "厂",
        "⺇": "几",
        "⺈": "刀",
        "⺊": "卜",
        "⺌": "小",
        "⺍": "小",
        "⺎": "兀",
        "⺏": "尢",
        "⺐": "尢",
        "⺑": "尢",
        "⺒": "巳",
        "⺓": "幺",
        "⺔": "彐",
        "⺖": "心",
        "⺗": "心",
        "⺘": "手",
        "⺙": "攵",
        "⺛": "无",
        "⺜": "日",
        "⺝": "月",
        "⺞": "歹",
        "⺟": "母",
        "⺠": "民",
        "⺡": "水",
        "⺢": "水",
        "⺣": "火",
        "⺤": "爪",
        "⺥": "爪",
        "⺦": "丬",
        "⺧": "牛",
        "⺨": "犬",
        "⺩": "王",
        "⺪": "疋",
        "⺫": "目",
        "⺬": "示",
        "⺭": "示",
        "⺮": "竹",
        "⺯": "糸",
        "⺰": "纟",
        "⺱": "网",
        "⺲": "网",
        "⺳": "网",
        "⺴": "网",
        "⺵": "网",
        "⺶": "羊",
        "⺷": "羊",
        "⺸": "羊",
        "⺹": "老",
        "⺺": "肀",
        "⺻": "聿",
        "⺼": "肉",
        "⺽": "臼",
        "⺾": "艸",
        "⺿": "艸",
        "⻀": "艸",
        "⻁": "虎",
        "⻂": "衣",
        "⻃": "西",
        "⻄": "西",
        "⻅": "见",
        "⻆": "角",
        "⻇": "角",
        "⻈": "讠",
        "⻉": "贝",
        "⻊": "足",
        "⻋": "车",
        "⻌": "辶",
        "⻍": "辶",
        "⻎": "辶",
        "⻏": "阝",
        "⻐": "金",
        "⻑": "長",
        "⻒": "镸",
        "⻓": "长",
        "⻔": "门",
        "⻕": "阜",
        "⻖": "阝",
        "⻗": "雨",
        "⻘": "青",
        "⻙": "韦",
        "⻚": "页",
        "⻛": "风",
        "⻜": "飞",
        "⻝": "食",
        "⻞": "食",
        "⻟": "食",
        "⻠": "饣",
        "⻡": "首",
        "⻢": "马",
        "⻣": "骨",
        "⻤": "鬼",
        "⻥": "鱼",
        "⻦": "鸟",
        "⻧": "卤",
        "⻨": "麦",
        "⻩": "黄",
        "⻪": "黾",
        "⻫": "齐",
        "⻬": "齐",
        "⻭": "齿",
        "⻮": "齿",
        "⻯": "龙",
        "⻰": "龙",
        "⻱": "龟",
        "⻲": "龟",
        "⻳": "龟",
    }
)

_KANGXI_KEYS = re.compile("[" + "".join(map(chr, _KANGXI_SIMPLIFIED)) + "]")
_SUPPLEMENT_KEYS = re.compile("[" + "".join(map(chr, _RADICALS_SUPPLEMENT)) + "]")

# Inline and block markup that HTML converters wrap around text lines and cells.
_INLINE_TAG = re.compile(
    r"</?(?:b|i|u|s|em|strong|mark|span|font|sup|sub|small|big|br|p|div|h[1-6]|a|li|ul|ol"
    r"|center|section|article|header|footer|body|html|caption|thead|tbody|tfoot)\b[^>]*>",
    re.I,
)
CELL_CACHE_SIZE = 1 << 16  # distinct cells of a few documents
# For caches of whole lines and prose, whose entries are longer and rarely recur: the distinct
# lines of a few documents (the five samples together have about 10,000).
LINE_CACHE_SIZE = 1 << 14
_SPACE = re.compile(r"[ \t\u00a0\u3000]+")
_ANY_SPACE = re.compile(r"\s+")
_DASHES = {"-", "—", "–", "－", "--", "——", "/", "—/—"}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def normalize_text(value: str) -> str:
    """Fold look-alike characters, drop inline markup and collapse spaces.

    Cached: a document repeats the same cells (labels, empty cells, values) and the
    forms reader cleans each several times.

    Keeps meaningful single spaces (between Latin words) but trims the ends.
    """
    # Each step runs only when the cell holds what it changes: most cells are amounts or
    # plain hanzi, and a translation table is slow to apply to a string it leaves alone.
    if not value.isascii():
        if _KANGXI_KEYS.search(value):
            value = value.translate(_KANGXI_SIMPLIFIED)
        value = unicodedata.normalize("NFKC", value)  # ASCII is NFKC already
        if _SUPPLEMENT_KEYS.search(value):
            value = value.translate(_RADICALS_SUPPLEMENT)
    if "<" in value:
        value = _INLINE_TAG.sub("", value)
    if "&" in value:
        value = value.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<")
        value = value.replace("&gt;", ">")
    value = value.replace("\u200b", "").replace("\ufeff", "")
    return _SPACE.sub(" ", value).strip()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def compact(value: str) -> str:
    """Remove every space: "合 计" -> "合计", "支 出" -> "支出" (wrapped words).

    Cached like ``normalize_text``: the readers compact the same cells again and again.
    """
    return _ANY_SPACE.sub("", value)


def parse_amount(value: str) -> Decimal | None:
    """Read a money cell, or ``None`` for an empty cell.

    OCR and PDF extraction put spaces inside numbers ("2373. 00") and keep
    thousands separators ("1,295. 24"); both are read as the number they show.
    A lone dash means zero, as the national template prints it. Raises
    ``ValueError`` for a cell that does not read as a number.
    """
    text = compact(normalize_text(value))
    if not text:
        return None
    if text in _DASHES:
        return Decimal("0")
    text = _THOUSANDS.sub("", text)
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    if not _NUMBER.match(text):
        raise ValueError(f"not a number: {value!r}")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(f"not a number: {value!r}") from exc


def is_amount(value: str) -> bool:
    """Whether a non-empty cell reads as a number."""
    try:
        return parse_amount(value) is not None
    except ValueError:
        return False
