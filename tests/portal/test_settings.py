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


def settings_values(names: str, **env_overrides: str) -> list[str]:
    """The repr of each setting in ``names`` as settings.py computes it for ``env_overrides``."""
    code = (
        "import portal.settings as s;"
        f"print('|'.join(repr(getattr(s, n)) for n in {names!r}.split()))"
    )
    env = {**environment_without_secret(), "DJANGO_SECRET_KEY": "k" * 60, **env_overrides}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().split("|")


SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS "
    "SECURE_PROXY_SSL_HEADER"
)


def test_one_setting_turns_on_https_redirect_hsts_and_secure_cookies():
    assert settings_values(SECURITY_SETTINGS, DJANGO_HTTPS="1") == [
        "True",
        "True",
        "True",
        "31536000",
        "None",
    ]
    assert settings_values(SECURITY_SETTINGS, DJANGO_HTTPS="0") == [
        "False",
        "False",
        "False",
        "0",
        "None",
    ]


def test_the_proxy_header_is_trusted_only_when_a_proxy_is_declared():
    (header,) = settings_values("SECURE_PROXY_SSL_HEADER", DJANGO_BEHIND_PROXY="1")

    assert header == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_parse_budgets_come_from_the_environment():
    values = settings_values(
        "INGEST_PARSE_MEMORY_MB INGEST_PARSE_SECONDS INGEST_MAX_CELLS",
        INGEST_PARSE_MEMORY_MB="256",
        INGEST_PARSE_SECONDS="20",
    )

    assert values == ["256", "20", "250000"]
