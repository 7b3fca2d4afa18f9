"""Use cases of the ingest app: one service function each, called by the CLI and the worker.

``disclosure_ingest`` parses, validates and stores one file and is what
``manage.py ingest``, ``manage.py load_samples`` and the Celery task all call.
Parsing is pure (``ingest.pipeline``); storing happens in one transaction
(``ingest.persistence``), so bad input leaves the database as it was.

The staff area (/manage/) adds the upload workflow on top: ``upload_create`` stores a file
and queues its IngestRun, ``ingest_run_execute`` is what the worker does with it, and
``run_publish`` / ``run_unpublish`` / ``run_discard`` / ``run_retry`` / ``run_restore`` /
``disclosure_identity_update`` / ``disclosure_source_update`` are the reviewer's buttons. Each
records an AuditEvent.
"""

from __future__ import annotations

import decimal
import hashlib
import logging
import os
import socket
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, OperationalError, transaction
from django.db.models import Max, ProtectedError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from budgets.models import Disclosure, Organization
from budgets.selectors.disclosures import glossary_cache_clear
from ingest.extract import extract_document, sniff_format
from ingest.limits import ParseBudget, figure_beyond_storage, figure_precision, parse_budget
from ingest.models import AuditEvent, IngestRun
from ingest.parse_process import ChildFailure, run_in_child
from ingest.persistence import (
    PersistenceError,
    disclosure_publish,
    other_published_versions,
    persist_disclosure,
)
from ingest.types import RawDocument

PAGE_COUNT_SECONDS = 10.0  # counting a PDF's pages when it is queued (_page_count)

# Called with (progress percent, stage words) as a parse advances.
StageCallback = Callable[[int, str], None]

logger = logging.getLogger(__name__)

MESSAGE_INTERNAL = (
    "解析时发生内部错误,已记录。An internal error occurred while parsing; it was logged."
)
MESSAGE_DATA_ERROR = (
    "文件中有超出数据库可存储范围的内容,未入库。"
    " The file holds a value the database cannot store; nothing was stored."
)
MESSAGE_CONCURRENT = (
    "同一单位的另一份文件正在同时入库,此文件未保存;请稍后重新解析。"
    " Another file of the same organization was being stored at the same moment."
)
MESSAGE_NOT_DISCLOSURE = (
    "未识别到预算公开内容(单位名称、年度或预算报表)。"
    " The file does not look like a budget disclosure."
)


class IngestError(ValueError):
    """A file could not be ingested; ``str()`` is a one-line message for people.

    ``detail`` is a parser defect's traceback, for developers (``--traceback``).
    """

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class IngestOutcome:
    """What one ingest did: ``created`` a first version, a ``new_version``, or ``unchanged``."""

    disclosure: Disclosure
    outcome: str
    counts: dict[str, int] = field(default_factory=dict)
    superseded: Disclosure | None = None


def _no_stage(progress: int, stage: str) -> None:
    """The default StageCallback: nobody is watching."""


