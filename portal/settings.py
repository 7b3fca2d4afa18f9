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
    "budgets",
    "ingest",
    # Benchmark tooling: no models, only `manage.py generate_corpus` (the synthetic corpus).
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# Files one upload form may carry at once.
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 20)
# A run "parsing" without progress for this long is failed (its worker is presumed dead).
INGEST_RUN_STALE_SECONDS = env_int("INGEST_RUN_STALE_SECONDS", 30 * 60)

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
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=False)  # on behind HTTPS
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
