"""Sending one notification's e-mail once.

The row is claimed (SENDING, with a lease) in one transaction, the e-mail sent outside it, and
the row marked SENT in another. A retried or duplicated task finds SENT, or a live claim, and
does nothing. A worker killed before sending leaves a claim that lapses: the sweep dispatches
it again. Only a worker killed after the mail server accepted the message and before the SENT
mark could repeat it; the Message-ID, derived from the notification, lets mail servers drop
that duplicate.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines.models import DeliveryState, Notification


def _claim(notification_id: int) -> Notification | None:
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.delivery in (
            DeliveryState.SENT,
            DeliveryState.SKIPPED,
            DeliveryState.DIGEST,
        ):
            return None
        if (
            notification.delivery == DeliveryState.SENDING
            and notification.claimed_until
            and notification.claimed_until > now
        ):
            return None
        if not notification.recipient.email:
            notification.delivery = DeliveryState.SKIPPED
            notification.save(update_fields=["delivery", "updated_at"])
            return None
        notification.delivery = DeliveryState.SENDING
        notification.claimed_until = now + datetime.timedelta(
            seconds=settings.NOTIFICATION_CLAIM_SECONDS
        )
        notification.attempts += 1
        notification.save(update_fields=["delivery", "claimed_until", "attempts", "updated_at"])
        return notification


def deliver(notification_id: int) -> bool:
    """Send the notification's e-mail unless it was sent; True if this call sent it."""
    notification = _claim(notification_id)
    if notification is None:
        return False
    url = f"{settings.PORTAL_BASE_URL}{notification.url}" if notification.url else ""
    message = EmailMessage(
        subject=notification.title,
        body="\n\n".join(part for part in (notification.title, notification.body, url) if part),
        to=[notification.recipient.email],
        headers={"Message-ID": f"<notification-{notification.pk}@portal>"},
    )
    message.send(fail_silently=False)
    Notification.objects.filter(pk=notification.pk, delivery=DeliveryState.SENDING).update(
        delivery=DeliveryState.SENT, sent_at=timezone.now(), claimed_until=None
    )
    return True


def send_digests(now: datetime.datetime | None = None) -> int:
    """One e-mail per user for whom it is 08:00 now, listing the day's notifications."""
    from accounts.models import User

    now = now or timezone.now()
    sent = 0
    # A user who asked for no e-mail gets none, not even a digest of notices from before.
    users = (
        User.objects.filter(notifications__delivery=DeliveryState.DIGEST, is_active=True)
        .exclude(notification_mode=User.NotificationMode.NONE)
        .distinct()
    )
    for user in users.select_related("agency"):
        if now.astimezone(user.zone).hour != 8 or not user.email:
            continue
        with transaction.atomic():
            batch = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, delivery=DeliveryState.DIGEST)
                .order_by("created_at")
            )
            if not batch:
                continue
            # Reminders and workflow events alike, each with its link.
            lines = [
                f"• {n.title}" + (f"\n  {settings.PORTAL_BASE_URL}{n.url}" if n.url else "")
                for n in batch
            ]
            EmailMessage(
                subject=_("Notifications: %(count)s") % {"count": len(batch)},
                body="\n".join(lines),
                to=[user.email],
            ).send(fail_silently=False)
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                delivery=DeliveryState.SENT, sent_at=now
            )
            sent += 1
    return sent
