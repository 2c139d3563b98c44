"""Sign-ins, failures, lockouts and sign-outs into the audit trail.

These happen inside Django's ``login()``/``logout()``/``authenticate()`` and django-axes, not in
our services: their signals are the only place to observe them. The receivers only hand over to
``accounts.services`` (and start the session's clocks, ``accounts.middleware``).
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import services
from accounts.middleware import session_lifetime_start


@receiver(user_logged_in, dispatch_uid="accounts.audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_lifetime_start(request)
    services.auth_sign_in_record(user=user)


@receiver(user_logged_out, dispatch_uid="accounts.audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is None:  # signing out without a session: nothing ended
        return
    services.auth_sign_out_record(user=user, reason=getattr(request, "sign_out_reason", ""))


@receiver(user_locked_out, dispatch_uid="accounts.audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    # Axes sends this from its own user_login_failed receiver, which runs before ours ("axes"
    # comes before "accounts" in INSTALLED_APPS): note it on the request, so that the failure is
    # recorded first and the lockout after it. Axes sends it again for every attempt refused
    # during the lockout; only the attempt that reached the limit starts one.
    if request is not None:
        failures = getattr(request, "axes_failures_since_start", None)
        request.sign_in_lockout_begins = failures == settings.AXES_FAILURE_LIMIT
        request.sign_in_locked_out = True


@receiver(user_login_failed, dispatch_uid="accounts.audit_sign_in_failure")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; only the username is kept.
    username = credentials.get("username", "")
    locked = getattr(request, "sign_in_locked_out", False)
    begins = getattr(request, "sign_in_lockout_begins", False)
    services.auth_sign_in_failure_record(username=username, refused=locked and not begins)
    if begins:
        services.auth_lockout_record(username=username)
