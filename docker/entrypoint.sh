#!/bin/sh
# Runs before every command of the image: gunicorn, the Celery worker and beat, one-off manage.py.
set -eu

# Only the web service sets MIGRATE_ON_START (docker-compose.yml): one process migrates, the worker
# and beat wait for web to be healthy. With several web replicas, run migrate as a one-off job
# instead (`docker compose run --rm web python manage.py migrate`) and leave this off.
case "$(printf '%s' "${MIGRATE_ON_START:-false}" | tr '[:upper:]' '[:lower:]')" in
    1 | true | yes | on) python manage.py migrate --noinput ;;
    "" | 0 | false | no | off) ;;
    *)
        echo "MIGRATE_ON_START=${MIGRATE_ON_START} is not a boolean." >&2
        exit 64
        ;;
esac

exec "$@"
