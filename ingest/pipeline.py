"""The parser: RawDocument -> the parsed-disclosure dict of docs/disclosure-schema.md.

``parse_document`` runs the pure stages in order: identity, segmentation, one reader per
table (``ingest.recognizers``), the tables brought to the document's unit, the special-funds
prose, the narrative (``ingest.narrative``) and the performance forms (``ingest.forms``),
then the validation report and its review (``ingest.review``: Chinese names, severities,
findings, completeness). It returns plain data with ``Decimal`` amounts. ``parse_bytes``
adds decoding; ``to_json`` prints the result with every amount as a JSON number with two
decimals.

Units: each table states its own ("单位：元", "单位：万元"); a table printed in another unit
than the document's ``amount_unit`` (a 三公 table in 万元 beside tables in 元) is converted to
it here, and its printed unit is recorded in ``tables``.

Bad input never escapes as a traceback: an unreadable file raises
:class:`~ingest.extract.ExtractError`, a text that is no budget disclosure raises
:class:`ParseError` (a subclass), each with a one-line message. A truncated
disclosure is parsed as far as it goes, and the tables it lacks are listed under
``missing_tables``: those of its template (``ingest.vocabulary.TEMPLATES``) and of its own
table of contents that were not found.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Context, Decimal
from typing import Any

from ingest.checks import CENT
from ingest.extract import ExtractError, extract_document
from ingest.forms import check_form_funds, extract_performance_targets, name_forms_by_projects
from ingest.identity import read_identity
from ingest.narrative import (
    check_narrative,
    extract_glossary,
    extract_narrative,
    extract_procurement,
    extract_stated_changes,
)
from ingest.ocr_review import ocr_review_marks, review_threshold
from ingest.recognizers import recognize
from ingest.recognizers.base import TableRead
from ingest.recognizers.projects import read_prose_projects, read_special_funds_overview
from ingest.review import review_disclosure
from ingest.segment import Section, TableKind, segment_document
from ingest.types import RawDocument, SourceLine
from ingest.validation import summarize, validate
from ingest.vocabulary import BUDGET_KINDS, FINAL_KINDS, TEMPLATES, YUAN_PER_UNIT

logger = logging.getLogger(__name__)
CENT_PLACES = 2

NOT_A_DISCLOSURE = (
    "不是预算公开文件:未找到预算表、专项资金项目或“××年度部门/单位预算”标题。"
    " The text is not a budget disclosure: no budget tables, special-fund projects or"
    " budget title were found."
)


class ParseError(ExtractError):
    """The file was read but is not a budget disclosure; the message says so in one line."""


# --- reading the tables -----------------------------------------------------------------------


def _read_tables(sections: Sequence[Section]) -> list[tuple[Section, TableRead]]:
    """Every table read, each with its section; a table printed inside another follows it."""
    reads = []
    for section in sections:
        read = recognize(section)
        if read is None:
            continue
        reads.append((section, read))
        reads.extend((section, companion) for companion in read.companions)
    return reads


def _document_unit(stated: str | None, reads: Iterable[TableRead]) -> str | None:
    """The unit of the document's tables: the one it states first, else the commonest."""
    if stated in YUAN_PER_UNIT:
        return stated
    units = Counter(read.unit for read in reads if read.unit in YUAN_PER_UNIT)
    return units.most_common(1)[0][0] if units else stated


def _scaled(value: Any, factor: Decimal) -> Any:
    """Every amount in a table's data multiplied by ``factor`` (line numbers are ints)."""
    if isinstance(value, Decimal):
        return value * factor
    if isinstance(value, dict):
        return {key: _scaled(item, factor) for key, item in value.items()}
    if isinstance(value, list):
        return [_scaled(item, factor) for item in value]
    return value


def _decimal_places(value: Any) -> int | None:
    """The most decimal places an amount of a table's data prints, up to two (a cent)."""
    places: int | None = None
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Decimal):
            exponent = item.as_tuple().exponent
            found = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            if found >= CENT_PLACES:
                return found
            places = max(places or 0, found)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return places


