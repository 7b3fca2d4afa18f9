"""`make run`: the development web server and a Celery worker, stopped together on Ctrl-C.

Run as `python -m portal.devserver`. It starts the embedded database first (so the two
children do not race to initialise it), then `manage.py runserver 127.0.0.1:$PORT` and
`celery -A portal worker`, and stops both when either exits or on SIGINT/SIGTERM.
"""

import os
import signal
import subprocess
import sys
import time
from types import FrameType

from portal.db import BASE_DIR, ensure_embedded_server

STOP_TIMEOUT_SECONDS = 10


def child_commands(port: str) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
        ],
    }


def stop_all(children: dict[str, subprocess.Popen]) -> None:
    for process in children.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for process in children.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    port = os.environ.get("PORT", "8000")
    ensure_embedded_server()
    children = {
        name: subprocess.Popen(command, cwd=BASE_DIR)
        for name, command in child_commands(port).items()
    }
    print(f"Portal on http://127.0.0.1:{port}/ with a Celery worker; Ctrl-C stops both.")

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        while all(process.poll() is None for process in children.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop_all(children)
    return 0


if __name__ == "__main__":
    sys.exit(main())
