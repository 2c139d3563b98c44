#!/usr/bin/env bash
# Run the portal on one machine: web server, a Celery worker and beat, until Ctrl-C.
# Broker: Redis when REDIS_URL is set, otherwise the embedded SQLite transport (no server).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
logs="${VAR_DIR:-var}/log"
mkdir -p "$logs"

# `make run` serves with DEBUG off: the settings then want a secret key and the host names. A
# machine of one's own gets a random key kept under var/ (the one DEBUG on would make; sessions
# survive restarts), its loopback names, and notification e-mails in the worker's log rather
# than at an SMTP server. Whatever the environment already sets wins.
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then
  key_file="${VAR_DIR:-var}/dev_secret_key"
  mkdir -p "$(dirname "$key_file")"
  if [ ! -s "$key_file" ]; then
    (umask 077 && "$bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))' >"$key_file")
  fi
  export SECRET_KEY_FILE="$key_file"
fi
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,$host}"
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"
# The demo signs in with username and password: two-factor authentication is required of no
# role unless the environment names some (an empty value means none, not the default).
export TWO_FACTOR_REQUIRED_ROLES="${TWO_FACTOR_REQUIRED_ROLES-}"

cleanup() {
  trap - EXIT INT TERM
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$bin/celery" -A config worker --loglevel=INFO --concurrency=2 >"$logs/worker.log" 2>&1 &
"$bin/celery" -A config beat --loglevel=INFO >"$logs/beat.log" 2>&1 &
echo "Celery worker and beat started (logs: $logs/worker.log, $logs/beat.log)."
echo "Portal: http://$host:$port/  — API docs: http://$host:$port/api/docs/  — Ctrl-C stops all."
"$bin/gunicorn" -c config/gunicorn.py config.wsgi:application --bind "$host:$port" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --log-level warning &
wait -n
