"""Who published a disclosure, for which year, of which kind, in which unit.

- entity: the organisation as the document names it, from its cover line
  ("山阴县商务局（部门）", "2022 年阳泉市商务局（本级）专项资金信息公开") or the
  tables' "单位名称/部门名称" line; a trailing scope such as (部门)/(本级) is kept
  apart as ``entity_scope``.
- region: province / city / county. The entity's name starts with its place
  ("晋城市…", "山阴县…", "兴县…"); a small table of Shanxi's 11 prefecture cities
  and their counties supplies the levels the name leaves out (山阴县 -> 朔州市 ->
  山西省). Districts whose names repeat across cities (城区, 矿区, 郊区) are only
  read with their city.
- fiscal_year: the cover's "2024年度", else the most frequent table-title year.
- kind: 部门预算 -> department_budget, 单位预算 -> unit_budget, 专项资金 -> special_funds.
- amount_unit: the "单位：万元" line of the budget tables.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest.normalize import compact
from ingest.types import SourceLine

PROVINCE = "山西省"
SHANXI: dict[str, tuple[str, ...]] = {
    "太原市": (
        "小店区",
        "迎泽区",
        "杏花岭区",
        "尖草坪区",
        "万柏林区",
        "晋源区",
        "清徐县",
        "阳曲县",
        "娄烦县",
        "古交市",
    ),
    "大同市": (
        "新荣区",
        "平城区",
        "云冈区",
        "云州区",
        "阳高县",
        "天镇县",
        "广灵县",
        "灵丘县",
        "浑源县",
        "左云县",
    ),
    "阳泉市": ("城区", "矿区", "郊区", "平定县", "盂县"),
    "长治市": (
        "潞州区",
        "上党区",
        "屯留区",
        "潞城区",
        "襄垣县",
        "平顺县",
        "黎城县",
        "壶关县",
        "长子县",
        "武乡县",
        "沁县",
        "沁源县",
    ),
    "晋城市": ("城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市"),
    "朔州市": ("朔城区", "平鲁区", "山阴县", "应县", "右玉县", "怀仁市"),
    "晋中市": (
        "榆次区",
        "太谷区",
        "榆社县",
        "左权县",
        "和顺县",
        "昔阳县",
        "寿阳县",
        "祁县",
        "平遥县",
        "灵石县",
        "介休市",
    ),
    "运城市": (
        "盐湖区",
        "临猗县",
        "万荣县",
        "闻喜县",
        "稷山县",
        "新绛县",
        "绛县",
        "垣曲县",
        "夏县",
        "平陆县",
        "芮城县",
        "永济市",
        "河津市",
    ),
    "忻州市": (
        "忻府区",
        "定襄县",
        "五台县",
        "代县",
        "繁峙县",
        "宁武县",
        "静乐县",
        "神池县",
        "五寨县",
        "岢岚县",
        "河曲县",
        "保德县",
        "偏关县",
        "原平市",
    ),
    "临汾市": (
        "尧都区",
        "曲沃县",
        "翼城县",
        "襄汾县",
        "洪洞县",
        "古县",
        "安泽县",
        "浮山县",
        "吉县",
        "乡宁县",
        "大宁县",
        "隰县",
        "永和县",
        "蒲县",
        "汾西县",
        "侯马市",
        "霍州市",
    ),
    "吕梁市": (
        "离石区",
        "文水县",
        "交城县",
        "兴县",
        "临县",
        "柳林县",
        "石楼县",
        "岚县",
        "方山县",
        "中阳县",
        "交口县",
        "孝义市",
        "汾阳市",
    ),
}
AMBIGUOUS_COUNTIES = frozenset({"城区", "矿区", "郊区"})

KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("专项资金", "special_funds"),
    ("单位预算", "unit_budget"),
    ("部门预算", "department_budget"),
    ("单位决算", "unit_final"),
    ("部门决算", "department_final"),
)
_COVER = re.compile(
    r"^(?P<before>.*?)(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<after>.*?)"
    r"(?P<kind>部门预算|单位预算|专项资金|部门决算|单位决算)"
)
_SCOPE = re.compile(r"[(（](部门|本级|单位|机关|汇总)[)）]$")
_NAME_LINE = re.compile(r"(?:单位|部门|预算单位)名称\s*[:：]\s*(\S+?)(?:\s+单位\s*[:：]|$)")
_UNIT = re.compile(r"(?<![名称])单位\s*[:：]\s*(万元|元|千元|亿元)")
_PROSE_UNIT = re.compile(r"\d\s*(万元|亿元)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
COVER_LINES = 12


@dataclass(frozen=True, slots=True)
class Identity:
    """The identity fields of the schema, with the lines they were read from."""

    entity: str | None
    entity_scope: str | None
    region: dict[str, str | None]
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


def split_scope(name: str) -> tuple[str, str | None]:
    """ "山阴县商务局（部门）" -> ("山阴县商务局", "部门")."""
    match = _SCOPE.search(name)
    if not match:
        return name, None
    return name[: match.start()].strip(), match.group(1)


def infer_region(name: str | None) -> dict[str, str | None]:
    """Province / city / county from the start of an organisation's name."""
    region: dict[str, str | None] = {"province": None, "city": None, "county": None}
    if not name:
        return region
    rest = compact(name)
    if rest.startswith(PROVINCE):
        region["province"], rest = PROVINCE, rest[len(PROVINCE) :]
    elif rest.startswith("山西"):
        region["province"], rest = PROVINCE, rest[2:]
    for city, counties in SHANXI.items():
        for prefix in (city, city[:-1]):
            if rest.startswith(prefix):
                region.update(province=PROVINCE, city=city)
                rest = rest[len(prefix) :]
                county = next((c for c in counties if rest.startswith(c)), None)
                region["county"] = county
                return region
    for city, counties in SHANXI.items():
        county = next(
            (c for c in counties if c not in AMBIGUOUS_COUNTIES and rest.startswith(c)), None
        )
        if county:
            region.update(province=PROVINCE, city=city, county=county)
            return region
    return region


