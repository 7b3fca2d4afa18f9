"""Use cases of the ingest app: one service function each, called by the CLI and the worker.

``disclosure_ingest`` parses, validates and stores one file and is what
``manage.py ingest``, ``manage.py load_samples`` and the Celery task all call.
Parsing is pure (``ingest.pipeline``); storing happens in one transaction
(``ingest.persistence``), so bad input leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from budgets.models import Disclosure
from ingest.extract import ExtractError, extract_document
from ingest.models import AuditEvent, IngestRun
from ingest.persistence import PersistenceError, disclosure_publish, persist_disclosure
from ingest.types import RawDocument

logger = logging.getLogger(__name__)

MESSAGE_INTERNAL = (
    "解析时发生内部错误,已记录。An internal error occurred while parsing; it was logged."
)
MESSAGE_NOT_DISCLOSURE = (
    "未识别到预算公开内容(单位名称、年度或预算报表)。"
    " The file does not look like a budget disclosure."
)


class IngestError(ValueError):
    """A file could not be ingested; ``str()`` is a one-line message for people."""


@dataclass(frozen=True)
class IngestOutcome:
    """What one ingest did: ``created`` a first version, a ``new_version``, or ``unchanged``."""

    disclosure: Disclosure
    outcome: str
    counts: dict[str, int] = field(default_factory=dict)
    superseded: Disclosure | None = None


def disclosure_parse(*, data: bytes, filename: str) -> tuple[RawDocument, dict[str, Any]]:
    """Decode and parse a file into the disclosure-schema dict; no database access.

    Raises :class:`IngestError` with a plain message for unreadable input.
    """
    from ingest.pipeline import parse_document  # the parser stage; imported late to stay light

    try:
        raw = extract_document(data, filename)
        parsed = parse_document(raw)
    except (ExtractError, ValueError) as exc:
        raise IngestError(str(exc).splitlines()[0] if str(exc) else MESSAGE_INTERNAL) from exc
    except Exception as exc:  # a parser defect must never surface as a traceback to users
        logger.exception("parser failed on %s", filename)
        raise IngestError(MESSAGE_INTERNAL) from exc
    if not parsed.get("entity") or not parsed.get("fiscal_year"):
        raise IngestError(MESSAGE_NOT_DISCLOSURE)
    return raw, parsed


def disclosure_ingest(
    *, data: bytes, filename: str, publish: bool = True, actor: Any = None
) -> IngestOutcome:
    """Parse, validate and store one disclosure file; publish it unless told not to.

    An identical file (same sha256) changes nothing. A changed file for the same
    organization, year and kind becomes a new version; publishing it supersedes the
    old one, which is kept.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Disclosure.objects.filter(sha256=sha256).first()
    if existing is not None:
        return IngestOutcome(disclosure=existing, outcome="unchanged")
    raw, parsed = disclosure_parse(data=data, filename=filename)
    try:
        with transaction.atomic():
            disclosure, counts = persist_disclosure(
                parsed=parsed,
                source_text=raw.text,
                data=data,
                filename=filename,
                source_format=raw.source_format,
            )
            superseded = disclosure_publish(disclosure=disclosure) if publish else None
            AuditEvent.objects.create(
                actor=actor,
                action="ingest",
                target=str(disclosure)[:300],
                disclosure=disclosure,
            )
    except PersistenceError as exc:
        raise IngestError(str(exc)) from exc
    outcome = "created" if disclosure.version == 1 else "new_version"
    return IngestOutcome(
        disclosure=disclosure, outcome=outcome, counts=counts, superseded=superseded
    )


def _run_update(run: IngestRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


def ingest_run_execute(*, run_id: int) -> IngestRun:
    """Parse and store the file of an upload's IngestRun, reporting progress on the run.

    The result waits for review (status ``ready``); a failure is recorded on the run in
    plain words and stores no figures.
    """
    run = IngestRun.objects.get(pk=run_id)
    _run_update(
        run,
        status=IngestRun.Status.PARSING,
        progress=10,
        stage="读取文件",
        error="",
        started_at=timezone.now(),
    )
    try:
        with run.source_file.open("rb") as handle:
            data = handle.read()
        _run_update(run, progress=30, stage="解析报表")
        outcome = disclosure_ingest(data=data, filename=run.original_filename, publish=False)
    except (IngestError, OSError) as exc:
        _run_update(
            run,
            status=IngestRun.Status.FAILED,
            error=str(exc) or MESSAGE_INTERNAL,
            stage="失败",
            finished_at=timezone.now(),
        )
        return run
    disclosure = outcome.disclosure
    _run_update(
        run,
        disclosure=disclosure,
        status=(
            IngestRun.Status.PUBLISHED
            if disclosure.status == Disclosure.Status.PUBLISHED
            else IngestRun.Status.READY
        ),
        progress=100,
        stage="完成" if outcome.outcome != "unchanged" else "文件已导入过,未重复解析",
        line_count=len(disclosure.source_text.splitlines()),
        issues=[
            c for c in (disclosure.parsed.get("validation") or []) if c.get("status") == "fail"
        ],
        finished_at=timezone.now(),
    )
    return run