def _page_progress(on_stage: StageCallback) -> Callable[[int, int, bool], None]:
    """Report PDF pages read as progress 20-40 % ("读取第 3/50 页(文字识别)"), at most once a
    second: a text page takes milliseconds, a scanned page seconds."""
    last = [0.0]

    def report(done: int, total: int, by_ocr: bool) -> None:
        now = time.monotonic()
        if done < total and not by_ocr and now - last[0] < 1.0:
            return
        last[0] = now
        stage = f"读取第 {done}/{total} 页" + ("(文字识别)" if by_ocr else "")
        on_stage(20 + 20 * done // max(total, 1), stage)

    return report


def disclosure_parse_steps(
    data: bytes, filename: str, progress: StageCallback
) -> tuple[RawDocument, dict[str, Any]]:
    """What the parse's child process runs: decode, check the figures' length, parse.

    ``progress(percent, words)`` reports each step (to the run's page, through the parent).
    """
    from ingest.pipeline import parse_document  # the parser stage; imported late to stay light

    progress(20, "解码文件")
    raw = extract_document(data, filename, on_page=_page_progress(progress))
    precision = figure_precision(raw.lines)
    progress(40, "识别报表并核对数字")
    with decimal.localcontext(prec=precision):
        return raw, parse_document(raw)


def parse_budget_for(data: bytes) -> ParseBudget:
    """The budgets for parsing ``data``: those of settings, with ``OCR_PARSE_MEMORY_MB`` of
    memory for a PDF while OCR is on, since any of its pages may be a scan and ONNX Runtime
    with the OCR models needs several times what a text parse does (see that setting)."""
    budget = parse_budget()
    if settings.OCR_ENABLED and sniff_format(data) == "pdf":
        ocr_bytes = settings.OCR_PARSE_MEMORY_MB * 1024 * 1024
        budget = replace(budget, memory_bytes=max(budget.memory_bytes, ocr_bytes))
    return budget


def disclosure_parse(
    *, data: bytes, filename: str, on_stage: StageCallback = _no_stage
) -> tuple[RawDocument, dict[str, Any]]:
    """Decode and parse a file into the disclosure-schema dict; no database access.

    The parse runs in a child process under the parse budgets (``ingest.parse_process``):
    the worker, ``manage.py ingest`` and ``manage.py parse_disclosure`` all come here.
    Raises :class:`IngestError` with a one-line message for unreadable input, a file over a
    budget, or a parser defect (its traceback in ``IngestError.detail``).
    """
    try:
        return run_in_child(
            disclosure_parse_steps,
            data,
            filename,
            budget=parse_budget_for(data),
            on_progress=on_stage,
        ).value
    except ChildFailure as failure:
        raise IngestError(failure.message, detail=failure.detail) from None


def disclosure_ingest(
    *,
    data: bytes,
    filename: str,
    publish: bool = True,
    actor: Any = None,
    on_stage: StageCallback = _no_stage,
) -> IngestOutcome:
    """Parse, validate and store one disclosure file; publish it unless told not to.

    An identical file (same sha256) changes nothing. A changed file for the same
    organization, year and kind becomes a new version; publishing it supersedes the
    old one, which is kept. A document naming its organization by a recorded alias
    (``Organization.aliases``) is filed under that organization.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Disclosure.objects.filter(sha256=sha256).first()
    if existing is not None:
        return IngestOutcome(disclosure=existing, outcome="unchanged")
    raw, parsed = disclosure_parse(data=data, filename=filename, on_stage=on_stage)
    if not parsed.get("entity") or not parsed.get("fiscal_year"):
        raise IngestError(MESSAGE_NOT_DISCLOSURE)
    beyond = figure_beyond_storage(parsed)
    if beyond is not None:
        raise IngestError(beyond)
    on_stage(75, "写入数据库")
    try:
        with transaction.atomic():
            disclosure, counts = persist_disclosure(
                parsed=parsed,
                source_text=raw.text,
                data=data,
                filename=filename,
                source_format=raw.source_format,
            )
            _organization_apply_alias(disclosure)
            superseded = disclosure_publish(disclosure=disclosure) if publish else None
            AuditEvent.objects.create(
                actor=actor,
                action=AuditEvent.Action.INGEST,
                target=str(disclosure)[:300],
                disclosure=disclosure,
            )
    except PersistenceError as exc:
        raise IngestError(str(exc)) from exc
    except IntegrityError as exc:  # another file of the organization stored at the same moment
        logger.warning("storing %s failed: %s", filename, exc)
        raise IngestError(MESSAGE_CONCURRENT) from exc
    except DataError as exc:  # a value the checks above let through: say so in one line
        logger.warning("storing %s failed: %s", filename, exc)
        raise IngestError(MESSAGE_DATA_ERROR) from exc
    outcome = "created" if disclosure.version == 1 else "new_version"
    return IngestOutcome(
        disclosure=disclosure, outcome=outcome, counts=counts, superseded=superseded
    )


# --- organizations ---------------------------------------------------------------------------


def _disclosure_move(
    disclosure: Disclosure, *, organization: Organization, fiscal_year: int, kind: str
) -> None:
    """File ``disclosure`` under another organization, year or kind as that series' next version."""
    latest = (
        Disclosure.objects.filter(organization=organization, fiscal_year=fiscal_year, kind=kind)
        .exclude(pk=disclosure.pk)
        .aggregate(Max("version"))["version__max"]
    )
    disclosure.organization = organization
    disclosure.fiscal_year = fiscal_year
    disclosure.kind = kind
    disclosure.version = (latest or 0) + 1
    disclosure.save(update_fields=["organization", "fiscal_year", "kind", "version", "updated_at"])


def _organization_add_aliases(organization: Organization, names: list[str]) -> list[str]:
    """Record ``names`` as other spellings of ``organization``; returns the ones added."""
    added = [
        name
        for name in dict.fromkeys(n.strip() for n in names)
        if name and name != organization.name and name not in organization.aliases
    ]
    if added:
        organization.aliases = [*organization.aliases, *added]
        organization.save(update_fields=["aliases"])
    return added


def _organization_delete_if_unused(organization: Organization) -> bool:
    """Delete an organization nothing refers to any more (one a misspelt upload created)."""
    if organization.disclosures.exists() or organization.units.exists():
        return False
    try:
        with transaction.atomic():
            organization.delete()
    except ProtectedError:  # another app refers to it: keep it
        return False
    return True


def _organization_apply_alias(disclosure: Disclosure) -> None:
    """File a freshly stored disclosure under the organization that lists its name as an alias.

    Only an organization created for this very disclosure is replaced; one that already has
    other disclosures is an established organization and stays.
    """
    current = disclosure.organization
    if current.disclosures.exclude(pk=disclosure.pk).exists():
        return
    target = (
        Organization.objects.filter(aliases__contains=[disclosure.entity_name])
        .exclude(pk=current.pk)
        .first()
    )
    if target is None:
        return
    _disclosure_move(
        disclosure, organization=target, fiscal_year=disclosure.fiscal_year, kind=disclosure.kind
    )
    _organization_delete_if_unused(current)


# --- uploads ---------------------------------------------------------------------------------

UPLOAD_QUEUED = "queued"
UPLOAD_DUPLICATE = "duplicate"
UPLOAD_KNOWN_DISCLOSURE = "known_disclosure"

MESSAGE_EMPTY = "文件为空,未保存。The file is empty."
MESSAGE_TOO_LARGE = "文件大小超过上限 {limit},未保存。The file is larger than {limit}."
MESSAGE_TYPE_NOT_ALLOWED = (
    "不支持的文件类型“{suffix}”,未保存(可上传:{allowed})。 Files of type {suffix} are not accepted."
)
MESSAGE_BINARY = (
    "文件不是文本文件(可能是 PDF、Excel、Word 或其他二进制文件),未保存;目前只能解析文本格式。"
    " The file is not text (PDF, Excel, Word or other binary)."
)
MESSAGE_TOO_MANY_FILES = "一次最多上传 {count} 个文件,此文件未保存。At most {count} files at once."
MESSAGE_WORKER_LOST = (
    "负责解析的后台进程中途退出,未保存任何数据。请点击“重新解析”。"
    " The worker parsing this file stopped; nothing was stored."
)
MESSAGE_QUARANTINED = (
    "此文件已 {count} 次导致后台解析进程中途退出,已隔离,不再自动重新解析;未保存任何数据。"
    "如确需再试,请点击“重新解析”。"
    " The file took its worker process down {count} times; it is quarantined."
)
MESSAGE_STALLED = (
    "解析超过 {minutes} 分钟没有进展,已停止等待,未保存任何数据。请点击“重新解析”。"
    " Parsing made no progress for {minutes} minutes; nothing was stored."
)
MESSAGE_NEVER_STARTED = (
    "排队超过 {minutes} 分钟仍未开始解析,后台进程可能未运行。请确认后点击“重新解析”。"
    " The upload waited {minutes} minutes without a worker taking it."
)
STAGE_QUEUED = "等待后台解析"
STAGE_KNOWN = "文件已导入过,未重复解析"
STAGE_DONE = "完成"
STAGE_FAILED = "失败"
MESSAGE_NOT_THAT_FORMAT = (
    "文件内容与扩展名“{suffix}”不符,未保存。 The file's content is not {suffix}."
)
HEAD_BYTES = 64 * 1024
MAX_CONTROL_RATIO = 0.02
# Binary formats, once UPLOAD_ALLOWED_EXTENSIONS lists them, must start as their container
# does (ingest.extract.sniff_format); every other allowed type must be text.
BINARY_SUFFIX_FORMATS = {
    ".pdf": "pdf",
    ".xlsx": "zip",
    ".docx": "zip",
    ".xls": "ole",
    ".doc": "ole",
}


class UploadError(ValueError):
    """An uploaded file was refused; ``str()`` is a one-line message for people."""


@dataclass(frozen=True)
class UploadOutcome:
    """What one uploaded file became: a new ``queued`` run, or an existing run it duplicates."""

    run: IngestRun
    outcome: str

    @property
    def is_new(self) -> bool:
        return self.outcome == UPLOAD_QUEUED


MAX_FILENAME_CHARS = 255
MAX_SUFFIX_CHARS = 16


def filename_clean(name: str) -> str:
    """A file name as it may be stored and shown: the last part of the path, without control
    and formatting characters, at most 255 characters with its extension kept.

    Formatting characters (Unicode category Cf) include the bidirectional overrides: with a
    right-to-left override, "预算‮xslx.exe" is displayed as "预算exe.xlsx".
    """
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = "".join(
        ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
    ).strip()
    if len(cleaned) <= MAX_FILENAME_CHARS:
        return cleaned
    suffix = PurePosixPath(cleaned).suffix
    suffix = suffix if len(suffix) <= MAX_SUFFIX_CHARS else ""
    return cleaned[: MAX_FILENAME_CHARS - len(suffix) - 1] + "…" + suffix


def upload_suffix(name: str) -> str:
    """The file name's ending, lower-cased, with its dot: "表.TXT" → ".txt"."""
    return PurePosixPath(name).suffix.lower()


def upload_rejection(*, name: str, size: int | None) -> str | None:
    """Why a file of this name and size is refused before its content is read, or None."""
    allowed = [s.lower() for s in settings.UPLOAD_ALLOWED_EXTENSIONS]
    suffix = upload_suffix(name)
    if suffix not in allowed:
        return MESSAGE_TYPE_NOT_ALLOWED.format(
            suffix=suffix or "(无扩展名)", allowed=" ".join(allowed)
        )
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        return MESSAGE_TOO_LARGE.format(limit=filesizeformat(settings.UPLOAD_MAX_BYTES))
    if size == 0:
        return MESSAGE_EMPTY
    return None


def _is_binary(head: bytes) -> bool:
    """True for content no text decoder should be given: PDF/Office containers, NULs, controls.

    UTF-16 (with its byte-order mark) legitimately holds NUL bytes; UTF-8 and GB18030 never
    use bytes below 0x20 inside characters.
    """
    if sniff_format(head) != "text":
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return b"\x00" in head or (bool(head) and controls / len(head) > MAX_CONTROL_RATIO)


def _check_content(head: bytes, suffix: str) -> None:
    """Refuse a file whose first bytes are not what its type promises (empty, or binary)."""
    if not head.strip():
        raise UploadError(MESSAGE_EMPTY)
    container = BINARY_SUFFIX_FORMATS.get(suffix)
    if container is not None:
        if sniff_format(head) != container:
            raise UploadError(MESSAGE_NOT_THAT_FORMAT.format(suffix=suffix))
    elif _is_binary(head):
        raise UploadError(MESSAGE_BINARY)


def _file_digest(file: UploadedFile) -> tuple[str, bytes]:
    """The sha256 of an uploaded file and its first bytes, read chunk by chunk."""
    digest = hashlib.sha256()
    head = b""
    for chunk in file.chunks():
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
    return digest.hexdigest(), head


def _status_of(disclosure: Disclosure) -> str:
    """The run status that matches a stored disclosure's status."""
    return {
        Disclosure.Status.PUBLISHED: IngestRun.Status.PUBLISHED,
        Disclosure.Status.SUPERSEDED: IngestRun.Status.SUPERSEDED,
        Disclosure.Status.DISCARDED: IngestRun.Status.DISCARDED,
        Disclosure.Status.FAILED: IngestRun.Status.FAILED,
    }.get(disclosure.status, IngestRun.Status.READY)


def _audit(action: str, actor: Any, *, run: IngestRun, target: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target=(target or str(run.disclosure or run.original_filename))[:300],
        run=run,
        disclosure=run.disclosure,
    )


def _queue(run: IngestRun) -> None:
    """Hand the run to the worker once the transaction that queued it has committed."""
    from ingest.tasks import ingest_run_task, task_time_limits  # tasks imports this module

    run_id, attempt = run.pk, run.attempt
    # A scan's OCR takes seconds a page: the task's time limits grow with the pages.
    limits = task_time_limits(pages=_page_count(run))
    # robust: a broker that is down must not turn a saved upload into an error page; the run
    # stays queued and the stale check fails it (retryable) if no worker ever takes it.
    transaction.on_commit(
        lambda: ingest_run_task.apply_async((run_id, attempt), **limits), robust=True
    )


def _page_count(run: IngestRun) -> int:
    """Pages of the run's PDF (0 for other files, or a PDF pdfium cannot open)."""
    if upload_suffix(run.source_file.name or "") != ".pdf":
        return 0
    try:
        with run.source_file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return 0
    # pdfium opens the file in a child under the parse budgets, not in the web process: the
    # file is still unread, and may be hostile. Counting takes milliseconds; the short budget
    # bounds the wait should a thread of a threaded server hold pdfium's lock at the fork.
    budget = replace(parse_budget(), seconds=PAGE_COUNT_SECONDS)
    try:
        return run_in_child(_pdf_pages, data, budget=budget).value
    except ChildFailure:
        return 0


def _pdf_pages(data: bytes, progress: StageCallback) -> int:
    from ingest.formats.pdf import pdf_page_count

    return pdf_page_count(data)


def upload_create(*, file: UploadedFile, actor: Any = None) -> UploadOutcome:
    """Store one uploaded file under a generated name and queue its parse.

    The file is refused (:class:`UploadError`) when its type is not allowed, it is too large,
    empty or not text; nothing is stored then. A file uploaded before (same sha256) leads to
    that run; a file ingested by other means gets a run for its disclosure; neither is parsed
    again.
    """
    name = filename_clean(file.name or "")
    rejection = upload_rejection(name=name, size=file.size)
    if rejection:
        raise UploadError(rejection)
    sha256, head = _file_digest(file)
    _check_content(head, upload_suffix(name))
    existing = _upload_existing(sha256=sha256, name=name, actor=actor)
    if existing is not None:
        return existing
    run = IngestRun(
        sha256=sha256,
        original_filename=name,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        stage=STAGE_QUEUED,
    )
    # A random name: nothing of the user's file name reaches the file system, and a stored
    # file's address cannot be guessed.
    run.source_file.save(f"{uuid.uuid4().hex}{upload_suffix(name)}", file, save=False)
    try:
        with transaction.atomic():
            run.save()
            _audit(AuditEvent.Action.UPLOAD, actor, run=run, target=name)
            _queue(run)
    except IntegrityError:  # the same file, uploaded at the same moment by someone else
        run.source_file.delete(save=False)
        existing = _upload_existing(sha256=sha256, name=name, actor=actor)
        if existing is None:
            raise
        return existing
    return UploadOutcome(run=run, outcome=UPLOAD_QUEUED)


def _upload_existing(*, sha256: str, name: str, actor: Any) -> UploadOutcome | None:
    """The run a file with this sha256 already has, or one made for its stored disclosure."""
    run = IngestRun.objects.filter(sha256=sha256).select_related("disclosure").first()
    if run is not None:
        _audit(AuditEvent.Action.UPLOAD_DUPLICATE, actor, run=run, target=name)
        return UploadOutcome(run=run, outcome=UPLOAD_DUPLICATE)
    disclosure = Disclosure.objects.filter(sha256=sha256).first()
    if disclosure is None:
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            run = IngestRun.objects.create(
                disclosure=disclosure,
                source_file=disclosure.source_file.name,  # the stored copy; nothing stored twice
                sha256=sha256,
                original_filename=name,
                status=_status_of(disclosure),
                progress=100,
                stage=STAGE_KNOWN,
                line_count=len(disclosure.source_text.splitlines()),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                started_at=now,
                finished_at=now,
            )
            _audit(AuditEvent.Action.UPLOAD, actor, run=run, target=name)
    except IntegrityError:
        return _upload_existing(sha256=sha256, name=name, actor=actor)
    return UploadOutcome(run=run, outcome=UPLOAD_KNOWN_DISCLOSURE)


# --- the worker's side -----------------------------------------------------------------------


def worker_identity() -> str:
    """This process as "host:pid", recorded on the run it parses."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_is_gone(identity: str) -> bool:
    """True when ``identity`` names a process of this host that no longer runs.

    A process on another host (a worker container) cannot be checked from here: False, and
    the time limit decides instead.
    """
    host, _, pid_text = identity.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    try:  # a killed child its parent has not reaped yet still answers signal 0
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _stale_message(run: IngestRun, now: datetime) -> str | None:
    """Why an active run is to be failed: its worker died, or it went silent too long."""
    seconds = settings.INGEST_RUN_STALE_SECONDS
    minutes = max(1, seconds // 60)
    last_sign = run.heartbeat_at or run.started_at or run.created_at
    too_old = last_sign is not None and now - last_sign > timedelta(seconds=seconds)
    if run.status == IngestRun.Status.PARSING:
        if run.worker and _process_is_gone(run.worker):
            return MESSAGE_WORKER_LOST
        return MESSAGE_STALLED.format(minutes=minutes) if too_old else None
    if run.status == IngestRun.Status.QUEUED and too_old:
        return MESSAGE_NEVER_STARTED.format(minutes=minutes)
    return None


def ingest_runs_fail_stale(*, now: datetime | None = None) -> list[int]:
    """Fail the runs whose worker died or went silent, so they show as failed and retryable.

    Called whenever the uploads list or a run's status is looked at. The figures need no
    clean-up: a disclosure is stored in one transaction, which a dead worker never commits.
    """
    now = now or timezone.now()
    failed = []
    for run in IngestRun.objects.filter(status__in=IngestRun.ACTIVE_STATUSES):
        message = _stale_message(run, now)
        if message is None:
            continue
        updated = IngestRun.objects.filter(
            pk=run.pk, status=run.status, attempt=run.attempt
        ).update(status=IngestRun.Status.FAILED, error=message, stage=STAGE_FAILED, finished_at=now)
        if updated:
            logger.warning("ingest run %s failed: %s", run.pk, message)
            _audit(AuditEvent.Action.FAIL, None, run=run, target=run.original_filename)
            failed.append(run.pk)
    return failed


def _run_claim(*, run_id: int, attempt: int | None) -> tuple[IngestRun, bool]:
    """Lock the run and mark it parsing by this process, if this task is still its job.

    A task of an earlier attempt (the run was retried since) or for a run another live worker
    is parsing does nothing. A run left "parsing" by a dead worker (or already failed for
    that reason) is taken over: that is a message the broker delivered again after the
    worker was lost.
    """
    me = worker_identity()
    with transaction.atomic():
        run = IngestRun.objects.select_for_update().get(pk=run_id)
        if attempt is not None and attempt != run.attempt:
            return run, False
        taken_over = run.status == IngestRun.Status.PARSING and (
            run.worker == me or _stale_message(run, timezone.now()) is not None
        )
        # The stale check may have failed the run before the broker delivered the message
        # again: the same attempt resumes it (a retry by hand would have a new attempt).
        resumed = (
            attempt is not None
            and run.status == IngestRun.Status.FAILED
            and run.error == MESSAGE_WORKER_LOST
        )
        if run.status != IngestRun.Status.QUEUED and not (taken_over or resumed):
            return run, False
        if (taken_over and run.worker != me) or resumed:  # a redelivery after a lost process
            run.worker_losses += 1
            if run.worker_losses >= settings.INGEST_QUARANTINE_AFTER_LOSSES:
                _run_quarantine(run)
                return run, False
        now = timezone.now()
        run.status = IngestRun.Status.PARSING
        run.progress = 10
        run.stage = "读取文件"
        run.error = ""
        run.worker = me
        run.started_at = run.heartbeat_at = now
        run.finished_at = None
        run.save(
            update_fields=[
                "status",
                "progress",
                "stage",
                "error",
                "worker",
                "worker_losses",
                "started_at",
                "heartbeat_at",
                "finished_at",
            ]
        )
    return run, True


def _run_quarantine(run: IngestRun) -> None:
    """Fail a run whose file took its worker process down too often; the task that found it
    returns normally, so the broker's message is acknowledged and never delivered again."""
    run.status = IngestRun.Status.FAILED
    run.error = MESSAGE_QUARANTINED.format(count=run.worker_losses)
    run.stage = STAGE_FAILED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "stage", "finished_at", "worker_losses"])
    logger.warning("ingest run %s quarantined after %s lost workers", run.pk, run.worker_losses)
    _audit(AuditEvent.Action.FAIL, None, run=run, target=run.original_filename)


