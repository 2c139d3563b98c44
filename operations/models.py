"""Coordinated operations: simultaneous measures in both countries on one D-day and H-hour."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.models import TimeStampedModel
from operations.choices import OperationStatus, ParticipantRole


def participant_q(user, *, ref: str = "pk") -> Q:
    """SECURITY: the named participants of an operation, its two leaders and its creator."""
    named = OperationParticipant.objects.filter(operation=OuterRef(ref), user=user)
    prefix = "" if ref == "pk" else "operation__"
    return (
        Q(Exists(named))
        | Q(**{f"{prefix}created_by": user})
        | Q(**{f"{prefix}kg_leader": user})
        | Q(**{f"{prefix}kz_leader": user})
    )


class OperationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OperationQuerySet:
        """SECURITY: an operation is known only to its named participants, its leaders and the
        coordinator who planned it; to everyone else it does not exist (404)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(participant_q(user))


class Operation(TimeStampedModel):
    """A plan of simultaneous measures (searches, detentions, victim rescue) in KR and KZ."""

    name = models.CharField(_("name"), max_length=255)
    purpose = models.TextField(_("purpose and measures"))
    # D-day and H-hour, once, in UTC; each side reads it in its own zone.
    h_hour = models.DateTimeField(_("D-day and H-hour"))
    status = models.CharField(
        _("status"), max_length=20, choices=OperationStatus.choices, default=OperationStatus.PLANNED
    )
    kg_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader for the Kyrgyz Republic"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kz_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader for the Republic of Kazakhstan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Each leader's "go": the operation is "go" once both said it; a postponement clears both.
    kg_go_at = models.DateTimeField(_("Kyrgyz leader's go"), null=True, blank=True)
    kz_go_at = models.DateTimeField(_("Kazakh leader's go"), null=True, blank=True)
    kg_tasks = models.TextField(_("tasks of the Kyrgyz side"), blank=True)
    kz_tasks = models.TextField(_("tasks of the Kazakh side"), blank=True)
    cases = models.ManyToManyField("cases.Case", verbose_name=_("cases"), related_name="+")
    teams = models.ManyToManyField(
        "teams.JointTeam", verbose_name=_("joint teams"), related_name="+", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordinated operation")
        verbose_name_plural = _("coordinated operations")
        ordering = ["-h_hour", "-id"]
        indexes = [
            # The list: operations by D-day, newest first.
            models.Index(fields=["-h_hour", "-id"], name="operations_h_hour_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status_badge(self) -> str:
        return OperationStatus(self.status).badge

    def leader_of(self, country: str):
        return self.kg_leader if country == Country.KG else self.kz_leader

    def go_at(self, country: str):
        return self.kg_go_at if country == Country.KG else self.kz_go_at


class OperationParticipant(models.Model):
    """A named officer of either country taking part in the operation."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.OFFICER
    )

    class Meta:
        ordering = ["operation", "country", "role", "id"]
        indexes = [
            # visible_to: the operations a user is named in.
            models.Index(fields=["user", "operation"], name="operations_part_user_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "user"], name="%(app_label)s_%(class)s_once_per_operation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operation_id}: {self.user_id} ({self.country})"


class OperationReport(TimeStampedModel):
    """One side's result of the operation: what its agencies achieved on D-day."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="reports")
    country = models.CharField(_("side"), max_length=2, choices=Country.choices)
    persons_detained = models.PositiveIntegerField(_("persons detained"), default=0)
    victims_identified = models.PositiveIntegerField(_("victims identified"), default=0)
    victims_assisted = models.PositiveIntegerField(_("victims assisted"), default=0)
    items_seized = models.PositiveIntegerField(_("items seized"), default=0)
    summary = models.TextField(_("summary of the results"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("result report")
        verbose_name_plural = _("result reports")
        ordering = ["operation", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "country"], name="%(app_label)s_%(class)s_one_per_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operation_id}: {self.country}"


class OperationHistory(models.Model):
    """A step of the operation's workflow: who decided what, when, with which note."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="history")
    step = models.CharField(max_length=40)
    previous = models.CharField(max_length=20)
    target = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["operation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.operation_id}: {self.step}"