def resolution(read: TableRead, unit: str | None) -> Decimal | None:
    """The step of the table's printed figures in the document's unit, when it is not a cent.

    A table of whole 元 rounds each figure to 1 元, a 万元 table with two decimals to 100 元
    of a document in 元: sums of its figures drift by that much, not by a cent.
    """
    places = _decimal_places(read.data)
    if places is None:
        return None
    step = Decimal(1).scaleb(-places)
    if read.unit in YUAN_PER_UNIT and unit in YUAN_PER_UNIT:
        step = step * YUAN_PER_UNIT[read.unit] / YUAN_PER_UNIT[unit]
    return None if step == CENT else step


def _to_unit(read: TableRead, unit: str | None) -> None:
    """Convert a table printed in another unit to the document's (万元 -> 元: × 10000)."""
    if unit not in YUAN_PER_UNIT or read.unit not in YUAN_PER_UNIT or read.unit == unit:
        return
    read.data = _scaled(read.data, YUAN_PER_UNIT[read.unit] / YUAN_PER_UNIT[unit])


def _table_entry(section: Section, read: TableRead, step: Decimal | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": read.kind,
        "title": section.title,
        "lines": read.lines,
        "empty": read.empty,
    }
    if read.unit:
        entry["unit"] = read.unit
    if step is not None:
        entry["resolution"] = step
    if read.stated_empty is not None:
        entry["stated_empty"] = {**read.stated_empty, "largest": _largest(read.data)}
    return entry


