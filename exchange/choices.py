"""What a message between the agencies is about (a filing category, not law)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The event that starts an urgent message's response clock; the registry's practice rule for it
# (exchange/migrations/0002_seed_registry.py) says how long the answer may take.
URGENT_MESSAGE = "exchange_urgent_message"


class Category(models.TextChoices):
    """The kinds of information the CIS 2005 agreement names for exchange between agencies."""

    OPERATIONAL = "operational", _("operational")
    FORENSIC = "forensic", _("forensic")
    STATISTICAL = "statistical", _("statistical")
    LEGAL_ACTS = "legal_acts", _("legal acts")
    OTHER = "other", _("other")


class Box(models.TextChoices):
    """The list's view of the messages: received by my agency, sent by it, or both."""

    ALL = "all", _("all")
    INBOX = "inbox", _("received")
    SENT = "sent", _("sent")
