"""Who published a disclosure, for which year, of which kind, in which unit, and where.

- entity: the organisation as the document names it, from the first that applies:
  1. a cover label: "预算主管部门:上海市普陀区人民政府办公室", "预算单位:…", "编制部门:…",
     "编制单位:…", "单位名称:…" (Shanghai's covers put the region's title above it:
     "上海市普陀区2025年区级部门预算");
  2. the cover title, which may wrap over several lines ("中共上海市普陀区委 / 社会工作部
     2024 年度 / 部门决算", "山阴县商务局（部门） / 2025年度部门预算公开", "2022 年阳泉市
     商务局（本级）专项资金信息公开"); a part heading ("第二部分 …") is never part of it;
  3. the tables' "单位名称/部门名称" line.
  A trailing scope such as (部门)/(本级) is kept apart as ``entity_scope``. A blank template
  ("上海市 XX 局") keeps the name it prints: nothing tells a placeholder from a name.
- region: the places that start the entity's name, read against the national list of
  divisions (``ingest.places``): "上海市普陀区人民政府办公室" -> 上海市 / 普陀区 (310107);
  "兴县电子商务服务中心" -> 山西省 / 吕梁市 / 兴县; "中共…" and other organ prefixes are
  skipped; a 街道/镇/乡 of the place named further on ("…人民政府万里街道办事处") is the
  town. A name that several divisions share (朝阳区, 城区, 铁西区) is settled by the places
  the cover names (its title, its labels); a level that stays in doubt is left empty. A name
  without a place takes the cover title's, when that title is a place and nothing else.
  Keys: province / city / county / town, and ``codes`` with each level's official code. The
  municipalities (北京, 天津, 上海, 重庆) fill province only and put their districts in county,
  as the official list does (no city level); so do the 县级 cities a province governs
  directly (仙桃市).
- fiscal_year: the cover's "2024年度", else the most frequent table-title year.
- kind: 部门预算 -> department_budget, 单位预算 -> unit_budget, 专项资金 -> special_funds,
  部门决算 -> department_final, 单位决算 -> unit_final.
- amount_unit: the "单位：万元" line of the budget tables.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ingest import places
from ingest.normalize import compact
from ingest.places import LEVELS, Division
from ingest.types import SourceLine

KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("专项资金", "special_funds"),
    ("单位预算", "unit_budget"),
    ("部门预算", "department_budget"),
    ("单位决算", "unit_final"),
    ("部门决算", "department_final"),
)
# Labels that name the publishing organization on a cover: those of a department and those
# of a unit. A unit's budget may print both ("预算主管部门:…局" above "预算单位:…中心"): the
# unit is the publisher then, the department otherwise.
DEPARTMENT_LABELS = ("预算主管部门", "主管部门", "编制部门", "部门名称")
UNIT_LABELS = ("预算单位名称", "预算单位", "编制单位", "填报单位", "单位名称")
ENTITY_LABELS = (*DEPARTMENT_LABELS, *UNIT_LABELS)
UNIT_KINDS = frozenset({"unit_budget", "unit_final"})
# Organs whose names put a place after them: "中共上海市普陀区委…", "共青团…区委员会",
# "政协…", the democratic parties, and the offices of vertically managed agencies.
ORGAN_PREFIXES = (
    "中国共产党",
    "中共",
    "中国共产主义青年团",
    "共青团",
    "中国人民政治协商会议",
    "政协",
    "中国国民党革命委员会",
    "民革",
    "中国民主同盟",
    "民盟",
    "中国民主建国会",
    "民建",
    "中国民主促进会",
    "民进",
    "中国农工民主党",
    "农工党",
    "中国致公党",
    "致公党",
    "九三学社",
    "台湾民主自治同盟",
    "台盟",
    "国家税务总局",
)
COVER_LINES = 12
TITLE_LINES = 3  # a cover title wraps over at most this many lines

_KIND = "|".join(word for word, _ in KIND_WORDS)
_COVER = re.compile(
    rf"^(?P<before>.*?)(?P<year>(?:19|20)\d{{2}})\s*年度?\s*(?P<after>.*?)(?P<kind>{_KIND})"
)
_COVER_WITHOUT_YEAR = re.compile(rf"^(?P<before>.*?)(?P<kind>{_KIND})")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十\d]{1,3}部分")
# Words a title puts before the name: "关于XX局2024年部门预算的说明".
_TITLE_WORDS = re.compile(r"^(?:第[一二三四五六七八九十\d]{1,3}部分|关于)+")
_CONTENTS = re.compile(r"^目录")
_SCOPE = re.compile(r"[(（](部门|本级|单位|机关|汇总)[)）]$")
# "编制单位（盖章）：XX局  编制日期：…": the name ends where the next label begins.
_LABEL = re.compile(
    r"(?P<label>{})\s*(?:[(（][^)）]{{0,6}}[)）])?\s*[:：]\s*(?P<name>\S.*?)(?:\s+\S*[:：].*)?\s*$".format(
        "|".join(ENTITY_LABELS)
    )
)
_NAME_LINE = re.compile(r"(?:单位|部门|预算单位)名称\s*[:：]\s*(\S+?)(?:\s+单位\s*[:：]|$)")
_UNIT = re.compile(r"(?<![名称])单位\s*[:：]\s*(万元|元|千元|亿元)")
_PROSE_UNIT = re.compile(r"\d\s*(万元|亿元)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass(frozen=True, slots=True)
class Identity:
    """The identity fields of the schema, with the lines they were read from."""

    entity: str | None
    entity_scope: str | None
    region: dict[str, Any]
    fiscal_year: int | None
    kind: str | None
    amount_unit: str | None
    lines: dict[str, list[int]]

    def as_dict(self) -> dict[str, Any]:
        """The schema's identity keys."""
        return {
            "kind": self.kind,
            "entity": self.entity,
            "entity_scope": self.entity_scope,
            "region": self.region,
            "fiscal_year": self.fiscal_year,
            "amount_unit": self.amount_unit,
        }


