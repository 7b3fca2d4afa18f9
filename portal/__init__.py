"""Project wiring: settings, root URLs, WSGI/ASGI entry points and the Celery app."""

from portal.celery import app as celery_app

__all__ = ("celery_app",)
