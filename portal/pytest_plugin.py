"""pytest plugin (loaded with `-p` in pyproject.toml): the environment tests run in.

It is imported before pytest-django reads `portal.settings`, which conftest.py files are not,
so it is the place for variables the settings need: tests run with DEBUG off like production,
hence a throwaway secret key; Celery tasks run eagerly in the test process.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-tests-only")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
# No collectstatic before tests: static files are served from static/ as they are.
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
