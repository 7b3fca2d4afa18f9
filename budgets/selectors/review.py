"""Reads of the review of disclosures: findings, the completeness checklist, marks on figures.

A disclosure's failed checks (one query, on a partial index) become its findings: each
finding is the check that speaks for it (its ``finding`` is its own position) and the
checks it holds. Findings are ordered 错误, 提示, 说明. The figures an 错误 finding marks
("table:row", ``ValidationCheck.marks``) are looked up by the pages that show figures —
the disclosure's tables, the function ranking, the comparison — from the disclosure's own
row (``Disclosure.review_marks``, kept by persistence), with no query of their own. The
words of the narrative that a finding quotes are marked in it (:func:`mark_narrative`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from budgets.models import Disclosure, ValidationCheck
from budgets.templatetags.review import format_figure
from ingest.review.check_names import Context, family
from ingest.review.completeness import STATUS_LABELS

SEVERITY = ValidationCheck.Severity
SEVERITY_ORDER = {SEVERITY.ERROR: 0, SEVERITY.NOTICE: 1, SEVERITY.INFO: 2}
# The review's summary titles stand for findings on pages: ValidationCheck.summary (a finding of
# several checks) or its title.


@dataclass(frozen=True)
class Finding:
    """One problem of a disclosure: the check that speaks for it and the checks it explains."""

    primary: ValidationCheck
    related: tuple[ValidationCheck, ...] = ()
    table_labels: tuple[str, ...] = ()

    @property
    def position(self) -> int:
        return self.primary.position

    @property
    def severity(self) -> str:
        return self.primary.severity

    @property
    def severity_label(self) -> str:
        return self.primary.get_severity_display()

    @property
    def title(self) -> str:
        return self.primary.summary or self.primary.title or family(self.primary.check_name).label

    @property
    def explanation(self) -> str:
        return family(self.primary.check_name).explanation

    @property
    def count(self) -> int:
        return 1 + len(self.related)

    @property
    def figures_text(self) -> str:
        """ "应为631.81 万元，实为632.81 万元（相差1.00 万元）", or "" without figures."""
        check = self.primary
        if check.expected is None or check.actual is None:
            return ""
        text = f"应为{format_figure(check.expected, check.unit)}，实为"
        text += format_figure(check.actual, check.unit)
        if check.difference is not None:
            text += f"（相差{format_figure(check.difference, check.unit)}）"
        return text


@dataclass(frozen=True)
class ChecklistRow:
    """One item of the 公开完整性 checklist as stored on the disclosure."""

    part: str
    label: str
    status: str
    note: str
    line_start: int | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")


@dataclass(frozen=True)
class ReviewReport:
    """A disclosure's findings by severity and its completeness checklist."""

    errors: tuple[Finding, ...]
    notices: tuple[Finding, ...]
    infos: tuple[Finding, ...]
    checklist: tuple[ChecklistRow, ...]
    score: int | None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.errors + self.notices + self.infos

    @property
    def unmet(self) -> tuple[ChecklistRow, ...]:
        return tuple(row for row in self.checklist if row.status != "yes")


def failed_checks(*, disclosure: Disclosure) -> list[ValidationCheck]:
    """The disclosure's failed checks in document order (one query)."""
    return list(
        disclosure.validation_checks.filter(status=ValidationCheck.Status.FAIL).order_by("position")
    )


def findings_of(checks: Iterable[ValidationCheck], *, kind: str = "") -> list[Finding]:
    """Failed checks grouped by finding, 错误 first, then 提示 and 说明, each in order."""
    context = Context(kind)
    by_finding: dict[int, list[ValidationCheck]] = defaultdict(list)
    primaries: dict[int, ValidationCheck] = {}
    for check in checks:
        if not check.severity:
            continue
        key = check.finding if check.finding is not None else check.position
        if key == check.position:
            primaries[key] = check
        else:
            by_finding[key].append(check)
    found = []
    for key, primary in primaries.items():
        labels = tuple(context.table(table) for table in primary.tables or [])
        found.append(Finding(primary, tuple(by_finding.get(key, ())), labels))
    found.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.position))
    return found


def checklist_of(disclosure: Disclosure) -> tuple[ChecklistRow, ...]:
    """The stored checklist of a disclosure, in checklist order."""
    rows = []
    for item in disclosure.completeness or []:
        lines = item.get("lines") or []
        rows.append(
            ChecklistRow(
                part=str(item.get("part", "")),
                label=str(item.get("label", "")),
                status=str(item.get("status", "")),
                note=str(item.get("note", "")),
                line_start=lines[0] if lines else None,
            )
        )
    return tuple(rows)


