"""Cell-level reading of performance-target forms (绩效目标表).

The forms come out of OCR with label cells split ("项目名" | "称"), look-alike
characters ("満意度", "救量指标"), markup remnants ("<b>数量指标</b>") and noise
cells ("XX重181/A", "· · ·"). Everything here is a pure function over one cell
string: clean it, join wrapped words, and say what kind of cell it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ingest.normalize import CELL_CACHE_SIZE, compact, normalize_text

_TAG = re.compile(r"<[^>]{0,40}>")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}，。、；：）》”）])\\s+(?=[{_CJK}（《“(])")
_SPACE_AFTER_PUNCT = re.compile(r"(?<=[,，。;；:：、])\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,，。;；:：、)）》])")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=[\d.,%])|(?<=[.,])\s+(?=\d)")

# OCR renders some hanzi as Japanese or traditional look-alikes inside labels.
_LOOKALIKES = str.maketrans(
    {"満": "满", "毎": "每", "級": "级", "単": "单", "財": "财", "項": "项"}
)

_LOOKALIKE_KEYS = re.compile("[" + "".join(map(chr, _LOOKALIKES)) + "]")

LEVEL2_FAMILIES: tuple[tuple[str, str, str], ...] = (
    # (family key, regex on the compacted cell, level-1 the national template files it under)
    ("数量", r"^[数效缴救敫][量量]指?标?$", "产出指标"),
    ("质量", r"^质量指?标?$", "产出指标"),
    ("时效", r"^[时付]效指?标?$", "产出指标"),
    ("成本", r"^成本指?标?$", "产出指标"),
    ("经济成本", r"^经济成本指?标?$", "成本指标"),
    ("社会成本", r"^社会成本指?标?$", "成本指标"),
    ("生态成本", r"^生态(环境)?成本指?标?$", "成本指标"),
    ("经济效益", r"^经济效益指?标?$", "效益指标"),
    ("社会效益", r"^社会效益指?标?$", "效益指标"),
    ("生态效益", r"^生态效益指?标?$", "效益指标"),
    ("可持续影响", r"^可持续(性)?(影响|发展|发展影响)指?标?$|^可持续(性)?指标$", "效益指标"),
    ("服务对象满意度", r"^服务对象[满清]?[意怠]?度?指?标?[抗]?$", "满意度指标"),
)
_LEVEL2_PATTERNS = tuple((key, re.compile(rx), l1) for key, rx, l1 in LEVEL2_FAMILIES)
LEVEL1_OF_FAMILY = {key: l1 for key, _, l1 in LEVEL2_FAMILIES}

# 成本指标 is a level-2 label in the template these forms use (level 1 in the 2024 template,
# where its level-2 labels are 经济成本指标 etc.): see indicators.tokenize.
_LEVEL1 = re.compile(r"^(产出|[效防]益|[满清][意怠]度)指标$")
_LEVEL1_CANONICAL = {"产出": "产出指标", "效益": "效益指标", "防益": "效益指标"}
_LABEL_DEBRIS = {
    "指标",
    "绩效",
    "绩效指标",
    "指标绩效",
    "效",
    "标",
    "指",
    "绩",
    "效指",
    "效指标",
    "绩效指",
}
HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "指标值")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def clean_cell(value: str) -> str:
    """Drop markup remnants, fold look-alikes and trim a cell; keeps inner spaces."""
    value = normalize_text(_TAG.sub("", value) if "<" in value else value)
    return (value.translate(_LOOKALIKES) if _LOOKALIKE_KEYS.search(value) else value).strip()


def join_wrapped(value: str) -> str:
    """Join text that a cell wrapped onto several lines: no spaces between hanzi.

    "对禁止化学武器有关事务进 行宣传和检查" -> "对禁止化学武器有关事务进行宣传和检查";
    spaces between Latin words stay.
    """
    value = _SPACE_BETWEEN_CJK.sub("", value)
    value = _SPACE_AFTER_PUNCT.sub("", value)
    value = _SPACE_BEFORE_PUNCT.sub("", value)
    value = _SPACE_IN_NUMBER.sub("", value)
    return re.sub(r"\s+", " ", value).strip()


def join_cells(cells: list[str]) -> str:
    """Join the pieces of one value OCR split across cells ("…春季汽车展" | "销活动")."""
    return join_wrapped(" ".join(cell for cell in cells if cell))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def cjk_count(value: str) -> int:
    """How many hanzi the text holds."""
    return len(_CJK_CHAR.findall(value))


def cjk_ratio(value: str) -> float:
    """Share of hanzi among the non-space characters (0 for an empty string)."""
    text = compact(value)
    return cjk_count(text) / len(text) if text else 0.0


@lru_cache(maxsize=CELL_CACHE_SIZE)
def level2_family(cell: str) -> str | None:
    """The level-2 indicator family a label cell names ("数量", "服务对象满意度"…), if any."""
    text = compact(clean_cell(cell))
    text = text.replace("指示", "指标")
    if not text or len(text) > 9:
        return None
    for key, pattern, _ in _LEVEL2_PATTERNS:
        if pattern.match(text):
            return key
    return None


@lru_cache(maxsize=CELL_CACHE_SIZE)
def count_level2_labels(cell: str) -> int:
    """How many level-2 labels one cell holds ("质量指标时效指标" -> 2): a sign of merged rows."""
    text = compact(clean_cell(cell))
    return len(re.findall(r"(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响)指标", text))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def level2_label(cell: str) -> str:
    """The label as the form prints it, with OCR slips mended ("救量指标" -> "数量指标")."""
    family = level2_family(cell)
    text = compact(clean_cell(cell))
    if family is None:
        return text
    has_suffix = "指" in text or text.endswith("标")
    canonical = {
        "数量": "数量指标",
        "质量": "质量指标",
        "时效": "时效指标",
        "成本": "成本指标",
        "服务对象满意度": "服务对象满意度指标",
    }
    if family in canonical:
        base = canonical[family]
        return base if has_suffix or family in ("数量", "质量", "时效", "成本") else base[:-2]
    if family == "可持续影响":
        # Keep the form's own wording (可持续影响 / 可持续性影响 / 可持续发展) without OCR damage.
        return text if text.endswith(("指标", "影响", "发展")) else text.rstrip("指") + "指标"
    return text if text.endswith("指标") or not has_suffix else text.rstrip("指") + "指标"


@lru_cache(maxsize=CELL_CACHE_SIZE)
def level1_label(cell: str) -> str | None:
    """The level-1 label a cell names (产出指标 / 效益指标 / 满意度指标 / 成本指标), if any."""
    text = compact(clean_cell(cell))
    match = _LEVEL1.match(text)
    if not match:
        return None
    head = match.group(1)
    return _LEVEL1_CANONICAL.get(head, "满意度指标")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def is_header_word(cell: str) -> bool:
    """Whether a cell is exactly one of the indicator table's column titles."""
    text = compact(clean_cell(cell)).replace("級", "级")
    return text in HEADER_WORDS


