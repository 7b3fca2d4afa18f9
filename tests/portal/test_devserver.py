"""`make run`'s process runner serves the portal with a worker and stops both on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.conftest import REPO_ROOT
from tests.portal.test_migrations import database_url

START_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status, response.read().decode()


def wait_for_page(url: str, process: subprocess.Popen) -> tuple[int, str]:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "devserver exited early"
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {START_TIMEOUT_SECONDS} s")


def group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.slow
@pytest.mark.django_db
def test_devserver_serves_the_home_page_and_ctrl_c_stops_web_and_worker(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(connection.settings_dict, connection.settings_dict["NAME"]),
        "CELERY_BROKER_DIR": str(tmp_path / "broker"),
        "CELERY_RESULT_BACKEND": f"file://{tmp_path / 'results'}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    env.pop("CELERY_BROKER_URL", None)
    log_path = tmp_path / "devserver.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "portal.devserver"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )
    pgid = os.getpgid(process.pid)
    try:
        status, body = wait_for_page(f"http://127.0.0.1:{port}/", process)
        assert status == 200
        assert "部门预算公开" in body

        os.killpg(pgid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while not group_is_gone(pgid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert group_is_gone(pgid), log_path.read_text()
    finally:
        if not group_is_gone(pgid):
            os.killpg(pgid, signal.SIGKILL)
