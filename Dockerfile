# syntax=docker/dockerfile:1
# One image for every process of the portal: web (gunicorn, the default CMD), Celery worker and
# Celery beat (docker-compose.yml overrides the command). Configuration comes only from the
# environment (config/settings.py); nothing secret is baked in.

# --- Front-end libraries -------------------------------------------------------------------------
# Node.js is needed only to fetch Bootstrap and htmx: it stays in this stage, out of the final image.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
# The lock file is optional in the glob, so a checkout without one still builds (npm install).
COPY package.json package-lock.json* ./
RUN if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund; \
    else npm install --omit=dev --no-audit --no-fund; fi

# --- Python dependencies -------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
# Only the project's metadata: this slow layer is rebuilt when dependencies change, not on every
# code change. The code itself runs from /app (PYTHONPATH below), not from site-packages.
COPY pyproject.toml ./
RUN pip install --no-cache-dir .

# --- Runtime -------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

# WeasyPrint >= 53 renders through Pango/HarfBuzz, no Cairo. DejaVu covers Cyrillic including the
# Kazakh and Kyrgyz letters. gettext: compilemessages below. libmagic1: the type of an upload
# read from its content (python-magic).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
        fonts-dejavu-core fonts-dejavu-extra gettext libmagic1 \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric id, so Kubernetes' runAsNonRoot can verify it and volume ownership is stable.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --create-home --home-dir /home/portal \
        --shell /usr/sbin/nologin portal \
    && install -d -o portal -g portal -m 0750 /var/lib/portal

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    VAR_DIR=/var/lib/portal \
    STATIC_ROOT=/opt/portal/static

COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
# STATICFILES_DIRS points into node_modules (settings); kept so `manage.py check` finds it.
COPY --from=frontend /build/node_modules ./node_modules
COPY . .

# Static files and translations are built into the image. The secret is a throwaway that exists
# only for this RUN line (settings refuse to start without one when DEBUG is off).
# STATIC_ROOT is inside the image (/opt/portal/static), not in the $VAR_DIR volume that outlives
# images: a container always serves the static files of its own release.
# compilemessages fails when there is no locale directory at all: run it only when .po files exist.
# /app belongs to root (the app cannot rewrite its own code), so bytecode is compiled here, once.
RUN SECRET_KEY=build-only-not-a-secret DEBUG=false VAR_DIR=/opt/portal \
        python manage.py collectstatic --noinput --verbosity 1 \
    && if find . -path ./node_modules -prune -o -name '*.po' -print | grep -q .; then \
        SECRET_KEY=build-only-not-a-secret DEBUG=false VAR_DIR=/opt/portal \
        python manage.py compilemessages --ignore=node_modules; \
    fi \
    && rm -rf /opt/portal/celery \
    && python -m compileall -q -x '/node_modules/' /app

# Beat's schedule (CELERY_BEAT_SCHEDULE_FILENAME), and uploads and stored documents when no S3 bucket
# is configured (STORAGE_S3_BUCKET; docker-compose.yml uses MinIO and mounts a tmpfs here for web
# and worker).
VOLUME ["/var/lib/portal"]

USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
# sh -c so that WEB_CONCURRENCY is read when the container starts; exec keeps gunicorn as PID 1.
# /dev/shm: gunicorn's worker heartbeat files must not sit on a (possibly slow) overlay disk.
CMD ["sh", "-c", "exec gunicorn -c config/gunicorn.py config.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --worker-tmp-dir /dev/shm --access-logfile -"]
