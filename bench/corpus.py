"""A synthetic corpus for benchmarks: the real samples, varied so that every total reconciles.

Pure functions only (no database): ``corpus_plan`` decides who publishes what (organizations
in real regions, years, which sample each disclosure is modelled on, its size), and
``disclosure_vary`` turns one *parsed* sample (the disclosure-schema dict of
``ingest.pipeline.parse_document``) into a new disclosure for that plan:

- names: the sample's organization, region and years are replaced everywhere (tables, project
  units, forms, narrative, source text);
- amounts: every 项 (leaf) row of 支出总表 is scaled by the disclosure's size and jittered, and
  everything that is a sum is *recomputed* from the leaves rather than scaled, so 项 → 款 → 类
  → 合计, 基本 + 项目, the income sources, 表1/表4/表5/表6, the project list and its unit
  subtotals, 三公, 机关运行经费 and the forms' funds agree exactly, as they did in the sample
  (a check the sample failed, e.g. 公用经费 against 机关运行经费, keeps its ratio and stays
  failed);
- subsets: some 项 codes, projects, forms and indicators are left out (their money is spread
  over what remains, so the totals still hold);
- the validation report is recomputed for the new figures (``disclosure_revalidate``).

Amounts are ``Decimal`` in the document's unit (万元) with two decimals, as the parser gives them.
The source text keeps the sample's layout and line numbers; cells of the rows cited by the parse
and "…万元" figures of the prose are rewritten with the new amounts, and a last line says the
document is generated.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import random
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ingest import places
from ingest.validation import summarize, validate

CENT = Decimal("0.01")
ZERO = Decimal(0)
YUAN_PER_WAN = Decimal(10000)
FIRST_YEAR = 2022
YEARS = 4
SYNTHETIC_NOTE = "（本文件为基准测试自动生成的合成样本，金额经按比例变换，不是真实的预算公开文件）"

Row = dict[str, Any]

# --- regions: the 11 prefecture-level cities of 山西省 and their counties (128 in all) ----------

# The regions come from the national list the parser reads (ingest.places).
PROVINCE = "山西省"
SHANXI_COUNTIES = {
    city.name: tuple(county.name for county in places.children(city, "county"))
    for city in places.children(places.divisions_named(PROVINCE)[0], "city")
}
# Names a county shares with another city's county ("城区") get the city in front.
_SHARED_COUNTY_NAMES = frozenset(
    name
    for name in {c for counties in SHANXI_COUNTIES.values() for c in counties}
    if sum(name in counties for counties in SHANXI_COUNTIES.values()) > 1
)

DEPARTMENT_NAMES = (
    "商务局",
    "工业和信息化局",
    "教育局",
    "财政局",
    "卫生健康局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "文化和旅游局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "退役军人事务局",
    "司法局",
    "发展和改革局",
    "科学技术局",
    "林业局",
    "体育局",
    "行政审批服务管理局",
    "能源局",
    "信访局",
    "机关事务服务中心",
    "乡村振兴局",
    "数据局",
)
UNIT_NAMES = (
    "电子商务服务中心",
    "招商服务中心",
    "第一中学",
    "第二中学",
    "第三中学",
    "实验小学",
    "人民医院",
    "中医医院",
    "疾病预防控制中心",
    "妇幼保健院",
    "档案馆",
    "图书馆",
    "博物馆",
    "文化馆",
    "社会福利院",
    "不动产登记中心",
    "公路管理段",
    "水利工作站",
    "农业技术推广中心",
    "融媒体中心",
    "就业服务中心",
    "社会保险中心",
    "住房公积金管理中心",
    "城市管理综合服务中心",
    "环境卫生服务中心",
    "动物疫病预防控制中心",
    "林业工作站",
    "气象服务中心",
    "政务服务中心",
    "职业中学",
)


@dataclass(frozen=True)
class SampleInfo:
    """What the plan needs to know of a parsed sample: its index, kind and size."""

    index: int
    kind: str
    total: Decimal  # 支出总计 (or the special funds' total), in the document's unit


@dataclass(frozen=True)
class Sample:
    """A parsed sample ready to be varied: its parse, its text, and what varying needs of it."""

    index: int
    filename: str
    parsed: Mapping[str, Any]
    text: str
    form_projects: tuple[int | None, ...]  # per performance form, the index of its project

    @property
    def info(self) -> SampleInfo:
        return sample_info(self.index, self.parsed)


@dataclass(frozen=True)
class DisclosurePlan:
    """One disclosure of the corpus, before its figures exist."""

    number: int  # 0-based position in the corpus; seeds this disclosure's variation
    entity: str
    organization_kind: str  # "department" | "unit"
    province: str
    city: str
    county: str | None
    fiscal_year: int
    sample: int  # index of the sample it is modelled on
    kind: str  # the sample's disclosure kind
    scale: Decimal  # multiplies the sample's amounts (before the per-row jitter)

    @property
    def region(self) -> dict[str, str | None]:
        return {"province": self.province, "city": self.city, "county": self.county}


# --- the plan --------------------------------------------------------------------------------


def corpus_regions(count: int) -> list[tuple[str, str | None]]:
    """``count`` regions as (city, county or None), cities first; at most 128."""
    regions: list[tuple[str, str | None]] = [(city, None) for city in SHANXI_COUNTIES]
    regions += [(city, county) for city, counties in SHANXI_COUNTIES.items() for county in counties]
    return regions[: max(1, count)]


def region_prefix(city: str, county: str | None) -> str:
    """The name an organization of the region starts with: 晋城市…, 山阴县…, 晋城市城区…."""
    if county is None:
        return city
    return f"{city}{county}" if county in _SHARED_COUNTY_NAMES else county


def _organization_names(
    regions: Sequence[tuple[str, str | None]], count: int, rng: random.Random
) -> Iterator[tuple[str, str, tuple[str, str | None]]]:
    """``count`` (name, kind, region) triples spread evenly over the regions, all names unique."""
    per_region = [
        [(n, "department") for n in DEPARTMENT_NAMES] + [(n, "unit") for n in UNIT_NAMES]
        for _ in regions
    ]
    for names in per_region:
        rng.shuffle(names)
    for number in range(count):
        region_index = number % len(regions)
        round_number, position = divmod(number // len(regions), len(per_region[region_index]))
        name, kind = per_region[region_index][position]
        city, county = regions[region_index]
        suffix = f"第{round_number + 1}分支" if round_number else ""
        yield f"{region_prefix(city, county)}{name}{suffix}", kind, regions[region_index]


def organization_scale(rng: random.Random) -> Decimal:
    """An organization's size against its sample: log-normal, from about 1/8 to 8 times."""
    factor = math.exp(rng.gauss(0.0, 0.7))
    return Decimal(str(round(min(8.0, max(0.12, factor)), 4)))


def corpus_plan(
    disclosures: int,
    samples: Sequence[SampleInfo],
    *,
    seed: int = 1,
    years: int = YEARS,
    first_year: int = FIRST_YEAR,
) -> list[DisclosurePlan]:
    """Who publishes what: ``disclosures`` plans, about one organization per ``years`` of them.

    Departments are modelled on the department-budget samples, units on the unit-budget
    samples; about one department in ten also publishes a special-funds disclosure in two of
    the years (when a special-funds sample exists). Regions: about one per 80 disclosures
    (10,000 disclosures: 120 regions). Deterministic for a seed.
    """
    rng = random.Random(seed)
    by_kind: dict[str, list[SampleInfo]] = {}
    for sample in samples:
        by_kind.setdefault(sample.kind, []).append(sample)
    regions = corpus_regions(max(1, round(disclosures / 83)))
    organizations = _organization_names(regions, 10 * disclosures + 10, rng)
    plans: list[DisclosurePlan] = []
    while len(plans) < disclosures:
        name, org_kind, (city, county) = next(organizations)
        kind = _primary_kind(org_kind, by_kind)
        scale = organization_scale(rng)
        base = rng.choice(by_kind[kind])
        growth = Decimal(str(round(rng.gauss(0.04, 0.06), 4)))
        publisher = (name, org_kind, city, county)
        for offset in range(years):
            year_scale = scale * (1 + growth) ** offset
            plans.append(_plan(len(plans), publisher, first_year + offset, base, year_scale))
        special = by_kind.get("special_funds")
        if org_kind == "department" and special and rng.random() < 0.1:
            sample = rng.choice(special)
            for offset in rng.sample(range(years), min(2, years)):
                plans.append(_plan(len(plans), publisher, first_year + offset, sample, scale))
    return plans[:disclosures]


