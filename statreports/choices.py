"""Periods and states of a statistical report exchanged between the two countries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("statistical report", "draft")
    APPROVED = "approved", pgettext_lazy("statistical report", "approved")
    SENT = "sent", pgettext_lazy("statistical report", "sent")

    @property
    def badge(self) -> str:
        return {"draft": "secondary", "approved": "primary", "sent": "success"}[self.value]


# The kind of the report's frozen PDF among the documents (documents.Document.kind).
DOCUMENT_KIND = "statistical_report"
