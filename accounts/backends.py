"""Signing in, and the user of each request read with what every page asks of it."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, Subquery

from accounts.models import User
from core.db import JoinedText

ROLES_SEPARATOR = "\n"


def with_request_facts(users):
    """Users with what every page asks of the signed-in one, read in the same query: the
    agency (time zone, country), the roles (``User.role_names``), and whether a confirmed
    authenticator guards the account (``two_factor_pending_step``). Read apart, the roles and
    the authenticator were two more queries on every page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    memberships = User.groups.through.objects.filter(user=OuterRef("pk")).order_by()
    roles = (
        memberships.values("user")
        .annotate(names=JoinedText("group__name", ROLES_SEPARATOR))
        .values("names")
    )
    return users.select_related("agency").annotate(
        loaded_roles=Subquery(roles),
        loaded_has_authenticator=Exists(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        ),
    )


class PortalBackend(ModelBackend):
    """Django's ModelBackend; the user of each request comes in one query with its facts."""

    def get_user(self, user_id):
        user = with_request_facts(User.objects.filter(pk=user_id)).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        # ``role_names`` is a cached property: the roles read along stand for its own query.
        names = (user.loaded_roles or "").split(ROLES_SEPARATOR)
        user.__dict__["role_names"] = frozenset(name for name in names if name)
        return user
