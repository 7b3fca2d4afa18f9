"""RawDocument lines -> table sections, split on the tables' titles.

A disclosure prints its tables under titles such as "2024年预算收支总表",
"表六2025年一般公共预算安排基本支出分经济科目表(不含上年结转)", "2025年部门财务收支预算总表"
or, in a 决算, "收入支出决算总表". The same titles appear earlier in the table of contents,
often with a page number ("表一2024年预算收支总表 3", "…(不含上年结转)11") and sometimes
without one ("一、收入支出决算总表"), so a title only opens a section when it is not part of
a run of titles and is not followed by a page number; the contents entries are kept apart
(:func:`contents_kinds`) as the list of tables the document says it has. Markers such as
"预算公开表10" / "部门公开表9" and page footers are left inside the sections for the
readers to skip.

Titles are matched on their wording (``ingest.vocabulary.TITLES``), with or without a
表一 / 表1 / 预算公开表1 / 一、/ 1. prefix and with or without a year, never on line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.normalize import LINE_CACHE_SIZE, compact
from ingest.types import SourceLine
from ingest.vocabulary import CARRYOVER_QUALIFIER, TABLE_ORDER, TITLE_ALSO, TITLES, TableKind

__all__ = [
    "TABLE_ORDER",
    "Section",
    "TableKind",
    "contents_kinds",
    "has_page_number",
    "is_part_heading",
    "segment_document",
    "segment_sections",
    "title_kind",
    "title_kinds",
]


@dataclass(frozen=True, slots=True)
class Section:
    """One table of the document: its title line and the lines up to the next section."""

    kind: str
    title: str
    title_line: int
    lines: tuple[SourceLine, ...]

    @property
    def span(self) -> list[int]:
        """``[first, last]`` source lines of the section, title included."""
        last = max((line.last for line in self.lines), default=self.title_line)
        return [self.title_line, last]


# A title's prefix: "表一", "表 1", "预算公开表10", "部门公开表9", "附表3-1" …
_PREFIX = re.compile(
    r"^(?:[^\d一二三四五六七八九十]{0,6}公开)?附?表"
    r"(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]|\d{1,2}(?=\d{4}年|\D|$))"
    r"(?:-\d+)?[、.．:：]?"
)
_YEAR = re.compile(r"^[^，。；\d]{0,24}?\d{4}年度?")
_TRAILING_PAREN = re.compile(r"[(（][^()（）]*[)）]?$")
_PAGE_NUMBER = re.compile(r"^[.…·。\-—\s]*\d{1,3}$")
_TRAILING_PAGE = re.compile(r"(?:[.…·]{2,}\s*\d{1,3}|\d{1,3})$")
_DOTS = re.compile(r"[.…·]{2,}.*$")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_FORM_TITLE = re.compile(r"绩效目标(?:申报|填报)?表|政府购买服务指导性目录")
MAX_TITLE_CHARS = 48

# The first kind whose title pattern ends the core names the table.
_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(f"(?:{pattern})$")) for kind, patterns in TITLES for pattern in patterns
)
# A contents entry's numbering: "一、", "十一、", "1.", "1. ", "(一)".
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])"
)


def _strip_title(text: str) -> tuple[str, str]:
    """Return ``(core, qualifier)``: the title without prefix, year and trailing page number.

    ``qualifier`` is the trailing parenthesis ("不含上年结转", "本年预算", "上年结转").
    """
    text = _DOTS.sub("", compact(text))
    text = _PREFIX.sub("", text)
    text = _NUMBERING.sub("", text)
    text = _YEAR.sub("", text)
    text = _TRAILING_PAGE.sub("", text) if not text.endswith("表") else text
    qualifier = ""
    match = _TRAILING_PAREN.search(text)
    if match:
        qualifier = match.group(0).strip("()（）")
        text = text[: match.start()]
    return text.replace("“", "").replace("”", "").replace('"', ""), qualifier


@lru_cache(maxsize=LINE_CACHE_SIZE)
def title_kind(text: str) -> str | None:
    """The table kind a title names, or ``None`` if the text is not a table title."""
    # A contents entry's dot leader ("总表 ......") says nothing of its length.
    if not text or len(_DOTS.sub("", compact(text))) > MAX_TITLE_CHARS + 12:
        return None
    core, qualifier = _strip_title(text)
    if not core.endswith("表") or len(core) > MAX_TITLE_CHARS or _FORM_TITLE.search(core):
        return None
    if any(mark in core for mark in "，。；:：") or "绩效" in core:
        return None
    for kind, pattern in _TITLE_PATTERNS:
        if pattern.search(core):
            if kind == TableKind.PROJECTS and CARRYOVER_QUALIFIER in qualifier + core:
                return TableKind.CARRYOVER_PROJECTS
            return kind
    return None


def title_kinds(text: str) -> tuple[str, ...]:
    """Every table kind a title names: its own, and a table printed in it
    ("“三公”经费和机关运行经费预算表" -> three_public, operating)."""
    kind = title_kind(text)
    if kind is None:
        return ()
    squeezed = compact(text)
    return (kind, *(also for word, also in TITLE_ALSO.get(kind, ()) if word in squeezed))


def _line_title(line: SourceLine) -> str | None:
    """The title text of a line, or ``None``; a table-of-contents page number is kept off."""
    filled = line.filled
    if not filled:
        return None
    if len(filled) > 3:
        return None
    return (
        filled[0] if len(filled) == 1 else "".join(filled[:-1] if _is_page(filled[-1]) else filled)
    )


def _is_page(cell: str) -> bool:
    return bool(_PAGE_NUMBER.match(cell))


def has_page_number(line: SourceLine) -> bool:
    """Whether a line ends with a table-of-contents page number ("… 3", "…(不含上年结转)11")."""
    filled = line.filled
    if not filled:
        return False
    if len(filled) > 1 and _is_page(filled[-1]):
        return True
    text = compact(filled[-1])
    return not text.endswith("表") and bool(re.search(r"(?:表|[)）]|[.…·]{2,})\d{1,3}$", text))


def is_part_heading(line: SourceLine) -> bool:
    """Whether a line opens a part of the document (第二部分 …) or a form / catalogue."""
    text = compact(line.text)
    if _PART_HEADING.match(text):
        return True
    return len(line.filled) == 1 and len(text) <= 60 and bool(_FORM_TITLE.search(text))


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int
    kind: str
    title: str


def _candidates(lines: Sequence[SourceLine]) -> list[_Candidate]:
    found = []
    for index, line in enumerate(lines):
        title = _line_title(line)
        kind = title_kind(title) if title else None
        if kind:
            found.append(_Candidate(index, kind, title or ""))
    return found


def _is_contents_entry(
    lines: Sequence[SourceLine], candidate: _Candidate, titles: set[int]
) -> bool:
    """A table-of-contents entry has a page number, or sits in a run of titles."""
    if has_page_number(lines[candidate.index]):
        return True
    following = candidate.index + 1
    if following < len(lines):
        if following in titles:
            return True
        after = lines[following]
        if len(after.filled) <= 2 and has_page_number(after):
            return True
    return candidate.index - 1 in titles


@dataclass(frozen=True, slots=True)
class Segmentation:
    """A document's table sections, and the tables its table of contents lists."""

    sections: list[Section]
    contents: tuple[str, ...]


