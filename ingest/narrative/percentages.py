"""Every percentage the narrative states, against the amounts stated in the same sentence.

Three kinds of statement carry a percentage that follows from amounts beside it:

- a change on the year before: "9.09万元，比2024年减少4.41万元，减少48.51%" (the
  previous year is 9.09 + 4.41) or "2022年当年预算执行数为1.48万元，2023年预算安排
  2.63万元，比2022年预算执行数增加77.70%" (both years stated);
- a share: "支出预算2373万元，其中：基本支出1077.76万元，占45.42%" (of the amount
  before the list) or "…9746.50万元，占本年支出合计的99.86%" (of the amount the
  narrative states for 本年支出合计);
- a 决算's completion: "年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的
  95.45%".

Amounts and percentages are printed rounded, so each check computes the range the
percentage can take given the printed precision of its amounts and accepts the stated
figure if it rounds or truncates to a value in that range. A previous year of zero (a
unit set up this year) makes a change's percentage meaningless: it is not checked.
Statements whose figures contradict their words are reported whatever their
percentage: a previous year that comes out negative, a fall called an increase, a
change of 15% called small (提示), a completion rate of a budget that is zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ingest.narrative.findings import (
    Check,
    Outcome,
    error_finding,
    percent_check,
    wording_finding,
)
from ingest.narrative.sentences import (
    Amount,
    Paragraph,
    amounts,
    clauses,
    paragraphs,
    quote,
    sentences,
    to_decimal,
)

HUNDRED = Decimal(100)
SMALL_CHANGE_PERCENT = Decimal(10)
# "比2022年预算执行数增加": the words between a comparison and its verb.
MAX_WORDS_BEFORE_VERB = 12
_UP = "增加|增长|上升|提高|增多"
_DOWN = "减少|下降|降低|压减|减"
_COMPARED = re.compile(
    r"(?:比|较|与|同)(?:上年|上一年度?|上年度|上一年|(?P<year>\d{4})年度?)"
    r"(?:\(上一年度[^)]*\))?"
)
_CHANGE_AMOUNT = re.compile(rf"(?P<verb>{_UP}|{_DOWN})(?P<amount>\d[\d,，]*(?:\.\d+)?)万元")
_CHANGE_PERCENT = re.compile(
    rf"(?P<verb>{_UP}|{_DOWN})(?P<alt>[(（][^)）]{{1,4}}[)）])?(?P<percent>\d+(?:\.\d+)?)[%％]"
)
_SMALL_WORDS = re.compile(r"小幅|略有|略微|稍有|基本持平|微增|微降")
_SHARE = re.compile(r"占(?P<percent>\d+(?:\.\d+)?)[%％]")
_NAMED_SHARE = re.compile(r"占(?P<base>[^，,。；;、\d]{2,20}?)的(?P<percent>\d+(?:\.\d+)?)[%％]")
_LIST_START = re.compile(r"其中|主要包括|主要用于|包括|分别为|具体如下")
_COMPLETION = re.compile(
    r"完成(?P<base>年初预算|全年预算|预算)(?:数)?的(?P<percent>\d+(?:\.\d+)?)[%％]"
)
_BUDGET_STATED = {
    "年初预算": re.compile(r"年初预算(?:数)?为"),
    "全年预算": re.compile(r"全年预算(?:数)?为"),
}
_FINAL_STATED = re.compile(r"决算(?:数)?为")
_SUBJECT = re.compile(r"[\u4e00-\u9fff“”\"()（）]{2,24}$")
_SUBJECT_NOISE = re.compile(
    r"^(?:其中|以及|主要用于以下方面|主要包括|包括|本年度|本年|年度|\d{4}年度?|[(（]部门[)）])+"
)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every statement's check needs besides its paragraph."""

    fiscal_year: int | None
    named_totals: dict[str, Decimal]
    entity: str = ""


