"""The cross-border check's rate limit: one count, read by the API's throttle and the page alike.

The count is of the user's recorded checks (``PersonCheck`` rows), not of a cache entry: it holds
across web processes and restarts, and a check that was refused (bad input, 404) costs nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from core.exceptions import DomainError

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class CheckLimitReached(DomainError):
    """The officer ran as many cross-border checks as the period allows."""

    status_code = 429


def check_rate() -> tuple[int, int]:
    """PERSON_CHECK_RATE as (checks, seconds): "20/hour" -> (20, 3600)."""
    number, _, period = settings.PERSON_CHECK_RATE.partition("/")
    return int(number), _PERIODS[period.strip()[:1].lower()]


def check_wait(user) -> int | None:
    """Seconds until the user may check again, or None when a check is allowed now."""
    from cases.models import PersonCheck

    allowed, seconds = check_rate()
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    recent = list(
        PersonCheck.objects.filter(checked_by=user.pk, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:allowed]
    )
    if len(recent) < allowed:
        return None
    oldest = recent[-1]
    return max(1, int((oldest - since).total_seconds()) + 1)


class PersonCheckThrottle(BaseThrottle):
    """DRF's view of the same limit: 429 with Retry-After."""

    def allow_request(self, request, view) -> bool:
        if request.method != "POST" or not request.user.is_authenticated:
            return True
        self._wait = check_wait(request.user)
        return self._wait is None

    def wait(self):
        return getattr(self, "_wait", None)
