"""Settings come from the environment; a missing secret stops a production start."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str
from tests.conftest import REPO_ROOT


def environment_without_secret() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}
    }


def import_settings(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {**environment_without_secret(), **env_overrides}
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_secret_key_with_debug_off_fails_with_a_clear_message():
    result = import_settings()

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_on_needs_no_secret_key():
    result = import_settings(DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_secret_key_with_debug_off_is_enough():
    result = import_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_DEBUG="0")

    assert result.returncode == 0, result.stderr


def test_settings_are_for_china_and_postgresql():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.DEBUG is False
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    assert {"budgets", "ingest", "django_tables2", "django_filters"} <= set(settings.INSTALLED_APPS)


def test_env_helpers_read_types_and_defaults(monkeypatch):
    monkeypatch.setenv("PORTAL_T_STR", "  value ")
    monkeypatch.setenv("PORTAL_T_EMPTY", "")
    monkeypatch.setenv("PORTAL_T_BOOL", "Yes")
    monkeypatch.setenv("PORTAL_T_LIST", "a.example, b.example,,")
    monkeypatch.setenv("PORTAL_T_INT", "42")

    assert env_str("PORTAL_T_STR") == "value"
    assert env_str("PORTAL_T_EMPTY", "fallback") == "fallback"
    assert env_str("PORTAL_T_UNSET") is None
    assert env_bool("PORTAL_T_BOOL") is True
    assert env_bool("PORTAL_T_UNSET", default=True) is True
    assert env_list("PORTAL_T_LIST") == ["a.example", "b.example"]
    assert env_list("PORTAL_T_UNSET", ["x"]) == ["x"]
    assert env_int("PORTAL_T_INT", 1) == 42


@pytest.mark.parametrize("name, raw", [("PORTAL_T_BOOL", "maybe"), ("PORTAL_T_INT", "12MB")])
def test_env_helpers_reject_values_of_the_wrong_type(monkeypatch, name, raw):
    monkeypatch.setenv(name, raw)
    reader = env_bool if name.endswith("BOOL") else (lambda n: env_int(n, 0))

    with pytest.raises(ImproperlyConfigured, match=name):
        reader(name)


def test_manage_py_reports_a_missing_secret_key_in_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate"],
        cwd=REPO_ROOT,
        env=environment_without_secret(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: DJANGO_SECRET_KEY is not set")
    assert "Traceback" not in result.stderr
