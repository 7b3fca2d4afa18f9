"""``manage.py parse_disclosure PATH``: JSON on stdout, one-line errors, no database.

The command runs as a subprocess with DATABASE_URL pointing at a port where no server
listens and PORTAL_PGDATA at an empty directory: any database access would fail the
run or start an embedded server there.
"""

import json
import os
import subprocess
import sys

import pytest

from .samples import REPO_ROOT, sample_path


def run(path, tmp_path):
    pgdata = tmp_path / "pgdata"
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "parse-disclosure-test-key",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/no_such_database",
        "PORTAL_PGDATA": str(pgdata),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "parse_disclosure", str(path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert not pgdata.exists()
    return result


def test_prints_the_parsed_json_without_a_database(tmp_path):
    result = run(sample_path("000"), tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["entity"] == "晋城市商务局"
    assert document["summary"]["expenditure_total"] == 2373.00
    assert '"basic_expenditure": 1077.76' in result.stdout


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 4, "binary"),
        ("这是一封普通的信。\n".encode(), "not a budget disclosure"),
        (None, "no such file"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_1(tmp_path, content, words):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = run(path, tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert "Traceback" not in result.stderr
