"""Celery tasks of the ingest app: thin wrappers that pass ids to the services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from ingest.services import ingest_run_execute

SOFT_TIME_LIMIT_S = 300
HARD_TIME_LIMIT_S = 330


def task_time_limits(*, pages: int) -> dict[str, int]:
    """Celery's time limits for parsing a file of ``pages`` PDF pages: the defaults, plus
    ``OCR_SECONDS_PER_PAGE`` for every page, since any of them may be a scan to read by OCR
    (the parse's own budget grows only with the pages actually read by OCR)."""
    extra = int(pages * getattr(settings, "OCR_SECONDS_PER_PAGE", 60))
    return {"soft_time_limit": SOFT_TIME_LIMIT_S + extra, "time_limit": HARD_TIME_LIMIT_S + extra}


# acks_late + reject_on_worker_lost: when the process running the task dies (killed, out of
# memory), the message goes back to the broker and another worker takes the run over
# (``ingest.services._run_claim``), at most INGEST_QUARANTINE_AFTER_LOSSES - 1 times: a file
# that took its process down that often is quarantined and its message acknowledged. The parse
# itself runs in a child process under the parse budgets (ingest.parse_process: memory, and
# INGEST_PARSE_SECONDS, 180 s by default, before the soft limit), so a hostile file ends in a
# message, not in a lost process. The stale check of ``ingest_runs_fail_stale`` fails a run
# whose worker is gone, so it can be retried by hand; the hard limit ends a stuck process.
# The parse's time budget grows by OCR_SECONDS_PER_PAGE for each page read by OCR, and the
# task's limits by as much for every page of a PDF when the upload is queued
# (task_time_limits), so the parse stops itself before Celery's soft limit.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=SOFT_TIME_LIMIT_S,
    time_limit=HARD_TIME_LIMIT_S,
)
def ingest_run_task(self, run_id: int, attempt: int | None = None) -> str:  # noqa: ANN001 - Celery binds the task
    """Parse and store an upload in the background; retry only when the database blips.

    ``attempt`` is the run's attempt number when it was queued; a message left over from an
    earlier attempt does nothing.
    """
    try:
        return ingest_run_execute(run_id=run_id, attempt=attempt).status
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=10) from exc
