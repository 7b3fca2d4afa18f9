"""The Celery application: configuration from Django settings (CELERY_*), tasks per app.

Tasks live in each app's `tasks.py` (found by `autodiscover_tasks`). Broker and result backend
are chosen in settings: Redis in docker-compose, kombu's filesystem transport under
var/celery-broker otherwise.
"""

import os
from pathlib import Path

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def create_broker_folders(sender: Celery, **kwargs: object) -> None:
    """Create the filesystem broker's folders; kombu expects them to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = sender.conf.result_backend or ""
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@signals.worker_init.connect
def start_database(**kwargs: object) -> None:
    """Start the embedded PostgreSQL server (if it is the database) before the worker runs."""
    from portal.db import ensure_embedded_server  # after Django's settings are importable

    ensure_embedded_server()


@signals.worker_process_init.connect
def lower_priority(**kwargs: object) -> None:
    """Run the pool's processes at a lower CPU priority (``CELERY_WORKER_NICENESS``, 10):
    on a machine shared with the web processes, a parse waits a little longer and the pages
    being read do not (measured by ``bench/loadtest.py``, which ingests at this niceness)."""
    from django.conf import settings

    niceness = int(getattr(settings, "CELERY_WORKER_NICENESS", 0))
    if niceness > 0:
        os.nice(niceness)


@app.task(name="portal.ping")
def ping() -> dict[str, str | int]:
    """Answer with the database the worker is connected to and the niceness it runs at: a
    health check for the job queue."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (database,) = cursor.fetchone()
    return {"pong": "ok", "database": database, "niceness": os.nice(0)}
