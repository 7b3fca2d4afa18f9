"""ASGI entry point. Starts the embedded database first if it is used."""

import os

from django.core.asgi import get_asgi_application

from portal.db import ensure_embedded_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
ensure_embedded_server()
application = get_asgi_application()