@lru_cache(maxsize=CELL_CACHE_SIZE)
def holds_header_word(cell: str) -> bool:
    """Whether a cell mixes a column title with other text (rows merged by a rotated scan)."""
    text = compact(clean_cell(cell)).replace("級", "级")
    return any(word in text for word in HEADER_WORDS) and text not in HEADER_WORDS


@lru_cache(maxsize=CELL_CACHE_SIZE)
def is_noise(cell: str) -> bool:
    """Whether a cell is OCR debris rather than text a reader would keep.

    Debris: no hanzi and no digits ("· · ·", "ŧ", "È"), Latin letters mixed with
    digits or symbols ("XX重181/A", "D+7/r1645"), lone characters left over from a
    split label ("尔", "称"), and runs of symbols.
    """
    text = compact(clean_cell(cell))
    if not text or text in _LABEL_DEBRIS:
        return True
    if cjk_count(text) == 0 and len(clean_cell(cell).split()) >= 3:
        return True  # "10 20 10 20", "- 1 - 12-24 H 14- 1": digits of a rotated page
    letters = sum(1 for ch in text if unicodedata.category(ch).startswith("L") and ch.isascii())
    symbols = sum(
        1 for ch in text if not ch.isalnum() and ch not in "%.,()（）/、，。：:；;-—《》“”\"'"
    )
    cjk = cjk_count(text)
    digits = sum(ch.isdigit() for ch in text)
    if cjk == 0 and digits == 0:
        return True
    if letters >= 2 and letters + symbols + digits > cjk:
        return True
    if symbols > max(2, len(text) // 3):
        return True
    return bool(cjk == 1 and len(text) <= 2 and digits == 0)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def is_latin_garbage(cell: str) -> bool:
    """Whether a cell is mostly Latin letters or non-Chinese scripts (OCR of a rotated page)."""
    text = compact(clean_cell(cell))
    if not text:
        return False
    foreign = sum(
        1
        for ch in text
        if (ch.isascii() and ch.isalpha())
        or "\u3040" <= ch <= "\u30ff"  # kana
        or "\uac00" <= ch <= "\ud7af"  # hangul
        or "\u0400" <= ch <= "\u04ff"  # cyrillic
    )
    return foreign >= 3 and foreign > cjk_count(text) / 2
