"""The explanatory text of a disclosure as headed sections.

Three kinds of prose are read:

- 第三部分 情况说明: sections 一 to 十二, each with its sub-headings ((一), 1、) kept
  as ``subsections``;
- 第四部分 名词解释: one section whose paragraphs are the glossary entries;
- a special-funds disclosure (专项资金信息公开): its title paragraph and one
  section per project ("（1）项目名称：…" with 项目概述, 立项依据 … lines).

The table of contents repeats the headings with page numbers in a second cell
(or after dot leaders), so only single-cell lines count as headings. Table rows
end a section's text until the next heading (forms and charts sit inside
section 十). An appended document (附件, "…财政局文件") ends the 情况说明: its own
headings restart at 一、, which is how it is told apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.limits import check_time
from ingest.normalize import LINE_CACHE_SIZE, compact
from ingest.types import SourceLine

_NUMERALS = "一二三四五六七八九十"
_PART_EXPLANATION = re.compile(r"^第三部分.*(情况说明|说明)$")
_PART_GLOSSARY = re.compile(r"^第四部分\s*名词解释$")
_PART_OTHER = re.compile(r"^第[一二三四五六]部分")
_FIRST_SECTION = re.compile(r"^一、.*(预算|收支).*(变动|情况|原因|说明)")
_TOP_HEADING = re.compile(rf"^([{_NUMERALS}]{{1,3}})、\s*(\S.*)$")
_SUB_HEADING = re.compile(rf"^([(（][{_NUMERALS}]{{1,2}}[)）]|\d{{1,2}}[、.．])\s*(\S.*)?$")
_PROSE_PROJECT = re.compile(r"^[(（]\s*\d{1,2}\s*[)）]\s*项目名称[:：]")
_GROUP_HEADING = re.compile(r"^\d{1,2}[、.．]\s*\S{2,20}(专项资金|项目)$")
_SPECIAL_TITLE = re.compile(r"专项资金信息公开$|专项资金.{0,6}公开$")
_APPENDIX = re.compile(r"^(附件|附表)\s*\d*$|文件$")
_TOC_TAIL = re.compile(r"[.…·]{3,}\s*\d*$|\s\d{1,3}$")
_CAPTION = re.compile(r"(图|图表)$")
_FORM_TITLE = re.compile(r"绩效目标申报表$|^[(（]\d{4}\s*年度?[)）]\s*(年度)?$")
_TERMINAL = '。；;！!？?：:)）」』"”'
_SPACE_CJK = re.compile(
    r"(?<=[\u4e00-\u9fff\d，。、；：（）%])\s+(?=[\u4e00-\u9fff，。、；：（）\d])"
    r"|(?<=[\u4e00-\u9fff\d%][,;:)])\s+(?=[\u4e00-\u9fff(])"
    r"|(?<=[\u4e00-\u9fff\d%])\s+(?=[,;:)。])"
)
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=[\d.,])|(?<=[.,])\s+(?=\d)")
_BOLD = re.compile(r"\*\*|__")
MAX_HEADING_CHARS = 40


@dataclass(slots=True)
class _Section:
    heading: str
    lines: list[int]
    part: str
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    subsections: list[_Section] = field(default_factory=list)
    interrupted: bool = False
    # The tidied lines of each paragraph, in step with ``paragraphs``: a paragraph's text is
    # tidied once, when the section is finished (``settle``), not again at every line the
    # converter wrapped it onto, which was quadratic in the paragraph's length.
    pieces: list[list[str]] = field(default_factory=list)

    def target(self) -> _Section:
        return self.subsections[-1] if self.subsections else self

    def as_dict(self) -> dict[str, Any]:
        texts = [p["text"] for p in self.paragraphs]
        for sub in self.subsections:
            texts.append(sub.heading)
            texts.extend(p["text"] for p in sub.paragraphs)
        last = max([self.lines[-1], *(p["lines"][-1] for p in self.all_paragraphs())])
        result: dict[str, Any] = {
            "heading": self.heading,
            "text": "\n".join(texts),
            "lines": [self.lines[0], last],
            "part": self.part,
            "paragraphs": self.paragraphs,
        }
        if self.subsections:
            result["subsections"] = [sub.as_dict() for sub in self.subsections]
        return result

    def all_paragraphs(self) -> list[dict[str, Any]]:
        return self.paragraphs + [p for sub in self.subsections for p in sub.paragraphs]

    def settle(self) -> None:
        """Give each paragraph joined from several lines its tidied text."""
        for section in (self, *self.subsections):
            for paragraph, pieces in zip(section.paragraphs, section.pieces, strict=True):
                if len(pieces) > 1:
                    paragraph["text"] = _tidy("".join(pieces))


def _tidy(value: str) -> str:
    text = _BOLD.sub("", value).strip()
    text = _SPACE_IN_NUMBER.sub("", text)
    text = _SPACE_CJK.sub("", _SPACE_CJK.sub("", text))  # twice: "元 , 增加" has two gaps
    return re.sub(r"\s{2,}", " ", text).strip()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def tidy_text(value: str) -> str:
    """Prose as a reader writes it: no layout spaces between hanzi or inside numbers, no ``**``.

    Cached for lines, which recur; whole paragraphs go through ``_tidy`` uncached.
    """
    return _tidy(value)


def numeral_value(text: str) -> int:
    """一 -> 1, 十二 -> 12 (the numerals of headings, up to 九十九)."""
    digits = {ch: i + 1 for i, ch in enumerate(_NUMERALS[:9])}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.get(text[1:], 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(units, 0)
    return digits.get(text, 0)


def _single(row: SourceLine) -> str | None:
    """The text of a one-cell line (prose or heading), None for a table row."""
    return tidy_text(row.filled[0]) if len(row.filled) == 1 else None


def _is_heading_like(text: str) -> bool:
    return len(text) <= MAX_HEADING_CHARS and "。" not in text and not _TOC_TAIL.search(text)


def extract_narrative(lines: Sequence[SourceLine]) -> list[dict[str, Any]]:
    """The headed prose of a disclosure, in document order (see the module docstring)."""
    reader = _Reader()
    for row in lines:
        reader.feed(row)
    return [section.as_dict() for section in reader.finish()]


class _Reader:
    """A line-by-line state machine over the document's parts."""

    def __init__(self) -> None:
        self.sections: list[_Section] = []
        self.mode: str | None = None  # explanation | glossary | special
        self.part = ""
        self.number = 0
        self.current: _Section | None = None

    def finish(self) -> list[_Section]:
        for section in self.sections:
            section.settle()
        return [s for s in self.sections if s.all_paragraphs() or s.subsections]

    def feed(self, row: SourceLine) -> None:
        text = _single(row)
        if text is None or _FORM_TITLE.search(compact(text or "")):
            if self.current is not None:
                self.current.interrupted = True
            return
        if not text or self._switch_part(row, text):
            return
        if self.mode == "explanation":
            self._explanation(row, text)
        elif self.mode == "glossary":
            self._paragraph(row, text)
        else:
            self._special(row, text)

    def _switch_part(self, row: SourceLine, text: str) -> bool:
        flat = compact(text)
        if _TOC_TAIL.search(text) or len(flat) > MAX_HEADING_CHARS:
            return False
        if _PART_EXPLANATION.match(flat):
            self.mode, self.part, self.number, self.current = "explanation", text, 0, None
            return True
        if _PART_GLOSSARY.match(flat):
            self.mode, self.part = "glossary", text
            self._open(text, row)
            return True
        if _PART_OTHER.match(flat):
            self.mode, self.current = None, None
            return True
        if self.mode is None and not self.sections and _FIRST_SECTION.match(flat):
            # No 第三部分 heading (a bare 情况说明): the template's first section opens it.
            self.mode, self.part, self.number = "explanation", "", 0
        return False

    def _open(self, heading: str, row: SourceLine) -> None:
        self.current = _Section(heading, [row.no, row.last], self.part)
        self.sections.append(self.current)

    def _explanation(self, row: SourceLine, text: str) -> None:
        flat = compact(text)
        top = _TOP_HEADING.match(flat)
        if top and _is_heading_like(flat):
            number = numeral_value(top.group(1))
            if number <= self.number:  # numbering restarts: an appended document
                self.mode, self.current = None, None
                return
            self.number = number
            self._open(text, row)
            return
        if _APPENDIX.search(flat) and len(flat) <= 20:
            self.mode, self.current = None, None
            return
        if self.current is None:
            return
        if _SUB_HEADING.match(flat) and _is_heading_like(flat) and not flat.endswith("。"):
            sub = _Section(text, [row.no, row.last], self.part)
            self.current.subsections.append(sub)
            self.current.interrupted = False
            return
        if _CAPTION.search(flat) and len(flat) <= 20:
            return
        if not self.current.interrupted:
            self._paragraph(row, text)

    def _special(self, row: SourceLine, text: str) -> None:
        flat = compact(text)
        if _SPECIAL_TITLE.search(flat) and len(flat) <= MAX_HEADING_CHARS:
            self.mode, self.part = "special", text
            self._open(text, row)
            return
        if _PROSE_PROJECT.match(flat):
            self.mode = "special"
            self._open(text, row)
            return
        if self.mode != "special" or self.current is None:
            return
        if _GROUP_HEADING.match(flat):
            self.part = text
            self.current = None
            return
        if not self.current.interrupted:
            self._paragraph(row, text)

    def _paragraph(self, row: SourceLine, text: str) -> None:
        check_time()  # the parse's wall-time budget, once per line of prose
        if self.current is None:
            return
        target = self.current.target()
        paragraphs = target.paragraphs
        if paragraphs and _continues(target.pieces[-1][-1], text):
            target.pieces[-1].append(text)
            paragraphs[-1]["lines"][1] = row.last
            return
        paragraphs.append({"text": text, "lines": [row.no, row.last]})
        target.pieces.append([text])


def _continues(previous: str, text: str) -> bool:
    """Whether ``text`` carries on a paragraph the converter wrapped onto a new line."""
    if not previous or previous[-1] in _TERMINAL:
        return False
    first = compact(text)
    if re.match(r"^[\u4e00-\u9fff]{2,8}[:：]", first):  # a new field: "实施周期：…"
        return False
    return not (
        _TOP_HEADING.match(first) or _SUB_HEADING.match(first) or _PROSE_PROJECT.match(first)
    )
