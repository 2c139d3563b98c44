#!/usr/bin/env bash
# Run the portal on one machine: web server, a Celery worker and beat, until Ctrl-C.
# Broker: Redis when REDIS_URL is set, otherwise the embedded SQLite transport (no server).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
mkdir -p var/log

cleanup() {
  trap - EXIT INT TERM
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$bin/celery" -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
"$bin/celery" -A config beat --loglevel=INFO >var/log/beat.log 2>&1 &
echo "Celery worker and beat started (logs: var/log/worker.log, var/log/beat.log)."
echo "Portal: http://$host:$port/  — API docs: http://$host:$port/api/docs/  — Ctrl-C stops all."
"$bin/gunicorn" config.wsgi:application --bind "$host:$port" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --log-level warning &
wait -n