def _primary_kind(org_kind: str, by_kind: Mapping[str, list[SampleInfo]]) -> str:
    wanted = "unit_budget" if org_kind == "unit" else "department_budget"
    if wanted in by_kind:
        return wanted
    budgets = [k for k in ("department_budget", "unit_budget") if k in by_kind]
    return budgets[0] if budgets else next(iter(by_kind))


def _plan(
    number: int,
    publisher: tuple[str, str, str, str | None],
    year: int,
    sample: SampleInfo,
    scale: Decimal,
) -> DisclosurePlan:
    name, org_kind, city, county = publisher
    return DisclosurePlan(
        number=number,
        entity=name,
        organization_kind=org_kind,
        province=PROVINCE,
        city=city,
        county=county,
        fiscal_year=year,
        sample=sample.index,
        kind=sample.kind,
        scale=scale.quantize(Decimal("0.0001")),
    )


def sample_info(index: int, parsed: Mapping[str, Any]) -> SampleInfo:
    """The facts of a parsed sample that ``corpus_plan`` uses."""
    summary = parsed.get("summary") or {}
    total = summary.get("expenditure_total")
    if total is None:
        total = sum((p.get("amount") or ZERO for p in parsed.get("projects") or []), ZERO)
    return SampleInfo(index=index, kind=str(parsed.get("kind")), total=total)


# --- arithmetic ------------------------------------------------------------------------------


def cents(value: Decimal) -> Decimal:
    """``value`` rounded half-up to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def scaled(value: Any, factor: Decimal) -> Any:
    """A Decimal amount times ``factor``, to the cent; anything else as it is."""
    return cents(value * factor) if isinstance(value, Decimal) else value


def _close(value: Decimal, anchor: Decimal) -> bool:
    """Equal up to the rounding a printed table allows (a few cents, or 0.05%)."""
    return abs(value - anchor) <= max(CENT * 5, abs(anchor) * Decimal("0.0005"))


def follow(value: Any, old_anchor: Any, new_anchor: Any, fallback: Decimal) -> Any:
    """``value`` as it relates to an anchor figure that became ``new_anchor``.

    Equal (up to rounding) to the old anchor: exactly the new one, so figures that agreed still
    agree. Otherwise the same ratio to the anchor; without a usable anchor, times ``fallback``.
    """
    if not isinstance(value, Decimal):
        return value
    if isinstance(old_anchor, Decimal) and isinstance(new_anchor, Decimal):
        if _close(value, old_anchor):
            return new_anchor
        if old_anchor:
            return cents(value * new_anchor / old_anchor)
    return cents(value * fallback)


def follow_any(value: Any, anchors: Sequence[tuple[Any, Any]], fallback: Decimal) -> Any:
    """``follow`` the first (old, new) anchor ``value`` agreed with; else the first usable one."""
    if not isinstance(value, Decimal):
        return value
    usable = [(o, n) for o, n in anchors if isinstance(o, Decimal) and isinstance(n, Decimal)]
    for old_anchor, new_anchor in usable:
        if _close(value, old_anchor):
            return new_anchor
    if usable:
        return follow(value, *usable[0], fallback)
    return cents(value * fallback)


def apportion(total: Decimal, weights: Sequence[Any]) -> list[Decimal | None]:
    """``total`` split in proportion to ``weights``, to the cent, summing to ``total`` exactly.

    Largest remainders get the odd cents. A weight that is not a Decimal (an empty cell) gets
    None and no share; with no positive weight, the first cell that can hold it takes it all.
    """
    slots = [i for i, w in enumerate(weights) if isinstance(w, Decimal)]
    result: list[Decimal | None] = [None] * len(weights)
    if not slots:
        return result
    positive = [i for i in slots if weights[i] > 0]
    if not positive:
        for i in slots:
            result[i] = ZERO
        result[slots[0]] = total
        return result
    whole = sum((weights[i] for i in positive), ZERO)
    total_cents = int((total / CENT).to_integral_value(rounding=ROUND_HALF_UP))
    exact = [Decimal(total_cents) * weights[i] / whole for i in positive]
    floors = [int(x.to_integral_value(rounding="ROUND_FLOOR")) for x in exact]
    left = total_cents - sum(floors)
    order = sorted(range(len(positive)), key=lambda k: exact[k] - floors[k], reverse=True)
    for k in order[: max(0, left)]:
        floors[k] += 1
    for i in slots:
        result[i] = ZERO
    for k, i in enumerate(positive):
        result[i] = Decimal(floors[k]) * CENT
    return result


def _sum(values: Iterable[Any]) -> Decimal | None:
    """The sum of the Decimal values; None when there is none."""
    present = [v for v in values if isinstance(v, Decimal)]
    return sum(present, ZERO) if present else None


def _keep_empty(old: Any, new: Decimal | None) -> Decimal | None:
    """An empty cell stays empty when its new value is zero."""
    return None if old is None and (new is None or new == 0) else new


# --- names, years and text -------------------------------------------------------------------


@dataclass(frozen=True)
class Renamer:
    """Replaces the sample's names and years in every string."""

    pattern: re.Pattern[str] | None
    mapping: Mapping[str, str]

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.mapping[m.group(0)], text)


def renamer_for(parsed: Mapping[str, Any], plan: DisclosurePlan) -> Renamer:
    """The renamer from the sample's entity, region and years to the plan's."""
    mapping: dict[str, str] = {}
    old_entity = str(parsed.get("entity") or "")
    if old_entity:
        mapping[old_entity] = plan.entity
    old_region = parsed.get("region") or {}
    new_prefix = region_prefix(plan.city, plan.county)
    if old_region.get("county"):
        mapping[str(old_region["county"])] = plan.county or new_prefix
    if old_region.get("city"):
        mapping[str(old_region["city"])] = plan.city
    if old_region.get("province"):
        mapping[str(old_region["province"])] = plan.province
    old_year = parsed.get("fiscal_year")
    if isinstance(old_year, int):
        shift = plan.fiscal_year - old_year
        for year in range(old_year - 3, old_year + 2):
            mapping[f"{year}年"] = f"{year + shift}年"
    mapping = {old: new for old, new in mapping.items() if old and old != new}
    if not mapping:
        return Renamer(None, {})
    alternatives = sorted(mapping, key=len, reverse=True)
    return Renamer(re.compile("|".join(re.escape(a) for a in alternatives)), mapping)


def copy_strings(value: Any, rename: Callable[[str], str]) -> Any:
    """A copy of plain data (dicts, lists) with every string passed through ``rename``."""
    if isinstance(value, dict):
        return {key: copy_strings(item, rename) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_strings(item, rename) for item in value]
    if isinstance(value, tuple):
        return tuple(copy_strings(item, rename) for item in value)
    if isinstance(value, str):
        return rename(value)
    return value


# --- varying the figures ---------------------------------------------------------------------

FUNCTIONAL_KEYS = (
    "functional_expenditure",
    "income_by_function",
    "general_public_expenditure",
    "government_fund_income",
    "government_fund_expenditure",
)
INCOME_SOURCES = (
    "general_public_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
)
SUMMARY_SOURCES = {
    "general_public_budget": "general_public_budget",
    "government_fund_budget": "government_fund",
    "state_capital_budget": "state_capital",
    "special_account": "special_account",
    "unit_funds": "unit_funds",
}
FUND_KEYS = ("general_public_budget", "government_fund", "state_capital")
PROJECT_SOURCES = INCOME_SOURCES
# A form's 年度资金总额 (元) agrees with its project (万元) within 50 yuan, as the forms' check
# allows (ingest/forms/check.py).
FORM_TOLERANCE_YUAN = Decimal(50)