@dataclass(frozen=True, slots=True)
class _Found:
    """A name read from the document, with its source lines."""

    name: str
    lines: list[int]


@dataclass(frozen=True, slots=True)
class _Cover:
    """What the cover title says: the name on it, its year and kind."""

    name: _Found | None
    year: int | None
    kind: str | None
    text: str  # the title's lines, joined


# --- places ------------------------------------------------------------------------------


def empty_region() -> dict[str, Any]:
    """The region of a name that places nothing: every level and code empty."""
    return {**dict.fromkeys(LEVELS), "codes": dict.fromkeys(LEVELS)}


def region_of(division: Division | None, town: Division | None = None) -> dict[str, Any]:
    """The schema's region for a division (and the town under it): names and codes by level."""
    region = empty_region()
    chain = places.lineage(division) if division else ()
    for item in (*chain, *([town] if town else [])):
        region[item.level] = item.name
        region["codes"][item.level] = item.code
    return region


def without_organ_prefix(name: str) -> str:
    """ "中共上海市普陀区委社会工作部" -> "上海市普陀区委社会工作部"."""
    prefix = next((p for p in ORGAN_PREFIXES if name.startswith(p)), "")
    return name[len(prefix) :]


def _chains(text: str, parent: Division | None = None) -> list[tuple[tuple[Division, ...], int]]:
    """Every reading of the places that start ``text``: divisions each below the previous,
    with the number of characters they cover. A short form ("晋城") counts only before a
    division of its own ("晋城城区")."""
    readings = []
    for match in places.names_at_start(text):
        item = match.division
        if parent is not None and (
            LEVELS.index(item.level) <= LEVELS.index(parent.level)
            or not places.is_within(item, parent)
        ):
            continue
        tails = _chains(text[match.length :], item)
        if tails:
            readings += [((item, *chain), match.length + length) for chain, length in tails]
        elif not match.is_short:
            readings.append(((item,), match.length))
    return readings


def places_at_start(name: str) -> tuple[list[Division], int]:
    """The divisions the longest reading of the places starting ``name`` may end on (several
    when a name is shared, as 朝阳区 is), and how many characters that reading covers."""
    readings = _chains(without_organ_prefix(compact(name)))
    if not readings:
        return [], 0
    longest = max(length for _, length in readings)
    ends = [chain[-1] for chain, length in readings if length == longest]
    return list(dict.fromkeys(ends)), longest


