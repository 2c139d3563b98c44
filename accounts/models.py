"""Agencies and their users."""

from __future__ import annotations

import hashlib
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from accounts.choices import AgencyKind, Country, Role
from core.models import TimeStampedModel

TIME_ZONE_CHOICES = [
    ("Asia/Bishkek", "Asia/Bishkek (UTC+6)"),
    ("Asia/Almaty", "Asia/Almaty (UTC+5)"),
    ("UTC", "UTC"),
]


class Agency(TimeStampedModel):
    """A state body of Kyrgyzstan or Kazakhstan whose officers work in the portal."""

    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    # The agency as a grantee of object permissions (cases shared with a whole agency). Its users
    # are not members: visibility queries match the grant against the user's agency directly.
    grantee_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="grantee_agency",
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["country", "name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name_ru"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "ru").startswith("en") else self.name_ru

    @property
    def zone_name(self) -> str:
        return Country(self.country).zone_name


class User(AbstractUser):
    """An officer of one agency; what they may do follows from their roles (auth Groups)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Every officer belongs to one agency; only technical superusers have none."),
    )
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class NotificationMode(models.TextChoices):
        IMMEDIATE = "immediate", _("each notification by e-mail at once")
        DIGEST = "digest", _("one e-mail a day, at 08:00")
        NONE = "none", _("no e-mail, only in the portal")

    notification_mode = models.CharField(
        _("e-mail notifications"),
        max_length=20,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        help_text=_("Empty: the zone of the agency's country."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    # The columns a name is written from: ``display_name`` of a row, or ``name_from`` of these.
    NAME_FIELDS = ("last_name", "first_name", "patronymic", "username")

    @staticmethod
    def name_from(last_name: str, first_name: str, patronymic: str, username: str) -> str:
        """«Фамилия Имя Отчество», or the username of an officer with no name on file."""
        full = " ".join(part for part in (last_name, first_name, patronymic) if part)
        return full or username

    @property
    def display_name(self) -> str:
        return self.name_from(*(getattr(self, name) for name in self.NAME_FIELDS))

    @property
    def country(self) -> str | None:
        return self.agency.country if self.agency_id else None

    @property
    def zone_name(self) -> str:
        if self.time_zone:
            return self.time_zone
        if self.agency_id:
            return self.agency.zone_name
        return settings.TIME_ZONE

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone_name)

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names

    @property
    def is_registry_admin(self) -> bool:
        return self.is_superuser or self.has_role(Role.REGISTRY_ADMIN)

    @property
    def is_auditor(self) -> bool:
        return self.is_superuser or self.has_role(Role.AUDITOR)


# --- Two-factor authentication: recovery codes ------------------------------------------------
# django-otp's own static tokens are stored in clear text; recovery codes are as good as a
# password, so only their SHA-256 is kept (they are random, 50 bits each: no salt is needed to
# stop a dictionary, and a lookup by hash stays one indexed query).
class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The officer's single-use recovery codes, for when the authenticator app is lost."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        # The setting of django-otp's own static (backup) codes, which these replace.
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Consume the code if it is one of the device's: each code works once."""
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        deleted, _rows = self.codes.filter(code_hash=RecoveryCode.hash(str(token))).delete()
        if deleted:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    """One unused recovery code of an officer, stored as its SHA-256 only."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            # Also the index of the lookup by hash in RecoveryCodeDevice.verify_token.
            models.UniqueConstraint(
                fields=["device", "code_hash"], name="%(app_label)s_%(class)s_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.code_hash[:8]}"

    @staticmethod
    def normalize(code: str) -> str:
        # Typed as shown ("abcde-fghij") or without the dash, in either case, with stray spaces.
        return "".join(code.split()).replace("-", "").lower()

    @classmethod
    def hash(cls, code: str) -> str:
        return hashlib.sha256(cls.normalize(code).encode()).hexdigest()