def contents_kinds(lines: Sequence[SourceLine]) -> tuple[str, ...]:
    """The table kinds the document's table of contents names, in its order."""
    return segment_document(lines).contents


def segment_sections(lines: Sequence[SourceLine]) -> list[Section]:
    """Split the document's lines into one :class:`Section` per table title (see
    :func:`segment_document`)."""
    return segment_document(lines).sections


def segment_document(lines: Sequence[SourceLine]) -> Segmentation:
    """Split the document's lines into one :class:`Section` per table title.

    Table-of-contents entries open no section; their kinds are kept apart. A title
    repeated right after its own table (the next page of the same table, 续表) continues
    that section; when a
    kind's title occurs again elsewhere, the occurrence with the most table rows wins.
    A section ends at the next title, at a part heading (第三部分 …) or at a
    performance form / catalogue title.
    """
    candidates = _candidates(lines)
    titles = {candidate.index for candidate in candidates}
    kept: list[_Candidate] = []
    contents: dict[str, None] = {}
    for candidate in candidates:
        if _is_contents_entry(lines, candidate, titles):
            contents.update(dict.fromkeys(title_kinds(candidate.title)))
        else:
            kept.append(candidate)
    boundaries = sorted({c.index for c in kept})
    sections: dict[str, Section] = {}
    last: _Candidate | None = None
    for candidate in kept:
        body = _section_body(lines, candidate.index, boundaries)
        section = Section(candidate.kind, candidate.title, lines[candidate.index].no, body)
        previous = sections.get(candidate.kind)
        if (
            previous is not None
            and last is not None
            and last.kind == candidate.kind
            and _continues(lines, previous, last.index, candidate.index)
        ):
            # The title repeated on the next page (续表): one table across pages.
            section = Section(
                previous.kind, previous.title, previous.title_line, previous.lines + body
            )
            sections[candidate.kind] = section
        elif previous is None or _table_rows(body) >= _table_rows(previous.lines):
            sections[candidate.kind] = section
        last = candidate
    ordered = sorted(sections.values(), key=lambda section: section.title_line)
    return Segmentation(ordered, tuple(contents))


def _section_body(
    lines: Sequence[SourceLine], start: int, boundaries: Sequence[int]
) -> tuple[SourceLine, ...]:
    stop = next((b for b in boundaries if b > start), len(lines))
    body = []
    for line in lines[start + 1 : stop]:
        if is_part_heading(line):
            break
        body.append(line)
    return tuple(body)


def _continues(lines: Sequence[SourceLine], previous: Section, start: int, stop: int) -> bool:
    """Whether the table above (titled at ``start``) runs on with rows up to ``stop``."""
    if _table_rows(previous.lines) == 0:
        return False
    return not any(is_part_heading(line) for line in lines[start + 1 : stop])


def _table_rows(lines: Sequence[SourceLine]) -> int:
    return sum(1 for line in lines if len(line.filled) > 1)
