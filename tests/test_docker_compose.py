"""docker-compose.yml cannot be run here (no Docker engine), so its shape is checked instead,
and Django's deployment checks run on the environment it gives the web service."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT


def load_compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def command_text(service: dict) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_defines_the_four_services():
    services = load_compose()["services"]

    assert set(services) == {"postgres", "redis", "web", "worker"}
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis")


def test_web_migrates_collects_static_then_serves_with_gunicorn():
    web = load_compose()["services"]["web"]
    command = command_text(web)

    assert command.index("migrate") < command.index("collectstatic") < command.index("gunicorn")
    assert "portal.wsgi" in command
    assert "-c gunicorn.conf.py" in command  # no Server header, TLS, bounded requests
    assert "8000:8000" in web["ports"]


def test_worker_runs_celery_for_the_portal_app():
    worker = load_compose()["services"]["worker"]

    assert command_text(worker).split()[:4] == ["celery", "-A", "portal", "worker"]


def test_app_services_are_configured_only_through_the_env_file():
    services = load_compose()["services"]

    for name in ("web", "worker", "postgres"):
        assert services[name]["env_file"] == ".env"
        assert "environment" not in services[name]
    for name in ("web", "worker"):
        assert set(services[name]["depends_on"]) == {"postgres", "redis"}


def test_env_example_documents_what_compose_and_settings_read():
    documented = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in Path(REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if "=" in line
    }
    settings_source = (REPO_ROOT / "portal" / "settings.py").read_text(encoding="utf-8")

    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "CELERY_BROKER_URL"} <= documented
    assert {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"} <= documented
    assert {"INGEST_PARSE_MEMORY_MB", "INGEST_PARSE_SECONDS", "INGEST_UNPACKED_MB"} <= documented
    gunicorn_source = (REPO_ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    for name in documented:
        if name.startswith(("DJANGO_", "CELERY_", "UPLOAD_", "INGEST_")):
            assert f'"{name}"' in settings_source, f"{name} is documented but never read"
        if name.startswith("GUNICORN_"):
            assert f'"{name}"' in gunicorn_source, f"{name} is documented but never read"


def env_example() -> dict[str, str]:
    """The variables .env.example sets (what `cp .env.example .env` gives docker-compose)."""
    pairs = {}
    for line in (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def test_deployment_checks_pass_with_the_compose_environment():
    """`manage.py check --deploy` with the web service's environment (a real secret key in
    place of the placeholder): HTTPS, HSTS, secure cookies, no proxy header trusted."""
    env = {
        "PATH": os.environ["PATH"],
        **env_example(),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert env["DJANGO_HTTPS"] == "1"
    assert env["DJANGO_BEHIND_PROXY"] == "0"
    assert "./certs:/app/certs:ro" in load_compose()["services"]["web"]["volumes"]