def check_percentages(narrative: list[dict[str, Any]], parsed: dict[str, Any]) -> list[Check]:
    """One check per stated percentage that follows from amounts stated with it."""
    context = _Context(
        parsed.get("fiscal_year"), _named_totals(narrative), str(parsed.get("entity") or "")
    )
    checks: list[Check] = []
    for paragraph in paragraphs(narrative):
        checks += _paragraph_checks(paragraph, context)
    return checks


def _paragraph_checks(paragraph: Paragraph, context: _Context) -> list[Check]:
    checks: list[Check] = []
    previous = ""
    for sentence in sentences(paragraph.text):
        checks += _changes(sentence, previous, paragraph, context)
        checks += _shares(sentence, paragraph, context)
        checks += _completions(sentence, paragraph)
        previous = sentence
    return checks


# --- ranges -------------------------------------------------------------------------------


def _ratio_range(
    part: Decimal, part_half: Decimal, whole: Decimal, whole_half: Decimal
) -> tuple[Decimal, Decimal] | None:
    """The range of part / whole x 100 given each figure's rounding, or None for a zero whole."""
    low_whole, high_whole = whole - whole_half, whole + whole_half
    if high_whole <= 0:
        return None
    low = max(Decimal(0), abs(part) - part_half) / high_whole * HUNDRED
    high = (abs(part) + part_half) / low_whole * HUNDRED if low_whole > 0 else Decimal("Infinity")
    return low, high


def _step(stated: Decimal) -> Decimal:
    exponent = stated.as_tuple().exponent
    return Decimal(1).scaleb(min(exponent, 0) if isinstance(exponent, int) else 0)


def _accepts(stated: Decimal, bounds: tuple[Decimal, Decimal]) -> bool:
    """Whether ``stated`` is a rounding (or truncation) of a value within ``bounds``."""
    step = _step(stated)
    low, high = bounds
    return not (high < stated - step / 2 or low >= stated + step)


def _central(part: Decimal, whole: Decimal, stated: Decimal) -> Decimal:
    return (abs(part) / whole * HUNDRED).quantize(_step(stated))


def _figures(*items: Decimal) -> str:
    return "、".join(f"{item}" for item in items)


# --- changes on the previous year ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Change:
    """What a sentence says of one change: current, change and/or previous, and the words."""

    current: Amount | None
    previous: Amount | None
    change: Decimal | None
    change_half: Decimal
    change_verb: str
    percent: Decimal | None
    percent_verb: str
    percent_alt: str
    start: int
    end: int


def _changes(
    sentence: str, previous_sentence: str, paragraph: Paragraph, context: _Context
) -> list[Check]:
    checks = []
    for change in _read_changes(sentence, previous_sentence, context):
        checks += _change_checks(change, sentence, paragraph, context)
    return checks


def _read_changes(sentence: str, previous_sentence: str, context: _Context) -> Iterator[_Change]:
    for clause_start, clause in _clause_spans(sentence):
        for compared in _COMPARED.finditer(clause):
            year = compared.group("year")
            if year and context.fiscal_year and int(year) >= context.fiscal_year:
                continue  # a comparison with this year or later: the years are checked apart
            tail = clause[compared.end() : compared.end() + 40]
            moved = _CHANGE_AMOUNT.search(tail)
            if moved is not None and moved.start() > MAX_WORDS_BEFORE_VERB:
                moved = None
            pct = _CHANGE_PERCENT.search(tail)
            limit = moved.end() + 4 if moved else MAX_WORDS_BEFORE_VERB
            if pct is not None and pct.start() > limit:
                pct = None
            if moved is None and pct is None:
                continue
            before = sentence[: clause_start + compared.start()]
            current, previous = _current_and_previous(before, context)
            if current is None and not before.strip("，,：:") and previous_sentence:
                # "与2023年度相比，收入支出总计增加…": the figure is the sentence's before.
                stated = amounts(previous_sentence)
                current = stated[-1] if stated else None
            change = to_decimal(moved.group("amount")) if moved else None
            verb = moved.group("verb") if moved else ""
            last = max(m.end() for m in (moved, pct) if m is not None)
            yield _Change(
                current=current,
                previous=previous,
                change=-change if change is not None and re.fullmatch(_DOWN, verb) else change,
                change_half=Amount(change, 0, 0, "").half_step
                if change is not None
                else Decimal(0),
                change_verb=verb,
                percent=to_decimal(pct.group("percent")) if pct else None,
                percent_verb=pct.group("verb") if pct else "",
                percent_alt=(pct.group("alt") or "") if pct else "",
                start=clause_start + compared.start(),
                end=clause_start + compared.end() + last,
            )