def disclosure_review_report(
    *, disclosure: Disclosure, checks: Sequence[ValidationCheck] | None = None
) -> ReviewReport:
    """The findings and the checklist of one disclosure (one query, or none given ``checks``)."""
    found = findings_of(
        checks if checks is not None else failed_checks(disclosure=disclosure),
        kind=disclosure.kind,
    )
    return ReviewReport(
        errors=tuple(f for f in found if f.severity == SEVERITY.ERROR),
        notices=tuple(f for f in found if f.severity == SEVERITY.NOTICE),
        infos=tuple(f for f in found if f.severity == SEVERITY.INFO),
        checklist=checklist_of(disclosure),
        score=disclosure.completeness_score,
    )


# --- marks on figures --------------------------------------------------------------------


def marks_of(findings: Iterable[Finding]) -> dict[tuple[str, str], int]:
    """(table, row) → the position of the 错误 finding that marks it."""
    marks: dict[tuple[str, str], int] = {}
    for finding in findings:
        if finding.severity != SEVERITY.ERROR:
            continue
        for mark in finding.primary.marks or []:
            table, _, row = str(mark).partition(":")
            marks.setdefault((table, row), finding.position)
    return marks


def disclosure_marks(disclosure: Disclosure) -> dict[tuple[str, str], int]:
    """(table, row) → the 错误 finding marking it, from the disclosure's own row (no query)."""
    marks = {}
    for mark, position in (disclosure.review_marks or {}).items():
        table, _, row = str(mark).partition(":")
        marks[(table, row)] = int(position)
    return marks


def mark_lines(lines: Iterable[Any], marks: dict[tuple[str, str], int], table: str) -> None:
    """Give each functional line the position of the 错误 finding marking it (``review_mark``)."""
    for line in lines:
        line.review_mark = marks.get((table, str(line.code)))


# --- marks in the narrative ---------------------------------------------------------------


def mark_narrative(blocks: Sequence[Any], findings: Iterable[Finding]) -> list[Any]:
    """The narrative blocks with the words each finding quotes marked (``Segment.mark``).

    A quote is looked for in the plain segments of every paragraph of the section whose
    lines hold the finding's first line, whatever spaces the layout left in the text.
    """
    quoted = [
        (finding.primary.line_start or 0, finding.primary.quote, finding.position, finding.severity)
        for finding in findings
        if finding.primary.quote and finding.severity in (SEVERITY.ERROR, SEVERITY.NOTICE)
    ]
    if not quoted:
        return list(blocks)
    marked_blocks = []
    for block in blocks:
        section = block.section
        own = [q for q in quoted if section.line_start <= q[0] <= section.line_end]
        if not own:
            marked_blocks.append(block)
            continue
        paragraphs = tuple(_mark_paragraph(paragraph, own) for paragraph in block.paragraphs)
        marked_blocks.append(replace(block, paragraphs=paragraphs))
    return marked_blocks


def _mark_paragraph(paragraph: tuple[Any, ...], quoted: list[tuple[int, str, int, str]]) -> tuple:
    segments = list(paragraph)
    for _, words, position, severity in quoted:
        segments = _mark_segments(segments, words, position, severity)
    return tuple(segments)


def _mark_segments(segments: list[Any], words: str, position: int, severity: str) -> list[Any]:
    target = "".join(words.split())
    result = []
    done = False
    for segment in segments:
        if done or segment.definition or getattr(segment, "mark", None):
            result.append(segment)
            continue
        span = _find_ignoring_spaces(segment.text, target)
        if span is None:
            result.append(segment)
            continue
        start, end = span
        if start:
            result.append(replace(segment, text=segment.text[:start]))
        result.append(
            replace(segment, text=segment.text[start:end], mark=position, severity=severity)
        )
        if end < len(segment.text):
            result.append(replace(segment, text=segment.text[end:]))
        done = True
    return result


def _find_ignoring_spaces(text: str, target: str) -> tuple[int, int] | None:
    """Where ``target`` (no spaces) occurs in ``text`` if its spaces are ignored."""
    if not target:
        return None
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(ch for _, ch in kept)
    at = flat.find(target)
    if at < 0:
        return None
    return kept[at][0], kept[at + len(target) - 1][0] + 1


# --- the 检查表 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionRow:
    """One line of a 预算公开情况检查表: part, item, 是否符合, 问题说明 and where it is."""

    part: str
    item: str
    conforms: str
    note: str
    line_start: int | None = None
    line_end: int | None = None
    severity: str = ""


FINDING_PARTS = {
    SEVERITY.ERROR: "数据准确性",
    SEVERITY.NOTICE: "文字规范性",
    SEVERITY.INFO: "其他说明",
}


