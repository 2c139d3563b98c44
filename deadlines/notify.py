"""Notifications of workflow events: a request arrived, a task was assigned, a case was shared.

One mechanism beside the reminders: each event is a ``Notification`` row per recipient under a
unique (recipient, event key), so a retried step or a repeated callback tells each person once.
The rows are written after the step's transaction commits — a rolled-back step tells nobody —
and reach the user by their preference: an e-mail at once (through the same claimed, idempotent
delivery as the reminders), the daily digest, or the portal's bell only.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from core.phrases import in_every_language
from deadlines.models import DeliveryState, Notification, delivery_for


def _ids(recipients: Iterable) -> set[int]:
    ids = set()
    for person in recipients:
        if person is None:
            continue
        ids.add(person if isinstance(person, int) else person.pk)
    return ids


def notify(
    recipients: Iterable,
    *,
    kind: str,
    title: Any,
    url: str = "",
    event_key: str,
    body: str = "",
    actor=None,
    scope: models.Model | None = None,
) -> None:
    """Tell ``recipients`` (users or their ids) of one event, once each, after the commit.

    ``title`` is best a ``core.phrases.Phrase``: it is rendered in every language of the portal
    and each reader sees their own (the actor's language is nobody else's business).

    The actor is never told of their own step; inactive users are not told. ``event_key`` names
    the event: the same key never notifies the same person twice.
    """
    if not event_key:
        raise ValueError("An event notification needs its event key.")
    ids = _ids(recipients)
    if actor is not None and getattr(actor, "pk", None):
        ids.discard(actor.pk)
    if not ids:
        return
    transaction.on_commit(
        partial(
            _create,
            sorted(ids),
            kind=kind,
            titles=in_every_language(title, limit=255),
            url=url,
            event_key=event_key[:160],
            body=str(body),
            actor=actor,
            scope=scope,
        ),
        robust=True,
    )


@transaction.atomic
def _create(
    ids: list[int], *, kind, titles, url, event_key, body, actor, scope
) -> list[Notification]:
    from accounts.models import User
    from audit.models import AuditAction
    from audit.services import audit_record_many
    from deadlines.tasks import deliver_notification

    modes = dict(
        User.objects.filter(pk__in=ids, is_active=True).values_list("pk", "notification_mode")
    )
    told = set(
        Notification.objects.filter(event_key=event_key, recipient_id__in=modes).values_list(
            "recipient_id", flat=True
        )
    )
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            event_key=event_key,
            title=titles[settings.LANGUAGE_CODE],
            titles=titles,
            body=body,
            url=url,
            delivery=delivery_for(mode),
        )
        for pk, mode in modes.items()
        if pk not in told
    ]
    if not rows:
        return []
    # RACE: two callbacks of the same event at once — the unique constraint drops the second.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    now = timezone.now()
    created = list(
        Notification.objects.filter(
            event_key=event_key, recipient_id__in=[row.recipient_id for row in rows]
        )
        .exclude(recipient_id__in=told)
        .filter(dispatched_at__isnull=True, sent_at__isnull=True)
        .select_related("recipient")
    )
    audit_record_many(
        actor=actor if getattr(actor, "pk", None) else None,
        action=AuditAction.CREATE,
        objs=created,
        scope_of=(lambda notification: scope) if scope is not None else None,
        note=kind,
    )
    pending = [n.pk for n in created if n.delivery == DeliveryState.PENDING]
    if pending:
        Notification.objects.filter(pk__in=pending).update(dispatched_at=now)
        for notification_id in pending:
            deliver_notification.delay_on_commit(notification_id)
    return created
