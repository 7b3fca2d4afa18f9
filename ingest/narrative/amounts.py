"""The same item given two different amounts in one paragraph.

Two statements are of the same item when they name it with the same words and the same
role (年初预算, 全年预算, 决算 or plain): "“三公”经费预算数为22.91万元 … “三公”经费预算数为
21.56万元". Only items of the budget's vocabulary (``ITEMS``) are compared, so "涉及金额"
of two project categories in one sentence are not taken for one item; the amount of a
change ("减少2.55万元") is no level and is never compared.

A list item of the Shanghai 编制说明 states its 科目's amount twice: after the quoted
科目 ("“…职业年金缴费支出(项)”220.63万元") and as this year's budget ("2023年预算安排
441.25万元"); the two must agree.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.narrative.findings import Check, error_finding
from ingest.narrative.sentences import Amount, Paragraph, amounts, paragraphs, quote

ITEMS = re.compile(
    r"收入支出总计|收入总计|支出总计|本年收入合计|本年支出合计|收入预算|支出预算|财政拨款收入"
    r"|财政拨款支出|基本支出|项目支出|人员经费|公用经费|[“\"]?三公[”\"]?经费|因公出国[(（]境[)）]费"
    r"|公务接待费|公务用车购置及运行(?:维护)?费|公务用车购置费|公务用车运行(?:维护)?费|机关运行经费"
    r"|政府采购(?:预算|金额)"
)
_NOT_A_LEVEL = re.compile(r"增加|减少|增长|下降|降低|提高|比|较|与|占|结转|其中|相比|完成|涉及")
_ROLES = (("年初预算", "年初预算"), ("全年预算", "全年预算"), ("决算", "决算"), ("执行", "执行数"))
_OWNER = re.compile(
    r"(?:本|其中)?(?:单位|部门)?|\S*(?:局|委员会|办公室|中心|办事处|部)(?:[(（](?:部门|单位)[)）])?"
)
_PHRASE = re.compile(r"[^\d，,。；;：:、]{2,24}$")
_PHRASE_NOISE = re.compile(r"^(?:\d+[.、．])?(?:本年度|本年|\d{4}年度?)?")
_QUOTED_ITEM = re.compile(r"^(?:\d{1,2}[.、．])?[“\"](?P<path>[^”\"]{4,80})[”\"](?:科目)?")
_THIS_YEAR_BUDGET = r"(?:{year}年|本年)(?:预算安排|预算数为|预算为)"


def check_amounts_stated_twice(
    narrative: list[dict[str, Any]], parsed: dict[str, Any]
) -> list[Check]:
    """One error per item a paragraph gives two different amounts."""
    year = parsed.get("fiscal_year")
    checks = []
    for paragraph in paragraphs(narrative):
        checks += _named_items(paragraph)
        if year:
            checks += _listed_item(paragraph, int(year))
    return checks


def _statements(paragraph: Paragraph) -> list[tuple[str, str, Amount]]:
    """(item words, role, amount) of each level the paragraph states for a known item."""
    found = []
    for amount in amounts(paragraph.text):
        match = _PHRASE.search(paragraph.text[: amount.start])
        if match is None:
            continue
        phrase = _PHRASE_NOISE.sub("", match.group(0)).removesuffix("为")
        item = ITEMS.search(phrase)
        if item is None or _NOT_A_LEVEL.search(phrase):
            continue
        role = next((label for word, label in _ROLES if word in phrase), "")
        # "本单位机关运行经费财政拨款预算" and "机关运行经费财政拨款预算为" name one item;
        # "政府性基金拨款支出预算" is not "支出预算".
        owner = phrase[: item.start()]
        key = phrase[item.start() :] if _OWNER.fullmatch(owner) else phrase
        found.append((key, role, amount))
    return found


def _named_items(paragraph: Paragraph) -> list[Check]:
    seen: dict[tuple[str, str], Amount] = {}
    checks = []
    for phrase, role, amount in _statements(paragraph):
        first = seen.setdefault((phrase, role), amount)
        if first.value == amount.value:
            continue
        words = quote(paragraph.text, first.start, amount.end, margin=0)
        checks.append(
            error_finding(
                f"stated_twice:{phrase}",
                paragraph.lines,
                f"同一段中“{phrase}”先写{first.printed}，后写{amount.printed}，前后不一。",
                words if len(words) <= 120 else f"{first.printed}……{amount.printed}",
            )
        )
        seen[(phrase, role)] = amount
    return checks


def _listed_item(paragraph: Paragraph, year: int) -> list[Check]:
    """A 编制说明 list item: its 科目's amount against this year's budget stated after it."""
    item = _QUOTED_ITEM.match(paragraph.text)
    if item is None:
        return []
    stated = [a for a in amounts(paragraph.text) if a.start >= item.end()]
    if not stated or stated[0].start - item.end() > 2:
        return []
    first = stated[0]
    pattern = re.compile(_THIS_YEAR_BUDGET.format(year=year))
    later = [
        amount
        for amount in stated[1:]
        if pattern.search(paragraph.text[max(0, amount.start - 10) : amount.start])
    ]
    different = [amount for amount in later if amount.value != first.value]
    if not different:
        return []
    path = item.group("path")
    second = different[0]
    return [
        error_finding(
            f"stated_twice:{path}",
            paragraph.lines,
            f"“{path}”先写{first.printed}，同段又写{year}年预算安排{second.printed}，前后不一。",
            f"“{path}”{first.printed}……{paragraph.text[second.start - 8 : second.end]}",
        )
    ]
