"""Celery tasks: thin, idempotent, taking ids; the work is in sweep.py and delivery.py."""

from __future__ import annotations

import datetime
from smtplib import SMTPException

from celery import shared_task
from django.utils.dateparse import parse_datetime

from deadlines import delivery, sweep


def _when(now: str | None) -> datetime.datetime | None:
    return parse_datetime(now) if now else None


@shared_task(name="deadlines.sweep", ignore_result=True)
def sweep_deadlines(now: str | None = None) -> dict:
    """Beat runs this every minute; ``now`` (ISO) lets an operator or a test replay a moment."""
    result = sweep.sweep(_when(now))
    return {"deadlines": result.deadlines, "notifications": result.notifications}


@shared_task(
    name="deadlines.deliver",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=10,
)
def deliver_notification(notification_id: int) -> None:
    delivery.deliver(notification_id)


@shared_task(name="deadlines.digest", ignore_result=True)
def send_digests(now: str | None = None) -> None:
    delivery.send_digests(_when(now))