def _run_update(run: IngestRun, **fields: Any) -> None:
    """Save progress on the run, unless it was retried meanwhile (another attempt owns it)."""
    fields["heartbeat_at"] = timezone.now()
    IngestRun.objects.filter(pk=run.pk, attempt=run.attempt).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def ingest_run_execute(*, run_id: int, attempt: int | None = None) -> IngestRun:
    """Parse and store the file of an upload's IngestRun, reporting progress on the run.

    The result waits for review (status ``ready``); a failure is recorded on the run in
    plain words and stores no figures. ``attempt`` is the run's attempt the task was queued
    for: a task of an earlier attempt does nothing.
    """
    run, claimed = _run_claim(run_id=run_id, attempt=attempt)
    if not claimed:
        logger.info("ingest run %s: nothing to do (%s, attempt %s)", run_id, run.status, attempt)
        return run
    try:
        with run.source_file.open("rb") as handle:
            data = handle.read()
        outcome = disclosure_ingest(
            data=data,
            filename=run.original_filename,
            publish=False,
            actor=run.created_by,
            on_stage=lambda progress, stage: _run_update(run, progress=progress, stage=stage),
        )
    except (IngestError, OSError) as exc:
        if getattr(exc, "detail", ""):  # a parser defect: its traceback, for developers
            logger.warning("ingest run %s: parser failed: %s", run.pk, exc)
            logger.debug("parser traceback of ingest run %s:\n%s", run.pk, exc.detail)
        _run_fail(run, str(exc) or MESSAGE_INTERNAL)
        return run
    except OperationalError:  # the database blinked: the task retries
        raise
    except Exception:  # a defect must not leave the run "parsing" for ever
        logger.exception("ingest run %s failed", run.pk)
        _run_fail(run, MESSAGE_INTERNAL)
        return run
    disclosure = outcome.disclosure
    # disclosure_ingest does not know the run; its audit event belongs on the run's page too.
    AuditEvent.objects.filter(
        disclosure=disclosure, action=AuditEvent.Action.INGEST, run__isnull=True
    ).update(run=run)
    _run_update(
        run,
        disclosure=disclosure,
        status=_status_of(disclosure),
        progress=100,
        stage=STAGE_DONE if outcome.outcome != "unchanged" else STAGE_KNOWN,
        line_count=len(disclosure.source_text.splitlines()),
        issues=[
            c for c in (disclosure.parsed.get("validation") or []) if c.get("status") == "fail"
        ],
        finished_at=timezone.now(),
    )
    return run


