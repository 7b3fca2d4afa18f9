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
# (``ingest.services._run_claim``). Whatever happens to the message, the stale check of
# ``ingest_runs_fail_stale`` fails a run whose worker is gone, so it can be retried by hand.
# The time limits bound one document's parse: PDF extraction stops itself at 240 s with a clear
# error (ingest.formats.pdf), before the soft limit; the hard limit ends a stuck process. Both
# grow with a PDF's pages when the upload is queued (task_time_limits: OCR of scans).
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
