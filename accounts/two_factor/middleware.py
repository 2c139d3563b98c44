"""Keep a session that has not passed the second step out of the portal."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.two_factor.services import required_roles, two_factor_pending_step

# What a half-signed-in session may still open: the second step and enrollment themselves,
# signing in and out, the language switch, the health probes and the API's own sign-in and
# sign-out (which authenticate by themselves). Static files never reach a view (WhiteNoise).
EXEMPT_VIEWS = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "login",
        "logout",
        "set_language",
        "healthz",
        "livez",
        "api:auth-token",
        "api:auth-logout",
    }
)
STEP_VIEWS = {"verify": "accounts:two_factor_verify", "enroll": "accounts:two_factor_setup"}


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in officer whose session is not verified is sent
    to the second step when they have an authenticator, or to enrollment when their role
    requires one (TWO_FACTOR_REQUIRED_ROLES); the API answers 403 to such a session.

    Requests authenticated by an API token never carry a Django session user: the token
    endpoint asked for the code before issuing the token.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        required_roles()  # a misspelt role stops the process here, not at the first sign-in

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        step = two_factor_pending_step(user)
        if step is None:
            return None
        # SECURITY: from here on the session has only passed the password step.
        if match is not None and match.namespace == "api":
            detail = (
                _("Two-factor authentication is required: enter your code on the sign-in page.")
                if step == "verify"
                else _("Your role requires two-factor authentication: set it up in the portal.")
            )
            return JsonResponse({"detail": detail}, status=403)
        target = reverse(STEP_VIEWS[step])
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap the step's whole page into a fragment: have it navigate instead —
            # unless it is polling from the step's own page (the bell), which would then reload
            # forever. 204: nothing to swap.
            response = HttpResponse(status=204)
            current = urlsplit(request.headers.get("HX-Current-URL", "")).path
            if current not in {reverse(name) for name in STEP_VIEWS.values()}:
                response["HX-Redirect"] = target
            return response
        return redirect(target)
