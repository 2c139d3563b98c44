"""Account operations that leave a trace."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

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
