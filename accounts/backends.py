"""Signing in with the user's agency loaded along: every page reads it (time zone, country)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's ModelBackend; the user of each request comes with the agency in one query."""

    def get_user(self, user_id):
        user = get_user_model().objects.select_related("agency").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
