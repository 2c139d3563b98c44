"""Formal documents of the legal process, rendered to PDF and kept as evidence."""

from __future__ import annotations

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

# Labels of the kinds the portal produces; other keys are shown as they are.
KIND_LABELS = {
    "mla_request": _("request for legal assistance"),
    "covering_letter": _("covering letter"),
    "execution_report": _("execution report"),
    "extradition_request": _("request for extradition"),
    "custody_request": _("request for temporary custody"),
}


def document_path(instance: Document, filename: str) -> str:
    # Never a name from the document's content: a fresh UUID under the subject's folder.
    return f"documents/{instance.subject_type}/{instance.subject_id}/{uuid.uuid4().hex}.pdf"


class DocumentQuerySet(models.QuerySet):
    def for_subject(self, obj: models.Model, kind: str | None = None) -> DocumentQuerySet:
        """The documents of one record (an MLA request, a case ...), optionally of one kind."""
        queryset = self.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))
        return queryset if kind is None else queryset.filter(kind=kind)

    def latest_version(self) -> Document | None:
        """The newest version among these rows (call after ``for_subject(obj, kind)``)."""
        return self.order_by("-version", "-id").first()


class Document(TimeStampedModel):
    """A rendered formal document, stored with its hash; frozen documents are never re-rendered."""

    # The record the document is about, as "app_label.model" and its primary key: documents
    # belong to several kinds of records (MLA requests, cases, extradition files ...).
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(_("reference"), max_length=50)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    # The verification page looks a paper's PDF up by this (upload of a file).
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    # The verification page looks a paper's code up by a prefix of this (code or QR code).
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    frozen = models.BooleanField(_("frozen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-version", "-id"]
        constraints = [
            # Also the index of for_subject(obj, kind) and of the next-version lookup.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="%(app_label)s_%(class)s_version_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title} (v{self.version})"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def shown_title(self) -> str:
        """What the page calls the document, in the reader's language. ``title`` is the paper's
        own (the language it was written in) and stays as it was frozen."""
        if self.kind in KIND_LABELS:
            return capfirst(str(KIND_LABELS[self.kind]))
        return self.title

    @property
    def short_hash(self) -> str:
        """The code printed on the paper."""
        return self.content_hash[:12]

    def get_subject(self) -> models.Model | None:
        """The record this document is about (None when it no longer exists)."""
        try:
            model = apps.get_model(self.subject_type)
        except (LookupError, ValueError):
            return None
        return model._base_manager.filter(pk=self.subject_id).first()