def _context(hints: Iterable[str]) -> set[Division]:
    """The divisions the hints name without doubt, with the divisions above them. A hint may
    be a label line ("编制单位:长春市朝阳区财政局")."""
    named: set[Division] = set()
    for hint in hints:
        label = _LABEL.search(hint)
        ends, _ = places_at_start(label.group("name") if label else hint)
        if len(ends) == 1:
            named.update(places.lineage(ends[0]))
    return named


def _closest(candidates: Sequence[Division], context: set[Division]) -> list[Division]:
    """The candidates that share the deepest division with the context: 铁西区 under a cover
    naming 沈阳市 is 沈阳's; under one naming only 辽宁省, it is either of 辽宁's two."""

    def depth(item: Division) -> int:
        shared = context.intersection(places.lineage(item))
        return max((LEVELS.index(d.level) for d in shared), default=-1)

    deepest = max(map(depth, candidates))
    return [item for item in candidates if depth(item) == deepest]


def _common_ancestor(candidates: Sequence[Division]) -> Division | None:
    """The deepest division above (or equal to) every candidate, or None."""
    shared = set(places.lineage(candidates[0]))
    for item in candidates[1:]:
        shared &= set(places.lineage(item))
    return max(shared, key=lambda item: LEVELS.index(item.level), default=None)


def _town(rest: str, place: Division) -> Division | None:
    """The one 街道/镇/乡 of ``place`` that the rest of the name mentions, or None."""
    towns = places.towns_named_in(rest, place)
    longest = [t for t in towns if not any(t.name in o.name and t != o for o in towns)]
    return longest[0] if len(longest) == 1 else None


def infer_region(name: str | None, hints: Sequence[str] = ()) -> dict[str, Any]:
    """Province / city / county / town (and their codes) from the start of an organisation's
    name; ``hints`` (the cover title, its labels) settle a name several divisions share."""
    if not name:
        return empty_region()
    candidates, length = places_at_start(name)
    if len(candidates) > 1:
        candidates = _closest(candidates, _context(hints))
    if not candidates:
        return empty_region()
    if len(candidates) > 1:
        return region_of(_common_ancestor(candidates))
    rest = without_organ_prefix(compact(name))[length:]
    return region_of(candidates[0], _town(rest, candidates[0]))


def is_place_name(name: str) -> bool:
    """True when the name is places and nothing else ("上海市普陀区")."""
    ends, length = places_at_start(name)
    return bool(ends) and length == len(compact(name))


# --- the entity, the year and the kind ---------------------------------------------------


def split_scope(name: str) -> tuple[str, str | None]:
    """ "山阴县商务局（部门）" -> ("山阴县商务局", "部门")."""
    match = _SCOPE.search(name)
    if not match:
        return name, None
    return name[: match.start()].strip(), match.group(1)


def without_title_words(name: str) -> str:
    """ "第二部分中共上海市普陀区委社会工作部" -> "中共上海市普陀区委社会工作部"; "关于XX局"
    -> "XX局"."""
    return _TITLE_WORDS.sub("", name)


def _title_name(window: Sequence[tuple[SourceLine, str]], length: int) -> _Found | None:
    """The name a title prints in its first ``length`` characters. It starts on the first of
    the title's lines that begins with a place or an organ ("上海市普陀区规划和自然 / 资源局",
    "中共上海市普陀区委 / 社会工作部 2024 年度"); failing that, the name is on the line of
    the year, or on the line just above it."""
    joined = "".join(text for _, text in window)
    starts = [len("".join(text for _, text in window[:index])) for index in range(len(window))]
    named = [index for index, start in enumerate(starts) if start < length]
    for index in named:
        name = joined[starts[index] : length]
        name = without_title_words(name)
        if places_at_start(name)[0] or without_organ_prefix(name) != name:
            return _Found(name, [window[index][0].no, window[-1][0].last])
    if not named:
        return None
    index = named[-1]
    return _Found(joined[starts[index] : length], [window[index][0].no, window[-1][0].last])


