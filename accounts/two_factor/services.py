"""Enrollment, recovery codes and code checks; every change and every refused code is audited.

Refused codes are committed (the device's back-off counter and the audit row) before the caller
reports the error, so no service here wraps a check in an outer transaction.
"""

from __future__ import annotations

import secrets
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role
from accounts.lockout import lockout_message
from accounts.models import RecoveryCode, RecoveryCodeDevice, User
from audit.models import AuditAction
from audit.services import audit_record

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: the codes are copied by hand from paper. 31 letters ** 10 ≈ 2**49.5 each.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEVICE_NAME = "authenticator"


class LockedOut(ValidationError):
    """The sign-in lockout holds this username or address: no code is checked until it ends."""


# --- What applies to whom -------------------------------------------------------------------------
def required_roles() -> frozenset[str]:
    """TWO_FACTOR_REQUIRED_ROLES, checked against the portal's roles (a typo is an error)."""
    roles = frozenset(settings.TWO_FACTOR_REQUIRED_ROLES)
    unknown = roles - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(
            f"TWO_FACTOR_REQUIRED_ROLES names unknown roles {sorted(unknown)}; "
            f"the roles are {sorted(Role.values)}."
        )
    return roles


def two_factor_required(user: User) -> bool:
    """The officer's role obliges them to use a second factor."""
    roles = required_roles()
    return bool(roles) and bool(roles & user.role_names)


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_pending_step(user: User) -> str | None:
    """What an unverified session of this officer must do first: "verify", "enroll" or nothing.

    The request's user comes with whether a confirmed authenticator guards the account
    (``accounts.backends.with_request_facts``): asked before the view runs, that is the state
    now. Any other user object is asked the database."""
    enabled = getattr(user, "loaded_has_authenticator", None)
    if enabled if enabled is not None else two_factor_enabled(user):
        return "verify"
    if two_factor_required(user):
        return "enroll"
    return None


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


# --- Presentation of a pending device -------------------------------------------------------------
def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32 as authenticator apps take it by hand, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a PNG data URI (an <img>: no inline markup, nothing to run)."""
    return segno.make(device.config_url, error="m").png_data_uri(scale=5, border=2)


# --- Enrollment ---------------------------------------------------------------------------------
@transaction.atomic
def two_factor_setup_device(*, user: User) -> TOTPDevice:
    """The officer's pending (unconfirmed) authenticator; created, and audited, on first call.

    It counts for nothing until a code from it is confirmed (``two_factor_enable``).
    """
    # RACE: two tabs opening the set-up page at once must not create two pending secrets.
    User.objects.select_for_update().filter(pk=user.pk).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        audit_record(actor=user, action=AuditAction.TWO_FACTOR, obj=user, note="enrollment started")
    return device


def two_factor_enable(*, user: User, device: TOTPDevice, code: str, request=None) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns new recovery codes.

    A wrong code raises ValidationError (the refusal is committed and audited first).
    """
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("This set-up is no longer pending; start again.")})
    _check_lockout(user, request)
    _check_allowed(device)
    if verify_token(user, device.persistent_id, _digits(code)) is None:
        _refused(user=user, request=request, note="enrollment code refused")
        raise ValidationError({"code": _("The code is not valid. Check the time on your phone.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        # Any other pending secret of the officer is void now.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _new_recovery_codes(user)
        audit_record(actor=user, action=AuditAction.TWO_FACTOR, obj=user, note="enabled")
    device.confirmed = True
    return codes


def recovery_codes_regenerate(*, user: User, code: str, request=None) -> list[str]:
    """New recovery codes (the old ones stop working); asks for a current code first."""
    if two_factor_check(user=user, code=code, request=request) is None:
        raise ValidationError({"code": _("The code is not valid.")})
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_record(
            actor=user, action=AuditAction.TWO_FACTOR, obj=user, note="recovery codes regenerated"
        )
    return codes


def two_factor_disable(*, user: User, password: str, code: str, request=None) -> None:
    """Remove the officer's authenticator and recovery codes: password and a code required.

    Refused while the officer's role requires two-factor authentication.
    """
    if two_factor_required(user):
        raise ValidationError(_("Your role requires two-factor authentication: it cannot be off."))
    _check_lockout(user, request)
    if not user.check_password(password):
        _refused(user=user, request=request, note="disable refused: wrong password")
        raise ValidationError({"password": _("The password is not correct.")})
    if two_factor_check(user=user, code=code, request=request) is None:
        raise ValidationError({"code": _("The code is not valid.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        audit_record(actor=user, action=AuditAction.TWO_FACTOR, obj=user, note="disabled")


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=RecoveryCode.hash(code)) for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


# --- The second step of signing in (pages and the token endpoint) -------------------------------
def two_factor_check(*, user: User, code: str, request=None) -> Device | None:
    """The device that accepts the code (an authenticator's, or one recovery code), or None.

    A refusal is audited and counts as a failed sign-in (the lockout counts it); while a device
    is backing off after wrong codes, ValidationError says how long to wait.
    """
    _check_lockout(user, request)
    code = (code or "").strip()
    device = _device_for(user, code)
    if device is None:
        _refused(user=user, request=request, note="code refused")
        return None
    _check_allowed(device)
    token = _digits(code) if isinstance(device, TOTPDevice) else code
    verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        _refused(user=user, request=request, note="code refused")
        return None
    if isinstance(verified, RecoveryCodeDevice):
        audit_record(
            actor=user,
            action=AuditAction.TWO_FACTOR,
            obj=user,
            note=f"recovery code used ({verified.codes.count()} left)",
        )
    else:
        audit_record(actor=user, action=AuditAction.TWO_FACTOR, obj=user, note="code accepted")
    return verified


def _device_for(user: User, code: str) -> Device | None:
    digits = _digits(code)
    # Authenticator codes are 6 (or 8) digits; recovery codes are 10 letters and digits.
    if digits.isdigit() and len(digits) in (6, 8):
        return confirmed_totp_device(user)
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()


def _digits(code: str) -> str:
    # Authenticator apps show "123 456"; people type it so.
    return "".join(code.split())


def _check_lockout(user: User, request) -> None:
    # SECURITY: the lockout of the password step (django-axes) holds for the second step too,
    # or a locked-out half-signed-in session could go on guessing codes.
    if request is not None and AxesProxyHandler.is_locked(
        request, credentials={"username": user.get_username()}
    ):
        raise LockedOut(lockout_message())


def _check_allowed(device: Device) -> None:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        wait = (data or {}).get("locked_until")
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 1
        raise ValidationError(
            {"code": _("Too many wrong codes. Try again in %(seconds)s s.") % {"seconds": seconds}}
        )


def _refused(*, user: User, request, note: str) -> None:
    audit_record(actor=user, action=AuditAction.TWO_FACTOR, obj=user, note=note)
    # SECURITY: a wrong second factor is a failed sign-in for the lockout (django-axes counts
    # user_login_failed per username and address), as a wrong password is.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