def inspection_rows(*, disclosure: Disclosure, report: ReviewReport) -> list[InspectionRow]:
    """The review in the shape of the 检查表: the checklist, then every finding."""
    rows = [
        InspectionRow(
            part=f"公开完整性·{row.part}",
            item=row.label,
            conforms={"yes": "是", "partial": "部分", "no": "否"}.get(row.status, ""),
            note="" if row.status == "yes" else row.note,
            line_start=row.line_start,
            line_end=row.line_start,
        )
        for row in report.checklist
    ]
    for finding in report.findings:
        check = finding.primary
        note = " ".join(
            part
            for part in (
                f"“{check.quote}”" if check.quote else "",
                check.message,
                f"{finding.figures_text}。" if finding.figures_text and not check.quote else "",
                f"涉及：{'、'.join(finding.table_labels)}。"
                if len(finding.table_labels) > 1
                else "",
            )
            if part
        )
        rows.append(
            InspectionRow(
                part=FINDING_PARTS.get(finding.severity, "其他"),
                item=finding.title,
                conforms="说明" if finding.severity == SEVERITY.INFO else "否",
                note=note or finding.explanation,
                line_start=check.line_start,
                line_end=check.line_end,
                severity=finding.severity_label,
            )
        )
    return rows


def new_error_findings(
    *, disclosure: Disclosure, published: Disclosure | None, report: ReviewReport | None = None
) -> list[Finding]:
    """The 错误 findings of ``disclosure`` that the published version ``published`` lacks.

    A finding is the same when one of its checks has the name of one of the published
    version's failed 错误 checks; with nothing published, every 错误 is new.
    """
    if report is None:
        report = disclosure_review_report(disclosure=disclosure)
    if published is None:
        return list(report.errors)
    known = set(
        published.validation_checks.filter(
            status=ValidationCheck.Status.FAIL, severity=SEVERITY.ERROR
        ).values_list("check_name", flat=True)
    )
    return [
        finding
        for finding in report.errors
        if not {c.check_name for c in (finding.primary, *finding.related)} & known
    ]


def mark_records(records: Iterable[Any], *, table: str) -> None:
    """Give functional lines of any disclosures their ``review_mark`` (their disclosure loaded).

    ``records`` may be django-tables2 rows: their ``record`` is the line.
    """
    for item in records:
        record = getattr(item, "record", item)
        marks = disclosure_marks(record.disclosure)
        record.review_mark = marks.get((table, str(record.code)))


# --- marks on the comparison ----------------------------------------------------------------

# Which marked rows a comparison's row reads, by section and row key ("*" for a 类 code).
COMPARE_ROWS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "key-figures": {
        "total": (("summary", "total"), ("expenditure", "total")),
        "basic": (("expenditure", "total"),),
        "project": (("expenditure", "total"), ("projects", "total")),
        "personnel": (("economic", "total"),),
        "public": (("economic", "total"),),
        "three_public": (("three_public", "total"),),
        "operating": (("operating", "total"),),
    },
    "three-public": {"*": (("three_public", "total"),)},
    "economic": {"*": (("economic", "total"),)},
    "functions": {"*": (("expenditure", "{key}"),)},
}


@dataclass(frozen=True)
class MarkedCell:
    """A comparison cell and the finding that marks its figure, if any."""

    amount_yuan: Any
    share_percent: Any
    disclosure_id: int
    mark: int | None = None


@dataclass(frozen=True)
class MarkedRow:
    key: str
    label: str
    depth: int
    cells: tuple[MarkedCell, ...]
    # The comparison's change column (last column less the first), carried unmarked.
    change_yuan: Any = None
    change_ratio: Any = None


def mark_compare_rows(
    rows: Sequence[Any], *, section: str, disclosures: Sequence[Disclosure]
) -> list[MarkedRow]:
    """The rows of a comparison section with each cell's mark (no query)."""
    reads = COMPARE_ROWS.get(section, {})
    marks = {d.pk: disclosure_marks(d) for d in disclosures}
    marked = []
    for row in rows:
        wanted = reads.get(row.key) or reads.get("*") or ()
        cells = []
        for disclosure, cell in zip(disclosures, row.cells, strict=False):
            own = marks.get(disclosure.pk, {})
            mark = next(
                (
                    own[(table, key.format(key=row.key))]
                    for table, key in wanted
                    if (table, key.format(key=row.key)) in own
                ),
                None,
            )
            cells.append(MarkedCell(cell.amount_yuan, cell.share_percent, disclosure.pk, mark))
        marked.append(
            MarkedRow(
                row.key,
                row.label,
                row.depth,
                tuple(cells),
                getattr(row, "change_yuan", None),
                getattr(row, "change_ratio", None),
            )
        )
    return marked
