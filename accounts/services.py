"""Account operations that leave a trace."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record


@transaction.atomic
def auth_token_issue(*, user) -> Token:
    """The user's API token (created on first use); every issue is audited."""
    token, created = Token.objects.get_or_create(user=user)
    audit_record(
        actor=user,
        action=AuditAction.TOKEN,
        obj=user,
        note="created" if created else "reissued",
    )
    return token


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