def _cover(lines: Sequence[SourceLine]) -> tuple[str | None, int | None, str | None, list[int]]:
    """Entity, year and kind from the cover: one line, or the name on the line above."""
    previous: SourceLine | None = None
    for line in lines[:COVER_LINES]:
        text = compact(line.text)
        match = _COVER.search(text)
        if match:
            name = match.group("before") or match.group("after")
            used = [line.no, line.last]
            if not name and previous is not None:
                name, used = compact(previous.text), [previous.no, line.last]
            kind = dict(KIND_WORDS)[match.group("kind")]
            return name or None, int(match.group("year")), kind, used
        if text:
            previous = line
    return None, None, None, []


def _table_entity(lines: Sequence[SourceLine]) -> tuple[str | None, list[int]]:
    for line in lines:
        match = _NAME_LINE.search(line.text)
        if match:
            return compact(match.group(1)), [line.no, line.last]
    return None, []


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


def read_identity(lines: Sequence[SourceLine], titles: Sequence[str] = ()) -> Identity:
    """Read the identity of a disclosure from its lines (and its table titles for the year)."""
    cover_name, year, kind, cover_lines = _cover(lines)
    table_name, table_lines = _table_entity(lines)
    name = cover_name or table_name
    used = {"entity": cover_lines if cover_name else table_lines}
    entity, scope = split_scope(name) if name else (None, None)
    table_entity = split_scope(table_name)[0] if table_name else None
    # The cover may carry decoration ("关于…的说明"); the tables' name line is exact.
    if entity and table_entity and table_entity != entity and table_entity in entity:
        entity = table_entity
    unit, unit_lines = _amount_unit(lines)
    used["amount_unit"] = unit_lines
    return Identity(
        entity=entity,
        entity_scope=scope,
        region=infer_region(entity),
        fiscal_year=year or _title_year(titles),
        kind=kind or _kind_from_text(lines),
        amount_unit=unit,
        lines=used,
    )