def _cover(lines: Sequence[SourceLine]) -> _Cover:
    """Entity, year and kind from the cover title, which may wrap over a few lines."""
    window: list[tuple[SourceLine, str]] = []
    for line in lines[:COVER_LINES]:
        text = compact(line.text)
        if not text:
            continue
        if _CONTENTS.match(text) or _PART_HEADING.match(text):
            break
        window = [*window, (line, text)][-TITLE_LINES:]
        joined = "".join(t for _, t in window)
        match = _COVER.search(joined) or _COVER_WITHOUT_YEAR.search(joined)
        if not match:
            continue
        # "XX局部门预算（2024年度）": the year may follow the kind.
        year_match = _TITLE_YEAR.search(joined[match.start("kind") :])
        year = int(match.group("year")) if "year" in match.groupdict() else None
        year = year or (int(year_match.group(1)) if year_match else None)
        kind = dict(KIND_WORDS)[match.group("kind")]
        name = _title_name(window, len(match.group("before")))
        if name is None and match.groupdict().get("after"):
            name = _Found(match.group("after"), [line.no, line.last])
        return _Cover(name, year, kind, joined)
    return _Cover(None, None, None, "")


def _label(lines: Sequence[SourceLine], kind: str | None) -> _Found | None:
    """The organization a cover label names: "预算主管部门:上海市普陀区人民政府办公室"; of a
    unit's budget, the unit's label when there is one."""
    found: dict[bool, _Found] = {}
    for line in lines[:COVER_LINES]:
        match = _LABEL.search(line.text)
        if match and compact(match.group("name")):
            is_unit = match.group("label") in UNIT_LABELS
            found.setdefault(is_unit, _Found(compact(match.group("name")), [line.no, line.last]))
    return found.get(kind in UNIT_KINDS) or next(iter(found.values()), None)


def _table_entity(lines: Sequence[SourceLine]) -> _Found | None:
    for line in lines:
        match = _NAME_LINE.search(line.text)
        if match:
            return _Found(compact(match.group(1)), [line.no, line.last])
    return None


def _amount_unit(lines: Sequence[SourceLine]) -> tuple[str | None, list[int]]:
    for line in lines:
        match = _UNIT.search(line.text)
        if match:
            return match.group(1), [line.no, line.last]
    for line in lines:
        match = _PROSE_UNIT.search(line.text)
        if match:
            return match.group(1), [line.no, line.last]
    return None, []


def _kind_from_text(lines: Sequence[SourceLine]) -> str | None:
    head = compact(" ".join(line.text for line in lines[: COVER_LINES * 4]))
    return next((kind for word, kind in KIND_WORDS if word in head), None)


def _title_year(titles: Sequence[str]) -> int | None:
    years = Counter(int(m.group(1)) for title in titles for m in [_TITLE_YEAR.search(title)] if m)
    return years.most_common(1)[0][0] if years else None


def _entity(
    cover: _Cover, label: _Found | None, table: _Found | None
) -> tuple[str | None, str | None, list[int]]:
    """The organization's name, its scope and its lines: a label's, else the cover title's
    (unless the title only names the region), else the tables'."""
    title = cover.name
    if title is not None and is_place_name(title.name) and (label or table):
        title = None
    found = label or title or table
    if found is None:
        return None, None, []
    name, scope = split_scope(without_title_words(found.name))
    # The cover may carry decoration ("关于…的说明"); the tables' name line is exact.
    table_name = split_scope(table.name)[0] if table else None
    if found is title and table_name and table_name != name and table_name in name:
        name = table_name
    return name or None, scope, found.lines


def read_identity(lines: Sequence[SourceLine], titles: Sequence[str] = ()) -> Identity:
    """Read the identity of a disclosure from its lines (and its table titles for the year)."""
    cover = _cover(lines)
    kind = cover.kind or _kind_from_text(lines)
    label, table = _label(lines, kind), _table_entity(lines)
    entity, scope, entity_lines = _entity(cover, label, table)
    hints = [text for text in (cover.text, *(f.name for f in (label, table) if f)) if text]
    region = infer_region(entity, hints)
    placeless = entity and not any(region["codes"].values())
    if placeless and cover.name and is_place_name(cover.name.name):
        # "区商务委员会" under the title "上海市普陀区2025年区级部门预算": the title's place.
        region = infer_region(cover.name.name, hints)
    unit, unit_lines = _amount_unit(lines)
    return Identity(
        entity=entity,
        entity_scope=scope,
        region=region,
        fiscal_year=cover.year or _title_year(titles),
        kind=kind,
        amount_unit=unit,
        lines={"entity": entity_lines, "amount_unit": unit_lines},
    )
