"""Requests for legal assistance between Kyrgyzstan and Kazakhstan, and their execution."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile, TimeStampedModel, stored_file_path
from requests_mla.choices import (
    Channel,
    Confidentiality,
    RequestLanguage,
    RequestStatus,
    RequestType,
)
from requests_mla.querysets import MLARequestQuerySet
from treaties.models import AssistanceKind

# The initial migration names this upload path; files are now placed by StoredFile.
request_file_path = stored_file_path


class MLARequest(TimeStampedModel):
    """A request of one country's authority to the other's: its text, legal basis and fate."""

    reference = models.CharField(_("portal reference"), max_length=30, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="mla_requests",
    )
    request_type = models.CharField(_("type"), max_length=20, choices=RequestType.choices)
    requesting_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("requesting authority"),
        on_delete=models.PROTECT,
        related_name="outgoing_requests",
    )
    requested_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("requested authority"),
        on_delete=models.PROTECT,
        related_name="incoming_requests",
    )
    instruments = models.ManyToManyField(
        "treaties.Instrument", verbose_name=_("legal basis"), related_name="mla_requests"
    )
    provisions = models.ManyToManyField(
        "treaties.Provision",
        verbose_name=_("articles of the legal basis"),
        related_name="mla_requests",
        blank=True,
    )
    articles = models.ManyToManyField(
        "treaties.CriminalArticle",
        verbose_name=_("qualification"),
        related_name="mla_requests",
        blank=True,
    )
    qualification_text = models.TextField(
        _("text of the criminal-law articles"),
        blank=True,
        help_text=_("Quoted in full in the request, as the legal basis requires."),
    )
    facts = models.TextField(_("facts of the case"), blank=True)
    purpose = models.TextField(_("purpose of the evidence or information"), blank=True)
    representatives = models.TextField(
        _("representatives"),
        blank=True,
        help_text=_("Names and addresses of representatives, or state that there are none."),
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, blank=True
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    urgency_reason = models.TextField(_("reason for urgency"), blank=True)
    language = models.CharField(
        _("language of the request"),
        max_length=2,
        choices=RequestLanguage.choices,
        default=RequestLanguage.RU,
    )
    execution_requested_by = models.DateField(_("execution requested by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    remarks = models.TextField(_("remarks of the approving prosecutor"), blank=True)
    outgoing_number = models.CharField(_("outgoing number"), max_length=50, blank=True)
    outgoing_date = models.DateField(_("outgoing date"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    incoming_number = models.CharField(_("incoming number"), max_length=50, blank=True)
    incoming_date = models.DateField(_("incoming date"), null=True, blank=True)
    supplement_request = models.TextField(_("supplementary information requested"), blank=True)
    supplement_text = models.TextField(_("supplementary information given"), blank=True)
    executing_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executing officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executed_requests",
    )
    # The agency of the requested country that executes the request, when the central authority
    # or prosecutor's office that received it routes it on (GPO of KZ → MVD of KZ).
    executing_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("executing agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executing_requests",
    )
    result_summary = models.TextField(_("results of execution"), blank=True)
    refusal_grounds = models.ManyToManyField(
        "treaties.RefusalGround",
        verbose_name=_("grounds for refusal"),
        related_name="mla_requests",
        blank=True,
    )
    refusal_note = models.TextField(_("reasons for refusal"), blank=True)
    confirmed_elements = models.ManyToManyField(
        "treaties.RequiredElement",
        verbose_name=_("elements confirmed by the drafter"),
        related_name="+",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MLARequestQuerySet.as_manager()
    audit_exclude = ("version",)

    class Meta:
        verbose_name = _("request for legal assistance")
        verbose_name_plural = _("requests for legal assistance")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Requests to an agency by status: the request list's two directions (requested
            # agencies of one country or of the other). It carries every column the visibility
            # rule reads, so the list's count is read from the index alone — at 20,000 requests
            # the count of one direction went 17.5 -> 8.9 ms (heap fetches were 8,000 pages).
            models.Index(
                fields=["requested_agency", "status"],
                include=[
                    "case",
                    "requesting_agency",
                    "executing_agency",
                    "executing_officer",
                    "request_type",
                ],
                name="mla_requested_status_idx",
            ),
            # The request lists' order (newest first), read off the index a page at a time.
            models.Index(fields=["-created_at", "-id"], name="mla_request_list_idx"),
            models.Index(fields=["requesting_agency", "status"], name="mla_requesting_status_idx"),
            # Requests routed to an agency for execution (its officers' visibility, by status).
            models.Index(fields=["executing_agency", "status"], name="mla_executing_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requesting_agency=models.F("requested_agency")),
                name="%(app_label)s_%(class)s_two_agencies",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def status_badge(self) -> str:
        return RequestStatus(self.status).badge

    @property
    def is_editable(self) -> bool:
        return self.status in (RequestStatus.DRAFT, RequestStatus.RETURNED)

    def direction_for(self, user) -> str:
        """ "outgoing" for the requesting country's officers, "incoming" for the requested one's."""
        country = getattr(user.agency, "country", None) if user.agency_id else None
        return "incoming" if country == self.requested_agency.country else "outgoing"


class RequestedAction(models.Model):
    """One thing the request asks for: an interrogation, a search, records, an expert opinion…"""

    request = models.ForeignKey(MLARequest, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(default=0)
    # A code of the registry's kinds of assistance (treaties.AssistanceKind).
    kind = models.CharField(_("kind of assistance"), max_length=50)
    details = models.TextField(_("what exactly is requested"))
    places = models.TextField(_("places"), blank=True)
    questions = models.TextField(_("questions to put"), blank=True)
    persons = models.ManyToManyField(
        "cases.Participant",
        through="ActionPerson",
        verbose_name=_("persons concerned"),
        related_name="+",
        blank=True,
    )

    class Meta:
        verbose_name = _("requested action")
        verbose_name_plural = _("requested actions")
        ordering = ["request", "order", "id"]

    def __str__(self) -> str:
        return AssistanceKind.name_of(self.kind)


class ActionPerson(models.Model):
    """A participant of the case concerned by an action; victims stay pseudonymous unless the
    requester discloses them because the execution needs their identity."""

    action = models.ForeignKey(RequestedAction, on_delete=models.CASCADE, related_name="links")
    participant = models.ForeignKey("cases.Participant", on_delete=models.PROTECT, related_name="+")
    disclose_identity = models.BooleanField(_("identity needed for execution"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "participant"], name="%(app_label)s_%(class)s_unique_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.participant_id}"


class StatusChange(models.Model):
    """One step of a request's history: who moved it from which status to which, and why."""

    request = models.ForeignKey(MLARequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=30, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=RequestStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "occurred_at", "id"]
        indexes = [
            # Statistics: the steps to one status (received, executed, supplement requested) of
            # the requests counted, with their moment — read from the index alone.
            models.Index(
                fields=["to_status", "request", "occurred_at"], name="mla_history_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class RequestFile(StoredFile):
    """A file sent with a request (requesting side) or with its results (executing side)."""

    class Side(models.TextChoices):
        REQUESTING = "requesting", _("requesting side")
        EXECUTING = "executing", _("executing side")

    request = models.ForeignKey(MLARequest, on_delete=models.PROTECT, related_name="files")
    side = models.CharField(max_length=20, choices=Side.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["request", "side", "id"]

    def storage_folder(self) -> str:
        return f"requests/{self.request_id}"
