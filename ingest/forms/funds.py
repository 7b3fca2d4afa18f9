"""The funds block of a performance-target form (项目资金, in 元).

A form states its total funds for the implementation period (实施期资金总额) and
for the year (年度资金总额), then the sources (中央 / 省级 / 市县(区) 财政资金,
单位自筹, 其他资金) in the same two columns. OCR splits amounts across cells and
duplicates the character at the cut: "500,0 | 000" is 500,000 and "33 | 37,300"
is 337,300. :func:`join_fragments` mends that one artefact and nothing else; an
amount that still does not read as a well-formed number is left unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ingest.forms.cells import cjk_count, clean_cell
from ingest.normalize import CELL_CACHE_SIZE, compact
from ingest.types import SourceLine

# An amount stands apart from words: "1等" and "B00" are OCR of characters, not numbers.
_AMOUNT = re.compile(
    r"(?<![\u4e00-\u9fffA-Za-z\d])\d(?:[\d,，.]|\s(?=[\d,，.]))*(?![\u4e00-\u9fffA-Za-z%\d])"
)
_TEXT_RUN = re.compile(r"[^\d\s,，.:：;；()（）\[\]【】]+(?:[()（）][^\d\s,，.:：]*)*")
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_DOT_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3}){2,}$")
_WORD_THEN_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)")

SOURCES = ("中央财政资金", "省级财政资金", "市县(区)财政资金", "单位自筹", "其他资金")


Fragment = tuple[str, int]  # (text, cell index)


@dataclass(slots=True)
class FundsRow:
    """The labels of one funds row, each with the amount fragments that follow it."""

    labels: list[tuple[str, list[Fragment]]] = field(default_factory=list)

    def occurrences(self, kind: str) -> list[list[Fragment]]:
        """The fragment lists of every occurrence of one label kind, in reading order."""
        return [fragments for label, fragments in self.labels if label == kind]


def read_amount(text: str) -> Decimal | None:
    """A well-formed amount ("1,800,000", "17,791.63", "4.400.000"), else None."""
    flat = compact(text).replace("，", ",").rstrip(".")
    if _GROUPED.match(flat):
        return Decimal(flat.replace(",", ""))
    if _DOT_GROUPED.match(flat):
        return Decimal(flat.replace(".", ""))
    if _PLAIN.match(flat) and len(flat) <= 12:
        return Decimal(flat)
    return None


def join_fragments(fragments: list[str]) -> Decimal | None:
    """Read an amount that OCR split across cells.

    Tries the plain join, then the join without the character duplicated at the
    cut ("500,0" + "000" -> 500,000; "33" + "37,300" -> 337,300). Otherwise None:
    the amount is unreadable (see :func:`complete_from` for what may still be said).

    Pieces that are each a whole amount without thousands separators ("500000" |
    "500000", as a workbook or converter prints the 实施期 and 年度 columns) are two
    amounts side by side, not one cut in two: None, as for "500,000" | "500,000".
    """
    pieces = [compact(f).replace("，", ",") for f in fragments if compact(f)]
    if not pieces:
        return None
    if len(pieces) == 1:
        return read_amount(pieces[0])
    if all(_PLAIN.match(piece) for piece in pieces):
        return None
    joined = "".join(pieces)
    if (value := read_amount(joined)) is not None:
        return value
    if len(pieces) == 2 and pieces[0][-1] == pieces[1][0]:
        return read_amount(pieces[0] + pieces[1][1:])
    return None


def complete_from(fragments: list[str], reference: Decimal | None) -> Decimal | None:
    """An unreadable amount that can only be ``reference`` (the same source's 实施期 figure).

    Accepted when one fragment reads exactly as the reference ("500,0" | "500,000"
    next to 500,000), or when the digits differ from the reference's by a single
    digit OCR added, dropped or changed at a cell cut ("197,8" | "331" next to
    197,831; "480, 00" next to 480,000). None otherwise.
    """
    if reference is None or not fragments:
        return None
    if any(read_amount(f) == reference for f in fragments):
        return reference
    digits = re.sub(r"\D", "", "".join(fragments))
    whole = format(reference.normalize(), "f").replace(".", "")
    return reference if len(digits) >= 3 and _one_edit_apart(digits, whole) else None


def _one_edit_apart(first: str, second: str) -> bool:
    """Whether two digit strings differ by one insertion, deletion or substitution."""
    if abs(len(first) - len(second)) > 1 or first == second:
        return first == second
    shorter, longer = sorted((first, second), key=len)
    for index in range(len(longer)):
        if len(shorter) == len(longer):
            if longer[:index] + longer[index + 1 :] == shorter[:index] + shorter[index + 1 :]:
                return True
        elif longer[:index] + longer[index + 1 :] == shorter:
            return True
    return False


_TOTAL_WORDS = (
    "实施期",
    "实施资金",
    "实施财政",
    "年初预算",
    "支出预算",
    "上级专项",
    "无预算",
    "主管部门资金",
    "其他财政资金",
    "资金来源",
)
_SOURCE_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (kind, any of these inside, or any of these at the start)
    ("中央财政资金", ("中央",), ()),
    ("省级财政资金", (), ("省级", "省财", "省")),
    ("市县(区)财政资金", ("区)财", "(区)"), ("市", "县")),
    ("单位自筹", ("自筹",), ("单位自", "单位", "単位")),
)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def label_kind(text: str) -> str | None:
    """Name a funds label: a source (中央财政资金…), a total column, or a split-label remnant."""
    run = compact(clean_cell(text)).replace("級", "级").replace("長", "县")
    if not run:
        return None
    return _total_kind(run) or _source_kind(run) or _remnant_kind(run)


def _total_kind(run: str) -> str | None:
    if "年度" in run:
        return "annual_total"
    if any(word in run for word in _TOTAL_WORDS):
        return "period_total"
    if "总额" in run or "合计" in run:
        return "period_total" if run.startswith(("实施", "资金")) else "continuation"
    return None


def _source_kind(run: str) -> str | None:
    for kind, inside, starts in _SOURCE_RULES:
        if any(word in run for word in inside) or run.startswith(starts):
            return kind
    return "其他资金" if run.startswith("其他") else None


def _remnant_kind(run: str) -> str | None:
    """Pieces of a label split across cells ("总额:", "政资金"): to be skipped."""
    if run in ("额", "总额", "金") or (run.endswith(("资金", "贤金")) and len(run) <= 5):
        return "continuation"
    if run.endswith(("政资金", "政贤金", "财政资", "政资")) or run.startswith(("项目资金", "其中")):
        return "continuation"
    return None


def read_funds_row(row: SourceLine) -> FundsRow:
    """Split a funds row into labels and the amount fragments that follow each label.

    A label split across cells ("市県" | "(区)财政资金") counts once: a label of the
    same kind right after one that has no amount yet continues it.
    """
    result = FundsRow()
    for index, cell in enumerate(row.cells):
        text = clean_cell(cell)
        if not text:
            continue
        for token, is_amount in _scan(text):
            if is_amount:
                if result.labels:
                    result.labels[-1][1].append((token, index))
                continue
            kind = label_kind(token)
            if kind == "continuation" or (kind is None and cjk_count(token) < 2):
                continue
            kind = kind or "other"
            if result.labels and result.labels[-1][0] == kind and not result.labels[-1][1]:
                continue
            result.labels.append((kind, []))
    return result


def resolve_amounts(fragments: list[Fragment], expected: int) -> list[Decimal | None]:
    """Read ``expected`` amounts (1 or 2) from the fragments under one label.

    With two expected, the fragments are cut where both sides read as amounts
    ("1,600,000" | "500,000"); with one, they are joined (see :func:`join_fragments`).
    """
    texts = [text for text, _ in fragments]
    if not texts:
        return [None] * expected
    if expected == 1 or len(texts) == 1:
        value = join_fragments(texts)
        return [value] if expected == 1 else [value, None]
    for cut in range(1, len(texts)):
        left, right = join_fragments(texts[:cut]), join_fragments(texts[cut:])
        if left is not None and right is not None:
            return [left, right]
    return [join_fragments(texts), None]


def _separate_labels(text: str) -> str:
    """A space between a funds label and an amount printed against it.

    "省级财政资金0" and "市县(区)财政资金500,000" (a cell without the space the
    samples print) read as label and amount. Only a funds label is cut off, so a
    digit after other words ("附件3", OCR's "1等") still does not read as an amount.
    """
    cuts = [
        match.start()
        for match in _WORD_THEN_DIGIT.finditer(text)
        if (runs := _TEXT_RUN.findall(text[: match.start()])) and label_kind(runs[-1])
    ]
    for cut in reversed(cuts):
        text = f"{text[:cut]} {text[cut:]}"
    return text


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _scan(text: str) -> tuple[tuple[str, bool], ...]:
    """Tokens of a cell in order: (text, is_amount). Cached: every row near a form's
    central-funds row is scanned, and forms repeat their labels."""
    text = _separate_labels(text)
    tokens: list[tuple[str, bool]] = []
    position = 0
    for match in _AMOUNT.finditer(text):
        before = text[position : match.start()]
        tokens.extend((run, False) for run in _TEXT_RUN.findall(before))
        tokens.append((match.group(0), True))
        position = match.end()
    tokens.extend((run, False) for run in _TEXT_RUN.findall(text[position:]))
    return tuple(tokens)


def is_funds_source_row(row: SourceLine) -> bool:
    """Whether a row lists a source of funds (中央 / 省级 / 市县 / 单位自筹 / 其他资金)."""
    kinds = {kind for kind, _ in read_funds_row(row).labels}
    return bool(kinds & set(SOURCES))
