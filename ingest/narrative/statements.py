"""What the narrative states in figures: procurement, changes on the prior year, totals, shares.

The national template words these sentences the same way in every disclosure
("预算收入总计2,373.00万元", "比上年减少2744.19万元,下降53.63%", "基本支出
1077.76万元,占45.42%", "政府采购预算总额33.14万元。其中:政府采购货物预算
5.89万元"), so each figure is read with a pattern anchored on its wording and
cites the line of the paragraph it comes from. Amounts are in the document's
unit (万元) as ``Decimal``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from ingest.normalize import compact

_NUMBER = r"(\d[\d,，]*(?:\.\d+)?)"
_AMOUNT = _NUMBER + r"\s*万元"
_PERCENT = r"(\d+(?:\.\d+)?)\s*%"
_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低", "压减")


def to_decimal(text: str) -> Decimal | None:
    """ "2,373.00" -> Decimal("2373.00"); None if it is not a number."""
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except (InvalidOperation, AttributeError):
        return None


def _paragraphs(section: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from section.get("paragraphs", [])
    for sub in section.get("subsections", []):
        yield from sub.get("paragraphs", [])


def _sections(narrative: list[dict[str, Any]], *words: str) -> Iterator[dict[str, Any]]:
    for section in narrative:
        if any(word in section.get("heading", "") for word in words):
            yield section


def _find(
    narrative: list[dict[str, Any]], headings: tuple[str, ...], pattern: str
) -> Iterator[tuple[re.Match[str], dict[str, Any]]]:
    """Matches of ``pattern`` in the paragraphs of sections headed by one of ``headings``."""
    rx = re.compile(pattern)
    for section in _sections(narrative, *headings):
        for paragraph in _paragraphs(section):
            for match in rx.finditer(compact(paragraph["text"])):
                yield match, paragraph


def _first(
    narrative: list[dict[str, Any]], headings: tuple[str, ...], pattern: str
) -> dict[str, Any] | None:
    for match, paragraph in _find(narrative, headings, pattern):
        value = to_decimal(match.group(1))
        if value is not None:
            return {"value": value, "lines": list(paragraph["lines"])}
    return None


# --- procurement ----------------------------------------------------------------------------


def extract_procurement(narrative: list[dict[str, Any]]) -> dict[str, Any] | None:
    """``{"total", "goods", "works", "services", "lines"}`` from 政府采购情况, in 万元.

    None when the narrative has no procurement section; zeros when it says the
    unit has none (无政府采购).
    """
    # A 决算 states it under "(二)政府采购支出情况" of its 其他重要事项: sub-sections count.
    units = [unit for s in narrative for unit in (s, *s.get("subsections", []))]
    sections = [
        {**unit, "subsections": []} if unit not in narrative else unit
        for unit in units
        if "政府采购" in unit.get("heading", "")
    ]
    if not sections:
        return None
    found: dict[str, Any] = {"total": None, "goods": None, "works": None, "services": None}
    lines: list[int] = []
    # A budget's "政府采购预算总额33.14万元…货物预算5.89万元", a 决算's "政府采购金额(以合同
    # 签订为准)为21.07万元，其中：货物采购金额21.07万元".
    patterns = {
        "total": r"政府采购(?:预算)?(?:总额|金额)?(?:[(（]以合同签订为准[)）])?(?:为)?" + _AMOUNT,
        "goods": r"货物(?:类)?(?:采购)?(?:预算|金额)?(?:为)?" + _AMOUNT,
        "works": r"工程(?:类)?(?:采购)?(?:预算|金额)?(?:为)?" + _AMOUNT,
        "services": r"服务(?:类)?(?:采购)?(?:预算|金额)?(?:为)?" + _AMOUNT,
    }
    for key, pattern in patterns.items():
        for match, paragraph in _find(sections, ("政府采购",), pattern):
            found[key] = to_decimal(match.group(1))
            lines.extend(paragraph["lines"])
            break
    text = "".join(compact(p["text"]) for s in sections for p in _paragraphs(s))
    if found["total"] is None and re.search(r"无政府采购|没有政府采购|未安排政府采购", text):
        found = dict.fromkeys(found, Decimal(0))
        lines = [p["lines"][0] for s in sections for p in _paragraphs(s)][:1] * 2
    if all(value is None for value in found.values()):
        return None
    found["lines"] = [min(lines), max(lines)] if lines else list(sections[0]["lines"])
    return found


# --- stated changes --------------------------------------------------------------------------

_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("收入预算", r"预算收入总计"),
    ("支出预算", r"预算支出总计"),
    ("一般公共预算当年支出", r"一般公共预算当年(?:支出|拨款)"),
    ("三公经费", r"[\"“]?三公[\"”]?经费(?:预算)?"),
    ("因公出国(境)费", r"因公出国[(（]境[)）]费(?:用)?"),
    ("公务接待费", r"公务接待费"),
    ("公务用车购置及运行费", r"公务用车购置及运行(?:维护)?费"),
    ("公务用车运行维护费", r"公务用车运行(?:维护)?费"),
    ("公务用车购置费", r"公务用车购置费"),
    ("机关运行经费", r"机关运行经费(?:财政拨款)?(?:预算)?"),
)
_CHANGE = re.compile(
    r"比(?:上年|上一年|\d{4}年)(?:预算(?:数)?)?(?:相比)?(?P<dir>"
    + "|".join(_UP + _DOWN)
    + r")"
    + _AMOUNT
    + r"(?:[,，](?:"
    + "|".join(_UP + _DOWN)
    + r")"
    + _PERCENT
    + ")?"
)
_CHANGE_AFTER = re.compile(
    r"与上年相比(?:预算数)?(?P<dir>" + "|".join(_UP + _DOWN) + r")" + _AMOUNT
)
_SAME = re.compile(r"与(?:上年|上一年|\d{4}年)(?:预算数|预算)?(?:相同|持平)|与上年持平")
_REASON = re.compile(
    r"(?:主要原因是|原因是|原因一是|主要原因:|原因:)(?P<reason>[^;；。]*(?:[;；。]二是[^;；。]*)*)"
)


def extract_stated_changes(narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes on the prior year the text states, one per subject and clause.

    Each: ``{"subject", "current", "previous", "change", "direction", "percent",
    "reason", "lines"}``; ``change`` is signed, ``previous`` is ``current - change``
    and ``percent`` as stated (None when the text gives none).
    """
    changes: list[dict[str, Any]] = []
    headings = ("变动情况", "规模变化", "三公", "机关运行经费")
    units = [u for s in narrative for u in (s, *s.get("subsections", []))]
    for unit in units:
        if not any(word in unit.get("heading", "") for word in headings):
            continue
        for paragraph in unit.get("paragraphs", []):
            for clause in _clauses(compact(paragraph["text"])):
                change = _read_change(clause)
                if change is not None:
                    change["lines"] = list(paragraph["lines"])
                    changes.append(change)
    return changes


