"""Celery tasks of the ingest app: thin wrappers that pass ids to the services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from ingest.services import ingest_run_execute


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def ingest_run_task(self, run_id: int) -> str:  # noqa: ANN001 - Celery binds the task
    """Parse and store an upload in the background; retry only when the database blips."""
    try:
        return ingest_run_execute(run_id=run_id).status
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=10) from exc