@dataclass
class Variation:
    """The state of one variation: the sample (old), the copy being changed (new)."""

    old: Mapping[str, Any]
    new: dict[str, Any]
    rng: random.Random
    scale: Decimal
    drop_share: float
    leaf_factor: dict[str, Decimal]
    values: dict[Decimal, set[Decimal]]
    projects: dict[int, Row | None]  # id() of a sample project -> its copy, None if left out
    primary: dict[Decimal, set[Decimal]]
    form_projects: Sequence[int | None]

    def jitter(self, low: float = 0.8, high: float = 1.25) -> Decimal:
        return self.scale * Decimal(str(round(self.rng.uniform(low, high), 4)))

    def record(self, old: Any, new: Any, *, primary: bool = False) -> None:
        """Remember old -> new amounts, to rewrite the prose and source text consistently.

        The prose states the headline figures (表1, 表6, 三公 …): ``primary`` ones win when a
        row elsewhere had the same old amount.
        """
        # An amount left as it was says nothing, and would contradict the one that moved.
        if isinstance(old, Decimal) and isinstance(new, Decimal) and old and old != new:
            values = self.primary if primary else self.values
            values.setdefault(cents(old), set()).add(cents(new))

    def amounts(self) -> dict[Decimal, Decimal]:
        """The unambiguous old -> new amounts, headline figures first."""
        found = {old: next(iter(n)) for old, n in self.values.items() if len(n) == 1}
        for old, news in self.primary.items():
            if len(news) == 1:
                found[old] = next(iter(news))
            else:
                found.pop(old, None)
        return found


def _children(rows: Sequence[Row], code: str) -> list[Row]:
    size = 5 if len(code) == 3 else 7
    return [r for r in rows if len(str(r.get("code", ""))) == size and r["code"].startswith(code)]


def _parents_of(codes: Iterable[str]) -> set[str]:
    """The 类 and 款 codes that have a child among ``codes``."""
    parents: set[str] = set()
    for code in codes:
        if len(code) == 7:
            parents.update((code[:5], code[:3]))
        elif len(code) == 5:
            parents.add(code[:3])
    return parents


def leaf_codes(rows: Sequence[Row]) -> list[str]:
    """Codes of rows without children in the table: the 项, and 款/类 printed without them."""
    codes = [str(r.get("code", "")) for r in rows]
    parents = _parents_of(codes)
    return [c for c in codes if len(c) in (3, 5, 7) and c not in parents]


def _drop_codes(variation: Variation) -> set[str]:
    """Leaf codes left out of this disclosure; never all of them, never one that carries
    carry-over (表1 lists carry-over by 类, so the classes must stay)."""
    rows = variation.old.get("functional_expenditure") or []
    income = {r["code"]: r for r in variation.old.get("income_by_function") or []}
    leaves = [
        c for c in leaf_codes(rows) if len(c) == 7 and not (income.get(c) or {}).get("carryover")
    ]
    dropped = {c for c in leaves if variation.rng.random() < variation.drop_share}
    # A 类 must keep at least one 项: the summary tables list the 类 by name.
    for cls in {c[:3] for c in leaves}:
        members = [c for c in leaf_codes(rows) if c.startswith(cls)]
        if members and all(c in dropped for c in members):
            dropped.discard(members[0])
    return dropped


def _without(rows: Sequence[Row], dropped: set[str]) -> list[Row]:
    """The rows minus the dropped leaves and the parents left without children."""
    if not dropped:
        return list(rows)
    had_children = _parents_of(str(r.get("code", "")) for r in rows)
    kept = [r for r in rows if r.get("code") not in dropped]
    while True:
        has_children = _parents_of(str(r.get("code", "")) for r in kept)
        empty = {r["code"] for r in kept if r["code"] in had_children - has_children}
        if not empty:
            return kept
        kept = [r for r in kept if r["code"] not in empty]


def _sum_hierarchy(rows: list[Row], columns: Sequence[str]) -> None:
    """款 and 类 rows become the sums of their children, column by column (in place)."""
    for size in (5, 3):
        children: dict[str, list[Row]] = {}
        for row in rows:
            code = str(row.get("code", ""))
            if len(code) == size + 2:
                children.setdefault(code[:size], []).append(row)
        for row in rows:
            members = (
                children.get(str(row.get("code", "")))
                if len(str(row.get("code", ""))) == size
                else None
            )
            if not members:
                continue
            for column in columns:
                row[column] = _keep_empty(row.get(column), _sum(m.get(column) for m in members))


def _table_total(rows: Sequence[Row], total: Row | None, columns: Sequence[str]) -> Row | None:
    if total is None:
        return None
    classes = [r for r in rows if len(str(r.get("code", ""))) == 3]
    new = dict(total)
    for column in columns:
        new[column] = _keep_empty(total.get(column), _sum(r.get(column) for r in classes))
    return new


EXPENDITURE_COLUMNS = ("total", "basic", "project")
INCOME_COLUMNS = ("total", *INCOME_SOURCES, "carryover")


def _vary_expenditure(variation: Variation, dropped: set[str]) -> dict[str, Row]:
    """表3 支出总表: leaves scaled and jittered, 合计 = 基本 + 项目, parents summed."""
    old_rows = variation.old.get("functional_expenditure")
    if old_rows is None:
        return {}
    rows = [dict(r) for r in _without(old_rows, dropped)]
    leaves = set(leaf_codes(rows))
    for row in rows:
        if row["code"] not in leaves:
            continue
        factor = variation.leaf_factor.setdefault(row["code"], variation.jitter())
        basic, project = scaled(row.get("basic"), factor), scaled(row.get("project"), factor)
        total = _sum([basic, project])
        row.update(
            basic=basic,
            project=project,
            total=total if total is not None else scaled(row.get("total"), factor),
        )
    _sum_hierarchy(rows, EXPENDITURE_COLUMNS)
    variation.new["functional_expenditure"] = rows
    _set_total(variation, "functional_expenditure", rows, EXPENDITURE_COLUMNS)
    return {r["code"]: r for r in rows}


def _set_total(variation: Variation, key: str, rows: Sequence[Row], columns: Sequence[str]) -> None:
    totals = variation.new.get("table_totals")
    if isinstance(totals, dict) and key in totals:
        old_total = (variation.old.get("table_totals") or {}).get(key)
        new_total = _table_total(rows, old_total, columns)
        totals[key] = new_total
        for column in columns:
            variation.record(
                (old_total or {}).get(column), (new_total or {}).get(column), primary=True
            )


def _vary_income(
    variation: Variation, dropped: set[str], spent: Mapping[str, Row]
) -> dict[str, Row]:
    """表2 收入总表: this year's income + 上年结转 of each leaf = its 支出总表 total."""
    old_rows = variation.old.get("income_by_function")
    if old_rows is None:
        return {}
    old_spent = {r["code"]: r for r in variation.old.get("functional_expenditure") or []}
    rows = [dict(r) for r in _without(old_rows, dropped)]
    leaves = set(leaf_codes(rows))
    for row in rows:
        code = row["code"]
        if code not in leaves:
            continue
        new_spent, old_row = spent.get(code), old_spent.get(code) or {}
        factor = variation.leaf_factor.setdefault(code, variation.jitter())
        if new_spent is None or not isinstance(new_spent.get("total"), Decimal):
            for column in (*INCOME_SOURCES, "carryover"):
                row[column] = scaled(row.get(column), factor)
            row["total"] = _sum(row.get(c) for c in INCOME_SOURCES)
            continue
        carryover = follow(row.get("carryover"), old_row.get("total"), new_spent["total"], factor)
        this_year = new_spent["total"] - (carryover or ZERO)
        parts = apportion(this_year, [row.get(c) for c in INCOME_SOURCES])
        if all(p is None for p in parts):
            parts = [this_year if c == "general_public_budget" else None for c in INCOME_SOURCES]
        row.update(dict(zip(INCOME_SOURCES, parts, strict=True)), carryover=carryover)
        row["total"] = _sum(parts)
    _sum_hierarchy(rows, INCOME_COLUMNS)
    variation.new["income_by_function"] = rows
    _set_total(variation, "income_by_function", rows, INCOME_COLUMNS)
    return {r["code"]: r for r in rows}


