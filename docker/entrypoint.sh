#!/bin/sh
# Runs before every command of the image: gunicorn, the Celery worker and beat, one-off manage.py.
set -eu

# Only the web service sets MIGRATE_ON_START (docker-compose.yml): the worker and beat wait for web
# to be healthy. Replicas of web started together (`--scale web=3`) take turns under a PostgreSQL
# advisory lock (docker/migrate.py): one migrates, the others find nothing left to do.
case "$(printf '%s' "${MIGRATE_ON_START:-false}" | tr '[:upper:]' '[:lower:]')" in
    1 | true | yes | on) python /app/docker/migrate.py ;;
    "" | 0 | false | no | off) ;;
    *)
        echo "MIGRATE_ON_START=${MIGRATE_ON_START} is not a boolean." >&2
        exit 64
        ;;
esac

exec "$@"
