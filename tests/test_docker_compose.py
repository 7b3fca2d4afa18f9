"""docker-compose.yml cannot be run here (no Docker engine), so its shape is checked instead."""

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
    for name in documented:
        if name.startswith(("DJANGO_", "CELERY_", "UPLOAD_")):
            assert f'"{name}"' in settings_source, f"{name} is documented but never read"