def _vary_fund_table(
    variation: Variation,
    key: str,
    source: str,
    dropped: set[str],
    spent: Mapping[str, Row],
    income: Mapping[str, Row],
) -> None:
    """表5 (一般公共预算) or 政府性基金支出表: each leaf's total is its income from ``source``,
    split into 基本/项目 as 支出总表 splits it."""
    old_rows = variation.old.get(key)
    if old_rows is None:
        return
    old_spent = {r["code"]: r for r in variation.old.get("functional_expenditure") or []}
    rows = [dict(r) for r in _without(old_rows, dropped)]
    leaves = set(leaf_codes(rows))
    for row in rows:
        code = row["code"]
        if code not in leaves:
            continue
        factor = variation.leaf_factor.setdefault(code, variation.jitter())
        income_row, spent_row, old_spent_row = (
            income.get(code),
            spent.get(code),
            old_spent.get(code),
        )
        total = income_row.get(source) if income_row else None
        if not isinstance(total, Decimal):
            total = scaled(row.get("total"), factor)
        basic = row.get("basic")
        if spent_row is not None and old_spent_row is not None:
            basic = follow(basic, old_spent_row.get("basic"), spent_row.get("basic"), factor)
        else:
            basic = scaled(basic, factor)
        if isinstance(basic, Decimal) and isinstance(total, Decimal) and basic > total:
            basic = total
        project = (total or ZERO) - (basic or ZERO) if isinstance(total, Decimal) else None
        row.update(total=total, basic=basic, project=_keep_empty(row.get("project"), project))
    _sum_hierarchy(rows, EXPENDITURE_COLUMNS)
    variation.new[key] = rows
    _set_total(variation, key, rows, EXPENDITURE_COLUMNS)


def _vary_plain_coded(variation: Variation, key: str, dropped: set[str]) -> None:
    """A coded table with no counterpart (政府性基金收入表): leaves scaled, parents summed."""
    old_rows = variation.old.get(key)
    if not old_rows:
        return
    rows = [dict(r) for r in _without(old_rows, dropped)]
    columns = sorted({k for r in rows for k, v in r.items() if isinstance(v, Decimal)})
    leaves = set(leaf_codes(rows))
    for row in rows:
        if row["code"] in leaves:
            factor = variation.leaf_factor.setdefault(row["code"], variation.jitter())
            for column in columns:
                row[column] = scaled(row.get(column), factor)
    _sum_hierarchy(rows, columns)
    variation.new[key] = rows
    _set_total(variation, key, rows, columns)


def _classes_by_name(rows: Mapping[str, Row]) -> dict[str, Row]:
    return {str(r.get("name")): r for code, r in rows.items() if len(code) == 3}


def _vary_summary(
    variation: Variation, spent: Mapping[str, Row], income: Mapping[str, Row]
) -> None:
    """表1 收支总表 from 表2 and 表3: sources, 本年收入, 上年结转, classes, totals."""
    old = variation.old.get("summary")
    if not isinstance(old, Mapping):
        return
    new = dict(old)
    totals = variation.new.get("table_totals") or {}
    old_totals = variation.old.get("table_totals") or {}
    income_total, old_income_total = (
        totals.get("income_by_function"),
        old_totals.get("income_by_function"),
    )
    for key, column in SUMMARY_SOURCES.items():
        if income_total is not None:
            new[key] = follow(
                old.get(key),
                (old_income_total or {}).get(column),
                income_total.get(column),
                variation.scale,
            )
        else:
            new[key] = scaled(old.get(key), variation.scale)
    new["current_year_income"] = _keep_empty(
        old.get("current_year_income"), _sum(new.get(k) for k in SUMMARY_SOURCES)
    )
    new["carryover_income"] = (
        follow(
            old.get("carryover_income"),
            (old_income_total or {}).get("carryover"),
            income_total.get("carryover"),
            variation.scale,
        )
        if income_total is not None
        else scaled(old.get("carryover_income"), variation.scale)
    )
    new["income_total"] = _keep_empty(
        old.get("income_total"), _sum([new.get("current_year_income"), new.get("carryover_income")])
    )
    classes = _vary_summary_classes(variation, old, spent, income)
    new["expenditure_by_function"] = classes
    spent_total = totals.get("functional_expenditure")
    current = spent_total.get("total") if spent_total else _sum(c.get("total") for c in classes)
    new["current_year_expenditure"] = current
    for key, column in (
        ("current_year_expenditure_current_budget", "current_budget"),
        ("current_year_expenditure_carryover", "carryover"),
    ):
        new[key] = _keep_empty(old.get(key), _sum(c.get(column) for c in classes))
    new["year_end_carryover"] = scaled(old.get("year_end_carryover"), variation.scale)
    new["expenditure_total"] = _keep_empty(
        old.get("expenditure_total"), _sum([current, new.get("year_end_carryover")])
    )
    for key, anchor in (
        ("expenditure_total_current_budget", "current_year_expenditure_current_budget"),
        ("expenditure_total_carryover", "current_year_expenditure_carryover"),
    ):
        new[key] = follow(old.get(key), old.get(anchor), new.get(anchor), variation.scale)
    if spent_total is not None:
        new["basic_expenditure"] = spent_total.get("basic")
        new["project_expenditure"] = spent_total.get("project")
    # Only the figures the sample's 表1 has (a special-funds disclosure's is one line).
    new = {key: value for key, value in new.items() if key in old}
    for key, item in new.items():
        variation.record(old.get(key), item, primary=True)
    variation.new["summary"] = new


def _vary_summary_classes(
    variation: Variation,
    old: Mapping[str, Any],
    spent: Mapping[str, Row],
    income: Mapping[str, Row],
) -> list[Row]:
    by_name, income_by_code = _classes_by_name(spent), income
    classes = []
    for item in old.get("expenditure_by_function") or []:
        row = dict(item)
        cls = by_name.get(str(item.get("name")))
        if cls is None:
            if spent:  # the 类 was left out of this disclosure
                continue
            for column in ("total", "current_budget", "carryover"):
                row[column] = scaled(row.get(column), variation.scale)
            classes.append(row)
            continue
        carryover = (income_by_code.get(cls["code"]) or {}).get("carryover")
        row["total"] = cls.get("total")
        row["carryover"] = _keep_empty(item.get("carryover"), carryover)
        row["current_budget"] = _keep_empty(
            item.get("current_budget"), (cls.get("total") or ZERO) - (carryover or ZERO)
        )
        variation.record(item.get("total"), row["total"])
        classes.append(row)
    return classes


def _vary_fiscal_grant(variation: Variation, spent: Mapping[str, Row]) -> None:
    """表4 财政拨款收支总表 from 表1 and 表3."""
    old = variation.old.get("fiscal_grant")
    if not isinstance(old, Mapping):
        return
    old_summary, summary = variation.old.get("summary") or {}, variation.new.get("summary") or {}
    new = dict(old)
    for key in ("general_public_budget", "government_fund_budget", "state_capital_budget"):
        new[key] = follow(old.get(key), old_summary.get(key), summary.get(key), variation.scale)
    new["current_year_income"] = _keep_empty(
        old.get("current_year_income"),
        _sum(
            new.get(k)
            for k in ("general_public_budget", "government_fund_budget", "state_capital_budget")
        ),
    )
    carry_keys = (
        "carryover_general_public_budget",
        "carryover_government_fund_budget",
        "carryover_state_capital_budget",
    )
    carry_total = follow(
        old.get("carryover_income"),
        old_summary.get("carryover_income"),
        summary.get("carryover_income"),
        variation.scale,
    )
    if isinstance(carry_total, Decimal):
        for key, part in zip(
            carry_keys, apportion(carry_total, [old.get(k) for k in carry_keys]), strict=True
        ):
            new[key] = _keep_empty(old.get(key), part)
        new["carryover_income"] = carry_total
    new["income_total"] = _keep_empty(
        old.get("income_total"), _sum([new.get("current_year_income"), new.get("carryover_income")])
    )
    new["expenditure_by_function"] = _vary_grant_classes(variation, old, spent)
    classes = new["expenditure_by_function"]
    old_current = old.get("current_year_expenditure") or {}
    current = {
        key: _keep_empty(old_current.get(key), _sum(c.get(key) for c in classes))
        for key in ("total", *FUND_KEYS)
    }
    new["current_year_expenditure"] = {**old_current, **current}
    new["year_end_carryover"] = scaled(old.get("year_end_carryover"), variation.scale)
    old_spent_total = old.get("expenditure_total") or {}
    new["expenditure_total"] = {
        **old_spent_total,
        **{
            key: follow(
                old_spent_total.get(key), old_current.get(key), current.get(key), variation.scale
            )
            for key in ("total", *FUND_KEYS)
        },
    }
    if isinstance(new["expenditure_total"].get("total"), Decimal) or new["year_end_carryover"]:
        new["expenditure_total"]["total"] = _keep_empty(
            old_spent_total.get("total"), _sum([current.get("total"), new["year_end_carryover"]])
        )
    variation.new["fiscal_grant"] = new


