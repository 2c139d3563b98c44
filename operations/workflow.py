"""The decision on a coordinated operation as a table for core.workflow.

The leaders of both sides decide: "go" is recorded per side and the operation is "go" once
both said it; either leader may postpone it (a new D-day and H-hour, both decisions asked again)
or cancel it; once it is carried out and both sides filed their results, a leader completes it.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Country
from core.workflow import Rule, Step, Transition, Workflow
from deadlines.computation import zone_of
from operations.choices import OperationStatus
from operations.models import Operation, OperationHistory

# --- Who ------------------------------------------------------------------------------------
LEADS = Rule(lambda user: Q(kg_leader=user) | Q(kz_leader=user), "leads_operation").held_by(
    gettext_lazy("a leader of either side")
)
# A leader who has not said "go" yet for their side.
UNDECIDED_LEADER = Rule(
    lambda user: (
        Q(kg_leader=user, kg_go_at__isnull=True) | Q(kz_leader=user, kz_go_at__isnull=True)
    ),
    "undecided_leader",
).held_by(gettext_lazy("the leader of each side"))

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


def operation_url(operation: Operation) -> str:
    return reverse("operations:detail", kwargs={"pk": operation.pk})


def moment_from_local(day: datetime.date, hour: datetime.time, country: str) -> datetime.datetime:
    """D-day and H-hour as given in ``country``'s local time, as an aware moment."""
    return datetime.datetime.combine(day, hour, tzinfo=zone_of(country))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=5000)


class GoForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("note"), max_length=5000, required=False)


class PostponeForm(forms.Form):
    d_day = forms.DateField(label=gettext_lazy("new D-day"), widget=DATE)
    h_hour = forms.TimeField(label=gettext_lazy("new H-hour"), widget=TIME)
    zone = forms.ChoiceField(
        label=gettext_lazy("in the local time of"), choices=Country.choices, initial=Country.KG
    )
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=5000)


def _side_of(step: Step) -> str:
    operation, actor = step.obj, step.actor
    if operation.kg_leader_id == actor.pk and operation.kg_go_at is None:
        return Country.KG
    if operation.kz_leader_id == actor.pk and operation.kz_go_at is None:
        return Country.KZ
    raise ValidationError(_("Only the leader of a side decides for that side."))


def _go(step: Step) -> str:
    operation = step.obj
    side = _side_of(step)
    field = "kg_go_at" if side == Country.KG else "kz_go_at"
    setattr(operation, field, step.now)
    step.changes[field] = [None, step.now.isoformat()]
    if operation.kg_go_at and operation.kz_go_at:
        return OperationStatus.GO
    return OperationStatus.PLANNED


def _postpone(step: Step) -> None:
    from operations.services import operation_clocks_move

    operation = step.obj
    reason = step.data["reason"].strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    moment = moment_from_local(step.data["d_day"], step.data["h_hour"], step.data["zone"])
    if moment <= timezone.now():
        raise ValidationError({"d_day": _("The new D-day and H-hour must be in the future.")})
    if moment == operation.h_hour:
        raise ValidationError({"d_day": _("This is the current D-day and H-hour.")})
    step.changes["h_hour"] = [operation.h_hour.isoformat(), moment.isoformat()]
    if operation.kg_go_at or operation.kz_go_at:
        step.changes["kg_go_at"] = [_iso(operation.kg_go_at), None]
        step.changes["kz_go_at"] = [_iso(operation.kz_go_at), None]
    operation.h_hour = moment
    # A new time is a new plan: both leaders decide again.
    operation.kg_go_at = operation.kz_go_at = None
    step.note = reason
    operation_clocks_move(operation=operation, actor=step.actor, reason=reason)


def _iso(value):
    return value.isoformat() if value else None


def _cancel(step: Step) -> None:
    from deadlines.services import deadline_cancel

    reason = step.data["reason"].strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    step.note = reason
    deadline_cancel(subject=step.obj, actor=step.actor, note=reason)


def _complete(step: Step) -> None:
    from deadlines.services import deadline_meet

    operation = step.obj
    if operation.h_hour > step.now:
        raise ValidationError(_("The operation has not started yet: its H-hour is ahead."))
    filed = set(operation.reports.values_list("country", flat=True))
    missing = [Country(c).label for c in (Country.KG, Country.KZ) if c not in filed]
    if missing:
        raise ValidationError(
            _("Both sides file their results first; missing: %(sides)s.")
            % {"sides": ", ".join(str(m) for m in missing)}
        )
    deadline_meet(subject=operation, actor=step.actor, at=operation.h_hour, note=step.note)


def _history(step: Step, target: str) -> None:
    OperationHistory.objects.create(
        operation=step.obj,
        step=step.name,
        previous=step.previous,
        target=target,
        actor=step.actor,
        note=step.note,
        at=step.now,
    )


OPEN = frozenset({OperationStatus.PLANNED, OperationStatus.GO})

OPERATION_WORKFLOW = Workflow(
    model=Operation,
    state_label=lambda value: OperationStatus(value).label,
    visible=lambda user: Operation.objects.visible_to(user),
    history=_history,
    transitions=[
        Transition(
            "go",
            frozenset({OperationStatus.PLANNED}),
            None,
            UNDECIDED_LEADER,
            form=GoForm,
            effect=_go,
            label=gettext_lazy("decided: go"),
            button=gettext_lazy("Go for my side"),
        ),
        Transition(
            "postpone",
            OPEN,
            OperationStatus.PLANNED,
            LEADS,
            form=PostponeForm,
            effect=_postpone,
            label=gettext_lazy("postponed"),
            button=gettext_lazy("Postpone"),
            note_field="reason",
        ),
        Transition(
            "cancel",
            OPEN,
            OperationStatus.CANCELLED,
            LEADS,
            form=ReasonForm,
            effect=_cancel,
            label=gettext_lazy("cancelled"),
            button=gettext_lazy("Cancel the operation"),
            confirm=gettext_lazy(
                "The operation is called off in both countries and its D-day clocks stop."
            ),
            note_field="reason",
        ),
        Transition(
            "complete",
            frozenset({OperationStatus.GO}),
            OperationStatus.COMPLETED,
            LEADS,
            form=GoForm,
            effect=_complete,
            label=gettext_lazy("marked as carried out"),
            button=gettext_lazy("Operation carried out"),
        ),
    ],
)