def _run_fail(run: IngestRun, message: str) -> None:
    _run_update(
        run,
        status=IngestRun.Status.FAILED,
        error=message,
        stage=STAGE_FAILED,
        finished_at=timezone.now(),
    )
    _audit(AuditEvent.Action.FAIL, None, run=run, target=run.original_filename)


# --- review ----------------------------------------------------------------------------------

MESSAGE_NOT_READY = "此文件当前状态下不能执行该操作(状态:{status})。"
MESSAGE_OTHER_PUBLISHED = "同一单位、年度和类型已有已发布的版本 v{version},不能重新发布旧版本。"
MESSAGE_NO_CHANGE = "识别信息没有变化。"
MESSAGE_PUBLISH_CONFLICT = (
    "同一单位、年度和类型的另一个版本刚刚被发布,此操作未生效;请刷新页面后再确认要发布哪个版本。"
)
MESSAGE_REASON_REQUIRED = "请填写撤回原因:公众打开此文件的链接时会看到它。"
MESSAGE_SOURCE_NO_CHANGE = "发布来源没有变化。"
MESSAGE_SOURCE_URL_INVALID = "发布网址须是以 http:// 或 https:// 开头的完整网址(至多 500 个字符)。"
SOURCE_URL_MAX_LENGTH = Disclosure._meta.get_field("source_url").max_length


