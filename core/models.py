"""Abstract bases shared by the portal's models."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.downloads import file_download
from core.files import download_name, inspect_upload, upload_name


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def stored_file_path(instance: "StoredFile", filename: str) -> str:
    # Never the uploaded name: it is user input. The name is kept in original_name.
    return f"{instance.storage_folder()}/{uuid.uuid4().hex}"


class StoredFile(TimeStampedModel):
    """A file a user uploaded, stored outside the web root and identified by its SHA-256.

    The one stored-file mechanism: subclasses add what the file belongs to and say in which
    folder it lives; ``store`` checks and writes a file, ``serve`` hands it out with its audit
    row, as an attachment the browser never renders.
    """

    file = models.FileField(upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def storage_folder(self) -> str:
        """Where the files of this kind live; subclasses put them under what they belong to."""
        return self._meta.label_lower.replace(".", "/")

    @classmethod
    def checked(cls, upload, *, uploaded_by, kinds=None, **fields):
        """A new, unsaved row for an upload that passed the checks (type by content, size).

        ``kinds``: the kinds of settings.UPLOAD_KINDS the form asks for (None: any kind).
        """
        facts = inspect_upload(upload, kinds=kinds)
        return cls(
            original_name=upload_name(upload),
            content_type=facts.content_type,
            size=facts.size,
            sha256=facts.sha256,
            uploaded_by=uploaded_by,
            **fields,
        )

    def save_with(self, upload) -> None:
        """Write the upload to storage, then the row; a row that fails takes its file along."""
        # SECURITY: an object store keeps the type it is given with the object; give it the
        # detected type, never the one the browser sent.
        upload.content_type = self.content_type
        self.file.save(self.original_name, upload, save=False)
        try:
            self.save()
        except Exception:
            self.file.delete(save=False)
            raise

    @classmethod
    def store(cls, upload, *, uploaded_by, kinds=None, **fields):
        """Check, write and save an upload in one step."""
        record = cls.checked(upload, uploaded_by=uploaded_by, kinds=kinds, **fields)
        record.save_with(upload)
        return record

    def stored_changes(self, **extra) -> dict:
        """The audit row's before/after of a new file."""
        changes = {
            "original_name": [None, self.original_name],
            "sha256": [None, self.sha256],
            "size": [None, self.size],
        }
        changes.update({key: [None, value] for key, value in extra.items()})
        return changes

    def serve(self, *, actor, scope=None):
        """The file as a download, with the audit row of who took it."""
        from audit.models import AuditAction
        from audit.services import audit_record

        audit_record(
            actor=actor, action=AuditAction.DOWNLOAD, obj=self, note=self.sha256, scope=scope
        )
        return file_download(
            self.file.open("rb"),
            filename=download_name(self.original_name, self.content_type),
            content_type=self.content_type,
        )


class Confidence(models.TextChoices):
    """How sure the registry is of a legal value: verified, likely, or to be confirmed."""

    VERIFIED = "V", _("verified")
    LIKELY = "L", _("likely")
    UNVERIFIED = "U", _("to be confirmed")

    @property
    def badge(self) -> str:
        return {"V": "success", "L": "warning", "U": "danger"}[self.value]


class SourcedModel(TimeStampedModel):
    """A legal value with its source and how sure we are of it."""

    source = models.CharField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )

    class Meta:
        abstract = True

    @property
    def confidence_badge(self) -> str:
        return Confidence(self.confidence).badge

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence == Confidence.UNVERIFIED


class SchedulerHeartbeat(models.Model):
    """When the scheduler (Celery beat) last had a task run by a worker."""

    name = models.CharField(max_length=50, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("scheduler heartbeat")

    def __str__(self) -> str:
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name: str = "celery") -> None:
        cls.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})

    @classmethod
    def age_seconds(cls, name: str = "celery") -> float | None:
        row = cls.objects.filter(name=name).only("beat_at").first()
        return None if row is None else (timezone.now() - row.beat_at).total_seconds()


class ReferenceSequence(models.Model):
    """The last number handed out for a kind of reference in a year (KG-2026-00042, MLA-KZ-…)."""

    scope = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "year"], name="%(app_label)s_%(class)s_unique_scope_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}-{self.year}: {self.last_number}"
