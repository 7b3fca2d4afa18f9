#!/usr/bin/env python
"""Django's command-line utility, which starts the embedded database when a command needs it."""

import os
import sys


def needs_database(argv: list[str]) -> bool:
    """False for commands that never touch the database (parse_disclosure, help …)."""
    from portal.db import NO_DATABASE_COMMANDS

    if len(argv) < 2 or argv[1].startswith("-"):
        return False  # bare `manage.py`, `--help`, `--version`
    return argv[1] not in NO_DATABASE_COMMANDS and "--help" not in argv and "-h" not in argv


def load_settings_or_exit() -> None:
    """Read the settings first, so a configuration error is one clear line, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - the access loads the settings module
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    load_settings_or_exit()
    if needs_database(sys.argv):
        from portal.db import ensure_embedded_server

        ensure_embedded_server()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
