"""Django settings for the budget portal, read from the environment (12-factor).

Every variable is documented in `.env.example`. Defaults suit local development only:
DEBUG is off unless DJANGO_DEBUG says otherwise (`make run` turns it on), and with DEBUG off
DJANGO_SECRET_KEY is mandatory. With DATABASE_URL unset, the database is the embedded
PostgreSQL server under var/pgdata (see `portal/db.py`); reading these settings never starts it.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from portal.db import database_config
from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

MISSING_SECRET_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY is not set. It is required when DEBUG is off: set DJANGO_SECRET_KEY "
    "to a long random string (see .env.example), or set DJANGO_DEBUG=1 for local development."
)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(MISSING_SECRET_KEY_MESSAGE)
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "budgets",
    "ingest",
    # Benchmark tooling: no models, only `manage.py generate_corpus` (the synthetic corpus).
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Under DEBUG (`make run`) too, 404 and 500 answers are the portal's own pages.
    "portal.error_pages.ErrorPagesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL only: DATABASE_URL, or the embedded server (portal/db.py).
DATABASES = {"default": database_config()}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# Production serves hashed, compressed files that `collectstatic` wrote to STATIC_ROOT (the
# Docker image does that). Without the manifest (DEBUG, tests) files come from static/ as they are.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Shared cache for cached reads (the shared glossary, public pages): Redis when CACHE_URL is
# set, as in docker-compose, so that publishing clears it for every web process; else per
# process, holding up to 2,000 entries (pages are stored compressed, ~20 KB each).
if env_str("CACHE_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("CACHE_URL", ""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Anonymous responses of the public pages are cached (budgets/page_cache.py): a document's own
# pages until the document changes, the other pages for this many seconds or until a publish
# (at once with a shared cache). 0 turns the cache off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60)

# Largest disclosure file an upload may carry, in bytes (20 MB unless configured).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# File name endings /manage/ accepts: the formats ingest.extract reads (text, and PDF with a
# text layer, XLSX, XLS, DOCX). Checked while the upload streams in; a binary type's first
# bytes must match it (ingest.services.BINARY_SUFFIX_FORMATS).
UPLOAD_ALLOWED_EXTENSIONS = env_list(
    "UPLOAD_ALLOWED_EXTENSIONS",
    [".txt", ".tsv", ".md", ".html", ".htm", ".pdf", ".xlsx", ".xls", ".docx"],
)
# Bounds on reading one PDF (ingest.formats.pdf, read when a file is read): past any of them
# the parse stops with a message naming the limit. The samples' largest page holds about
# 4,800 characters and 2,700 objects.
PDF_MAX_PAGES = env_int("PDF_MAX_PAGES", 500)
PDF_TIME_LIMIT_SECONDS = env_int("PDF_TIME_LIMIT_SECONDS", 240)
PDF_MAX_PAGE_CHARS = env_int("PDF_MAX_PAGE_CHARS", 50_000)
PDF_MAX_PAGE_OBJECTS = env_int("PDF_MAX_PAGE_OBJECTS", 100_000)
PDF_MAX_PAGE_POINTS = env_int("PDF_MAX_PAGE_POINTS", 5_000)
PDF_MAX_STREAM_BYTES = env_int("PDF_MAX_STREAM_BYTES", 64 * 1024 * 1024)
PDF_MAX_UNPACKED_BYTES = env_int("PDF_MAX_UNPACKED_BYTES", 512 * 1024 * 1024)
PDF_MAX_IMAGE_PIXELS = env_int("PDF_MAX_IMAGE_PIXELS", 60_000_000)
# A page image (/disclosures/<id>/page/<n>.png) holds at most this many pixels; it is drawn
# once and kept under MEDIA_ROOT/page-images/ (ingest.page_images).
PDF_RENDER_MAX_PIXELS = env_int("PDF_RENDER_MAX_PIXELS", 4_000_000)
# Scanned pages are read by OCR in the worker (ingest.formats.ocr): off refuses scans instead.
# The parse's time budget and the worker task's time limits grow by OCR_SECONDS_PER_PAGE for
# each page; cells read with a confidence below OCR_REVIEW_CONFIDENCE are listed for review.
OCR_ENABLED = env_bool("OCR_ENABLED", default=True)
OCR_SECONDS_PER_PAGE = env_int("OCR_SECONDS_PER_PAGE", 60)
OCR_DPI = env_int("OCR_DPI", 150)
OCR_THREADS = env_int("OCR_THREADS", 1)
OCR_REVIEW_CONFIDENCE = float(env_str("OCR_REVIEW_CONFIDENCE", "0.8"))
# The memory budget of a PDF's parse while OCR is on (instead of INGEST_PARSE_MEMORY_MB, when
# larger): ONNX Runtime, OpenCV and the two models are loaded into the parse's child process.
# Measured (bench/ocr_bench.py, the 22 A4 pages of the office sample scanned, OCR_DPI 150):
# the child's address space, which the budget (RLIMIT_AS) bounds, grew by 1,289 MB at its
# peak (resident: 973 MB); 1,024 MB fails inside ONNX Runtime (std::bad_alloc). The default
# is about twice the measured growth: room for larger pages (an A3 page has twice the
# pixels to detect on) and ONNX Runtime's arena growing with them.
OCR_PARSE_MEMORY_MB = env_int("OCR_PARSE_MEMORY_MB", 2560)
# Files one upload form may carry at once.
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 20)
# A run "parsing" without progress for this long is failed (its worker is presumed dead).
INGEST_RUN_STALE_SECONDS = env_int("INGEST_RUN_STALE_SECONDS", 30 * 60)
# Budgets of one parse (ingest/limits.py), the same in the worker and in `manage.py ingest` /
# `parse_disclosure`: each parse runs in a child process that may grow by this much memory
# and run this long; a zip container (XLSX, DOCX) may unpack to this much, counted as read;
# a document may have this many lines and cells, a table this many columns and a worksheet
# this many rows (the largest sample: 2,560 lines, 26,000 cells, 13 columns).
INGEST_PARSE_MEMORY_MB = env_int("INGEST_PARSE_MEMORY_MB", 1024)
INGEST_PARSE_SECONDS = env_int("INGEST_PARSE_SECONDS", 180)
INGEST_UNPACKED_MB = env_int("INGEST_UNPACKED_MB", 100)
INGEST_MAX_LINES = env_int("INGEST_MAX_LINES", 50_000)
INGEST_MAX_CELLS = env_int("INGEST_MAX_CELLS", 250_000)
INGEST_MAX_COLUMNS = env_int("INGEST_MAX_COLUMNS", 200)
INGEST_MAX_SHEET_ROWS = env_int("INGEST_MAX_SHEET_ROWS", 20_000)
# A file whose parse took its worker process down this many times is not parsed again by the
# broker's redelivery: its run is failed as quarantined (ingest.services._run_claim).
INGEST_QUARANTINE_AFTER_LOSSES = env_int("INGEST_QUARANTINE_AFTER_LOSSES", 2)

# The staff area (/manage/) signs in through django.contrib.auth's views under /accounts/.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "ingest:run_list"
LOGOUT_REDIRECT_URL = "home"

# Celery (portal/celery.py reads every CELERY_* setting). With CELERY_BROKER_URL unset, the
# broker is kombu's filesystem transport under var/celery-broker: no extra service to install,
# one machine only (README, "Background jobs").
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_DIR = Path(env_str("CELERY_BROKER_DIR", str(VAR_DIR / "celery-broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", f"file://{VAR_DIR / 'celery-results'}")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The worker's pool processes run this much nicer than the web (portal/celery.py): 0 to 19.
CELERY_WORKER_NICENESS = env_int("CELERY_WORKER_NICENESS", 10)
# A pool process whose resident memory passed this many kilobytes after a task is replaced
# (the parse itself runs in a child with its own limit: INGEST_PARSE_MEMORY_MB).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 600_000)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The read-only JSON API (/api/, budgets/api_base.py): JSON only, public, no sign-in, errors
# as {"error": …}; drf-spectacular describes it as OpenAPI 3 at /api/openapi.json.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "budgets.api_base.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "部门预算公开 API",
    "DESCRIPTION": "只读的 JSON 接口：已发布的部门预算与决算公开文件、其中每个数及其原文出处。",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
}

# --- HTTPS, headers and the Content-Security-Policy -------------------------------------------
# DJANGO_HTTPS=1 when the site is served over HTTPS (by gunicorn itself, see gunicorn.conf.py,
# or by a proxy in front): plain HTTP is redirected, browsers are told to use HTTPS only
# (HSTS) and the session and CSRF cookies are sent over HTTPS only.
HTTPS = env_bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
# Trust X-Forwarded-Proto only when a proxy that sets it is the one way in
# (DJANGO_BEHIND_PROXY=1). Trusted while gunicorn is reachable directly, anyone could claim
# https and have https links written into a cached page.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# portal.middleware.PermissionsPolicyMiddleware: no page uses any of these.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
# No page has an inline script or an inline style (scripts live in static/js/, data goes in
# json_script blocks, which do not execute). The exception is plotly.js's one <style> element,
# allowed by its hash and nothing else: an empty one it fills through the CSSOM (which the
# policy does not govern). The portal's partial bundle (static/vendor/plotly-portal.min.js,
# bar and sunburst) carries no other stylesheet; tests/portal/test_middleware.py recomputes
# the hashes from the vendored file, so a new bundle cannot silently lose its styles.
# img-src data: is the favicon.
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty <style>
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", *PLOTLY_STYLE_HASHES],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