def _vary_grant_classes(
    variation: Variation, old: Mapping[str, Any], spent: Mapping[str, Row]
) -> list[Row]:
    by_name = _classes_by_name(spent)
    old_by_name = _classes_by_name(
        {r["code"]: r for r in variation.old.get("functional_expenditure") or []}
    )
    classes = []
    for item in old.get("expenditure_by_function") or []:
        row = dict(item)
        cls, old_cls = by_name.get(str(item.get("name"))), old_by_name.get(str(item.get("name")))
        if cls is None and spent:
            continue
        total = follow(
            item.get("total"),
            (old_cls or {}).get("total"),
            (cls or {}).get("total"),
            variation.scale,
        )
        row["total"] = total
        if isinstance(total, Decimal):
            parts = apportion(total, [item.get(k) for k in FUND_KEYS])
            row.update(
                {k: _keep_empty(item.get(k), p) for k, p in zip(FUND_KEYS, parts, strict=True)}
            )
        classes.append(row)
    return classes


def _vary_economic(variation: Variation) -> None:
    """表6 基本支出分经济科目表: its 合计 is 表5's 基本支出; rows apportioned, categories summed."""
    old = variation.old.get("economic_basic")
    if not isinstance(old, Mapping):
        return
    new = dict(old)
    rows = [dict(r) for r in old.get("rows") or []]
    old_totals = variation.old.get("table_totals") or {}
    totals = variation.new.get("table_totals") or {}
    anchors = [
        ((old_totals.get(key) or {}).get("basic"), (totals.get(key) or {}).get("basic"))
        for key in ("general_public_expenditure", "functional_expenditure")
    ]
    target = follow_any(old.get("total"), anchors, variation.jitter(0.9, 1.1))
    categories = [r for r in rows if r.get("is_category")]
    members = {
        id(c): [
            r for r in rows if not r.get("is_category") and r.get("category") == c.get("dept_item")
        ]
        for c in categories
    }
    units = [m for c in categories for m in (members[id(c)] or [c])]
    if isinstance(target, Decimal) and units:
        shares = apportion(target, [u.get("total") for u in units])
        for row, amount in zip(units, shares, strict=True):
            _split_economic(row, amount)
    unit_ids = {id(u) for u in units}
    for row in rows:
        if not row.get("is_category") and id(row) not in unit_ids:
            _split_economic(row, scaled(row.get("total"), variation.scale))
    for category in categories:
        _sum_columns(category, members[id(category)], ECONOMIC_COLUMNS)
    if categories:
        _sum_columns(new, categories, ECONOMIC_COLUMNS)
    else:
        _split_economic(new, target)
    for column in ECONOMIC_COLUMNS:
        variation.record(old.get(column), new.get(column), primary=True)
    new["rows"] = rows
    variation.new["economic_basic"] = new


ECONOMIC_COLUMNS = ("total", "personnel", "public")


def _sum_columns(row: Row, parts: Sequence[Row], columns: Sequence[str]) -> None:
    """``row``'s columns become the sums of ``parts`` (in place); nothing when there are none."""
    if parts:
        for column in columns:
            row[column] = _keep_empty(row.get(column), _sum(p.get(column) for p in parts))


def _split_economic(row: Row, amount: Any) -> None:
    if not isinstance(amount, Decimal):
        return
    personnel, public = apportion(amount, [row.get("personnel"), row.get("public")])
    if personnel is None and public is None:
        personnel = (
            amount if row.get("personnel") is not None or row.get("public") is None else None
        )
        public = None if personnel is not None else amount
    row.update(total=amount, personnel=personnel, public=public)


def _vary_operating(variation: Variation) -> None:
    """机关运行经费 follows 公用经费 of 表6; the units' rows are apportioned."""
    old_value = variation.old.get("operating_expenses")
    old_economic = variation.old.get("economic_basic") or {}
    economic = variation.new.get("economic_basic") or {}
    value = follow(old_value, old_economic.get("public"), economic.get("public"), variation.scale)
    if "operating_expenses" in variation.old:
        variation.new["operating_expenses"] = value
        variation.record(old_value, value, primary=True)
    detail = variation.old.get("operating_expenses_detail")
    if isinstance(detail, Mapping):
        new = dict(detail)
        total = (
            value if isinstance(value, Decimal) else scaled(detail.get("total"), variation.scale)
        )
        new["total"] = total
        rows = [dict(r) for r in detail.get("rows") or []]
        if isinstance(total, Decimal) and rows:
            for row, amount in zip(
                rows, apportion(total, [r.get("total") for r in rows]), strict=True
            ):
                row["total"] = amount
                if isinstance(amount, Decimal):
                    parts = apportion(amount, [row.get(k) for k in FUND_KEYS])
                    row.update(
                        {
                            k: _keep_empty(row.get(k), p)
                            for k, p in zip(FUND_KEYS, parts, strict=True)
                        }
                    )
        new["rows"] = rows
        variation.new["operating_expenses_detail"] = new


THREE_PUBLIC_PARTS = ("outbound_travel", "reception", "vehicle_purchase", "vehicle_operation")


def _vary_three_public(variation: Variation) -> None:
    """三公: the four parts scaled and jittered; 公务用车 and 合计 are their sums."""
    old = variation.old.get("three_public")
    if not isinstance(old, Mapping):
        return
    new = dict(old)
    for key in THREE_PUBLIC_PARTS:
        new[key] = scaled(old.get(key), variation.jitter())
    vehicle = _sum([new["vehicle_purchase"], new["vehicle_operation"]])
    new["vehicle_total"] = (
        vehicle if vehicle is not None else scaled(old.get("vehicle_total"), variation.scale)
    )
    total = _sum([new["outbound_travel"], new["reception"], new["vehicle_total"]])
    new["total"] = (
        _keep_empty(old.get("total"), total)
        if total is not None
        else scaled(old.get("total"), variation.scale)
    )
    by_fund = old.get("by_fund")
    if isinstance(by_fund, Mapping):
        new["by_fund"] = {}
        for key, funds in by_fund.items():
            amount = new.get(key)
            item = dict(funds)
            if isinstance(amount, Decimal):
                item["total"] = amount
                parts = apportion(amount, [funds.get(k) for k in FUND_KEYS])
                item.update(
                    {k: _keep_empty(funds.get(k), p) for k, p in zip(FUND_KEYS, parts, strict=True)}
                )
            new["by_fund"][key] = item
    for key in ("total", "vehicle_total", *THREE_PUBLIC_PARTS):
        variation.record(old.get(key), new.get(key), primary=True)
    variation.new["three_public"] = new


def _keep_some(rng: random.Random, items: Sequence[Row], share: float) -> list[Row]:
    """``items`` minus about ``share`` of them, never all."""
    kept = [item for item in items if rng.random() >= share]
    return kept or list(items[:1])


def _vary_projects(variation: Variation) -> None:
    """项目支出: 本年 projects' 一般公共预算 add up to 表5's 项目支出, all projects to 表3's."""
    old_projects = variation.old.get("projects")
    old_carried = variation.old.get("carryover_projects")
    if old_projects is None and old_carried is None:
        return
    projects = _projects_kept(variation, old_projects or [])
    carried = _projects_kept(variation, old_carried or [])
    if old_projects is not None:
        variation.new["projects"] = projects
    if old_carried is not None:
        variation.new["carryover_projects"] = carried
    if variation.old.get("special_funds"):
        _vary_special_funds(variation, projects)
        return
    _fill_projects(variation, projects, carried)
    for project in projects:
        sources = _sum(project.get(k) for k in PROJECT_SOURCES)
        if sources is not None:
            project["amount"] = sources
    for project in carried:
        if isinstance(project.get("amount"), Decimal):
            parts = apportion(project["amount"], [project.get(k) for k in PROJECT_SOURCES])
            for key, part in zip(PROJECT_SOURCES, parts, strict=True):
                project[key] = _keep_empty(project.get(key), part)
    _vary_groups(variation, "project_groups", projects)
    _vary_groups(variation, "carryover_project_groups", carried)