class ReviewError(ValueError):
    """A review action does not fit the run's state; ``str()`` says why in plain words."""


def _locked(run: IngestRun) -> IngestRun:
    return (
        IngestRun.objects.select_for_update(of=("self",))
        .select_related("disclosure")
        .get(pk=run.pk)
    )


def _refuse(run: IngestRun) -> ReviewError:
    return ReviewError(MESSAGE_NOT_READY.format(status=run.get_status_display()))


def published_version(disclosure: Disclosure) -> Disclosure | None:
    """The other published version of the disclosure's organization, year and kind, if any."""
    return other_published_versions(disclosure).first()


def run_publish(*, run: IngestRun, actor: Any) -> Disclosure | None:
    """Publish the run's disclosure; the published version it replaces becomes superseded.

    A superseded version may be published again only while no other version is published
    (a rollback after unpublishing), so a version never supersedes its own successor.
    Returns the superseded disclosure, if any.
    """
    try:
        return _run_publish(run=run, actor=actor)
    except IntegrityError as exc:  # the constraint caught a publish the lock did not order
        raise ReviewError(MESSAGE_PUBLISH_CONFLICT) from exc


def _run_publish(*, run: IngestRun, actor: Any) -> Disclosure | None:
    with transaction.atomic():
        run = _locked(run)
        disclosure = run.disclosure
        if disclosure is None or run.status not in (
            IngestRun.Status.READY,
            IngestRun.Status.SUPERSEDED,
        ):
            raise _refuse(run)
        if disclosure.status == Disclosure.Status.SUPERSEDED:
            other = published_version(disclosure)
            if other is not None:
                raise ReviewError(MESSAGE_OTHER_PUBLISHED.format(version=other.version))
        elif disclosure.status != Disclosure.Status.PARSED:
            raise _refuse(run)
        previous = disclosure_publish(disclosure=disclosure)
        run.status = IngestRun.Status.PUBLISHED
        run.save(update_fields=["status"])
        target = str(disclosure)
        if previous is not None:
            IngestRun.objects.filter(disclosure=previous).update(status=IngestRun.Status.SUPERSEDED)
            target += f"(取代 v{previous.version})"
        _audit(AuditEvent.Action.PUBLISH, actor, run=run, target=target)
    return previous