def _clause_spans(sentence: str) -> Iterator[tuple[int, str]]:
    position = 0
    for clause in clauses(sentence):
        start = sentence.find(clause, position)
        yield start, clause
        position = start + len(clause)


_PREVIOUS_MARK = re.compile(
    r"(?:上年|上一年度?|(?P<year>\d{4})年度?)(?P<words>[\u4e00-\u9fff]{0,10}?)为?$"
)


def _current_and_previous(before: str, context: _Context) -> tuple[Amount | None, Amount | None]:
    """This year's amount and, when the sentence states it, last year's, before a comparison.

    After a list ("总计X万元，其中：本年收入A万元，上年结转B万元，比上年减少…") the change is
    the total's; after a single item ("其中：财政拨款收入A万元，比2024年预算减少…"), the item's.
    """
    stated = amounts(before)
    previous = None
    for amount in stated:
        mark = _PREVIOUS_MARK.search(before[max(0, amount.start - 16) : amount.start])
        if mark is None or re.search("结转|结余", mark.group("words")):
            continue
        year = mark.group("year")
        if not year or (context.fiscal_year and int(year) == context.fiscal_year - 1):
            previous = amount
    listed = before.rfind("其中")
    if listed >= 0:
        items = [a for a in stated if a.start > listed and a is not previous]
        head = [a for a in stated if a.end <= listed and a is not previous]
        if len(items) > 1 and head:
            return head[-1], previous
    current = next((a for a in reversed(stated) if a is not previous), None)
    return current, previous


def _change_checks(
    change: _Change, sentence: str, paragraph: Paragraph, context: _Context
) -> list[Check]:
    words = quote(sentence, change.start, change.end, margin=30)
    subject = _subject(sentence, change.current, paragraph.text, context.entity)
    if change.change is not None and change.current is not None:
        return _from_change(change, subject, words, sentence, paragraph)
    if change.previous is not None and change.current is not None:
        return _from_both_years(change, subject, words, sentence, paragraph)
    return []


def _from_change(
    change: _Change, subject: str, words: str, sentence: str, paragraph: Paragraph
) -> list[Check]:
    assert change.current is not None and change.change is not None
    current = change.current.value
    previous = current - change.change
    slack = change.current.half_step + change.change_half
    checks: list[Check] = []
    if previous < -slack:
        checks.append(
            error_finding(
                f"change_previous:{subject}",
                paragraph.lines,
                f"文中说“{words}”：本年为{current}万元，却比上年"
                f"{'增加' if change.change > 0 else '减少'}{abs(change.change)}万元，"
                f"按此上年应为{previous}万元，不可能为负数。",
                words,
            )
        )
        return checks
    checks += _verbs_agree(change, subject, words, paragraph)
    if change.percent is None or previous <= slack:
        return checks
    bounds = _ratio_range(change.change, change.change_half, previous, slack)
    if bounds is None:
        return checks
    expected = _central(change.change, previous, change.percent)
    passed = _accepts(change.percent, bounds)
    checks.append(
        percent_check(
            f"change:{subject}",
            Outcome(expected, change.percent, passed),
            paragraph.lines,
            message=_change_message(words, current, change.change, previous, expected, passed),
            quote=words,
        )
    )
    checks += _small_words(change, sentence, expected, subject, words, paragraph)
    return checks


