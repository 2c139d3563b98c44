"""Views of the portal shell: the health checks (the start page is core.home)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from core.models import SchedulerHeartbeat

logger = logging.getLogger(__name__)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down" to a load balancer
        logger.warning("health check: database unavailable: %s", exc)
        return "down"
    return "ok"


def _broker_state() -> str:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        logger.warning("health check: broker unavailable: %s", exc)
        return "down"
    return "ok"


@never_cache
def livez(request):
    """200 while the web process answers, touching nothing (a balancer's liveness probe).

    The load benchmark also measures it as the server's ceiling: the same middleware stack and
    workers as every page, no database.
    """
    return JsonResponse({"status": "ok"})


@never_cache
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise (for compose and balancers)."""
    state = {"database": _database_state(), "broker": _broker_state()}
    ok = all(value == "ok" for value in state.values())
    body = {"status": "ok" if ok else "degraded", **state}
    if state["database"] == "ok":
        # Informational: the web tier is healthy even while workers restart.
        age = SchedulerHeartbeat.age_seconds()
        body["scheduler_last_beat_seconds"] = None if age is None else round(age, 1)
    return JsonResponse(body, status=200 if ok else 503)
