from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.querysets import ChildQuerySet
from core.models import StoredFile, stored_file_path

# The initial migration names this upload path; files are now placed by StoredFile.
attachment_path = stored_file_path


class Attachment(StoredFile):
    """A file of a case, stored outside the web root, identified by its SHA-256."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="attachments")
    version = models.PositiveIntegerField(_("version"), default=1)
    description = models.CharField(_("description"), max_length=500, blank=True)

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

    def storage_folder(self) -> str:
        return f"cases/{self.case_id}"