def _change_message(
    words: str, current: Decimal, change: Decimal, previous: Decimal, expected: Decimal, ok: bool
) -> str:
    computed = f"上年为{current}{'-' if change > 0 else '+'}{abs(change)}＝{previous}万元，"
    computed += f"{abs(change)}÷{previous}＝{expected}%"
    return f"文中“{words}”：{computed}" + ("。" if ok else "，与文中所写不符。")


def _from_both_years(
    change: _Change, subject: str, words: str, sentence: str, paragraph: Paragraph
) -> list[Check]:
    assert change.current is not None and change.previous is not None
    current, previous = change.current.value, change.previous.value
    slack = change.current.half_step + change.previous.half_step
    checks: list[Check] = []
    verb = change.percent_verb or change.change_verb
    if verb and abs(current - previous) > slack:
        rising = current > previous
        if rising != bool(re.fullmatch(_UP, verb)):
            checks.append(
                error_finding(
                    f"change_direction:{subject}",
                    paragraph.lines,
                    f"文中“{words}”：本年{current}万元{'高于' if rising else '低于'}上年"
                    f"{previous}万元，应为{'增加' if rising else '减少'}，文中却说“{verb}”。",
                    words,
                )
            )
            return checks
    if change.percent is None or previous <= change.previous.half_step:
        return checks
    difference = current - previous
    bounds = _ratio_range(difference, slack, previous, change.previous.half_step)
    if bounds is None:
        return checks
    expected = _central(difference, previous, change.percent)
    passed = _accepts(change.percent, bounds)
    checks.append(
        percent_check(
            f"change:{subject}",
            Outcome(expected, change.percent, passed),
            paragraph.lines,
            message=f"文中“{words}”：上年{previous}万元，本年{current}万元，"
            f"{abs(difference)}÷{previous}＝{expected}%"
            + ("。" if passed else "，与文中所写不符。"),
            quote=words,
        )
    )
    checks += _small_words(change, sentence, expected, subject, words, paragraph)
    return checks


def _verbs_agree(change: _Change, subject: str, words: str, paragraph: Paragraph) -> list[Check]:
    """ "减少2.55万元，增长27.78%": the change and its percentage must move the same way."""
    if not change.change_verb or not change.percent_verb or change.percent_alt:
        return []
    if bool(re.fullmatch(_UP, change.change_verb)) == bool(re.fullmatch(_UP, change.percent_verb)):
        return []
    return [
        error_finding(
            f"change_direction:{subject}",
            paragraph.lines,
            f"文中“{words}”：前说“{change.change_verb}”，后说“{change.percent_verb}”，"
            "增减方向自相矛盾。",
            words,
        )
    ]


def _small_words(
    change: _Change,
    sentence: str,
    percent: Decimal,
    subject: str,
    words: str,
    paragraph: Paragraph,
) -> list[Check]:
    """A change of more than 10% described as small (小幅、略有) or as no change (基本持平)."""
    described = _SMALL_WORDS.search(sentence)
    if described is None or percent <= SMALL_CHANGE_PERCENT:
        return []
    return [
        wording_finding(
            f"change_words:{subject}",
            paragraph.lines,
            f"文中用“{described.group(0)}”形容的变化按文中金额为{percent}%，"
            "幅度不小，措辞与数字不符。",
            words,
        )
    ]


# What a statement's subject is called when the words before its amount name it.
_NAMED_ITEMS = re.compile(
    r"(?:预算)?收入总计|(?:预算)?支出总计|收入支出总计|本年收入合计|本年支出合计"
    r"|一般公共预算(?:财政拨款)?(?:当年)?(?:支出|拨款)|财政拨款收入支出总计|财政拨款(?:收入|支出)"
    r"|机关运行经费|[“\"]?三公[”\"]?经费|因公出国[(（]境[)）]费|公务接待费|公务用车[\u4e00-\u9fff]{2,8}费"
)
_QUOTED = re.compile(r"[“\"]([^”\"]{2,80})[”\"]")


