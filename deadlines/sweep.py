"""The sweep: from clocks whose next check has come, the notifications they owe.

Idempotent by construction: each reminder is a Notification row under a unique
(deadline, recipient, kind) constraint, so a second beat, a retried task or two concurrent
sweeps create it once. Delivery is a separate task per notification (deadlines.delivery).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from deadlines.models import Deadline, DeadlineState, DeliveryState, Notification, delivery_for
from deadlines.services import next_check

BATCH = 1000


@dataclass
class SweepResult:
    deadlines: int = 0
    notifications: int = 0
    dispatched: int = 0


def _owed(deadline: Deadline, now: datetime.datetime) -> list[tuple[str, str, list[int]]]:
    """(kind, title, recipient ids) of every notification due by ``now``."""
    responsible = [u.pk for u in deadline.responsible.all()]
    owed = []
    # Hour and сутки clocks remind hours before their end, the others days before it at 09:00;
    # none falls after the end, none before the clock started counting.
    for key, moment in deadline.reminder_points():
        if moment <= now and moment >= deadline.started_at:
            owed.append((key, responsible))
    if deadline.due_at <= now:
        day = now.astimezone(deadline.zone).date().isoformat()
        escalated = [u.pk for u in deadline.escalation.all()] or responsible
        owed.append((f"overdue-{day}", sorted(set(escalated) | set(responsible))))
    return [(key, _title(deadline, key), recipients) for key, recipients in owed]


def _title(deadline: Deadline, key: str) -> str:
    local = deadline.local_due.strftime("%d.%m.%Y %H:%M")
    with override("ru"):
        if key.startswith("overdue"):
            return _("Overdue: %(title)s (%(subject)s), was due %(due)s") % {
                "title": deadline.title,
                "subject": deadline.subject_label,
                "due": local,
            }
        return _("Due %(due)s: %(title)s (%(subject)s)") % {
            "title": deadline.title,
            "subject": deadline.subject_label,
            "due": local,
        }


def sweep(
    now: datetime.datetime | None = None, batch: int = BATCH, dispatch: bool = True
) -> SweepResult:
    """One pass over the clocks whose next check has come, in batches of ``batch``; then
    (unless ``dispatch`` is off) the e-mails not yet sent are handed to the workers."""
    now = now or timezone.now()
    result = SweepResult()
    last_id = 0
    while True:
        ids = list(
            Deadline.objects.filter(
                state=DeadlineState.RUNNING, next_check_at__lte=now, id__gt=last_id
            )
            .order_by("id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            break
        last_id = ids[-1]
        result.deadlines += len(ids)
        result.notifications += _sweep_batch(ids, now)
    if dispatch:
        result.dispatched = dispatch_pending(now)
    return result


@transaction.atomic
def _sweep_batch(ids: list[int], now: datetime.datetime) -> int:
    deadlines = list(
        Deadline.objects.filter(id__in=ids).prefetch_related("responsible", "escalation")
    )
    modes = dict(
        User.objects.filter(Q(deadlines__in=ids) | Q(escalated_deadlines__in=ids)).values_list(
            "pk", "notification_mode"
        )
    )
    rows = []
    for deadline in deadlines:
        for kind, title, recipients in _owed(deadline, now):
            for recipient in recipients:
                rows.append(
                    Notification(
                        recipient_id=recipient,
                        deadline=deadline,
                        kind=kind,
                        title=title[:255],
                        body=deadline.citation,
                        url=deadline.url,
                        delivery=delivery_for(modes.get(recipient, "")),
                    )
                )
        deadline.next_check_at = next_check(deadline, now)
    # RACE: the unique constraint drops what another sweep already created.
    before = Notification.objects.filter(deadline_id__in=ids).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created = Notification.objects.filter(deadline_id__in=ids).count() - before
    Deadline.objects.bulk_update(deadlines, ["next_check_at"], batch_size=1000)
    return created


def dispatch_pending(now: datetime.datetime | None = None, limit: int = 5000) -> int:
    """Enqueue delivery of e-mails not yet sent: new ones, lost tasks, lapsed claims."""
    from deadlines.tasks import deliver_notification

    now = now or timezone.now()
    lost = now - datetime.timedelta(seconds=settings.NOTIFICATION_REDISPATCH_SECONDS)
    due = Notification.objects.filter(
        Q(delivery=DeliveryState.PENDING, dispatched_at__isnull=True)
        | Q(delivery=DeliveryState.PENDING, dispatched_at__lt=lost)
        | Q(delivery=DeliveryState.SENDING, claimed_until__lt=now)
    )
    ids = list(due.order_by("id").values_list("id", flat=True)[:limit])
    if not ids:
        return 0
    with transaction.atomic():
        Notification.objects.filter(id__in=ids).update(dispatched_at=now)
        for notification_id in ids:
            deliver_notification.delay_on_commit(notification_id)
    return len(ids)
