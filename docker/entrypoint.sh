#!/bin/sh
# Runs before every command of the image: gunicorn, the Celery worker and beat, one-off manage.py.
set -eu

var_dir="${VAR_DIR:-/var/lib/portal}"

# STATIC_ROOT is $VAR_DIR/static (settings), but $VAR_DIR is a volume that outlives images. The
# image collects its static files into /opt/portal/static (Dockerfile); pointing the volume's
# static/ there makes every container serve the files of its own image, never a stale copy.
# Containers starting together write the same link: losing that race is fine, having no link is not.
if [ -d /opt/portal/static ]; then
    static_link="$var_dir/static"
    if [ -d "$static_link" ] && [ ! -L "$static_link" ]; then
        rm -rf "$static_link"  # a real directory left by an older image or a manual collectstatic
    fi
    ln -sfn /opt/portal/static "$static_link" 2>/dev/null || [ -L "$static_link" ]
fi

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
