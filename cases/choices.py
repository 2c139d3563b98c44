"""Enumerations of cases and persons. Values are stable keys; labels are translated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUSPENDED = "suspended", _("suspended")
    SENT_TO_COURT = "sent_to_court", _("sent to court")
    CLOSED = "closed", _("closed")

    @property
    def badge(self) -> str:
        return {
            "open": "primary",
            "suspended": "warning",
            "sent_to_court": "info",
            "closed": "secondary",
        }[self.value]


class NationalRegister(models.TextChoices):
    """The crime register that gave the case its national number."""

    KG_ERP = "kg_erp", _("KR: Unified Register of Crimes (ЕРП)")
    KG_ERPP = "kg_erpp", _("KR: Unified Register of Crimes and Misdemeanours (ЕРПП, 2019–2021)")
    KZ_ERDR = "kz_erdr", _("KZ: Unified Register of Pre-trial Investigations (ЕРДР)")

    @property
    def country(self) -> str:
        return "KZ" if self.value.startswith("kz") else "KG"


class ParticipantRole(models.TextChoices):
    SUSPECT = "suspect", _("suspect")
    ACCUSED = "accused", _("accused")
    VICTIM = "victim", _("victim")
    WITNESS = "witness", _("witness")
    LEGAL_REPRESENTATIVE = "legal_representative", _("legal representative")

    @property
    def is_protected(self) -> bool:
        return self.value == "victim"

    def label_for(self, sex: str) -> str:
        """The role agreeing with the person's sex («потерпевшая», «подозреваемый»); the
        generic label when the sex is not known."""
        forms = _ROLE_FORMS.get(sex)
        return str(forms[self.value] if forms else self.label)


# The role names in each grammatical gender: languages that inflect them (Russian) translate
# each context; the others translate them as the generic label.
_ROLE_FORMS = {
    "female": {
        "suspect": pgettext_lazy("participant role, female", "suspect"),
        "accused": pgettext_lazy("participant role, female", "accused"),
        "victim": pgettext_lazy("participant role, female", "victim"),
        "witness": pgettext_lazy("participant role, female", "witness"),
        "legal_representative": pgettext_lazy("participant role, female", "legal representative"),
    },
    "male": {
        "suspect": pgettext_lazy("participant role, male", "suspect"),
        "accused": pgettext_lazy("participant role, male", "accused"),
        "victim": pgettext_lazy("participant role, male", "victim"),
        "witness": pgettext_lazy("participant role, male", "witness"),
        "legal_representative": pgettext_lazy("participant role, male", "legal representative"),
    },
}


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")
    UNKNOWN = "unknown", _("not known")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    NATIONAL_ID = "national_id", _("national identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    SEAMAN_BOOK = "seaman_book", _("seaman's book")
    OTHER = "other", _("other document")


class RouteRole(models.TextChoices):
    ORIGIN = "origin", _("origin")
    TRANSIT = "transit", _("transit")
    DESTINATION = "destination", _("destination")


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AccessLevel(models.TextChoices):
    """What a grant gives. Seeing protected victim data and changing each imply viewing."""

    VIEW = "view", _("view")
    CHANGE = "change", _("change")
    VIEW_PROTECTED = "view_protected", _("see protected victim data")


# ISO 3166-1 codes of the countries that trafficking routes from Central Asia usually cross.
# A curated list keeps the forms short; extend it here when a route needs another country.
WORLD_COUNTRIES = [
    ("KG", _("Kyrgyzstan")),
    ("KZ", _("Kazakhstan")),
    ("UZ", _("Uzbekistan")),
    ("TJ", _("Tajikistan")),
    ("TM", _("Turkmenistan")),
    ("RU", _("Russia")),
    ("BY", _("Belarus")),
    ("UA", _("Ukraine")),
    ("AZ", _("Azerbaijan")),
    ("AM", _("Armenia")),
    ("GE", _("Georgia")),
    ("MD", _("Moldova")),
    ("AF", _("Afghanistan")),
    ("CN", _("China")),
    ("MN", _("Mongolia")),
    ("KR", _("Republic of Korea")),
    ("JP", _("Japan")),
    ("TR", _("Türkiye")),
    ("AE", _("United Arab Emirates")),
    ("SA", _("Saudi Arabia")),
    ("QA", _("Qatar")),
    ("IR", _("Iran")),
    ("IN", _("India")),
    ("TH", _("Thailand")),
    ("MY", _("Malaysia")),
    ("CY", _("Cyprus")),
    ("DE", _("Germany")),
    ("PL", _("Poland")),
    ("CZ", _("Czechia")),
    ("IT", _("Italy")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
    ("XX", _("stateless or unknown")),
]
