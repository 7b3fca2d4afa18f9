"""gunicorn's configuration: ``gunicorn -c gunicorn.conf.py portal.wsgi`` (Dockerfile, compose).

- No ``Server`` header: the portal does not announce what serves it.
- HTTPS by gunicorn itself when ``GUNICORN_CERTFILE`` and ``GUNICORN_KEYFILE`` name a
  certificate (docker-compose exposes gunicorn directly); set ``DJANGO_HTTPS=1`` with them.
- ``X-Forwarded-Proto`` is believed only with ``DJANGO_BEHIND_PROXY=1`` (a proxy that sets it
  is the one way in), from the addresses in ``GUNICORN_FORWARDED_ALLOW_IPS``; Django's
  ``SECURE_PROXY_SSL_HEADER`` follows the same switch (portal/settings.py).
- Requests are bounded: the request line and each header to 8 KB, 100 headers, a worker
  answering within 60 s (a page takes well under one).
"""

import os

from gunicorn.http import wsgi


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
timeout = 60
graceful_timeout = 30
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

certfile = os.environ.get("GUNICORN_CERTFILE") or None
keyfile = os.environ.get("GUNICORN_KEYFILE") or None

if _env_true("DJANGO_BEHIND_PROXY"):
    forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers: dict[str, str] = {}

_default_headers = wsgi.Response.default_headers


def _headers_without_server(response: wsgi.Response) -> list[str]:
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


wsgi.Response.default_headers = _headers_without_server
