"""The clocks shown beside a subject (a request, a file, a team), and their countdowns.

Other apps' pages include ``includes/deadline_panel.html`` with ``panel_deadlines(...)``.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import pgettext

from deadlines.models import Deadline
from deadlines.rules import MANAGES_CLOCK


def with_can_manage(queryset, user):
    """Annotate ``can_manage`` — the one rule of deadlines.rules — without a query per row."""
    return queryset.annotate(
        can_manage=Exists(Deadline.objects.filter(pk=OuterRef("pk")).filter(MANAGES_CLOCK.q(user)))
    )


def countdown_text(seconds: float) -> str:
    """The time left as the page's script shows it: "N d. HH:MM:SS", "−" once overdue."""
    sign = "−" if seconds < 0 else ""
    left = round(abs(seconds))
    days, rest = divmod(left, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    label = pgettext("countdown: days", "d.")
    return f"{sign}{days} {label} {hours:02d}:{minutes:02d}:{secs:02d}"


def with_countdowns(deadlines):
    now = timezone.now()
    for deadline in deadlines:
        deadline.countdown = countdown_text(deadline.seconds_left(now))
    return deadlines


def panel_deadlines(user, subject, *, open_only: bool = True) -> list[Deadline]:
    """The clocks of one request, file or team for ``includes/deadline_panel.html``.

    SECURITY: through ``visible_to``; ``can_manage`` annotated so the panel offers the actions.
    """
    queryset = Deadline.objects.visible_to(user).for_subject(subject).select_related("rule")
    if open_only:
        queryset = queryset.open()
    return with_countdowns(list(with_can_manage(queryset, user).order_by("due_at", "id")))
