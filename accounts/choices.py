"""Countries, agency kinds and roles of the portal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    """A party to the joint investigations (ISO 3166-1 alpha-2)."""

    KG = "KG", _("Kyrgyz Republic")
    KZ = "KZ", _("Republic of Kazakhstan")

    @property
    def zone_name(self) -> str:
        # Kazakhstan is on UTC+5 since 2024-03-01 (tzdata >= 2024b); Kyrgyzstan UTC+6.
        return {"KG": "Asia/Bishkek", "KZ": "Asia/Almaty"}[self.value]

    @property
    def short_label(self) -> str:
        return {"KG": _("KR"), "KZ": _("KZ")}[self.value]


class AgencyKind(models.TextChoices):
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    INTERNAL_AFFAIRS = "internal_affairs", _("Internal affairs")
    NATIONAL_SECURITY = "national_security", _("National security")
    COURT = "court", _("Court")
    CENTRAL_AUTHORITY = "central_authority", _("Central authority")
    INTERPOL_NCB = "interpol_ncb", _("INTERPOL national central bureau")
    FINANCIAL_INTELLIGENCE = "financial_intelligence", _("Financial intelligence")
    BORDER_SERVICE = "border_service", _("Border service")


class Role(models.TextChoices):
    """Roles are auth Groups with these names; the values are a contract (seed, tests, API)."""

    INVESTIGATOR = "investigator", _("Investigator")
    COORDINATOR = "coordinator", _("Coordinator")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    REGISTRY_ADMIN = "registry_admin", _("Registry administrator")
    AUDITOR = "auditor", _("Auditor")
