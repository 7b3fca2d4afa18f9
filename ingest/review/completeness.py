"""Read the 公开完整性 checklist (``checklist.CHECKLIST``) against one parsed disclosure.

One mechanism for every item: the ways an item says it may be found (headings, words,
table titles, tables read, a named rule) are tried in turn, and the first that finds
it decides. An item is 符合 (``yes``), 部分符合 (``partial``: three of the four
“三公”经费 parts named; an empty table that does not say it is empty) or 不符合
(``no``), with a Chinese note and the lines it was found on. The score is the share
of applicable items met, a partial one counting half, from 0 to 100.

A special-funds disclosure (专项资金) follows other rules: it gets no checklist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ingest.narrative import extract_procurement
from ingest.narrative.sentences import paragraphs
from ingest.normalize import compact
from ingest.review.checklist import CHECKLIST, EMPTY_NOTE, TITLE_EXCLUDED, Item
from ingest.types import SourceLine

FINAL_KINDS = frozenset({"department_final", "unit_final"})
BUDGET_KINDS = frozenset({"department_budget", "unit_budget"})
STATUS_LABELS = {"yes": "符合", "partial": "部分符合", "no": "不符合"}
MAX_TITLE_CHARS = 60
_CHANGE = re.compile(r"(增加|减少|增长|下降|上升|降低)\d")


@dataclass(frozen=True, slots=True)
class _Document:
    """What the items are looked for in."""

    narrative: list[dict[str, Any]]
    headings: list[tuple[str, list[int]]]
    titles: list[tuple[str, int]]
    tables: dict[str, dict[str, Any]]
    lines: Sequence[SourceLine]


@dataclass(frozen=True, slots=True)
class _Result:
    status: str
    note: str = ""
    lines: tuple[int, ...] = ()


def kind_group(kind: str | None) -> str:
    """ "budget" or "final" for the checklist; "" for a disclosure it does not apply to."""
    if kind in BUDGET_KINDS:
        return "budget"
    if kind in FINAL_KINDS:
        return "final"
    return ""


def assess_completeness(parsed: dict[str, Any], lines: Sequence[SourceLine]) -> dict[str, Any]:
    """``{"score", "items"}``: every applicable item with its status, note and lines."""
    group = kind_group(parsed.get("kind"))
    if not group:
        return {"score": None, "items": []}
    document = _document(parsed, lines)
    items = []
    for item in CHECKLIST:
        if group not in item.kinds:
            continue
        result = _assess(item, document)
        items.append(
            {
                "key": item.key,
                "part": item.part,
                "label": item.label,
                "status": result.status,
                "note": result.note,
                "lines": list(result.lines),
                "weight": item.weight,
            }
        )
    return {"score": score(items), "items": items}


def score(items: Sequence[dict[str, Any]]) -> int | None:
    """Points met out of 100: an item met counts its weight, a partial one half of it."""
    total = sum(item["weight"] for item in items)
    if not total:
        return None
    points = sum(
        item["weight"] * {"yes": 1.0, "partial": 0.5}.get(item["status"], 0.0) for item in items
    )
    return round(points * 100 / total)


def _document(parsed: dict[str, Any], lines: Sequence[SourceLine]) -> _Document:
    narrative = parsed.get("narrative") or []
    headings = []
    for section in narrative:
        section_lines = list(section.get("lines") or [])
        headings.append((compact(section.get("part", "")), section_lines))
        for unit in (section, *section.get("subsections", [])):
            headings.append((compact(unit.get("heading", "")), list(unit.get("lines") or [])))
    titles = []
    for row in lines:
        if len(row.filled) == 1:
            text = compact(row.filled[0])
            if len(text) <= MAX_TITLE_CHARS and not TITLE_EXCLUDED.search(row.filled[0]):
                titles.append((text, row.no))
    tables = {str(table.get("kind")): table for table in parsed.get("tables") or []}
    return _Document(narrative, headings, titles, tables, lines)


def _assess(item: Item, document: _Document) -> _Result:
    if item.rule:
        return RULES[item.rule](item, document)
    for look in (_by_table, _by_title, _by_heading, _by_text, _by_all_words):
        result = look(item, document)
        if result is not None:
            return result
    return _Result("no", f"未找到“{item.label}”。")


def _by_heading(item: Item, document: _Document) -> _Result | None:
    if not item.headings:
        return None
    pattern = re.compile(item.headings)
    for heading, lines in document.headings:
        if heading and pattern.search(heading):
            return _Result("yes", f"见“{heading}”。", tuple(lines[:1]))
    return None


def _by_text(item: Item, document: _Document) -> _Result | None:
    if not item.text:
        return None
    pattern = re.compile(item.text)
    for paragraph in paragraphs(document.narrative):
        match = pattern.search(paragraph.text)
        if match:
            return _Result("yes", f"文中写有“{match.group(0)}”。", paragraph.lines[:1])
    return None


def _by_all_words(item: Item, document: _Document) -> _Result | None:
    if not item.text_all:
        return None
    where = re.compile(item.sections) if item.sections else None
    texts = [
        p
        for p in paragraphs(document.narrative)
        if where is None or where.search(p.heading) or where.search(p.part)
    ]
    text = "".join(p.text for p in texts)
    missing = [item.notes.get(word, word) for word in item.text_all if not re.search(word, text)]
    first = texts[0].lines[:1] if texts else ()
    if not texts:
        return _Result("no", "未找到相关说明。")
    if item.absent and re.search(item.absent, text):
        return _Result("yes", "文中说明无此项。", first)
    if not missing:
        return _Result("yes", "各项均有说明。", first)
    if len(missing) == len(item.text_all):
        return _Result("no", "未分项说明。", first)
    return _Result("partial", f"未说明：{'、'.join(missing)}。", first)


def _by_title(item: Item, document: _Document) -> _Result | None:
    if not item.titles:
        return None
    pattern = re.compile(f"(?:{item.titles})$")
    for text, number in document.titles:
        if pattern.search(text):
            return _Result("yes", f"见表“{text}”。", (number,))
    return None


def _by_table(item: Item, document: _Document) -> _Result | None:
    """A table the parser read; one read as empty must say so beneath its title."""
    for kind in item.tables:
        table = document.tables.get(kind)
        if table is None:
            continue
        lines = table.get("lines") or []
        title = str(table.get("title") or item.label)
        if (
            table.get("empty")
            and not _says_empty(document, lines)
            and not _has_figures(document, lines)
        ):
            return _Result("partial", f"“{title}”没有数据，也未注明本表无数据。", tuple(lines[:1]))
        return _Result("yes", f"见表“{title}”。", tuple(lines[:1]))
    return None


_NUMBER = re.compile(r"^-?[\d,，]+(?:\.\d+)?$")


def _has_figures(document: _Document, lines: list[int]) -> bool:
    """Whether the table's lines print a figure: a parse that read none is not the document.

    Codes (3, 5 or 7 digits) and years are no figures.
    """
    if len(lines) < 2:
        return False
    for row in document.lines:
        if not lines[0] <= row.no <= lines[-1]:
            continue
        for cell in row.filled:
            text = compact(cell)
            if not _NUMBER.match(text):
                continue
            digits = text.replace(",", "").replace("，", "").lstrip("-")
            whole = digits.split(".")[0]
            if "." not in digits and (len(whole) in (3, 5, 7) or 1990 <= int(whole) <= 2100):
                continue
            if float(digits) > 0:
                return True
    return False


def _says_empty(document: _Document, lines: list[int]) -> bool:
    if len(lines) < 2:
        return False
    first, last = lines[0], lines[-1] + 3  # the note may follow the table's last row
    return any(
        first <= row.no <= last and EMPTY_NOTE.search(compact(row.text)) for row in document.lines
    )


# --- named rules ------------------------------------------------------------------------------


def _reasons(item: Item, document: _Document) -> _Result:
    """Every change of the “三公”经费 the text states comes with its reason."""
    where = re.compile(item.sections)
    texts = [p for p in paragraphs(document.narrative) if where.search(p.heading)]
    if not texts:
        return _Result("no", "未找到“三公”经费的说明。")
    text = "".join(p.text for p in texts)
    first = texts[0].lines[:1]
    if re.search(r"无[“\"]?三公[”\"]?经费|没有.{0,10}三公", text):
        return _Result("yes", "文中说明无“三公”经费。", first)
    changes = [m for m in _CHANGE.finditer(text) if text[m.end() - 1 : m.end() + 4] != "0万元"]
    if not changes:
        return _Result("yes", "各项与上年持平。", first)
    if "原因" in text:
        return _Result("yes", "增减变化已说明原因。", first)
    return _Result("no", "有增减变化，但未说明原因。", first)


def _procurement(item: Item, document: _Document) -> _Result:
    found = extract_procurement(document.narrative)
    if found is None:
        return _Result("no", "未找到政府采购情况。")
    lines = tuple(found["lines"][:1])
    parts = {"goods": "货物", "works": "工程", "services": "服务"}
    missing = [label for key, label in parts.items() if found.get(key) is None]
    if found["total"] is None and not missing:
        return _Result("partial", "列出了货物、工程、服务，但未写总额。", lines)
    if found["total"] is None:
        return _Result("no", "未写政府采购总额。", lines)
    if missing:
        return _Result("partial", f"未分列：{'、'.join(missing)}。", lines)
    if found["total"] == 0 and all(found[key] == Decimal(0) for key in parts):
        return _Result("yes", "说明无政府采购。", lines)
    return _Result("yes", f"总额{found['total']}万元，已分列货物、工程、服务。", lines)


RULES: dict[str, Callable[[Item, _Document], _Result]] = {
    "reasons": _reasons,
    "procurement": _procurement,
}
