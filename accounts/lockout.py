"""The sign-in lockout (django-axes): its message, and its answer outside the sign-in page.

Axes refuses a locked-out username or address in ``authenticate()`` (its backend comes first)
and marks the request; the sign-in form and the API's token endpoint read that mark and answer
with the message below themselves.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext

LOCKED_OUT_STATUS = 429


def lockout_minutes() -> int:
    """The cool-off in whole minutes (rounded up), counted from the failure that locked."""
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def is_locked_out(request) -> bool:
    """Whether axes refused, or has just locked out, this request's sign-in attempt."""
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: keep the sign-in page's own answer (the form with the lockout
    error, already 429); any other sign-in form (the admin's) gets the lockout page."""
    if original_response is not None and original_response.status_code == LOCKED_OUT_STATUS:
        return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message()},
        status=LOCKED_OUT_STATUS,
    )
