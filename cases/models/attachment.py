from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.querysets import ChildQuerySet
from core.models import TimeStampedModel


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploaded name: it is user input. The name is kept in original_name.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class Attachment(TimeStampedModel):
    """A file of a case, stored outside the web root, identified by its SHA-256."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "original_name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "original_name", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"
