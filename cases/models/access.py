"""The cross-border check of a person and the request for access that may follow it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SHARED = "shared", _("shared")
    DECLINED = "declined", _("declined")

    @property
    def badge(self) -> str:
        return {"pending": "warning", "shared": "success", "declined": "secondary"}[self.value]


class PersonCheck(models.Model):
    """One cross-border check of a person of the checker's own case (the rate limit counts these).

    Keeps what the checker was told (country, agency, strength per hit) — never the cases matched.
    """

    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.PROTECT, related_name="checks"
    )
    reason = models.CharField(_("reason"), max_length=500)
    hits = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("cross-border check")
        verbose_name_plural = _("cross-border checks")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The rate limit: a user's checks within the last period.
            models.Index(fields=["checked_by", "created_at"], name="cases_check_user_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: #{self.participant_id}"


class AccessRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> AccessRequestQuerySet:
        """Requests the user made, and requests to the user's agency when the user coordinates."""
        from accounts.choices import Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        condition = models.Q(requested_by=user.pk)
        if user.agency_id and user.has_role(Role.COORDINATOR):
            condition |= models.Q(target_agency=user.agency_id)
        return self.filter(condition)


class AccessRequest(TimeStampedModel):
    """An officer's request, after a cross-border hit, to see the other agency's case.

    SECURITY: ``target_case`` is chosen by the server from the hit and is never shown to the
    requester until the owning agency shares the case.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        "cases.Participant", on_delete=models.PROTECT, related_name="access_requests"
    )
    target_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    target_case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    target_participant = models.ForeignKey(
        "cases.Participant", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.CharField(_("reason"), max_length=1000, blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for access")
        verbose_name_plural = _("requests for access")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open request per person and agency: asking again while one waits adds nothing.
            models.UniqueConstraint(
                fields=["participant", "target_agency"],
                condition=models.Q(status="pending"),
                name="%(app_label)s_%(class)s_one_pending",
            ),
        ]
        indexes = [
            # The coordinators' inbox: requests to their agency, newest first.
            models.Index(fields=["target_agency", "status"], name="cases_accreq_agency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.target_agency.short_name or self.target_agency_id}"

    @property
    def status_badge(self) -> str:
        return AccessRequestStatus(self.status).badge
