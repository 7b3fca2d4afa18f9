"""The narrative's wording: template leftovers, punctuation, repeated text, years, 部门/单位.

What an official reviewer marks in a disclosure's prose besides its figures, each a
提示 (``wording_finding``) quoting the words at fault:

- template leftovers (``LEFTOVERS``): "增加（减少）" kept as printed in the template, a
  sentence ending "主要原因是。", a placeholder "XX", an amount left blank ("为万元"),
  a percentage without its "%";
- doubled punctuation ("。。", "，，") and unbalanced quotation marks or brackets;
- a paragraph printed twice;
- years: a comparison with a year other than the one before, a statement of this
  year's budget under another year, a "截至" date outside the budget's or 决算's year;
- 部门 wording in a 单位's disclosure and 单位 wording in a 部门's (``KIND_WORDING``).

Each kind of problem is reported once per distinct wording: a word repeated in ten
paragraphs is one finding that counts them, so the report does not cry wolf.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ingest.narrative.findings import Check, wording_finding
from ingest.narrative.sentences import Paragraph, paragraphs, quote
from ingest.normalize import compact

# (name, pattern, message): the message's {0} is the words matched.
LEFTOVERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "both_directions",
        re.compile(
            r"(?:增加|增长|上升|提高)[(（](?:减少|下降|降低)[)）]"
            r"|(?:减少|下降|降低)[(（](?:增加|增长|上升|提高)[)）]"
        ),
        "保留了模板中的“{0}”，未按实际增减删改。",
    ),
    (
        "empty_reason",
        re.compile(r"原因(?:是|为|主要是|如下)?[:：]?(?=[。；;]|$)"),
        "“{0}”之后没有写明原因，句子不完整。",
    ),
    (
        "placeholder",
        re.compile(r"(?<![A-Za-z0-9])(?:XX|xx|××|ＸＸ|\*\*\*)(?![A-Za-z0-9])"),
        "留有模板占位符“{0}”。",
    ),
    (
        "blank_amount",
        re.compile(
            r"(?<=[\u4e00-\u9fff:：,，])(?<![千百亿数余单位])(?<!单位[:：])万元(?!以上|以下)"
        ),
        "“{0}”前没有数字：金额空缺。",
    ),
    (
        "missing_percent",
        re.compile(r"(?:增长|下降|增加|减少|提高|降低|占)\d+\.\d+(?=[。；;，,]|$)"),
        "“{0}”是百分比却缺少“%”。",
    ),
    (
        "instruction",
        re.compile(r"此处(?:填写|说明|列示)|请(?:填写|据实|根据实际)|(?:填写|列示)说明[:：]"),
        "留有模板中的填写说明“{0}”。",
    ),
)
DOUBLED_PUNCTUATION = re.compile(r"([。，；：、！？,;:])\1+|[，,；;、：:]。|。[，,；;、]")
PAIRS = (("“", "”"), ("（(", "）)"), ("《", "》"), ("【", "】"))
MIN_REPEATED_CHARS = 30

# Words of the other kind of disclosure: (name, pattern) by the kind the words must not be
# in. 部门预算支出经济分类 is an official term, and a 部门预算 in a document's title
# (《…》, "关于…的通知") names another document.
KIND_WORDING: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "unit": (
        ("本部门", re.compile(r"本部门")),
        (
            "部门预算",
            re.compile(r"(?<![省市县区直管关各主])部门(?:预算|决算)(?!支出)(?!经济分类)"),
        ),
        ("部门各单位", re.compile(r"部门各单位")),
        ("部门整体", re.compile(r"(?<![(（])部门整体")),
    ),
    "department": (
        ("本单位", re.compile(r"本单位")),
        ("单位预算", re.compile(r"(?<![预算层属级各业])单位(?:预算|决算)(?!单位)")),
    ),
}
KIND_NAMES = {"unit": "单位", "department": "部门"}
_DOCUMENT_TITLE = re.compile(r"《[^》]{0,60}》|关于[^，。；]{0,40}(?:通知|批复|意见)")


def check_wording(narrative: list[dict[str, Any]], parsed: dict[str, Any]) -> list[Check]:
    """Every wording finding of a narrative (see the module docstring)."""
    texts = list(paragraphs(narrative, glossary=True))
    prose = [p for p in texts if "名词解释" not in p.heading]
    checks = _leftovers(prose)
    checks += _punctuation(texts, narrative)
    checks += _repeated(prose)
    checks += check_years(narrative, parsed.get("fiscal_year"), str(parsed.get("kind") or ""))
    statements = [p for p in prose if not p.is_overview]
    checks += _kind_words(statements, str(parsed.get("kind") or ""))
    return checks


@dataclass(frozen=True, slots=True)
class _Hit:
    paragraph: Paragraph
    start: int
    end: int


def _once_per_wording(
    name: str, hits: list[_Hit], message: str, *, key: Callable[[str], str] = str
) -> list[Check]:
    """One finding for every hit of the same words: the first quoted, the others counted.

    The finding is named by ``key(words)``: names stay the same from one version or year of
    a document to the next, so that a finding is known again.
    """
    by_words: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_words.setdefault(hit.paragraph.text[hit.start : hit.end], []).append(hit)
    checks = []
    for words, found in by_words.items():
        first = found[0]
        text = message.format(words)
        if len(found) > 1:
            text += f"文中共{len(found)}处。"
        checks.append(
            wording_finding(
                f"{name}:{key(words)}",
                first.paragraph.lines,
                text,
                quote(first.paragraph.text, first.start, first.end),
            )
        )
    return checks


def _leftovers(texts: list[Paragraph]) -> list[Check]:
    checks = []
    for name, pattern, message in LEFTOVERS:
        hits = [
            _Hit(paragraph, match.start(), match.end())
            for paragraph in texts
            for match in pattern.finditer(paragraph.text)
        ]
        checks += _once_per_wording(f"leftover_{name}", hits, message)
    return checks


# --- punctuation ------------------------------------------------------------------------------


def _punctuation(texts: list[Paragraph], narrative: list[dict[str, Any]]) -> list[Check]:
    hits = [
        _Hit(paragraph, match.start(), match.end())
        for paragraph in texts
        for match in DOUBLED_PUNCTUATION.finditer(paragraph.text)
    ]
    checks = _once_per_wording("punctuation_doubled", hits, "标点重复：“{0}”。")
    for unit in _units(narrative):
        checks += _unbalanced(unit)
    return checks


def _units(narrative: list[dict[str, Any]]) -> Iterator[list[Paragraph]]:
    """The paragraphs of each section and sub-section: a quotation may run over a wrapped line."""
    for section in narrative:
        for unit in [section, *section.get("subsections", [])]:
            found = []
            for paragraph in unit.get("paragraphs", []):
                lines = paragraph.get("lines") or [0, 0]
                found.append(
                    Paragraph(compact(paragraph["text"]), (lines[0], lines[-1]), unit["heading"])
                )
            if found:
                yield found


def _unbalanced(unit: list[Paragraph]) -> list[Check]:
    """An opening mark never closed, or a closing mark never opened, in a section's text.

    Text that a PDF cell cut short ("…的推进�") may lose its closing mark: it is not judged.
    """
    if any("\ufffd" in paragraph.text for paragraph in unit):
        return []
    checks = []
    for opening, closing in PAIRS:
        stack: list[tuple[Paragraph, int]] = []
        stray: tuple[Paragraph, int] | None = None
        for paragraph in unit:
            for position, char in enumerate(paragraph.text):
                if char in opening:
                    stack.append((paragraph, position))
                elif char in closing:
                    if stack:
                        stack.pop()
                    elif stray is None:
                        stray = (paragraph, position)
        unmatched = stack[0] if stack else stray
        if unmatched is None:
            continue
        paragraph, position = unmatched
        mark = paragraph.text[position]
        words = quote(paragraph.text, position, position + 1, margin=16)
        what = "没有对应的后半" if stack else "没有对应的前半"
        checks.append(
            wording_finding(
                f"punctuation_unbalanced:{mark}:{words}",
                paragraph.lines,
                f"“{mark}”{what}，引号或括号不成对：“{words}”。",
                words,
            )
        )
    return checks + _ascii_quotes(unit)


def _ascii_quotes(unit: list[Paragraph]) -> list[Check]:
    """Straight quotation marks ("三公") come in pairs too."""
    marks = [(p, i) for p in unit for i, char in enumerate(p.text) if char == '"']
    if len(marks) % 2 == 0:
        return []
    paragraph, position = marks[-1]
    words = quote(paragraph.text, position, position + 1, margin=16)
    return [
        wording_finding(
            f'punctuation_unbalanced:":{words}',
            paragraph.lines,
            f"引号不成对：“{words}”。",
            words,
        )
    ]


# --- repeated paragraphs ---------------------------------------------------------------------


def _repeated(texts: list[Paragraph]) -> list[Check]:
    """A run of paragraphs a section prints twice: one finding per run.

    Short paragraphs ("主要职能包括：") neither start nor break a run; a sentence every
    section repeats (each project's "预算绩效：…批复该项目绩效目标。") is no repetition.
    """
    first_seen: dict[tuple[str, str], Paragraph] = {}
    runs: list[list[tuple[Paragraph, Paragraph]]] = []
    open_run = False
    for paragraph in texts:
        if len(paragraph.text) < MIN_REPEATED_CHARS:
            continue
        original = first_seen.setdefault((paragraph.heading, paragraph.text), paragraph)
        if original is paragraph:
            open_run = False
            continue
        if open_run:
            runs[-1].append((paragraph, original))
        else:
            runs.append([(paragraph, original)])
            open_run = True
    checks = []
    for run in runs:
        copy = (run[0][0].lines[0], run[-1][0].lines[-1])
        checks.append(
            wording_finding(
                f"repeated:{run[0][0].text[:20]}",
                copy,
                f"这{len(run)}段与前文“{run[0][0].heading}”下的内容重复，原样印了两遍。",
                run[0][0].text[:40],
            )
        )
    return checks


# --- years -------------------------------------------------------------------------------------

_COMPARED_YEAR = re.compile(r"(?:比|较|与|同)(\d{4})年")
_BUDGET_YEAR = re.compile(
    r"(?<![比较与同至止])(\d{4})年度?(?:部门|单位)?[^，,。；;\d]{0,14}?预算(?:数)?(?:为|安排|总额)"
)
_FINAL_YEAR = re.compile(
    r"(?<![比较与同至止])(\d{4})年度?(?:收入支出总计|财政拨款收入支出总计|[^，,。；;\d]{0,14}?决算数?(?:为|比))"
)
_AGAINST_LAST_YEAR = re.compile(r"(\d{4})年度?较上年")
_AS_OF = re.compile(r"截[至止](\d{4})年")
_HEADING_YEAR = re.compile(r"(\d{4})年度?(?:部门|单位)?(?:预算|决算|“三公”经费|\"三公\"经费)")
FINAL_KINDS = frozenset({"department_final", "unit_final"})


def check_years(narrative: list[dict[str, Any]], fiscal_year: int | None, kind: str) -> list[Check]:
    """Years named against the disclosure's own: comparisons, this year's figures, dates."""
    if not fiscal_year:
        return []
    year = int(fiscal_year)
    final = kind in FINAL_KINDS
    rules: list[tuple[str, re.Pattern[str], set[int], str]] = [
        ("compared", _COMPARED_YEAR, {year - 1}, f"与上年比较应写{year - 1}年"),
        ("against_last_year", _AGAINST_LAST_YEAR, {year}, f"本年应为{year}年"),
        (
            "as_of",
            _AS_OF,
            {year} if final else {year - 1, year},
            f"资产等数据的截止日期应在{year}年" if final else f"截止日期应在{year - 1}或{year}年",
        ),
    ]
    if final:
        rules.append(("this_year", _FINAL_YEAR, {year}, f"本年决算应为{year}年"))
    else:
        rules.append(("this_year", _BUDGET_YEAR, {year}, f"本年预算应为{year}年"))
    checks = []
    texts = [p for p in paragraphs(narrative) if "名词解释" not in p.heading]
    for name, pattern, allowed, advice in rules:
        hits = [
            _Hit(paragraph, match.start(), match.end())
            for paragraph in texts
            for match in pattern.finditer(paragraph.text)
            if int(match.group(1)) not in allowed and "执行" not in match.group(0)
        ]
        message = (
            f"本文件是{year}年{'决算' if final else '预算'}，“{{0}}”中的年份有误（{advice}）。"
        )
        checks += _once_per_wording(f"year_{name}", hits, message, key=_without_years)
    return checks + _heading_years(narrative, year)


def _without_years(words: str) -> str:
    return re.sub(r"\d{4}", "", words)


def _heading_years(narrative: list[dict[str, Any]], year: int) -> list[Check]:
    checks = []
    for section in narrative:
        for unit in [section, *section.get("subsections", [])]:
            heading = compact(unit.get("heading", ""))
            match = _HEADING_YEAR.search(heading)
            if match and int(match.group(1)) != year:
                lines = unit.get("lines") or [0, 0]
                checks.append(
                    wording_finding(
                        f"year_heading:{_without_years(heading)}",
                        lines,
                        f"标题“{heading}”的年份与本文件的{year}年不符。",
                        heading,
                    )
                )
    return checks


# --- 部门 / 单位 ----------------------------------------------------------------------------------


def _kind_words(texts: list[Paragraph], kind: str) -> list[Check]:
    """Words of a 部门's disclosure in a 单位's, and the other way round."""
    own = (
        "unit" if kind.startswith("unit") else "department" if kind.startswith("department") else ""
    )
    if not own:
        return []
    checks = []
    what = "预算" if "budget" in kind else "决算"
    for name, pattern in KIND_WORDING[own]:
        hits = [
            _Hit(paragraph, match.start(), match.end())
            for paragraph in texts
            for match in pattern.finditer(paragraph.text)
            if not _in_document_title(paragraph.text, match.start())
        ]
        message = (
            f"本文件是{KIND_NAMES[own]}{what}，文中却写“{{0}}”（应为{KIND_NAMES[own]}的说法）。"
        )
        checks += _once_per_wording(f"kind_wording:{name}", hits, message)
    return checks


def _in_document_title(text: str, position: int) -> bool:
    return any(m.start() <= position < m.end() for m in _DOCUMENT_TITLE.finditer(text))
