"""The clocks shown beside a subject (a request, a file, a team), and their countdowns.

Other apps' pages include ``includes/deadline_panel.html`` with ``panel_deadlines(...)``.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import pgettext

from cases.models import Case
from deadlines.models import Deadline


def with_can_manage(queryset, user):
    """Annotate ``can_manage`` (the rule of ``services.can_manage``) without a query per row."""
    if user.is_superuser:
        return queryset.annotate(can_manage=Value(True, output_field=BooleanField()))
    addressed = Deadline.responsible.through.objects.filter(deadline=OuterRef("pk"), user=user)
    escalated = Deadline.escalation.through.objects.filter(deadline=OuterRef("pk"), user=user)
    # The case rule once per row in SQL, not once per row in Python.
    changeable = Case.objects.visible_to(user, "change").filter(pk=OuterRef("case_id"))
    return queryset.annotate(
        can_manage=ExpressionWrapper(
            Q(Exists(addressed)) | Q(Exists(escalated)) | Q(Exists(changeable)),
            output_field=BooleanField(),
        )
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
