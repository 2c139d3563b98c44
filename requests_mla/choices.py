"""Enumerations of requests for legal assistance. Values are stable keys; labels translated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestType(models.TextChoices):
    FORMAL_MLA = "formal_mla", _("request for legal assistance (through central authorities)")
    POLICE_INQUIRY = "police_inquiry", _("police-to-police preliminary inquiry")
    OPERATIONAL = "operational", _("request for operational assistance")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for revision")
    SENT = "sent", _("sent")
    RECEIVED = "received", _("received")
    ACCEPTED = "accepted", _("accepted for execution")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("supplementary information requested")
    IN_EXECUTION = "in_execution", _("in execution")
    EXECUTED = "executed", _("executed")
    PARTIALLY_EXECUTED = "partially_executed", _("partially executed")
    REFUSED = "refused", _("execution refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("request status", "withdrawn")

    @property
    def badge(self) -> str:
        return {
            "draft": "secondary",
            "submitted": "info",
            "approved": "info",
            "returned": "warning",
            "sent": "primary",
            "received": "primary",
            "accepted": "primary",
            "supplement_requested": "warning",
            "in_execution": "primary",
            "executed": "success",
            "partially_executed": "success",
            "refused": "danger",
            "withdrawn": "dark",
        }[self.value]


FINAL_STATUSES = frozenset(
    {
        RequestStatus.EXECUTED,
        RequestStatus.PARTIALLY_EXECUTED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    }
)
# From "sent" on, the requested side holds the request.
EXCHANGED_STATUSES = frozenset(
    {
        RequestStatus.SENT,
        RequestStatus.RECEIVED,
        RequestStatus.ACCEPTED,
        RequestStatus.SUPPLEMENT_REQUESTED,
        RequestStatus.IN_EXECUTION,
        RequestStatus.EXECUTED,
        RequestStatus.PARTIALLY_EXECUTED,
        RequestStatus.REFUSED,
    }
)


class Confidentiality(models.TextChoices):
    REQUIRED = "required", _("confidentiality of the request and of the information is required")
    NOT_REQUIRED = "not_required", _("confidentiality is not required")


class RequestLanguage(models.TextChoices):
    RU = "ru", _("Russian")
    KY = "ky", _("Kyrgyz")
    KK = "kk", _("Kazakh")


class Channel(models.TextChoices):
    CENTRAL_AUTHORITY = "central_authority", _("through the central authorities")
    COMPETENT_INSTITUTIONS = (
        "competent_institutions",
        _("through designated competent institutions"),
    )
    POLICE = "police", _("police-to-police channel")
    INTERPOL = "interpol", _("INTERPOL channel")