def _clauses(text: str) -> list[str]:
    """Sentences and ；-clauses, keeping a reason attached to the clause it explains."""
    parts = re.split(r"(?<=[。;；])", text)
    return [part for part in parts if part]


def _read_change(clause: str) -> dict[str, Any] | None:
    subject, position = _subject_of(clause)
    if subject is None:
        return None
    amount = re.compile(_AMOUNT).search(clause, position)
    current = to_decimal(amount.group(1)) if amount else None
    result: dict[str, Any] = {"subject": subject, "current": current}
    moved = _CHANGE.search(clause, position) or _CHANGE_AFTER.search(clause, position)
    if moved:
        size = to_decimal(moved.group(2))
        sign = -1 if moved.group("dir") in _DOWN else 1
        change = size * sign if size is not None else None
        percent = to_decimal(moved.group(3)) if moved.lastindex and moved.lastindex >= 3 else None
        result.update(
            change=change,
            direction="减少" if sign < 0 else "增加",
            percent=percent,
        )
    elif _SAME.search(clause, position):
        result.update(change=Decimal(0), direction="持平", percent=Decimal(0))
    else:
        return None
    change = result["change"]
    result["previous"] = current - change if current is not None and change is not None else None
    reason = _REASON.search(clause)
    result["reason"] = reason.group("reason").strip(",，") if reason else None
    return result


def _subject_of(clause: str) -> tuple[str | None, int]:
    """The first subject named in a clause and where its figure starts."""
    best: tuple[int, str | None, int] = (len(clause) + 1, None, 0)
    for subject, pattern in _SUBJECTS:
        match = re.search(pattern, clause)
        if match and match.start() < best[0]:
            best = (match.start(), subject, match.end())
    return best[1], best[2]


# --- figures -------------------------------------------------------------------------------

_FIGURES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("income_total", ("变动情况",), r"预算收入总计" + _AMOUNT),
    ("current_year_income", ("变动情况",), r"本年收入" + _AMOUNT),
    ("carryover_income", ("变动情况",), r"上年结转" + _AMOUNT),
    ("expenditure_total", ("变动情况",), r"预算支出总计" + _AMOUNT),
    ("income", ("收入预算情况",), r"预算收入" + _AMOUNT),
    ("expenditure", ("支出预算情况",), r"支出预算" + _AMOUNT),
    ("basic_expenditure", ("支出预算情况",), r"基本支出" + _AMOUNT),
    ("project_expenditure", ("支出预算情况",), r"项目支出" + _AMOUNT),
    ("fiscal_grant_total", ("财政拨款收支",), r"财政拨款收支总预算" + _AMOUNT),
    (
        "general_public_current",
        ("一般公共预算支出情况",),
        r"一般公共预算当年(?:支出|拨款)" + _AMOUNT,
    ),
    ("general_public_basic", ("基本支出情况",), r"基本支出" + _AMOUNT),
    ("personnel", ("基本支出情况",), r"人员经费" + _AMOUNT),
    ("public", ("基本支出情况",), r"公用经费" + _AMOUNT),
    ("three_public", ("三公",), r"三公[\"”]?经费(?:预算)?(?:为)?" + _AMOUNT),
    (
        "operating_expenses",
        ("机关运行经费",),
        r"机关运行经费(?:财政拨款)?(?:预算)?(?:为)?" + _AMOUNT,
    ),
    ("performance_funds", ("绩效",), r"涉及(?:部门|单位)?预算资金" + _AMOUNT),
    ("performance_basic", ("绩效",), r"其中基本支出" + _AMOUNT),
    ("performance_project", ("绩效",), r"(?<!其中基本支出)项目支出" + _AMOUNT),
    ("performance_project_amount", ("绩效",), r"公开项目绩效目标\d+个[,，]涉及项目金额" + _AMOUNT),
    ("performance_project_share", ("绩效",), r"占部门[(（]单位[)）]项目支出总额的" + _PERCENT),
    ("performance_project_count", ("绩效",), r"公开项目绩效目标(\d+)个"),
    (
        "managed_project_count",
        ("绩效",),
        r"(?:纳入绩效目标管理的二级项目|实行绩效管理的项目)(\d+)个",
    ),
    ("special_funds_total", ("专项资金",), r"项目支出预算共计" + _AMOUNT),
)
_NONE_STATED = (
    ("three_public", ("三公",), r"无[\"“]?三公[\"”]?经费"),
    ("operating_expenses", ("机关运行经费",), r"无机关运行经费"),
)


