# Production image: gunicorn serves the portal, WhiteNoise its static files; the same image
# runs the Celery worker. Configuration comes only from the environment (.env.example).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings but no database; the key here only builds the manifest.
RUN DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --no-input \
    && mkdir -p var/media && chown -R portal:portal /app/var /app/staticfiles

USER portal
EXPOSE 8000
# gunicorn.conf.py: bind 0.0.0.0:8000, 3 workers, no Server header, TLS when configured.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"]