def run_unpublish(*, run: IngestRun, actor: Any, reason: str) -> None:
    """Take the run's published disclosure off the public pages; it waits for review again.

    Its links keep answering: the public page says it was withdrawn, when, and ``reason``
    (required, as the public reads it)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ReviewError(MESSAGE_REASON_REQUIRED)
    with transaction.atomic():
        run = _locked(run)
        disclosure = run.disclosure
        if (
            disclosure is None
            or run.status != IngestRun.Status.PUBLISHED
            or disclosure.status != Disclosure.Status.PUBLISHED
        ):
            raise _refuse(run)
        disclosure.status = Disclosure.Status.PARSED
        disclosure.published_at = None
        disclosure.withdrawn_at = timezone.now()
        disclosure.withdrawal_reason = reason
        disclosure.save(
            update_fields=[
                "status",
                "published_at",
                "withdrawn_at",
                "withdrawal_reason",
                "updated_at",
            ]
        )
        run.status = IngestRun.Status.READY
        run.save(update_fields=["status"])
        _audit(AuditEvent.Action.UNPUBLISH, actor, run=run, target=f"{disclosure}:{reason}")
        transaction.on_commit(glossary_cache_clear)


def run_discard(*, run: IngestRun, actor: Any) -> None:
    """Set an unpublished upload aside: its disclosure (if any) is kept but marked discarded."""
    with transaction.atomic():
        run = _locked(run)
        if run.status not in (
            IngestRun.Status.READY,
            IngestRun.Status.FAILED,
            IngestRun.Status.QUEUED,
        ):
            raise _refuse(run)
        disclosure = run.disclosure
        if disclosure is not None and disclosure.status == Disclosure.Status.PARSED:
            disclosure.status = Disclosure.Status.DISCARDED
            disclosure.save(update_fields=["status", "updated_at"])
        run.status = IngestRun.Status.DISCARDED
        run.save(update_fields=["status"])
        _audit(AuditEvent.Action.DISCARD, actor, run=run)


def _run_requeue(run: IngestRun) -> None:
    run.status = IngestRun.Status.QUEUED
    run.attempt += 1
    run.progress = 0
    run.stage = STAGE_QUEUED
    run.error = ""
    run.worker = ""
    run.started_at = run.finished_at = run.heartbeat_at = None
    run.save(
        update_fields=[
            "status",
            "attempt",
            "progress",
            "stage",
            "error",
            "worker",
            "started_at",
            "finished_at",
            "heartbeat_at",
        ]
    )
    _queue(run)


def run_retry(*, run: IngestRun, actor: Any) -> None:
    """Queue a failed run again (e.g. after its worker died); the previous attempt is void."""
    with transaction.atomic():
        run = _locked(run)
        if run.status != IngestRun.Status.FAILED:
            raise _refuse(run)
        _run_requeue(run)
        _audit(AuditEvent.Action.RETRY, actor, run=run, target=run.original_filename)


def run_restore(*, run: IngestRun, actor: Any) -> None:
    """Bring a discarded upload back for review (or back into the queue if it never parsed)."""
    with transaction.atomic():
        run = _locked(run)
        if run.status != IngestRun.Status.DISCARDED:
            raise _refuse(run)
        disclosure = run.disclosure
        if disclosure is not None and disclosure.status == Disclosure.Status.DISCARDED:
            disclosure.status = Disclosure.Status.PARSED
            disclosure.save(update_fields=["status", "updated_at"])
            run.status = IngestRun.Status.READY
            run.save(update_fields=["status"])
        else:
            _run_requeue(run)
        _audit(AuditEvent.Action.RESTORE, actor, run=run)


def disclosure_identity_update(
    *, run: IngestRun, organization: Organization, fiscal_year: int, kind: str, actor: Any
) -> list[str]:
    """Correct the detected organization, year or kind of a disclosure awaiting review.

    Attaching it to another (existing) organization records the name the document used as
    an alias of that organization, so later documents spelled the same way go there too; an
    organization created only for this document is removed. Returns the changes in words.
    """
    with transaction.atomic():
        run = _locked(run)
        disclosure = run.disclosure
        if (
            disclosure is None
            or run.status != IngestRun.Status.READY
            or disclosure.status != Disclosure.Status.PARSED
        ):
            raise _refuse(run)
        disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        old = disclosure.organization
        changes = _identity_changes(disclosure, organization, fiscal_year, kind)
        if not changes:
            raise ReviewError(MESSAGE_NO_CHANGE)
        _disclosure_move(disclosure, organization=organization, fiscal_year=fiscal_year, kind=kind)
        if organization.pk != old.pk:
            names = [disclosure.entity_name]
            if _organization_delete_if_unused(old):
                names += [old.name, *old.aliases]
            added = _organization_add_aliases(organization, names)
            if added:
                changes.append(f"别名 +{'、'.join(added)}")
        run.disclosure = disclosure
        _audit(AuditEvent.Action.EDIT, actor, run=run, target=f"{disclosure}:{';'.join(changes)}")
    return changes


def disclosure_source_update(
    *, run: IngestRun, source_url: str, published_on: date | None, actor: Any
) -> Disclosure:
    """Record where and when the department published the run's document (its citation), at
    review or after publishing. The document's pages show it at once (``updated_at`` moves
    its freshness stamp)."""
    with transaction.atomic():
        run = _locked(run)
        if run.disclosure is None or run.status not in (
            IngestRun.Status.READY,
            IngestRun.Status.PUBLISHED,
            IngestRun.Status.SUPERSEDED,
        ):
            raise _refuse(run)
        disclosure = Disclosure.objects.select_for_update().get(pk=run.disclosure.pk)
        if (disclosure.source_url, disclosure.source_published_on) == (source_url, published_on):
            raise ReviewError(MESSAGE_SOURCE_NO_CHANGE)
        if len(source_url) > SOURCE_URL_MAX_LENGTH:
            raise ReviewError(MESSAGE_SOURCE_URL_INVALID)
        if source_url:
            try:
                URLValidator(schemes=["http", "https"])(source_url)
            except ValidationError:
                raise ReviewError(MESSAGE_SOURCE_URL_INVALID) from None
        disclosure.source_url = source_url
        disclosure.source_published_on = published_on
        disclosure.save(update_fields=["source_url", "source_published_on", "updated_at"])
        when = published_on.isoformat() if published_on else "日期未填"
        target = f"{disclosure}:发布来源 {source_url or '(未填)'},{when}"
        _audit(AuditEvent.Action.EDIT, actor, run=run, target=target)
    return disclosure


def _identity_changes(
    disclosure: Disclosure, organization: Organization, fiscal_year: int, kind: str
) -> list[str]:
    changes = []
    if organization.pk != disclosure.organization_id:
        changes.append(f"单位 {disclosure.organization.name} → {organization.name}")
    if fiscal_year != disclosure.fiscal_year:
        changes.append(f"年度 {disclosure.fiscal_year} → {fiscal_year}")
    if kind != disclosure.kind:
        changes.append(f"类型 {disclosure.get_kind_display()} → {Disclosure.Kind(kind).label}")
    return changes