def extract_narrative_figures(narrative: list[dict[str, Any]]) -> dict[str, Any]:
    """Every figure the narrative states, by name, each ``{"value", "lines"}``.

    Lists: ``income_sources`` and ``functions`` (amount with its stated share of
    the total it belongs to), ``function_totals`` (section 四), ``special_projects``
    (a special-funds disclosure's budget per project).
    """
    figures: dict[str, Any] = {}
    for name, headings, pattern in _FIGURES:
        found = _first(narrative, headings, pattern)
        if found is not None:
            figures[name] = found
    for name, headings, pattern in _NONE_STATED:
        if name not in figures and any(True for _ in _find(narrative, headings, pattern)):
            first = next(_find(narrative, headings, pattern))[1]
            figures[name] = {"value": Decimal(0), "lines": list(first["lines"]), "stated": "无"}
    figures["shares"] = _shares(narrative)
    figures["income_sources"] = _listed(narrative, ("收入预算情况",), "income")
    figures["functions"] = _listed(
        narrative, ("当年支出结构", "当年拨款结构"), "general_public_current"
    )
    figures["function_totals"] = _listed(narrative, ("财政拨款收支",), None)
    figures["special_projects"] = _special_projects(narrative)
    return figures


def _shares(narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """基本支出/项目支出 with the share of total expenditure the text gives."""
    shares = []
    for name, word in (("basic_expenditure", "基本支出"), ("project_expenditure", "项目支出")):
        for match, paragraph in _find(
            narrative, ("支出预算情况",), word + _AMOUNT + r"[,，]占" + _PERCENT
        ):
            shares.append(
                {
                    "name": name,
                    "amount": to_decimal(match.group(1)),
                    "percent": to_decimal(match.group(2)),
                    "of": "expenditure",
                    "lines": list(paragraph["lines"]),
                }
            )
            break
    return shares


_LIST_ITEM = re.compile(
    r"(?:[:：;；、,，]|以下方面[:：]|主要包括|包括[:：]?)(?P<name>[\u4e00-\u9fff]{2,14}?(?:支出|收入|资金|结转))"
    + _AMOUNT
    + r"(?:[,，]占"
    + _PERCENT
    + ")?"
)


def _listed(
    narrative: list[dict[str, Any]], headings: tuple[str, ...], of: str | None
) -> list[dict[str, Any]]:
    """Items listed with an amount (and share): "一般公共服务支出1,990.83万元,占83.90%"."""
    items = []
    for section in narrative:
        for sub in [section, *section.get("subsections", [])]:
            if not any(word in sub.get("heading", "") for word in headings):
                continue
            for paragraph in sub.get("paragraphs", []):
                for match in _LIST_ITEM.finditer(compact(paragraph["text"])):
                    name = re.sub(
                        r"^(其中|主要包括|包括|主要用于以下方面)", "", match.group("name")
                    )
                    items.append(
                        {
                            "name": name,
                            "amount": to_decimal(match.group(2)),
                            "percent": to_decimal(match.group(3)) if match.group(3) else None,
                            "of": of,
                            "lines": list(paragraph["lines"]),
                        }
                    )
    return items


def _special_projects(narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per project of a special-funds disclosure: the budget its 本年度预算安排 line states."""
    projects = []
    for section in narrative:
        heading = compact(section.get("heading", ""))
        name = re.sub(r"^[(（]\d+[)）]项目名称[:：]", "", heading)
        if name == heading:
            continue
        for match, paragraph in _find([section], (section["heading"],), r"项目预算" + _AMOUNT):
            projects.append(
                {
                    "name": name,
                    "amount": to_decimal(match.group(1)),
                    "lines": list(paragraph["lines"]),
                }
            )
            break
    return projects
