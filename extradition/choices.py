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
        """The stage's own colour; red is kept for custody running out (``custody_badge``)."""
        if self.value in ("detained", "custody", "arrest", "surrender_fixed"):
            return "warning"
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

# Red means that less than this many days of custody are left: the one rule behind the
# custody dashboard's legend, its rows and every stage badge.
CUSTODY_URGENT_DAYS = 5


def custody_urgent(days_left: float | None) -> bool:
    """Whether the custody clock ends within ``CUSTODY_URGENT_DAYS`` (or has ended)."""
    return days_left is not None and days_left < CUSTODY_URGENT_DAYS


def custody_badge(stage: str, days_left: float | None) -> str:
    """A stage badge's colour: red when the custody clock is about to end, else the stage's."""
    return "danger" if custody_urgent(days_left) else Stage(stage).badge
