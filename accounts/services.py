"""Account operations that leave a trace."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from knox.models import AuthToken
from knox.settings import knox_settings

from accounts.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record

# A sign-in attempt names at most this much of the username it tried in the audit trail.
_ATTEMPTED_USERNAME_MAX = 150


def auth_token_label(token: AuthToken) -> str:
    """How a token is named to people: the first characters of its key (knox keeps 15 of its 64
    in clear to find it; 8 are enough to tell one's tokens apart and say little of the rest)."""
    return f"{token.token_key[:8]}…"


@transaction.atomic
def auth_token_issue(*, user) -> tuple[AuthToken, str]:
    """A new API token for the user, valid for REST_KNOX's TOKEN_TTL (audited).

    Returns the stored token and its key. SECURITY: the key is shown to the caller once; the
    database keeps only its SHA-512 (knox), so a copy of the database signs nobody in.
    """
    token, key = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    audit_record(
        actor=user,
        action=AuditAction.TOKEN,
        obj=user,
        note=f"{auth_token_label(token)} valid until {token.expiry:%Y-%m-%d %H:%M} UTC",
    )
    return token, key


@transaction.atomic
def auth_token_revoke(*, user, token: AuthToken, reason: str = "revoked") -> None:
    """End one of the user's API tokens now (audited); ``reason`` says how ("logout", …)."""
    label = auth_token_label(token)
    token.delete()
    audit_record(actor=user, action=AuditAction.TOKEN_REVOKE, obj=user, note=f"{label} {reason}")


@transaction.atomic
def auth_tokens_revoke_all(*, user) -> int:
    """End every API token of the user (audited); returns how many there were."""
    count, _ = AuthToken.objects.filter(user=user).delete()
    if count:
        audit_record(
            actor=user, action=AuditAction.TOKEN_REVOKE, obj=user, note=f"all ({count}) revoked"
        )
    return count


# --- Sign-in and sign-out (recorded from Django's and django-axes' signals: accounts.signals) ---
def auth_sign_in_record(*, user) -> None:
    """A successful sign-in to a session (the sign-in page, the admin)."""
    audit_record(actor=user, action=AuditAction.LOGIN, obj=user)


def auth_sign_out_record(*, user, reason: str = "") -> None:
    """The end of a session: the user's own sign-out, or ``reason`` (idle, expired)."""
    audit_record(actor=user, action=AuditAction.LOGOUT, obj=user, note=reason)


def _attempted(username) -> tuple[str, str]:
    """The (object id, repr) of a username someone tried: the account's id when it exists."""
    name = str(username or "")[:_ATTEMPTED_USERNAME_MAX]
    pk = User.objects.filter(username=name).values_list("pk", flat=True).first() if name else None
    return (str(pk) if pk else ""), name


def auth_sign_in_failure_record(*, username, refused: bool = False) -> None:
    """A failed sign-in. Nobody is signed in: the event names the username that was tried (and
    the address, from the request), never the password. ``refused``: the lockout stopped it
    before any password was checked."""
    object_id, name = _attempted(username)
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type=User._meta.label_lower,
        object_id=object_id,
        object_repr=name,
        note="refused: locked out" if refused else "",
    )


def auth_lockout_record(*, username) -> None:
    """The attempt that reached LOGIN_FAILURE_LIMIT: the username and the address are locked."""
    object_id, name = _attempted(username)
    audit_record(
        actor=None,
        action=AuditAction.LOCKOUT,
        object_type=User._meta.label_lower,
        object_id=object_id,
        object_repr=name,
        note=f"{settings.AXES_FAILURE_LIMIT} failed attempts",
    )


def agency_grantee_group(*, agency: Agency) -> Group:
    """The group that stands for the agency when something is shared with the whole agency."""
    if agency.grantee_group_id:
        return agency.grantee_group
    with transaction.atomic():
        # RACE: two first grants to the same agency must not create two groups.
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        if locked.grantee_group_id is None:
            locked.grantee_group, _ = Group.objects.get_or_create(name=f"agency:{agency.pk}")
            locked.save(update_fields=["grantee_group"])
        agency.grantee_group = locked.grantee_group
    return agency.grantee_group


@transaction.atomic
def user_preferences_update(*, user, instance) -> None:
    """Save the officer's e-mail, notification mode and time zone (audited)."""
    from audit.services import diff, snapshot

    fields = ["email", "notification_mode", "time_zone"]
    before = snapshot(User.objects.select_for_update().get(pk=user.pk), fields)
    instance.save(update_fields=fields)
    changes = diff(before, snapshot(instance, fields))
    if changes:
        audit_record(actor=user, action=AuditAction.UPDATE, obj=instance, changes=changes)