def _projects_kept(variation: Variation, old_rows: Sequence[Row]) -> list[Row]:
    """Copies of the projects this disclosure keeps; the variation remembers which is which."""
    kept = {id(p) for p in _keep_some(variation.rng, old_rows, variation.drop_share)}
    rows = []
    for project in old_rows:
        copy = dict(project) if id(project) in kept else None
        variation.projects[id(project)] = copy
        if copy is not None:
            rows.append(copy)
    return rows


def _fill_projects(variation: Variation, projects: list[Row], carried: list[Row]) -> None:
    """Project cells apportioned so the sums the sample agreed on still agree.

    一般公共预算 of this year's projects = 项目支出 of 表5; every project's amount (this year's
    and carried over) = 项目支出 of 表3. A sum the sample did not agree on is only scaled.
    """
    old_totals = variation.old.get("table_totals") or {}
    totals = variation.new.get("table_totals") or {}
    gpb_cells = [
        (p, "general_public_budget")
        for p in projects
        if isinstance(p.get("general_public_budget"), Decimal)
    ]
    rest_cells = [
        (p, k) for p in projects for k in PROJECT_SOURCES[1:] if isinstance(p.get(k), Decimal)
    ]
    rest_cells += [(p, "amount") for p in carried if isinstance(p.get("amount"), Decimal)]
    rest_cells += [
        (p, "amount")
        for p in projects
        if not any(isinstance(p.get(k), Decimal) for k in PROJECT_SOURCES)
    ]
    old_projects = variation.old.get("projects") or []
    old_all = [*old_projects, *(variation.old.get("carryover_projects") or [])]
    gp_project = (totals.get("general_public_expenditure") or {}).get("project")
    fe_project = (totals.get("functional_expenditure") or {}).get("project")
    gpb_agreed = _agree(
        _sum(p.get("general_public_budget") for p in old_projects),
        (old_totals.get("general_public_expenditure") or {}).get("project"),
        gp_project,
    )
    all_agreed = _agree(
        _sum(p.get("amount") for p in old_all),
        (old_totals.get("functional_expenditure") or {}).get("project"),
        fe_project,
    )
    if gpb_agreed:
        _fill(gpb_cells, gp_project)
        if all_agreed:
            _fill(rest_cells, fe_project - (_sum(row[key] for row, key in gpb_cells) or ZERO))
    elif all_agreed:
        _fill([*gpb_cells, *rest_cells], fe_project)
    unfilled = [] if gpb_agreed or all_agreed else gpb_cells
    unfilled += [] if all_agreed else rest_cells
    factor = variation.jitter()
    for project, key in unfilled:
        project[key] = scaled(project[key], factor)


def _agree(old_sum: Any, old_anchor: Any, new_anchor: Any) -> bool:
    """The old sum agreed with its anchor, and the anchor has a new value to take."""
    return (
        isinstance(old_sum, Decimal)
        and isinstance(old_anchor, Decimal)
        and isinstance(new_anchor, Decimal)
        and _close(old_sum, old_anchor)
    )


def _fill(cells: Sequence[tuple[Row, str]], target: Any) -> None:
    """Apportion ``target`` over the (row, key) cells by their current amounts."""
    if not cells or not isinstance(target, Decimal):
        return
    if target < 0:
        target = ZERO
    for (row, key), amount in zip(cells, apportion(target, [r[k] for r, k in cells]), strict=True):
        row[key] = amount


GROUP_COLUMNS = ("amount", *PROJECT_SOURCES)


def _vary_groups(variation: Variation, key: str, projects: Sequence[Row]) -> None:
    """Unit subtotals are the sums of their projects; the department's, of the units'."""
    old_groups = variation.old.get(key)
    if old_groups is None:
        return
    groups = []
    for group in old_groups:
        new = dict(group)
        if group.get("level") == "unit":
            members = [p for p in projects if p.get("unit") == group.get("name")]
            if not members:
                continue
            for column in GROUP_COLUMNS:
                new[column] = _keep_empty(group.get(column), _sum(m.get(column) for m in members))
        groups.append(new)
    units = [g for g in groups if g.get("level") == "unit"]
    for group in groups:
        if group.get("level") == "department":
            parts = units or list(projects)
            for column in GROUP_COLUMNS:
                group[column] = _keep_empty(group.get(column), _sum(p.get(column) for p in parts))
    old_by_name = {(g.get("level"), g.get("name")): g for g in old_groups}
    for group in groups:
        old = old_by_name.get((group.get("level"), group.get("name"))) or {}
        variation.record(old.get("amount"), group.get("amount"))
    variation.new[key] = groups


def _vary_special_funds(variation: Variation, projects: list[Row]) -> None:
    """A special-funds disclosure: projects jittered; its total and categories their sums."""
    for project in projects:
        project["amount"] = scaled(project.get("amount"), variation.jitter())
    old = variation.old["special_funds"]
    new = dict(old)
    new["total"] = _sum(p.get("amount") for p in projects)
    categories = []
    for category in old.get("categories") or []:
        members = [p for p in projects if p.get("category") == category.get("category")]
        if not members:
            continue
        categories.append(
            {**category, "count": len(members), "amount": _sum(m.get("amount") for m in members)}
        )
    new["categories"] = categories
    variation.record(old.get("total"), new["total"], primary=True)
    variation.new["special_funds"] = new
    summary = variation.new.get("summary")
    old_project = (variation.old.get("summary") or {}).get("project_expenditure")
    if isinstance(summary, Mapping) and _agree(old_project, old.get("total"), new["total"]):
        variation.new["summary"] = {**summary, "project_expenditure": new["total"]}


def _vary_targets(variation: Variation) -> None:
    """绩效目标表: forms of projects left out go; a form's funds follow its project's amount."""
    old_targets = variation.old.get("performance_targets")
    if old_targets is None:
        return
    old_projects = variation.old.get("projects") or []
    targets = []
    for number, form in enumerate(old_targets):
        index = variation.form_projects[number] if number < len(variation.form_projects) else None
        old_project = old_projects[index] if index is not None else None
        project = variation.projects.get(id(old_project)) if old_project is not None else None
        if old_project is not None and project is None:
            continue  # its project was left out of this disclosure
        targets.append(_vary_form(variation, form, old_project, project))
    variation.new["performance_targets"] = targets


def form_projects(parsed: Mapping[str, Any]) -> tuple[int | None, ...]:
    """For each performance form, the index of its project in ``parsed["projects"]``.

    Matched as the forms' check matches them (``ingest.forms``: by name, twins by amount,
    printed duplicates skipped), so a form that agreed with its project still agrees.
    """
    projects = list(parsed.get("projects") or [])
    left = list(range(len(projects)))
    found: list[int | None] = []
    for form in parsed.get("performance_targets") or []:
        index = None
        if not form.get("duplicate_of_line"):
            index = _form_project(form, projects, left)
        if index is not None:
            left.remove(index)
        found.append(index)
    return tuple(found)


def _form_project(form: Mapping[str, Any], projects: Sequence[Row], left: list[int]) -> int | None:
    match = _optional("ingest.forms", "match_project")
    key = _optional("ingest.forms", "name_key") or str
    candidates = [projects[i] for i in left]
    if match is None:
        project = next((p for p in candidates if p.get("name") == form.get("project")), None)
    else:
        project = match(form.get("project"), candidates)
    annual = form.get("annual_funds_yuan")
    if project is not None and isinstance(annual, Decimal):
        twins = [p for p in candidates if p.get("name") and key(p["name"]) == key(project["name"])]
        project = min(
            twins,
            key=lambda p: abs((p.get("amount") or ZERO) * YUAN_PER_WAN - annual),
            default=project,
        )
    return next((i for i in left if projects[i] is project), None)