def _subject(sentence: str, amount: Amount | None, paragraph: str = "", entity: str = "") -> str:
    """The words naming what an amount measures: "机关运行经费财政拨款预算".

    A list item of the Shanghai 编制说明 ("“…(款)群众团体事务(项)”45.41万元，…2023年预算
    安排45.41万元") is named by its quoted 科目.
    """
    if amount is None:
        return "变动"
    before = sentence[: amount.start]
    if entity and entity in before:
        before = before[before.rfind(entity) + len(entity) :].removeprefix("(部门)")
    head = paragraph[: paragraph.find(sentence)] if sentence in paragraph else ""
    quoted = _QUOTED.findall(head + before)
    match = _SUBJECT.search(re.sub(r"为$", "", before))
    words = _SUBJECT_NOISE.sub("", match.group(0)) if match else ""
    if quoted and (not words or re.search(r"预算安排|预算数|执行数|科目", words)):
        words = re.split(r"[(（][类款项][)）]|-", quoted[-1].rstrip("(（项)）"))[-1] or words
    named = [m.group(0) for m in _NAMED_ITEMS.finditer(words)]
    if named:
        return max(named, key=len)
    return words[-16:] or "变动"


# --- shares -----------------------------------------------------------------------------------


def _shares(sentence: str, paragraph: Paragraph, context: _Context) -> list[Check]:
    checks = []
    for match in _NAMED_SHARE.finditer(sentence):
        base = context.named_totals.get(match.group("base"))
        part = _part_before(sentence, match.start())
        percent = to_decimal(match.group("percent"))
        if base is None or part is None or percent is None:
            continue
        whole = Amount(base, 0, 0, "")
        checks += _share_check(sentence, match, part, whole, percent, paragraph)
    listed = list(_SHARE.finditer(sentence))
    if not listed:
        return checks
    whole = _head_amount(sentence, listed[0].start())
    parts = [(_part_before(sentence, m.start()), m) for m in listed]
    if whole is None:
        whole = _sum_as_whole(parts)
    if whole is None:
        return checks
    for part, match in parts:
        percent = to_decimal(match.group("percent"))
        if part is None or percent is None:
            continue
        checks += _share_check(sentence, match, part, whole, percent, paragraph)
    return checks


def _part_before(sentence: str, position: int) -> Amount | None:
    """The amount a share is of: the one ending just before "，占"."""
    before = [a for a in amounts(sentence) if a.end <= position]
    if not before or position - before[-1].end > 2:
        return None
    return before[-1]


def _head_amount(sentence: str, first_share: int) -> Amount | None:
    """The total a list of shares divides: the last amount before "其中" / "主要用于"."""
    starts = [m for m in _LIST_START.finditer(sentence) if m.start() < first_share]
    if not starts:
        return None
    before = [a for a in amounts(sentence) if a.end <= starts[0].start()]
    return before[-1] if before else None


def _sum_as_whole(parts: list[tuple[Amount | None, re.Match[str]]]) -> Amount | None:
    """Shares listed without their total: their own sum, when the shares add up to 100%."""
    if any(part is None for part, _ in parts) or len(parts) < 2:
        return None
    stated = sum((to_decimal(m.group("percent")) or Decimal(0) for _, m in parts), Decimal(0))
    if abs(stated - HUNDRED) > Decimal("0.1"):
        return None
    total = sum((part.value for part, _ in parts if part), Decimal(0))
    return Amount(total, 0, 0, "") if total > 0 else None