def _largest(value: Any) -> Decimal:
    """The largest amount (by size) in a table's data; zero when it prints none."""
    if isinstance(value, Decimal):
        return abs(value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return max((_largest(item) for item in items), default=Decimal(0))


# --- assembling the parse ------------------------------------------------------------------------


def _coded(reads: dict[str, TableRead], kind: str) -> tuple[list[dict[str, Any]] | None, Any]:
    read = reads.get(kind)
    if read is None:
        return None, None
    return read.data["rows"], read.data["total"]


def _summary(reads: dict[str, TableRead]) -> dict[str, Any] | None:
    table1, table3 = reads.get(TableKind.SUMMARY), reads.get(TableKind.EXPENDITURE)
    if table1 is None and table3 is None:
        return None
    summary: dict[str, Any] = dict(table1.data) if table1 else {}
    total = table3.data["total"] if table3 else None
    summary["basic_expenditure"] = total.get("basic") if total else None
    summary["project_expenditure"] = total.get("project") if total else None
    if table1:
        summary["lines"] = table1.lines
    return summary


def _put_coded(parsed: dict[str, Any], reads: dict[str, TableRead]) -> None:
    totals: dict[str, Any] = {}
    for kind, key in (
        (TableKind.INCOME, "income_by_function"),
        (TableKind.EXPENDITURE, "functional_expenditure"),
        (TableKind.GENERAL_PUBLIC, "general_public_expenditure"),
        (TableKind.GOVERNMENT_FUND_INCOME, "government_fund_income"),
        (TableKind.GOVERNMENT_FUND_EXPENDITURE, "government_fund_expenditure"),
    ):
        rows, total = _coded(reads, kind)
        if rows is not None:
            parsed[key] = rows
            if total is not None:
                totals[key] = total
    parsed["table_totals"] = totals


def _put_three_public(parsed: dict[str, Any], read: TableRead) -> None:
    """三公: the figures of the document's stage; a 决算's 预算数 under a key of their own."""
    data = dict(read.data)
    budget = data.pop("budget", None)
    parsed["three_public"] = {**data, "lines": read.lines}
    if budget is not None:
        parsed["three_public_budget"] = {
            **budget,
            "source_lines": data.get("source_lines", {}),
            "lines": read.lines,
        }


def _put_other_tables(parsed: dict[str, Any], reads: dict[str, TableRead]) -> None:
    if TableKind.FISCAL_GRANT in reads:
        parsed["fiscal_grant"] = reads[TableKind.FISCAL_GRANT].data
    if TableKind.ECONOMIC in reads:
        read = reads[TableKind.ECONOMIC]
        parsed["economic_basic"] = {**read.data, "lines": read.lines}
    if TableKind.STATE_CAPITAL in reads:
        parsed["state_capital"] = reads[TableKind.STATE_CAPITAL].data
    if TableKind.THREE_PUBLIC in reads:
        _put_three_public(parsed, reads[TableKind.THREE_PUBLIC])
    if TableKind.OPERATING in reads:
        read = reads[TableKind.OPERATING]
        parsed["operating_expenses"] = read.data["total"]
        parsed["operating_expenses_detail"] = {**read.data, "lines": read.lines}
        parsed["operating_expenses_lines"] = read.data.get("total_lines") or read.lines
    for kind, key in (
        (TableKind.PROJECTS, "projects"),
        (TableKind.CARRYOVER_PROJECTS, "carryover_projects"),
    ):
        if kind in reads:
            parsed[key] = reads[kind].data["projects"]
            prefix = "" if kind == TableKind.PROJECTS else "carryover_"
            parsed[f"{prefix}project_groups"] = reads[kind].data["groups"]


def _put_special_funds(parsed: dict[str, Any], lines: Sequence[SourceLine]) -> None:
    """Projects of a special-funds disclosure, printed as prose instead of tables."""
    if "projects" in parsed:
        return
    projects = read_prose_projects(lines)
    overview = read_special_funds_overview(lines)
    if projects:
        parsed["projects"] = projects
    if overview:
        parsed["special_funds"] = overview
        parsed.setdefault("summary", _special_funds_summary(overview))


def _special_funds_summary(overview: dict[str, Any]) -> dict[str, Any]:
    """What a special-funds disclosure states of the summary: its 项目支出 total only.

    It prints no 收支总表, so income, 基本支出 and the grand total are not stated and
    are left out rather than derived.
    """
    lines = overview["lines"]
    return {
        "project_expenditure": overview["total"],
        "source_lines": {"project_expenditure": lines},
        "lines": lines,
    }


def expected_tables(kind: str | None, named: Iterable[str]) -> list[str]:
    """The tables a document of ``kind`` should contain: its template's and its contents'.

    The template is the one of the document's kind that fits the tables ``named`` (found, or
    listed in the contents) best: most of them in it, fewest of its own left out; the
    national budget template when nothing tells them apart.
    """
    named = list(dict.fromkeys(named))
    templates = [tables for kinds, tables in TEMPLATES if kind is None or kind in kinds]
    if not templates:
        return []
    if not named:
        return list(templates[0])
    best = max(
        templates,
        key=lambda tables: (
            sum(table in tables for table in named),
            -sum(table not in named for table in tables),
            -templates.index(tables),
        ),
    )
    return [*best, *(table for table in named if table not in best)]


def _missing_tables(
    kind: str | None, reads: dict[str, TableRead], has_prose: bool, contents: Sequence[str]
) -> list[str]:
    if kind == "special_funds" or has_prose:
        return []
    if kind not in BUDGET_KINDS | FINAL_KINDS and not reads:
        return []
    return [table for table in expected_tables(kind, [*reads, *contents]) if table not in reads]


# --- narrative and forms -----------------------------------------------------------------


def _put_narrative(parsed: dict[str, Any], lines: Sequence[SourceLine]) -> list[dict[str, Any]]:
    narrative = extract_narrative(lines)
    parsed["narrative"] = narrative
    parsed["glossary"] = extract_glossary(narrative)
    procurement = extract_procurement(narrative)
    if procurement is not None:
        parsed["procurement"] = procurement
    parsed["stated_changes"] = extract_stated_changes(narrative)
    return narrative


def _put_forms(parsed: dict[str, Any], lines: Sequence[SourceLine]) -> None:
    targets, unreadable = extract_performance_targets(lines)
    name_forms_by_projects(targets, parsed.get("projects") or [])
    parsed["performance_targets"] = targets
    parsed["unreadable"].extend(unreadable)


def _extra_checks(parsed: dict[str, Any], narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    if "performance_targets" in parsed:
        checks.extend(check_form_funds(parsed["performance_targets"], parsed.get("projects") or []))
    if narrative:
        checks.extend(check_narrative(narrative, parsed))
    return checks


# --- the entry points ------------------------------------------------------------------------


def parse_document(raw: RawDocument) -> dict[str, Any]:
    """Parse a decoded disclosure into the schema's dict (``Decimal`` amounts).

    Raises :class:`ParseError` when the text is not a budget disclosure.
    """
    segmentation = segment_document(raw.lines)
    sections = segmentation.sections
    identity = read_identity(raw.lines, [section.title for section in sections])
    read_list = _read_tables(sections)
    unit = _document_unit(identity.amount_unit, (read for _, read in read_list))
    reads: dict[str, TableRead] = {}
    steps = [resolution(read, unit) for _, read in read_list]
    for _, read in read_list:
        _to_unit(read, unit)
        reads[read.kind] = read
    parsed: dict[str, Any] = {
        "source": {
            "filename": raw.filename,
            "sha256": raw.sha256,
            "format": raw.source_format,
            "encoding": raw.encoding,
            "layout": raw.layout,
        },
        **identity.as_dict(),
        "identity_lines": identity.lines,
    }
    parsed["amount_unit"] = unit
    if raw.locations:
        # Where each cited line sits in a PDF, workbook or Word file; a text file is its
        # own source, so its parse has no such key.
        parsed["source"]["locations"] = dict(sorted(raw.locations.items()))
    if raw.empty_pages:  # a PDF's pages with nothing but headers, footers or page numbers
        parsed["source"]["empty_pages"] = list(raw.empty_pages)
    summary = _summary(reads)
    if summary is not None:
        parsed["summary"] = summary
    _put_coded(parsed, reads)
    _put_other_tables(parsed, reads)
    _put_special_funds(parsed, raw.lines)
    has_prose = "special_funds" in parsed or (not reads and bool(parsed.get("projects")))
    if not reads and not has_prose and not (identity.kind and identity.fiscal_year):
        raise ParseError(NOT_A_DISCLOSURE)
    parsed["tables"] = [
        _table_entry(section, read, step)
        for (section, read), step in zip(read_list, steps, strict=True)
    ]
    parsed["missing_tables"] = _missing_tables(
        identity.kind, reads, has_prose, segmentation.contents
    )
    parsed["unreadable"] = [item for read in reads.values() for item in read.unreadable]
    parsed["notes"] = [item for read in reads.values() for item in read.notes]
    narrative = _put_narrative(parsed, raw.lines)
    _put_forms(parsed, raw.lines)
    checks = validate(parsed) + _extra_checks(parsed, narrative)
    parsed["validation"] = checks
    review_disclosure(parsed, raw.lines)  # may add the checks of the document as a whole
    checks = parsed["validation"]
    parsed["validation_summary"] = summarize(checks)
    # Scans: cells OCR read with low confidence, and failed checks citing them (提示).
    if raw.confidence:
        parsed["low_confidence"] = ocr_review_marks(raw, checks, threshold=review_threshold())
    return parsed


def parse_bytes(data: bytes, filename: str) -> dict[str, Any]:
    """Decode and parse a disclosure file; raises ``ExtractError``/``ParseError`` on bad input."""
    return parse_document(extract_document(data, filename))


# --- JSON ------------------------------------------------------------------------------------


def _encode(value: Any, indent: str, step: str) -> str:
    """JSON text of ``value``; short lists of line numbers stay on one line."""
    inner = indent + step
    if isinstance(value, Decimal):
        # Cents, unless a converted amount (元 -> 万元) needs more places to stay exact; a
        # context wide enough for the longest figure (the default 28 digits cannot round 10^27).
        cents = value.quantize(CENT, context=Context(prec=max(28, value.adjusted() + 3)))
        text = format(cents if cents == value else value.normalize(), "f")
    elif isinstance(value, dict) and value:
        items = (
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_encode(v, inner, step)}"
            for k, v in value.items()
        )
        text = "{\n" + ",\n".join(items) + f"\n{indent}}}"
    elif isinstance(value, (list, tuple)) and value and not _all_ints(value):
        items = (f"{inner}{_encode(item, inner, step)}" for item in value)
        text = "[\n" + ",\n".join(items) + f"\n{indent}]"
    elif isinstance(value, tuple):
        text = json.dumps(list(value))
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text


def _all_ints(values: Sequence[Any]) -> bool:
    return all(isinstance(item, int) and not isinstance(item, bool) for item in values)


def to_json(parsed: dict[str, Any], indent: int = 2) -> str:
    """The parsed dict as JSON text: amounts are numbers with two decimals ("2373.00")."""
    return _encode(parsed, "", " " * indent) + "\n"