def _vary_form(
    variation: Variation, form: Mapping[str, Any], old_project: Row | None, project: Row | None
) -> Row:
    new = dict(form)
    old_annual = form.get("annual_funds_yuan")
    old_amount = (old_project or {}).get("amount")
    new_amount = (project or {}).get("amount")
    if isinstance(old_amount, Decimal) and isinstance(new_amount, Decimal):
        if (
            isinstance(old_annual, Decimal)
            and abs(old_annual - old_amount * YUAN_PER_WAN) <= FORM_TOLERANCE_YUAN
        ):
            annual = new_amount * YUAN_PER_WAN
        else:
            annual = follow(
                old_annual, old_amount * YUAN_PER_WAN, new_amount * YUAN_PER_WAN, variation.scale
            )
    else:
        annual = scaled(old_annual, variation.scale)
    if isinstance(annual, Decimal):
        annual = annual.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    new["annual_funds_yuan"] = annual
    ratio = annual / old_annual if isinstance(annual, Decimal) and old_annual else variation.scale
    period = form.get("period_funds_yuan")
    new["period_funds_yuan"] = (
        (period * ratio).quantize(Decimal(1)) if isinstance(period, Decimal) else period
    )
    funds = form.get("funds")
    if isinstance(funds, Mapping) and isinstance(annual, Decimal):
        keys = list(funds)
        # apportion() works to the cent of its total; in hundredths of the yuan amount, its
        # cents are whole yuan.
        parts = apportion(annual / 100, [funds[k] for k in keys])
        new["funds"] = {
            k: (p * 100 if isinstance(p, Decimal) else funds[k])
            for k, p in zip(keys, parts, strict=True)
        }
    indicators = form.get("indicators")
    if isinstance(indicators, list) and indicators:
        new["indicators"] = [
            dict(i) for i in _keep_some(variation.rng, indicators, variation.drop_share)
        ]
    return new


def _vary_remaining(variation: Variation, handled: set[str]) -> None:
    """Amounts of parts no rule above knows (new parser output): scaled by the disclosure's size."""
    for key, value in variation.old.items():
        if key in handled or key in UNTOUCHED_KEYS:
            continue
        variation.new[key] = _scale_all(value, variation.scale)  # old is the renamed copy


def _scale_all(value: Any, factor: Decimal) -> Any:
    if isinstance(value, dict):
        return {k: _scale_all(v, factor) for k, v in value.items()}
    if isinstance(value, list):
        return [_scale_all(v, factor) for v in value]
    return scaled(value, factor)


UNTOUCHED_KEYS = frozenset(
    {
        "source",
        "kind",
        "entity",
        "entity_scope",
        "region",
        "fiscal_year",
        "amount_unit",
        "identity_lines",
        "tables",
        "missing_tables",
        "unreadable",
        "notes",
        "errors",
        "validation",
        "validation_summary",
        "operating_expenses_lines",
        "narrative",
        "glossary",
        "stated_changes",
    }
)
HANDLED_KEYS = frozenset(
    {
        *FUNCTIONAL_KEYS,
        "table_totals",
        "summary",
        "fiscal_grant",
        "economic_basic",
        "operating_expenses",
        "operating_expenses_detail",
        "three_public",
        "projects",
        "carryover_projects",
        "project_groups",
        "carryover_project_groups",
        "special_funds",
        "performance_targets",
        "procurement",
    }
)


def _vary_procurement(variation: Variation) -> None:
    """政府采购 (from the narrative): parts scaled; the total is their sum when it was."""
    old = variation.old.get("procurement")
    if not isinstance(old, Mapping):
        return
    new = dict(old)
    factor = variation.jitter()
    for key in ("goods", "works", "services"):
        new[key] = scaled(old.get(key), factor)
    parts = _sum(new.get(k) for k in ("goods", "works", "services"))
    old_parts = _sum(old.get(k) for k in ("goods", "works", "services"))
    if (
        isinstance(old.get("total"), Decimal)
        and parts is not None
        and old_parts is not None
        and _close(old["total"], old_parts)
    ):
        new["total"] = parts
    else:
        new["total"] = scaled(old.get("total"), factor)
    for key in ("total", "goods", "works", "services"):
        variation.record(old.get(key), new.get(key), primary=True)
    variation.new["procurement"] = new


def vary_figures(
    old: Mapping[str, Any],
    new: dict[str, Any],
    rng: random.Random,
    scale: Decimal,
    drop_share: float = 0.15,
    form_projects: Sequence[int | None] = (),
) -> dict[Decimal, Decimal]:
    """Fill ``new`` (a renamed copy of ``old``) with varied, reconciling figures.

    Returns the old -> new amounts that are unambiguous, for rewriting prose and source text.
    """
    variation = Variation(
        old=old,
        new=new,
        rng=rng,
        scale=scale,
        drop_share=drop_share,
        leaf_factor={},
        values={},
        projects={},
        primary={},
        form_projects=form_projects,
    )
    if isinstance(old.get("table_totals"), Mapping):
        new["table_totals"] = dict(old["table_totals"])
    dropped = _drop_codes(variation)
    spent = _vary_expenditure(variation, dropped)
    income = _vary_income(variation, dropped, spent)
    _vary_fund_table(
        variation, "general_public_expenditure", "general_public_budget", dropped, spent, income
    )
    _vary_fund_table(
        variation, "government_fund_expenditure", "government_fund", dropped, spent, income
    )
    _vary_plain_coded(variation, "government_fund_income", dropped)
    _vary_summary(variation, spent, income)
    _vary_fiscal_grant(variation, spent)
    _vary_economic(variation)
    _vary_operating(variation)
    _vary_three_public(variation)
    _vary_projects(variation)
    _vary_targets(variation)
    _vary_procurement(variation)
    _vary_remaining(variation, set(HANDLED_KEYS))
    for key in FUNCTIONAL_KEYS:
        old_rows = {r.get("code"): r for r in old.get(key) or []}
        for row in new.get(key) or []:
            for column, amount in (old_rows.get(row.get("code")) or {}).items():
                variation.record(amount, row.get(column))
    return variation.amounts()


# --- prose and source text -------------------------------------------------------------------

_WAN_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)(\s*万元)")
_CLAUSE_END = re.compile(r"[。;；]")
_PERCENT_AFTER = re.compile(r"\s*[，,]?\s*(?:增长|下降|增加|减少|上升|降低)\s*(\d+(?:\.\d+)?)\s*%")
_CHANGE = re.compile(
    r"(?:比(?:上年|上一年|\d{4}年)(?:预算数?)?|与上年相比(?:预算数)?)"
    r"(?:增加|减少|增长|下降|上升|降低|压减)\s*$"
)
_SHARE = re.compile(r"\s*[，,]?\s*占[^0-9%。；;]{0,12}?(\d+(?:\.\d+)?)(\s*%)")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except ArithmeticError:
        return None


def _shown(value: Decimal, like: str, places: int | None = None) -> str:
    """``value`` written as ``like`` writes its number: thousands separators, decimals."""
    if places is None:
        places = len(like.split(".")[1]) if "." in like else 0
    amount = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{amount:,.{places}f}" if "," in like else f"{amount:.{places}f}"


def _changed(
    old: Decimal, old_current: Decimal, new_current: Decimal, verb: str, text: str, end: int
) -> Decimal:
    """The new size of a stated change on the previous year.

    With a stated percentage after it ("…，下降32.23%") the change is derived from the new
    current figure and that percentage, so the percentage still holds at its precision;
    otherwise it keeps its ratio to the current figure.
    """
    percent = _PERCENT_AFTER.match(text, end)
    if percent is None:
        return cents(old * new_current / old_current)
    rate = Decimal(percent.group(1)) / 100
    down = any(word in verb for word in ("减少", "下降", "降低", "压减"))
    if down and rate >= 1:
        return cents(old * new_current / old_current)
    previous = new_current / (1 - rate) if down else new_current / (1 + rate)
    return cents(abs(previous - new_current))


