"""Request-scoped middleware: a request id for tracing and audit, and the user's time zone."""

from __future__ import annotations

import ipaddress
import re
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import defaults

from core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost of them saw (the N-th X-Forwarded-For entry from the right).

    SECURITY: X-Forwarded-For is client-controlled except for the entries our own proxies append
    (nginx's $proxy_add_x_forwarded_for); the audit trail and the sign-in lockout must not
    believe a forged address, so anything further left is ignored.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < proxies:
        # Not through the expected proxies (a health check from inside): the peer itself.
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class RequestContextMiddleware:
    """Give every request an id (kept from X-Request-ID when well-formed) and bind it for audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = context.bind(
            context.RequestContext(
                request_id=request_id, ip=client_address(request), path=request.path
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.unbind(token)
        response["X-Request-ID"] = request_id
        return response


def activate_zone_of(user) -> None:
    """The officer's calendar for the rest of the request: "today", "not in the future" and the
    dates shown are theirs (their own zone, else their agency's country's)."""
    try:
        timezone.activate(user.zone)
    except zoneinfo.ZoneInfoNotFoundError:
        timezone.deactivate()


class UserTimezoneMiddleware:
    """Dates in the signed-in user's zone (defaults from the agency's country).

    A session's user is known here; an API token's only once the API has checked it, which
    activates the same zone then (``accounts.authentication``). Either ends with the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            activate_zone_of(user)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The zone is the request's: the thread's next work (another request, a test's
            # own code, a task) must not read its dates in this officer's calendar.
            timezone.deactivate()


class PortalLanguageMiddleware:
    """Russian unless the user chose otherwise with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; officers' browsers are
    often installed in English while the working language of the portal is Russian.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        return response


class RejectNulMiddleware:
    """A NUL character in the query string answers 400, on pages and in the API alike.

    No field of the portal holds one, and PostgreSQL refuses it in any text a query compares
    ("A string literal cannot contain NUL"): a search for ``?q=%00`` was a 500. Bodies need no
    such check: Django's and DRF's text fields refuse NUL themselves (a field error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a query string with %00 is parsed here: any other is left to the view (whose
        # DATA_UPLOAD_MAX_NUMBER_FIELDS refusal the API turns into its own 400).
        if "%00" in request.META.get("QUERY_STRING", "") and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The address contains a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return defaults.bad_request(request, SuspiciousOperation(message))
        return self.get_response(request)
