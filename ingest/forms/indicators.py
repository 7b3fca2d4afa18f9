"""The indicator table of a performance-target form (绩效指标).

Columns: 一级指标 | 二级指标 | 三级指标 | 指标值, printed once (年度 only) or twice
(实施期 then 年度). OCR shifts rows by a column, leaves label cells blank where
a merged label cell sat, and turns rotated pages into rows of debris. Cells
are therefore read by what they contain (a level label, a value, a name), not
by position; the 年度 half of a two-column row is preferred and its missing
parts are taken from the 实施期 half only when both halves agree.

Level-2 labels of merged cells are printed on one row of their group, often
the middle one: :func:`assign_level2` gives every unlabelled row the group that
keeps each label central and agrees with what the row's wording suggests.
Level 1 follows from level 2 by the national template (数量/质量/时效/成本 ->
产出指标, 经济/社会/生态效益/可持续影响 -> 效益指标, 服务对象满意度 -> 满意度指标).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.forms.cells import (
    LEVEL1_OF_FAMILY,
    cjk_count,
    clean_cell,
    count_level2_labels,
    holds_header_word,
    is_header_word,
    is_latin_garbage,
    is_noise,
    join_wrapped,
    level1_label,
    level2_family,
    level2_label,
)
from ingest.forms.values import (
    family_hint,
    looks_like_value,
    parse_value,
    tidy_value,
    value_token_count,
)
from ingest.normalize import CELL_CACHE_SIZE, compact
from ingest.types import SourceLine

MAX_CELL_CHARS = 60
_FAMILY_ORDER = tuple(LEVEL1_OF_FAMILY)


@dataclass(frozen=True, slots=True)
class Token:
    """One meaningful cell of an indicator row: its kind (L1, L2, N, V), text and column."""

    kind: str
    text: str
    column: int


@dataclass(slots=True)
class Half:
    """One column group of a row (实施期 or 年度): level-2 label, name and value."""

    family: str | None = None
    label: str | None = None
    name: str | None = None
    value: str | None = None
    name_damaged: bool = False
    value_damaged: bool = False
    debris_only: bool = False
    foreign: bool = False


@dataclass(slots=True)
class IndicatorRow:
    """A row of the indicator table, read; ``family`` is filled in by assign_level2."""

    lines: list[int]
    level1: str | None = None
    family: str | None = None
    label: str | None = None
    name: str | None = None
    value: str | None = None
    notes: list[str] = field(default_factory=list)
    labelled: bool = False
    label_from_period: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """What the header row says: whether there are two halves and where the 年度 one starts."""

    two_columns: bool
    annual_column: int


def find_first_labelled_row(rows: Sequence[SourceLine]) -> int | None:
    """For a form printed without its header row: the first row holding a level-2 label."""
    for index, row in enumerate(rows):
        if any(level2_family(cell) for cell in row.cells) and not garbage_cells(row):
            return index
    return None


def guess_layout(rows: Sequence[SourceLine], *, two_columns: bool) -> Layout:
    """The layout of a header-less table: the 年度 half starts at the second level-2 label."""
    if not two_columns:
        return Layout(False, 0)
    seconds = []
    for row in rows:
        columns = [i for i, cell in enumerate(row.cells) if level2_family(cell)]
        if len(columns) >= 2:
            seconds.append(columns[1])
    return Layout(True, sorted(seconds)[len(seconds) // 2] if seconds else 5)


def find_indicator_header(rows: Sequence[SourceLine]) -> int | None:
    """Index of the header row (一级指标 | 二级指标 | 三级指标 | 指标值), if the form has one."""
    for index, row in enumerate(rows):
        words = [compact(clean_cell(c)).replace("級", "级") for c in row.cells if is_header_word(c)]
        if "三级指标" in words and ("指标值" in words or words.count("三级指标") >= 2):
            return index
    return None


def read_layout(header: SourceLine) -> Layout:
    """Read the halves from the header row; a lone half means a 年度-only form."""
    columns = [compact(clean_cell(c)).replace("級", "级") for c in header.cells]
    thirds = [i for i, c in enumerate(columns) if c == "三级指标"]
    seconds = [i for i, c in enumerate(columns) if c == "二级指标"]
    if len(thirds) >= 2 or len(seconds) >= 2:
        start = seconds[1] if len(seconds) >= 2 else thirds[1] - 1
        return Layout(True, start)
    return Layout(False, 0)


_FOREIGN_SCRIPT = re.compile(r"[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff]")


def garbage_cells(row: SourceLine) -> list[int]:
    """Columns holding debris of a rotated page: several values, titles mixed in, walls of text."""
    return [column for column, cell in enumerate(row.cells) if cell and _is_garbage_cell(cell)]


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _is_garbage_cell(cell: str) -> bool:
    return value_token_count(cell) >= 2 or holds_header_word(cell) or len(cell) > MAX_CELL_CHARS


def tokenize(row: SourceLine, skip: set[int]) -> list[Token]:
    """Classify the cells of a row, dropping debris and the columns in ``skip``."""
    tokens: list[Token] = []
    for column, raw in enumerate(row.cells):
        if not raw or column in skip:
            continue
        kind, text = _cell_kind(raw)
        if kind == "L2" and text == _SATISFACTION:
            # "服务对象满意度" is both the level-2 label and, next to it, a common indicator name.
            previous = tokens[-1] if tokens else None
            if (
                previous is not None
                and previous.kind == "L2"
                and level2_family(previous.text) == _SATISFACTION
            ):
                kind = "N"
        elif kind == _ONE_HANZI:
            kind = "V" if tokens and tokens[-1].kind == "N" else "X"
        if kind == "L1":
            tokens.append(Token("L1", text, column))
        elif kind:
            tokens.append(Token(kind, clean_cell(raw), column))
    return _cost_as_level1(tokens)


_SATISFACTION = "服务对象满意度"
_ONE_HANZI = "1"


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _cell_kind(raw: str) -> tuple[str | None, str]:
    """What a cell is on its own, before its neighbours are known: ``(kind, detail)``.

    Kinds: None (empty or a column title: skipped), L1 (detail: the canonical level-1
    label), L2 (detail: its family), "" (a garbled label: dropped), F, V, X, N (see
    :func:`_content_kind`), and ``_ONE_HANZI``: a lone hanzi, a value after a name and
    debris elsewhere. A row's cells repeat across forms and documents, hence the cache.
    """
    cell = clean_cell(raw)
    if not cell or is_header_word(cell):
        return None, ""
    if level1_label(cell):
        return "L1", level1_label(cell) or ""
    family = level2_family(cell)
    if family:
        return "L2", family
    if count_level2_labels(cell) >= 2 or _is_label_debris(cell):
        return "", ""
    return _content_kind(cell), ""


def _content_kind(cell: str) -> str:
    """F (foreign script), V (value), N (name or text value), X (debris) or _ONE_HANZI."""
    if _FOREIGN_SCRIPT.search(cell):
        return "F"
    if _is_damaged_number(cell):
        return "V"  # a value whose unit OCR damaged ("≥ 20th")
    if is_noise(cell) or is_latin_garbage(cell):
        return "X"
    if looks_like_value(cell):
        long_bare = _is_bare_number(cell) and len(re.sub(r"\D", "", cell)) > 3
        return "X" if long_bare else "V"
    if cjk_count(cell) >= 2:
        return "N"
    return _ONE_HANZI if cjk_count(cell) == 1 and len(compact(cell)) == 1 else "X"


def _is_damaged_number(cell: str) -> bool:
    """ "≥ 20th": a number with a comparator or unit that OCR turned into a letter or two."""
    letters = len(re.findall(r"[A-Za-z]", cell))
    starts = re.match(r"^\s*[≥≤<>=≧≦≽≼≪≫]?\s*\d", cell)
    if not starts or not 0 < letters <= 2:
        return False
    return looks_like_value(cell) and not _is_bare_number(cell)


def _is_label_debris(cell: str) -> bool:
    """A garbled level label ("双盆指仦", "效益指标 满意度指标"): neither name nor value."""
    text = compact(cell)
    if len(re.findall(r"(产出|效益|满意度|成本)指标", text)) >= 2:
        return True
    return cjk_count(text) == len(text) and 3 <= len(text) <= 5 and "指" in text[-2:]


def _cost_as_level1(tokens: list[Token]) -> list[Token]:
    """In the 2024 template 成本指标 is level 1 over 经济/社会/生态环境成本指标."""
    families = {level2_family(t.text) for t in tokens if t.kind == "L2"}
    if not families & {"经济成本", "社会成本", "生态成本"}:
        return tokens
    return [
        Token("L1", "成本指标", t.column)
        if t.kind == "L2" and level2_family(t.text) == "成本"
        else t
        for t in tokens
    ]


def split_halves(tokens: list[Token], layout: Layout) -> tuple[list[Token], list[Token]]:
    """(实施期, 年度) tokens of a two-column row; for a 年度-only form, ([], all)."""
    body = [t for t in tokens if t.kind != "L1"]
    if not layout.two_columns:
        return [], body
    labels = [i for i, t in enumerate(body) if t.kind == "L2"]
    if len(labels) >= 2:
        return body[: labels[1]], body[labels[1] :]
    values = [i for i, t in enumerate(body) if t.kind == "V"]
    if values and any(t.kind in ("N", "V") for t in body[values[0] + 1 :]):
        cut = values[0] + 1
        if labels and labels[0] > values[0]:
            cut = labels[0]
        return body[:cut], body[cut:]
    names = [t for t in body if t.kind == "N"]
    if len(names) == 4 and not values:
        return body[: body.index(names[2])], body[body.index(names[2]) :]
    return (
        [t for t in body if t.column < layout.annual_column],
        [t for t in body if t.column >= layout.annual_column],
    )


def read_half(tokens: list[Token]) -> Half:
    """Level-2 label, name and value of one half: the value is its last value-like cell."""
    half = Half()
    for token in tokens:
        if token.kind == "L2" and half.family is None:
            half.family, half.label = level2_family(token.text), level2_label(token.text)
    label_at = next((i for i, t in enumerate(tokens) if t.kind == "L2"), -1)
    # Text left of the level-2 label sits in the level-1 column: debris, not a name.
    tokens = [
        t if i > label_at or t.kind != "N" else Token("X", t.text, t.column)
        for i, t in enumerate(tokens)
    ]
    if sum(t.kind == "N" for t in tokens) >= 2:  # name and text value: a lone number is debris
        tokens = [
            Token("X", t.text, t.column) if t.kind == "V" and _is_bare_number(t.text) else t
            for t in tokens
        ]
    half.foreign = any(t.kind == "F" for t in tokens)
    tokens = [Token("X", t.text, t.column) if t.kind == "F" else t for t in tokens]
    content = [t for t in tokens if t.kind in ("N", "V")]
    debris = any(t.kind == "X" for t in tokens)
    readable = [t for t in tokens if t.kind in ("N", "V", "X")]
    half.value_damaged = bool(readable) and readable[-1].kind == "X" and len(content) == 1
    if not content:
        half.debris_only = debris
        return half
    if len(content) == 1:
        only = content[0]
        if only.kind == "N":
            half.name = only.text
        elif _is_bare_number(only.text):  # a lone number without a name is page debris
            half.debris_only = True
        else:
            half.value = only.text
            half.name_damaged = debris
        return half
    last = content[-1]
    half.value = last.text
    before = content[-2]
    half.name = before.text if before.kind == "N" or last.kind == "N" else None
    half.name_damaged = half.name is None and debris
    return half


def _is_bare_number(text: str) -> bool:
    parsed = parse_value(text)
    return parsed.comparator in (None, "=") and not parsed.unit and not cjk_count(text)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _same_name(first: str | None, second: str | None) -> bool:
    """Whether two halves name the same indicator (one may be cut short by its cell)."""
    if not first or not second:
        return False
    a, b = compact(first), compact(second)
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter[: max(2, len(shorter) - 1)]) or _overlap(a, b) >= 0.7


def _overlap(first: str, second: str) -> float:
    common = sum(min(first.count(ch), second.count(ch)) for ch in set(first))
    return common / max(len(first), len(second), 1)


def _same_value(first: str | None, second: str | None) -> bool:
    return bool(first and second and compact(tidy_value(first)) == compact(tidy_value(second)))


def combine_halves(period: Half, annual: Half, *, two_columns: bool) -> tuple[Half, list[str]]:
    """The 年度 reading of a row, completed from the 实施期 half where both agree.

    Returns the half and notes; a note starting with "unreadable" means the two
    halves disagree in a way that cannot be settled.
    """
    if not two_columns:
        return annual, []
    if annual.debris_only and not (annual.name or annual.value) and period.name and period.value:
        return Half(period.family, period.label, period.name, period.value), [
            "年度 column of this row is OCR debris; 实施期 column read"
        ]
    problem = _disagreement(period, annual)
    if problem:
        return Half(), [problem]
    annual = _value_in_name_cell(period, annual)
    result = Half(annual.family or period.family, annual.label or period.label)
    name = _choose_name(period, annual)
    if name is _UNSETTLED:
        return result, ["unreadable: 年度 name missing and values differ between columns"]
    result.name = name
    result.value, notes = _choose_value(period, annual, name)
    return result, notes


_UNSETTLED = "\0unsettled"


def _disagreement(period: Half, annual: Half) -> str | None:
    """Why a row cannot be read, if its halves say so (see :func:`combine_halves`)."""
    if annual.name_damaged and not period.name:
        return "unreadable: the indicator's name is OCR debris"
    if annual.foreign and not (annual.name and annual.value):
        return "unreadable: the 年度 column reads as another script (a rotated page)"
    if annual.debris_only and not (annual.name or annual.value) and (period.name or period.value):
        return "unreadable: the 年度 column of this row is OCR debris"
    different = bool(annual.name and period.name and not _same_name(annual.name, period.name))
    if annual.value_damaged and annual.name and not _same_name(annual.name, period.name):
        return "unreadable: the 年度 value is OCR debris"
    damaged = parse_value(annual.value or "").damaged or parse_value(period.value or "").damaged
    if different and annual.value is not None and damaged:
        return "unreadable: the columns disagree and a value is damaged"
    return None


def _value_in_name_cell(period: Half, annual: Half) -> Half:
    """A 年度 half whose only cell repeats the 实施期 value ("合规" by "合蚁") holds a value."""
    if (
        annual.name
        and not annual.value
        and period.name
        and period.value
        and (_same_value(annual.name, period.value) or _overlap(annual.name, period.value) >= 0.5)
    ):
        return Half(annual.family, annual.label, None, annual.name)
    return annual


def _choose_name(period: Half, annual: Half) -> str | None:
    """The 年度 name, lengthened or supplied by the 实施期 one when both columns agree."""
    name = annual.name
    if name and period.name and _same_name(name, period.name):
        longer = compact(period.name).startswith(compact(name)) and len(period.name) > len(name)
        return period.name if longer else name  # the 年度 cell may cut the name short
    if name is None and period.name:
        values = (annual.value, period.value)
        if None in values or _same_value(*values):
            return period.name
        return _UNSETTLED
    return name


def _choose_value(period: Half, annual: Half, name: str | None) -> tuple[str | None, list[str]]:
    if annual.value is None:
        if period.value and (annual.name is None or _same_name(annual.name, period.name)):
            return period.value, ["value read from the 实施期 column"]
        return None, []
    same_row = _same_name(name, period.name) or not (name or period.name)
    if period.value and same_row:
        annual_parsed, period_parsed = parse_value(annual.value), parse_value(period.value)
        if annual_parsed.damaged and not period_parsed.damaged:
            return period.value, [f"年度 value {annual.value!r} damaged; 实施期 value used"]
    return annual.value, []


def read_rows(
    rows: Sequence[SourceLine], layout: Layout
) -> tuple[list[IndicatorRow], list[list[int]]]:
    """Read indicator rows; return them with the line spans of rows too garbled to read."""
    flagged = [garbage_cells(row) for row in rows]
    result: list[IndicatorRow] = []
    garbled: list[list[int]] = []
    for index, row in enumerate(rows):
        neighbours = [flagged[j] for j in (index - 1, index + 1) if 0 <= j < len(rows)]
        if flagged[index] and (len(flagged[index]) >= 2 or any(neighbours)):
            garbled.append([row.no, row.last])
            continue
        if _is_wrapped_label_tail(row, result):
            result[-1].label = f"{result[-1].label}指标"
            continue
        tokens = tokenize(row, set(flagged[index]))
        if not tokens:
            continue
        period_tokens, annual_tokens = split_halves(tokens, layout)
        annual = read_half(annual_tokens)
        half, notes = combine_halves(
            read_half(period_tokens), annual, two_columns=layout.two_columns
        )
        if notes and notes[0].startswith("unreadable"):
            garbled.append([row.no, row.last])
            continue
        name = _tidy_name(half.name)
        if _looks_garbled(name, half.value):
            garbled.append([row.no, row.last])
            continue
        level1 = next((t.text for t in tokens if t.kind == "L1"), None)
        indicator = IndicatorRow(
            [row.no, row.last],
            level1,
            half.family,
            half.label,
            name,
            tidy_value(half.value) if half.value else None,
            notes,
            labelled=half.family is not None,
        )
        indicator.label_from_period = annual.family is None and layout.two_columns
        result.append(indicator)
    return result, garbled


def _is_wrapped_label_tail(row: SourceLine, read: list[IndicatorRow]) -> bool:
    """A row of just "指标": the end of the level-2 label above, wrapped onto its own line.

    ("服务对象满意度" / "指标" in 004's third form reads 服务对象满意度指标.)
    """
    label = read[-1].label if read else None
    return (
        row.filled == ("指标",)
        and label is not None
        and read[-1].labelled
        and not label.endswith("指标")
    )


_JUNK = re.compile(r"[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff/\\~→←↑^°#*|]|[A-Za-z](?!镇)")


_LABEL_INSIDE = re.compile(r"(数量|质量|时效|成本|效益|产出|满意度)指标")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _looks_garbled(name: str | None, value: str | None) -> bool:
    """Names with kana, Latin or symbol debris ("扩十平域羊合立ル影响力"); values of letters."""
    if name and (_JUNK.search(name.replace("APP", "")) or _LABEL_INSIDE.search(name)):
        return True
    if value and re.search(r"[\u3040-\u30ff]", value):
        return True
    if value and not looks_like_value(value) and re.search(r"[A-Za-z~]", value):
        return True
    return bool(value and re.match(r"^[~～]", value))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _tidy_name(name: str | None) -> str | None:
    if not name:
        return None
    text = join_wrapped(clean_cell(name))
    text = re.sub(r"^([A-Za-z0-9]{1,3}\s+)+", "", text)
    return compact(text) or None


def assign_level2(rows: list[IndicatorRow]) -> None:
    """Give every row without a level-2 label the group it belongs to, in place.

    Between two labelled rows the unlabelled ones are cut in two: the upper
    part joins the label above, the rest the label below. In a scanned form a
    label is printed in the middle of its merged cell, so the cuts are chosen
    together (dynamic programming) to keep every label central in its group; in
    a form converted from text a label heads its group and rows carry down. In
    both, a row whose wording points elsewhere (a 时间 row to 时效, a 满意度 row to
    服务对象满意度) pulls the cut its way.
    """
    anchors = [i for i, row in enumerate(rows) if row.labelled]
    if not anchors:
        return
    centred = not (rows[0].labelled and rows[0].level1)
    gaps = [rows[left + 1 : right] for left, right in itertools.pairwise(anchors)]
    owners = [rows[i] for i in anchors]
    cuts = _choose_cuts(
        gaps, owners, above=anchors[0], below=len(rows) - anchors[-1] - 1, centred=centred
    )
    for row in rows[: anchors[0]]:
        _adopt(row, owners[0])
    for row in rows[anchors[-1] + 1 :]:
        _adopt(row, owners[-1])
    for index, (gap, cut) in enumerate(zip(gaps, cuts, strict=True)):
        for row in gap[:cut]:
            _adopt(row, owners[index])
        for row in gap[cut:]:
            _adopt(row, owners[index + 1])
    printed = next((r.label for r in rows if r.family == "服务对象满意度" and r.labelled), None)
    for row in rows:
        if row.label_from_period and row.name and "满意" in row.name:
            row.family, row.label = "服务对象满意度", "服务对象满意度指标"
        if row.family == "服务对象满意度" and printed:
            row.label = printed


def _hint_cost(row: IndicatorRow, owner: IndicatorRow) -> float:
    family, weight = family_hint(row.name, row.value)
    return weight if family and family != owner.family else 0.0


def _choose_cuts(
    gaps: list[list[IndicatorRow]],
    owners: list[IndicatorRow],
    *,
    above: int,
    below: int,
    centred: bool,
) -> list[int]:
    """The cut in each gap minimizing wording mismatches plus off-centre (or carried-up) labels."""
    if not gaps:
        return []

    # Each row's cost under the label above and the label below, worked out once: asked
    # again for every cut, the wording tests made a gap of n rows cost n² of them (3,000 rows
    # repeated by a hostile form took 180 s). The sums keep their order, so the costs are
    # the same to the last bit.
    above_costs = [[_hint_cost(r, owners[i]) for r in gap] for i, gap in enumerate(gaps)]
    below_costs = [[_hint_cost(r, owners[i + 1]) for r in gap] for i, gap in enumerate(gaps)]

    def gap_cost(index: int, cut: int) -> float:
        cost = sum(above_costs[index][:cut])
        cost += sum(below_costs[index][cut:])
        moved = len(gaps[index]) - cut
        return cost + (moved if not centred else 0.01 * moved)

    def centring(rows_above: int, rows_below: int) -> float:
        # A label of an even group sits on either middle row: nearly free; further off costs.
        if not centred:
            return 0.0
        offset = abs(rows_above - rows_below)
        return 0.1 if offset == 1 else 0.5 * offset

    # best[c] = cost of gaps 0..i with cut c in gap i, including the centring of labels 0..i
    best = {c: gap_cost(0, c) + centring(above, c) for c in range(len(gaps[0]) + 1)}
    choices: list[dict[int, int]] = []
    for index in range(1, len(gaps)):
        step: dict[int, float] = {}
        back: dict[int, int] = {}
        for cut in range(len(gaps[index]) + 1):
            options = {
                prev: cost + centring(len(gaps[index - 1]) - prev, cut)
                for prev, cost in best.items()
            }
            prev = min(options, key=lambda p: (options[p], -p))
            step[cut], back[cut] = options[prev] + gap_cost(index, cut), prev
        best = step
        choices.append(back)
    last = {c: cost + centring(len(gaps[-1]) - c, below) for c, cost in best.items()}
    cut = min(last, key=lambda c: (last[c], -c))
    cuts = [cut]
    for back in reversed(choices):
        cut = back[cut]
        cuts.append(cut)
    return list(reversed(cuts))


def _adopt(row: IndicatorRow, owner: IndicatorRow) -> None:
    family, _ = family_hint(row.name, row.value)
    if family == "服务对象满意度" and owner.family != family:
        row.family, row.label = family, "服务对象满意度指标"
        return
    row.family, row.label = owner.family, owner.label


def level1_for(row: IndicatorRow, observed: str | None) -> str | None:
    """Level 1 by the template for known families, else the label seen on the form."""
    if row.family in LEVEL1_OF_FAMILY:
        return LEVEL1_OF_FAMILY[row.family]
    return observed


def build_indicators(rows: list[IndicatorRow]) -> list[dict[str, Any]]:
    """The indicator dicts of the rows that name an indicator or give a value."""
    indicators: list[dict[str, Any]] = []
    observed: str | None = None
    for row in rows:
        observed = row.level1 or observed
        if not row.name and not row.value:
            continue
        if indicators and (indicators[-1]["level3"], indicators[-1]["value"]) == (
            row.name,
            row.value,
        ):
            continue  # the same indicator read again from a damaged row's 实施期 column
        parsed = parse_value(row.value or "")
        indicator: dict[str, Any] = {
            "level1": level1_for(row, observed),
            "level2": row.label,
            "level3": row.name,
            "value": row.value,
            "comparator": parsed.comparator,
            "number": parsed.number,
            "unit": parsed.unit or None,
            "lines": row.lines,
        }
        if parsed.damaged:
            row.notes.append("unit not readable")
        if row.notes:
            indicator["notes"] = row.notes
        indicators.append(indicator)
    return indicators


def family_order(family: str | None) -> int:
    """Position of a level-2 family in the national template (for sanity checks)."""
    return _FAMILY_ORDER.index(family) if family in _FAMILY_ORDER else -1