def _share_check(
    sentence: str,
    match: re.Match[str],
    part: Amount,
    whole_amount: Amount,
    percent: Decimal,
    paragraph: Paragraph,
) -> list[Check]:
    whole = whole_amount.value
    bounds = _ratio_range(part.value, part.half_step, whole, whole_amount.half_step)
    if bounds is None:
        return []
    expected = _central(part.value, whole, percent)
    passed = _accepts(percent, bounds)
    words = quote(sentence, part.start, match.end())
    subject = _subject(sentence, part)
    return [
        percent_check(
            f"share:{subject}",
            Outcome(expected, percent, passed),
            paragraph.lines,
            message=f"文中“{words}”：{part.value}÷{whole}＝{expected}%"
            + ("。" if passed else "，与文中所写不符。"),
            quote=words,
        )
    ]


_TOTAL_NAME = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,16}(?:合计|总计|总额))(?:为|是)?(?P<amount>\d[\d,，]*(?:\.\d+)?)万元"
)


def _named_totals(narrative: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Totals the narrative names and states once ("本年支出合计 307.82 万元"), by name."""
    found: dict[str, set[Decimal]] = {}
    for paragraph in paragraphs(narrative):
        for match in _TOTAL_NAME.finditer(paragraph.text):
            value = to_decimal(match.group("amount"))
            name = match.group("name")
            if value is None:
                continue
            for start in range(len(name) - 1):
                found.setdefault(name[start:], set()).add(value)
    return {name: values.pop() for name, values in found.items() if len(values) == 1}


# --- completion of a 决算's budget ------------------------------------------------------------


def _completions(sentence: str, paragraph: Paragraph) -> list[Check]:
    checks = []
    for start, clause in _clause_spans(sentence):
        for match in _COMPLETION.finditer(clause):
            checks += _completion_check(clause, match, sentence, start, paragraph)
    return checks


def _stated_after(clause: str, pattern: re.Pattern[str], start: int, end: int) -> Amount | None:
    found = None
    for match in pattern.finditer(clause, start, end):
        after = [a for a in amounts(clause) if a.start == match.end()]
        if after:
            found = after[0]
    return found


def _completion_check(
    clause: str, match: re.Match[str], sentence: str, offset: int, paragraph: Paragraph
) -> list[Check]:
    listed = [m.end() for m in _LIST_START.finditer(clause, 0, match.start())]
    start = listed[-1] if listed else 0
    budgets = {
        name: _stated_after(clause, pattern, start, match.start())
        for name, pattern in _BUDGET_STATED.items()
    }
    final = _stated_after(clause, _FINAL_STATED, start, match.start())
    named = match.group("base")
    base = budgets.get(named) if named != "预算" else budgets["全年预算"] or budgets["年初预算"]
    percent = to_decimal(match.group("percent"))
    if base is None or final is None or percent is None:
        return []
    words = quote(clause, base.start, match.end(), margin=0)
    subject = _subject(clause, base)
    if base.value == 0:
        if final.value == 0 and percent == 0:
            return []
        other = budgets["全年预算"] if named == "年初预算" else None
        hint = ""
        if other is not None and other.value:
            hint = (
                f"；{final.value}÷{other.value}＝{_central(final.value, other.value, percent)}%，"
            )
            hint += "应是全年预算的完成率"
        return [
            error_finding(
                f"completion_zero_base:{subject}",
                paragraph.lines,
                f"文中“{words}”：{named}为0万元，无从“完成{named}的{percent}%”{hint}。",
                words,
            )
        ]
    bounds = _ratio_range(final.value, final.half_step, base.value, base.half_step)
    if bounds is None:
        return []
    expected = _central(final.value, base.value, percent)
    passed = _accepts(percent, bounds)
    return [
        percent_check(
            f"completion:{subject}",
            Outcome(expected, percent, passed),
            paragraph.lines,
            message=f"文中“{words}”：{final.value}÷{base.value}＝{expected}%"
            + ("。" if passed else "，与文中所写不符。"),
            quote=words,
        )
    ]
