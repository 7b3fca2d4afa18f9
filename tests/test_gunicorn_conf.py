"""gunicorn.conf.py, as the Dockerfile and docker-compose run it: a real gunicorn serving the
portal announces no Server and believes no X-Forwarded-Proto without a declared proxy."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def test_gunicorn_sends_no_server_header_and_ignores_a_forged_scheme(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "gunicorn-conf-test-" + "k" * 40,
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_CERTFILE": "",
        "GUNICORN_KEYFILE": "",
    }
    env.pop("DJANGO_BEHIND_PROXY", None)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "portal.wsgi"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/"
        deadline = time.monotonic() + 60
        while True:
            try:
                headers, body = get(url, **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert "Server" not in headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert f"http://127.0.0.1:{port}/api/" in body
    assert "https://" not in body
