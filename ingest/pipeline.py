"""The parser: RawDocument -> the parsed-disclosure dict of docs/disclosure-schema.md.

``parse_document`` runs the pure stages in order — identity, segmentation, one
recognizer per table, the narrative and performance forms (``ingest.narrative`` and
``ingest.forms``, when installed), then the validation report — and returns plain
data with ``Decimal`` amounts. ``parse_bytes`` adds decoding; ``to_json`` prints the
result with every amount as a JSON number with two decimals.

Bad input never escapes as a traceback: an unreadable file raises
:class:`~ingest.extract.ExtractError`, a text that is no budget disclosure raises
:class:`ParseError` (a subclass), each with a one-line message. A truncated
disclosure is parsed as far as it goes, and the tables it lacks are listed under
``missing_tables``.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ingest.checks import CENT
from ingest.extract import ExtractError, extract_document
from ingest.identity import read_identity
from ingest.ocr_review import ocr_review_marks, review_threshold
from ingest.recognizers import recognize
from ingest.recognizers.base import TableRead
from ingest.recognizers.projects import read_prose_projects, read_special_funds_overview
from ingest.segment import TABLE_ORDER, Section, TableKind, segment_sections
from ingest.types import RawDocument, SourceLine
from ingest.validation import summarize, validate

logger = logging.getLogger(__name__)

NOT_A_DISCLOSURE = (
    "不是预算公开文件:未找到预算表、专项资金项目或“××年度部门/单位预算”标题。"
    " The text is not a budget disclosure: no budget tables, special-fund projects or"
    " budget title were found."
)
BUDGET_KINDS = frozenset({"department_budget", "unit_budget"})


class ParseError(ExtractError):
    """The file was read but is not a budget disclosure; the message says so in one line."""


# --- the other engineers' stages, wired in when present -----------------------------


def _optional(module: str, name: str, errors: list[str]) -> Callable[..., Any] | None:
    """``module.name`` if that module is installed, else ``None``.

    A module that is present but fails to import (a stage being written) is reported
    under ``errors`` instead of stopping the parse of the tables.
    """
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            _import_failed(errors, module, exc)
        return None
    except Exception as exc:  # a broken optional stage must not sink the parse
        _import_failed(errors, module, exc)
        return None
    return getattr(loaded, name, None)


def _import_failed(errors: list[str], module: str, exc: Exception) -> None:
    logger.warning("optional ingest stage %s cannot be imported: %s", module, exc)
    message = f"{module}: {type(exc).__name__}: {exc}"
    if message not in errors:
        errors.append(message)


def _call(errors: list[str], stage: str, function: Callable[..., Any] | None, *args: Any) -> Any:
    """Run an optional stage; a failure in it is recorded, not raised, so tables still print."""
    if function is None:
        return None
    try:
        return function(*args)
    except Exception as exc:  # one stage must not sink the whole parse
        logger.warning("ingest stage %s failed: %s: %s", stage, type(exc).__name__, exc)
        errors.append(f"{stage}: {type(exc).__name__}: {exc}")
        return None


# --- assembling the tables -------------------------------------------------------------


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


def _put_other_tables(parsed: dict[str, Any], reads: dict[str, TableRead]) -> None:
    if TableKind.FISCAL_GRANT in reads:
        parsed["fiscal_grant"] = reads[TableKind.FISCAL_GRANT].data
    if TableKind.ECONOMIC in reads:
        read = reads[TableKind.ECONOMIC]
        parsed["economic_basic"] = {**read.data, "lines": read.lines}
    if TableKind.STATE_CAPITAL in reads:
        parsed["state_capital"] = reads[TableKind.STATE_CAPITAL].data
    if TableKind.THREE_PUBLIC in reads:
        read = reads[TableKind.THREE_PUBLIC]
        parsed["three_public"] = {**read.data, "lines": read.lines}
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


def _missing_tables(kind: str | None, reads: dict[str, TableRead], has_prose: bool) -> list[str]:
    if kind == "special_funds" or (kind not in BUDGET_KINDS and not reads) or has_prose:
        return []
    return [table for table in TABLE_ORDER if table not in reads]


def _read_tables(sections: Sequence[Section]) -> tuple[dict[str, TableRead], list[dict[str, Any]]]:
    reads: dict[str, TableRead] = {}
    found = []
    for section in sections:
        read = recognize(section)
        if read is None:
            continue
        reads[section.kind] = read
        found.append(
            {"kind": section.kind, "title": section.title, "lines": read.lines, "empty": read.empty}
        )
    return reads, found


# --- narrative and forms -----------------------------------------------------------------


def _put_narrative(
    parsed: dict[str, Any], lines: Sequence[SourceLine], errors: list[str]
) -> list[dict[str, Any]]:
    narrative = _call(
        errors, "narrative", _optional("ingest.narrative", "extract_narrative", errors), lines
    )
    if narrative is None:
        return []
    parsed["narrative"] = narrative
    glossary = _call(
        errors, "glossary", _optional("ingest.narrative", "extract_glossary", errors), narrative
    )
    if glossary is not None:
        parsed["glossary"] = glossary
    procurement = _call(
        errors,
        "procurement",
        _optional("ingest.narrative", "extract_procurement", errors),
        narrative,
    )
    if procurement is not None:
        parsed["procurement"] = procurement
    changes = _call(
        errors,
        "stated_changes",
        _optional("ingest.narrative", "extract_stated_changes", errors),
        narrative,
    )
    if changes is not None:
        parsed["stated_changes"] = changes
    return narrative


def _put_forms(parsed: dict[str, Any], lines: Sequence[SourceLine], errors: list[str]) -> None:
    forms = _call(
        errors,
        "performance_targets",
        _optional("ingest.forms", "extract_performance_targets", errors),
        lines,
    )
    if forms is None:
        return
    targets, unreadable = forms
    _call(
        errors,
        "form_names",
        _optional("ingest.forms", "name_forms_by_projects", errors),
        targets,
        parsed.get("projects") or [],
    )
    parsed["performance_targets"] = targets
    parsed["unreadable"].extend(unreadable)


def _extra_checks(
    parsed: dict[str, Any], narrative: list[dict[str, Any]], errors: list[str]
) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    if "performance_targets" in parsed:
        form_checks = _call(
            errors,
            "form_funds",
            _optional("ingest.forms", "check_form_funds", errors),
            parsed["performance_targets"],
            parsed.get("projects") or [],
        )
        checks.extend(form_checks or [])
    if narrative:
        narrative_checks = _call(
            errors,
            "narrative_checks",
            _optional("ingest.narrative", "check_narrative", errors),
            narrative,
            parsed,
        )
        checks.extend(narrative_checks or [])
    return checks


# --- the entry points ------------------------------------------------------------------------


def parse_document(raw: RawDocument) -> dict[str, Any]:
    """Parse a decoded disclosure into the schema's dict (``Decimal`` amounts).

    Raises :class:`ParseError` when the text is not a budget disclosure.
    """
    sections = segment_sections(raw.lines)
    identity = read_identity(raw.lines, [section.title for section in sections])
    reads, found = _read_tables(sections)
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
    if raw.locations:
        # Where each cited line sits in a PDF, workbook or Word file; a text file is its
        # own source, so its parse has no such key.
        parsed["source"]["locations"] = dict(sorted(raw.locations.items()))
    summary = _summary(reads)
    if summary is not None:
        parsed["summary"] = summary
    _put_coded(parsed, reads)
    _put_other_tables(parsed, reads)
    _put_special_funds(parsed, raw.lines)
    has_prose = "special_funds" in parsed or (not reads and bool(parsed.get("projects")))
    if not reads and not has_prose and not (identity.kind and identity.fiscal_year):
        raise ParseError(NOT_A_DISCLOSURE)
    parsed["tables"] = found
    parsed["missing_tables"] = _missing_tables(identity.kind, reads, has_prose)
    parsed["unreadable"] = [item for read in reads.values() for item in read.unreadable]
    parsed["notes"] = [item for read in reads.values() for item in read.notes]
    errors: list[str] = []
    narrative = _put_narrative(parsed, raw.lines, errors)
    _put_forms(parsed, raw.lines, errors)
    checks = validate(parsed) + _extra_checks(parsed, narrative, errors)
    parsed["validation"] = checks
    parsed["validation_summary"] = summarize(checks)
    # Scans: cells OCR read with low confidence, and failed checks citing them (提示).
    if raw.confidence:
        parsed["low_confidence"] = ocr_review_marks(raw, checks, threshold=review_threshold())
    if errors:
        parsed["errors"] = errors
    return parsed


def parse_bytes(data: bytes, filename: str) -> dict[str, Any]:
    """Decode and parse a disclosure file; raises ``ExtractError``/``ParseError`` on bad input."""
    return parse_document(extract_document(data, filename))


# --- JSON ------------------------------------------------------------------------------------


def _encode(value: Any, indent: str, step: str) -> str:
    """JSON text of ``value``; short lists of line numbers stay on one line."""
    inner = indent + step
    if isinstance(value, Decimal):
        text = format(value.quantize(CENT), "f")
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
