"""Every legal clock of the portal in one table, and the notifications they send."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.models import Confidence, TimeStampedModel
from deadlines.computation import ZONES, hour_reminder_points, reminder_points


class DeadlineState(models.TextChoices):
    RUNNING = "running", _("running")
    PAUSED = "paused", _("paused")
    MET = "met", _("met")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATES = (DeadlineState.RUNNING, DeadlineState.PAUSED)


class DeadlineQuerySet(models.QuerySet):
    def visible_to(self, user) -> DeadlineQuerySet:
        """SECURITY: a clock is visible with its case, or to those it is addressed to."""
        from cases.querysets import case_access_q

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        # Subqueries, not joins: the recipients are multi-valued relations. The case's rule is
        # read on the clock's own case row (a clock always has one), never over every case.
        addressed = Deadline.responsible.through.objects.filter(user=user).values("deadline_id")
        escalated = Deadline.escalation.through.objects.filter(user=user).values("deadline_id")
        return self.filter(
            case_access_q(user, prefix="case__")
            | models.Q(pk__in=addressed)
            | models.Q(pk__in=escalated)
        )

    def open(self) -> DeadlineQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, now=None) -> DeadlineQuerySet:
        return self.filter(state=DeadlineState.RUNNING, due_at__lt=now or timezone.now())

    def for_subject(self, obj) -> DeadlineQuerySet:
        return self.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))


class Deadline(TimeStampedModel):
    """A clock started by a legal event: when it ends, whom it concerns, what became of it."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="deadlines"
    )
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    subject_label = models.CharField(_("subject"), max_length=255)
    url = models.CharField(max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    rule = models.ForeignKey(
        "treaties.DeadlineRule",
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    title = models.CharField(_("deadline"), max_length=255)
    citation = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("Copied from the rule when the clock started; empty for dates set by users."),
    )
    # The citation rendered in each language of the portal when the clock started
    # ({"ru": …, "en": …}): each reader gets their own (``shown_citation``); ``citation`` stays
    # the Russian one for e-mails, calendars and documents.
    citations = models.JSONField(default=dict, blank=True)
    is_practice = models.BooleanField(_("practice, not law"), default=False)
    country = models.CharField(_("jurisdiction"), max_length=2, choices=Country.choices)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(
        _("state"), max_length=20, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    reminder_lead_days = models.JSONField(default=list)
    # Hour and сутки clocks remind hours before their end (copied from the rule).
    reminder_lead_hours = models.JSONField(default=list, blank=True)
    # The rule's confidence mark when the clock started: a clock resting on an unconfirmed
    # value says so wherever it is shown.
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, blank=True
    )
    # The next moment the sweep must look at this clock (a reminder or an escalation).
    next_check_at = models.DateTimeField(null=True, blank=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="deadlines", verbose_name=_("responsible")
    )
    escalation = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="escalated_deadlines",
        verbose_name=_("escalated to"),
        blank=True,
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep: running clocks whose next check has come, in id batches.
            models.Index(
                fields=["next_check_at"],
                name="deadline_sweep_idx",
                condition=models.Q(state="running"),
            ),
            # The panel of a request, a file, a team: the clocks of one subject.
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject_idx"),
            # "My deadlines": open clocks of visible cases, by time left.
            models.Index(fields=["case", "state", "due_at"], name="deadline_case_state_idx"),
            # The API's list of every clock, by end, a page at a time.
            models.Index(fields=["due_at", "id"], name="deadline_due_idx"),
            # "My deadlines": open clocks by time left, a page at a time. It carries the case,
            # the one column of the clock the visibility rule reads, so the list's count is
            # read from the index alone (4.9 -> 3.0 ms for an investigator's 400 of 4,000 open
            # clocks at 100,000 cases).
            models.Index(
                fields=["due_at", "id"],
                include=["case"],
                name="deadline_open_due_idx",
                condition=models.Q(state__in=["running", "paused"]),
            ),
            # Running clocks of a few kinds by end: the custody clocks (the home page's "custody
            # ending soon", the custody filter). By end alone, the home page's section read the
            # 2,100 open clocks due within its days to find the 4 of those kinds (4.5 ms).
            models.Index(
                fields=["kind", "due_at"],
                name="deadline_running_kind_idx",
                condition=models.Q(state="running"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.subject_label}"

    @property
    def shown_citation(self) -> str:
        """The citation in the reader's language; the stored Russian one for clocks opened
        before citations were kept in each language, or when none was rendered for it."""
        code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return (self.citations or {}).get(code) or self.citation

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(ZONES[self.country])

    @property
    def local_due(self):
        return self.due_at.astimezone(self.zone)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def confidence_badge(self) -> str:
        return Confidence(self.confidence).badge if self.confidence else "secondary"

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence == Confidence.UNVERIFIED

    def reminder_points(self) -> list[tuple[str, datetime.datetime]]:
        """(key, moment) of every reminder, earliest first, none after the end: hours before
        the end for hour and сутки clocks, 09:00 local days before the last day for the
        others (a clock carries one kind of lead, copied from its rule when it opened)."""
        points = hour_reminder_points(self.due_at, self.reminder_lead_hours or ()) + (
            reminder_points(self.due_at, self.reminder_lead_days or (), self.country)
        )
        return sorted((p for p in points if p[1] <= self.due_at), key=lambda p: p[1])

    def seconds_left(self, now=None) -> float:
        return (self.due_at - (now or timezone.now())).total_seconds()

    @property
    def urgency(self) -> str:
        """Colour of the countdown: overdue, under a day, under 5 days, more."""
        if not self.is_open:
            return "secondary"
        left = self.seconds_left()
        if left < 0:
            return "danger"
        if left < 86400:
            return "danger"
        if left < 5 * 86400:
            return "warning"
        return "success"


class DeadlineExtension(models.Model):
    """A due date moved by someone allowed to, and why."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "occurred_at"]

    def __str__(self) -> str:
        return f"{self.deadline_id}: {self.previous_due_at} → {self.new_due_at}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    DIGEST = "digest", _("for the daily digest")
    SKIPPED = "skipped", _("no e-mail address")
    IN_PORTAL = "in_portal", _("in the portal only (the user asked for no e-mail)")


def delivery_for(mode: str) -> str:
    """How a new notification reaches a user, by their preference: the one place it is decided
    (reminders, workflow events and team notices all call it)."""
    from accounts.models import User

    return {
        User.NotificationMode.IMMEDIATE: DeliveryState.PENDING,
        User.NotificationMode.DIGEST: DeliveryState.DIGEST,
        User.NotificationMode.NONE: DeliveryState.IN_PORTAL,
    }.get(mode, DeliveryState.PENDING)


class Notification(TimeStampedModel):
    """A message to one user: in the portal's bell, and by e-mail (at once or in a digest)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    # A workflow event's identity ("requests_mla.mlarequest:7:send:…"); blank for reminders.
    event_key = models.CharField(max_length=160, blank=True, default="")
    title = models.CharField(max_length=255)
    # The title in each language of the portal ({"ru": …, "en": …}) for a workflow event: each
    # reader gets their own (``shown_title``); ``title`` is the portal's language (e-mail, digest).
    titles = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=255, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(
        max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    # A claim on the e-mail: another delivery attempt waits until it lapses.
    claimed_until = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # RACE: a second beat, a retried sweep or two workers create each reminder once.
            models.UniqueConstraint(
                fields=["deadline", "recipient", "kind"],
                condition=models.Q(deadline__isnull=False),
                name="%(app_label)s_%(class)s_once_per_deadline",
            ),
            # RACE: a retried step or a repeated callback tells each person of an event once.
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="%(app_label)s_%(class)s_once_per_event",
            ),
        ]
        indexes = [
            # The bell: a user's unread notifications.
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # A user's notifications page, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
            # Re-dispatch of e-mails whose task was lost.
            models.Index(fields=["delivery", "dispatched_at"], name="notification_delivery_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def shown_title(self) -> str:
        """The title in the reader's language, where the event was rendered in each."""
        from core.phrases import in_reader_language

        return in_reader_language(self.titles, self.title)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's personal iCal feed of their clocks; the token in its address can be revoked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
