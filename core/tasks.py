"""Housekeeping tasks of the portal itself."""

from __future__ import annotations

from celery import shared_task

from core.models import SchedulerHeartbeat


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Record that beat scheduled and a worker ran a task (shown by /healthz)."""
    SchedulerHeartbeat.beat()
