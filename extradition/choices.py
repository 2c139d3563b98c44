"""Stages of an extradition file. Values are stable keys; labels are what prosecutors say."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    PROSECUTION = "prosecution", _("criminal prosecution")
    ENFORCEMENT = "enforcement", _("enforcement of a sentence")


class Stage(models.TextChoices):
    WANTED = "wanted", _("wanted")
    LOCATED = "located", _("located")
    DETAINED = "detained", _("detained")
    CUSTODY = "custody", _("temporary custody")
    REQUEST_RECEIVED = "request_received", _("extradition request received")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("supplementary information requested")
    ARREST = "arrest", _("extradition arrest")
    GRANTED = "granted", _("extradition granted")
    REFUSED = "refused", _("extradition refused")
    APPEAL = "appeal", _("under appeal")
    SURRENDER_FIXED = "surrender_fixed", _("surrender date fixed")
    SURRENDERED = "surrendered", _("surrendered")
    TRANSFER_REQUESTED = "transfer_requested", _("transfer of prosecution requested")
    TRANSFER_ACCEPTED = "transfer_accepted", _("prosecution transferred")
    RELEASED = "released", _("released")
    CLOSED = "closed", _("closed")

    @property
    def badge(self) -> str:
        if self.value in ("detained", "custody", "arrest", "surrender_fixed"):
            return "danger"
        if self.value in ("surrendered", "transfer_accepted", "closed"):
            return "secondary"
        if self.value in ("refused", "released"):
            return "dark"
        return "primary"


# Stages in which the person is held on an extradition basis.
IN_CUSTODY = frozenset(
    {
        Stage.DETAINED,
        Stage.CUSTODY,
        Stage.REQUEST_RECEIVED,
        Stage.SUPPLEMENT_REQUESTED,
        Stage.ARREST,
        Stage.GRANTED,
        Stage.APPEAL,
        Stage.SURRENDER_FIXED,
    }
)
FINAL = frozenset({Stage.SURRENDERED, Stage.TRANSFER_ACCEPTED, Stage.CLOSED})