def rewrite_amounts(text: str, values: Mapping[Decimal, Decimal]) -> str:
    """A sentence of the prose with the new figures, written in the same style.

    "…2,373.00万元…" gets the new amount when the old one is known; a change on the previous
    year ("…万元，比上年增加251.76万元，增长12.46%") keeps its ratio to the amount before it, so
    the stated percentage still holds; a share ("…万元，占10.66%") is recomputed against the
    first amount of the sentence, as the national template words it.
    """
    if not values or "万元" not in text:
        return text
    matches = list(_WAN_AMOUNT.finditer(text))
    olds = [_decimal(m.group(1)) for m in matches]
    news: list[Decimal | None] = []
    first = 0  # the first amount of the current clause: what a change is measured against
    for i, (match, old) in enumerate(zip(matches, olds, strict=True)):
        if i and _CLAUSE_END.search(text, matches[i - 1].end(), match.start()):
            first = i
        new = values.get(old) if old is not None else None
        change = _CHANGE.search(text[matches[i - 1].end() : match.start()]) if i > first else None
        if change and old is not None and olds[first] and news[first] is not None:
            new = _changed(old, olds[first], news[first], change.group(0), text, match.end())
        news.append(new)
    pieces, position = [], 0
    for i, match in enumerate(matches):
        new = news[i]
        pieces.append(text[position : match.start()])
        pieces.append(
            _shown(new, match.group(1), 2) + match.group(2) if new is not None else match.group(0)
        )
        position = match.end()
        share = _SHARE.match(text, position) if i else None
        whole = news[0] if news and news[0] is not None else olds[0] if olds else None
        amount = new if new is not None else olds[i]
        if share and whole and amount is not None and news[0] is not None:
            percent = amount * 100 / whole
            pieces.append(text[position : share.start(1)] + _shown(percent, share.group(1)))
            position = share.end(1)
    pieces.append(text[position:])
    return "".join(pieces)


_FORM_COUNT = re.compile(r"(公开项目绩效目标)(\d+)(个)")


def rewrite_form_count(text: str, old_count: int, new_count: int) -> str:
    """ "公开项目绩效目标21个" with the number of forms the varied disclosure prints."""
    if old_count == new_count or "公开项目绩效目标" not in text:
        return text
    return _FORM_COUNT.sub(
        lambda m: (
            f"{m.group(1)}{new_count}{m.group(3)}" if int(m.group(2)) == old_count else m.group(0)
        ),
        text,
    )


def _form_count(parsed: Mapping[str, Any]) -> int:
    return sum(1 for t in parsed.get("performance_targets") or [] if not t.get("duplicate_of_line"))


def _row_cells(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[tuple[int, str, str]]:
    """(line, old cell text, new cell text) of a one-line row whose amounts changed."""
    lines = old.get("lines")
    if not (isinstance(lines, (list, tuple)) and len(lines) == 2 and lines[0] == lines[1]):
        return
    for key, value in old.items():
        other = new.get(key)
        if isinstance(value, Decimal) and isinstance(other, Decimal) and value != other:
            yield lines[0], f"{value:.2f}", f"{other:.2f}"


def _table_rows(parsed: Mapping[str, Any]) -> Iterator[tuple[str, Sequence[Row]]]:
    for key in (
        *FUNCTIONAL_KEYS,
        "projects",
        "carryover_projects",
        "project_groups",
        "carryover_project_groups",
    ):
        rows = parsed.get(key)
        if isinstance(rows, list):
            yield key, rows
    economic = parsed.get("economic_basic")
    if isinstance(economic, Mapping):
        yield "economic_basic", economic.get("rows") or []
    for key, total in (parsed.get("table_totals") or {}).items():
        if isinstance(total, Mapping):
            yield f"table_totals:{key}", [total]


def rewrite_source_text(
    text: str, old: Mapping[str, Any], new: Mapping[str, Any], prose: Callable[[str], str]
) -> str:
    """The sample's text with the new amounts in the cells the parse cites, and in the prose.

    Only tab-separated lines are rewritten cell by cell (the samples' layout); other layouts
    keep their table cells. Line numbers never change.
    """
    changes: dict[int, list[tuple[str, str]]] = {}
    new_tables = dict(_table_rows(new))
    for key, old_rows in _table_rows(old):
        new_rows = new_tables.get(key) or []
        by_lines = {tuple(r.get("lines") or ()): r for r in new_rows}
        for row in old_rows:
            other = by_lines.get(tuple(row.get("lines") or ()))
            if other is not None:
                for line, before, after in _row_cells(row, other):
                    changes.setdefault(line, []).append((before, after))
    lines = text.split("\n")
    for number, pairs in changes.items():
        if 1 <= number <= len(lines) and "\t" in lines[number - 1]:
            lines[number - 1] = _rewrite_cells(lines[number - 1], pairs)
    # Prose lines (no cells) get their "…万元" figures; table lines keep names like "资金300万元".
    return "\n".join(line if "\t" in line else prose(line) for line in lines)


def _rewrite_cells(line: str, pairs: Sequence[tuple[str, str]]) -> str:
    cells = line.split("\t")
    used: set[int] = set()
    for before, after in pairs:
        for i, cell in enumerate(cells):
            if i not in used and cell.strip().replace(",", "") == before:
                cells[i] = after
                used.add(i)
                break
    return "\t".join(cells)


# --- the whole disclosure ------------------------------------------------------------------


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def disclosure_revalidate(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """The validation report of a (varied) parse, computed as ``parse_document`` computes it:
    the table checks, then the forms' and the narrative's checks when those stages exist."""
    checks = validate(parsed)
    form_funds = _optional("ingest.forms", "check_form_funds")
    if form_funds is not None and "performance_targets" in parsed:
        checks += form_funds(parsed["performance_targets"], parsed.get("projects") or [])
    narrative = parsed.get("narrative")
    check_narrative = _optional("ingest.narrative", "check_narrative")
    if check_narrative is not None and narrative:
        checks += check_narrative(narrative, parsed)
    return checks


def sample_prepare(index: int, filename: str, parsed: Mapping[str, Any], text: str) -> Sample:
    """A parsed sample and its decoded text, with what every variation of it needs."""
    return Sample(
        index=index,
        filename=filename,
        parsed=parsed,
        text=text,
        form_projects=form_projects(parsed),
    )


# Parts of the parse whose strings never hold the organization's or region's name or a year:
# they are shared with the sample, not copied (varying copies the rows it changes).
NAMELESS_KEYS = frozenset(
    {*FUNCTIONAL_KEYS, "economic_basic", "validation", "validation_summary", "state_capital"}
)


def disclosure_vary(
    sample: Sample,
    plan: DisclosurePlan,
    *,
    seed: int = 1,
    drop_share: float = 0.15,
) -> tuple[dict[str, Any], str]:
    """A new disclosure for ``plan`` from a sample: (parse, source text).

    Deterministic for (sample, plan, seed). The parse has the sample's shape, the plan's names,
    region and year, varied amounts that reconcile, a fresh validation report, and a sha256 of
    the returned text (encoded as UTF-8).
    """
    parsed = sample.parsed
    rng = random.Random(f"{seed}:{plan.number}")
    rename = renamer_for(parsed, plan)
    # One copy with the new names serves as the "old" figures; the varied parts replace its
    # top-level entries in a shallow copy (the rules never change a row in place).
    renamed = {
        key: value if key in NAMELESS_KEYS else copy_strings(value, rename)
        for key, value in parsed.items()
        if key not in ("validation", "validation_summary")
    }
    new = dict(renamed)
    new.update(entity=plan.entity, region=plan.region, fiscal_year=plan.fiscal_year)
    values = vary_figures(renamed, new, rng, plan.scale, drop_share, sample.form_projects)
    counts = (_form_count(renamed), _form_count(new))

    def prose(line: str) -> str:
        return rewrite_form_count(rewrite_amounts(line, values), *counts)

    if new.get("narrative"):
        new["narrative"] = copy_strings(new["narrative"], prose)
    text = rewrite_source_text(rename(sample.text), renamed, new, prose)
    text = text.rstrip("\n") + f"\n{SYNTHETIC_NOTE} #{seed}-{plan.number}\n"
    data = text.encode("utf-8")
    source = dict(new.get("source") or {})
    source.update(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=synthetic_filename(plan),
        encoding="utf-8",
    )
    new["source"] = source
    checks = disclosure_revalidate(new)
    new["validation"] = checks
    new["validation_summary"] = summarize(checks)
    return new, text


def synthetic_filename(plan: DisclosurePlan) -> str:
    """The file name a generated disclosure is stored under (ASCII, unique in the corpus)."""
    return f"synthetic-{plan.number:06d}-{plan.fiscal_year}.txt"


def check_outcomes(checks: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Check name -> "pass" / "fail" / "skipped" (a name seen twice keeps its worst)."""
    order = {"pass": 0, "skipped": 1, "fail": 2}
    outcomes: dict[str, str] = {}
    for check in checks:
        name, status = str(check.get("check")), str(check.get("status"))
        if order.get(status, 0) >= order.get(outcomes.get(name, "pass"), 0):
            outcomes[name] = status
    return outcomes
