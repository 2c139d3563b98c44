"""Information exchanged between the agencies of the two states outside a formal request.

The treaties of the registry name exchange of operational, forensic, statistical and other
information as a form of cooperation, and allow a state's authorities to pass information on
without a prior request (spontaneous information; the registry cites the provisions). A message
travels with its handling code (may it be used as evidence, may it be passed on), is read by the
other agency's officers, answered in a thread and, when it must become evidence, turned into a
formal request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.downloads import file_download
from core.files import download_name
from core.models import SourcedModel, StoredFile, TimeStampedModel
from exchange.choices import Category

# Officers who work cases see their agency's messages; registry administrators and auditors do
# not (auditors follow the exchange through the audit trail, which records every open and
# download).
READER_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR, Role.PROSECUTOR})


class HandlingCode(SourcedModel):
    """A handling code of the exchange (H0, H1, H2): what the recipient may do with the
    information — use it in judicial proceedings, pass it on. Registry data, seeded with source."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    meaning_ru = models.TextField(_("meaning (Russian)"))
    meaning_en = models.TextField(_("meaning (English)"))
    evidence_use = models.BooleanField(
        _("may be used as evidence"),
        help_text=_("False: only with the sender's consent, asked for by a formal request."),
    )
    dissemination = models.BooleanField(
        _("may be passed on"),
        help_text=_("False: no further dissemination without the sender's consent."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("handling code")
        verbose_name_plural = _("handling codes")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ru").startswith("en") else self.name_ru

    @property
    def meaning(self) -> str:
        return self.meaning_en if (get_language() or "ru").startswith("en") else self.meaning_ru

    @property
    def badge(self) -> str:
        if self.evidence_use and self.dissemination:
            return "success"
        return "warning" if self.evidence_use or self.dissemination else "danger"


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user) -> MessageQuerySet:
        """SECURITY: the sender; the named officers; and, unless the sender restricted the
        message to the named officers, the officers with a case role of the sending and of the
        receiving agency. Nobody else — the message answers 404."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        named = Message.recipients.through.objects.filter(user=user.pk).values("message_id")
        condition = Q(sender=user.pk) | Q(pk__in=named)
        if user.agency_id and user.role_names & READER_ROLES:
            condition |= Q(restricted=False) & (
                Q(sender_agency=user.agency_id) | Q(recipient_agency=user.agency_id)
            )
        return self.filter(condition)

    def read_by(self, user) -> Exists:
        return Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=user.pk))

    def unread_by(self, user) -> MessageQuerySet:
        """Visible messages of others that ``user`` has not opened yet (the header's badge)."""
        return (
            self.visible_to(user)
            .exclude(sender=user.pk)
            .exclude(Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=user.pk)))
        )


class Message(TimeStampedModel):
    """A message from one agency to the counterpart agency of the other state, or a reply in
    its thread, with the handling code the sender set."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    thread = models.ForeignKey(
        "self",
        verbose_name=_("thread"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        help_text=_("The first message of the thread; empty for the first message itself."),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sender_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("sending agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named officers"),
        related_name="+",
        blank=True,
    )
    restricted = models.BooleanField(
        _("only the named officers"),
        default=False,
        help_text=_("Only the named officers (and the sender) see the message."),
    )
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    handling_code = models.ForeignKey(
        HandlingCode, verbose_name=_("handling code"), on_delete=models.PROTECT, related_name="+"
    )
    handling_restrictions = models.TextField(_("further restrictions"), blank=True)
    marking = models.BooleanField(
        _("for official use only"),
        default=False,
        help_text=_("Protective marking «для служебного пользования»."),
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("sender's cases"), related_name="+", blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mla_requests = models.ManyToManyField(
        "requests_mla.MLARequest",
        verbose_name=_("requests drafted from it"),
        related_name="+",
        blank=True,
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list of threads, newest first, a page at a time.
            models.Index(
                fields=["-created_at", "-id"],
                name="exchange_thread_list_idx",
                condition=Q(thread__isnull=True),
            ),
            # The agency's inbox and its unread badge.
            models.Index(fields=["recipient_agency", "created_at"], name="exchange_inbox_idx"),
            # The agency's sent messages.
            models.Index(fields=["sender_agency", "created_at"], name="exchange_sent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender_agency=models.F("recipient_agency")),
                name="%(app_label)s_%(class)s_other_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def root(self) -> Message:
        return self.thread if self.thread_id else self

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange:detail", args=[self.thread_id or self.pk])


class MessageAttachment(StoredFile):
    """A file sent with a message; it carries the message's handling code wherever it goes."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["message", "id"]

    def storage_folder(self) -> str:
        return f"exchange/{self.message_id}"

    def download_filename(self, code: str) -> str:
        """The name the browser saves: the handling code first, so the file keeps saying it."""
        return f"{code}_{download_name(self.original_name, self.content_type)}"

    def serve(self, *, actor, scope=None):
        """The file as a download under its handling code, with the audit row that records it."""
        from audit.models import AuditAction
        from audit.services import audit_record

        code = self.message.handling_code.code
        audit_record(
            actor=actor,
            action=AuditAction.DOWNLOAD,
            obj=self,
            note=f"{code} · {self.sha256}",
            scope=scope,
        )
        response = file_download(
            self.file.open("rb"),
            filename=self.download_filename(code),
            content_type=self.content_type,
        )
        response["X-Handling-Code"] = code
        return response


class MessageRead(models.Model):
    """A read receipt: who first opened a message, and when."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["message", "read_at", "id"]
        constraints = [
            # Also the index of the unread badge's probe (message, user).
            models.UniqueConstraint(
                fields=["message", "user"], name="%(app_label)s_%(class)s_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.user_id} @ {self.read_at:%Y-%m-%d %H:%M}"
