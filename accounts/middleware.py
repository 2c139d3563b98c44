"""The session's two clocks: idle time and absolute lifetime.

Django's own SESSION_COOKIE_AGE slides forward whenever the session is saved, so on its own it
limits neither. At sign-in the session records when it started; each request of the user
records when they were last active. A session idle for SESSION_IDLE_SECONDS, or older than
SESSION_ABSOLUTE_SECONDS, is signed out (audited with the reason) before the view runs, which
then answers as to anyone signed out (the sign-in page, 401 in the API).

Background requests are not activity: the bell, which htmx polls every 30 s on every page, would
otherwise keep an abandoned tab signed in forever. They are named by route below rather than
recognised by a header: htmx marks every request it sends (HX-Request) but does not say whether
a timer or a click triggered it, and a polled route is polled whoever asks for it. They still
end a session that has run out.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

STARTED_KEY = "portal_session_started"
ACTIVE_KEY = "portal_session_active"
# Routes requested by the page itself on a timer, never by the user.
BACKGROUND_ROUTES = frozenset({"deadlines:bell", "home_counts"})
# The last-activity stamp is rewritten at most this often (a session write per request would be
# a database write per request); the idle limit is kept to within this margin.
ACTIVITY_RESOLUTION_SECONDS = 60


def session_lifetime_start(request) -> None:
    """Start the clocks of a session that has just been signed in to."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[ACTIVE_KEY] = now


class SessionLifetimeMiddleware:
    """Sign out sessions past their idle limit or their absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        now = int(time.time())
        # A session from before these clocks existed starts them now.
        started = session.setdefault(STARTED_KEY, now)
        active = session.setdefault(ACTIVE_KEY, now)
        if now - started >= settings.SESSION_ABSOLUTE_SECONDS:
            self._end(request, "expired", _("Your session has ended. Please sign in again."))
        elif now - active >= settings.SESSION_IDLE_SECONDS:
            self._end(
                request,
                "idle",
                _("You were signed out after a period of inactivity. Please sign in again."),
            )
        elif (
            _route(request) not in BACKGROUND_ROUTES and now - active >= ACTIVITY_RESOLUTION_SECONDS
        ):
            session[ACTIVE_KEY] = now
        return None

    @staticmethod
    def _end(request, reason: str, message: str) -> None:
        request.sign_out_reason = reason
        logout(request)
        if _route(request) not in BACKGROUND_ROUTES:
            messages.info(request, message)


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""
