"""Jobs: eager in tests, and a real worker process runs a task end to end."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from portal.celery import app, ping
from tests.portal.test_migrations import database_url

WORKER_START_TIMEOUT_SECONDS = 20


def filesystem_broker_options(broker_dir: Path) -> dict[str, str]:
    """The folders portal.settings derives from CELERY_BROKER_DIR."""
    return {
        "data_folder_in": str(broker_dir / "queue"),
        "data_folder_out": str(broker_dir / "queue"),
        "control_folder": str(broker_dir / "control"),
        "processed_folder": str(broker_dir / "processed"),
    }


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log_path.open("w") as log:
        return subprocess.Popen(
            command, cwd=Path(__file__).resolve().parents[2], env=env, stdout=log, stderr=log
        )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.mark.django_db
def test_tasks_run_eagerly_in_tests():
    assert app.conf.task_always_eager is True

    result = ping.delay()

    answer = result.get(timeout=1)
    assert answer == {
        "pong": "ok",
        "database": connection.settings_dict["NAME"],
        "niceness": os.nice(0),  # eager: in this process, not made nicer
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_a_real_worker_runs_a_task_against_the_database(tmp_path):
    """A worker process, on the default filesystem broker, answers through the database."""
    broker_dir = tmp_path / "broker"
    results_dir = tmp_path / "results"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict, connection.settings_dict["NAME"]),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_DIR": str(broker_dir),
        "CELERY_RESULT_BACKEND": f"file://{results_dir}",
    }
    env.pop("CELERY_BROKER_URL", None)
    # set_as_current=False: this client must not become the app later tests send tasks through.
    client = Celery(
        "test-client",
        broker="filesystem://",
        backend=f"file://{results_dir}",
        set_as_current=False,
    )
    client.conf.broker_transport_options = filesystem_broker_options(broker_dir)
    for folder in [*client.conf.broker_transport_options.values(), results_dir]:
        Path(folder).mkdir(parents=True, exist_ok=True)

    worker = start_worker(env, tmp_path / "worker.log")
    try:
        result = client.send_task("portal.ping")
        answer = result.get(timeout=WORKER_START_TIMEOUT_SECONDS)
    finally:
        stop_worker(worker)

    log = (tmp_path / "worker.log").read_text()
    database = connection.settings_dict["NAME"]
    # the pool process runs nicer than the test (CELERY_WORKER_NICENESS, 10 by default)
    assert answer == {"pong": "ok", "database": database, "niceness": os.nice(0) + 10}, log
    assert "portal.ping" in log
