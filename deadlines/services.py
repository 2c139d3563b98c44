"""Opening, closing and adjusting clocks. Other apps' services call these when a legal event
is recorded; views never do.

The rule comes from the registry (treaties.DeadlineRule) by the event that starts it; the
arithmetic is in deadlines.computation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case
from core.exceptions import IllegalTransition
from deadlines.computation import Calendar, compute_due, due_on_date, reminder_points
from deadlines.models import OPEN_STATES, Deadline, DeadlineExtension, DeadlineState
from treaties.choices import LengthUnit
from treaties.models import DeadlineRule, NonWorkingDay


def calendar_for(country: str) -> Calendar:
    """The country's working-day calendar: public holidays plus the registry's decrees."""
    changes = NonWorkingDay.objects.of_country(country).values_list("date", "kind")
    return Calendar(
        country=country,
        extra_days_off=frozenset(d for d, kind in changes if kind == NonWorkingDay.Kind.DAY_OFF),
        extra_working_days=frozenset(
            d for d, kind in changes if kind == NonWorkingDay.Kind.WORKING_DAY
        ),
    )


def rule_for(trigger: str) -> DeadlineRule | None:
    """The active rule the event starts (the instrument that applies first, if several)."""
    return DeadlineRule.objects.for_trigger(trigger).select_related("instrument").first()


def next_check(deadline: Deadline, now: datetime.datetime) -> datetime.datetime | None:
    """The first reminder point after ``now``; once due, the next daily escalation."""
    from deadlines.computation import next_escalation

    upcoming = [
        moment
        for _key, moment in reminder_points(
            deadline.due_at, deadline.reminder_lead_days, deadline.country
        )
        if moment > now
    ]
    if upcoming:
        return min(upcoming)
    if deadline.due_at > now:
        return deadline.due_at
    return next_escalation(now, deadline.country)


def _subject_fields(subject) -> dict:
    return {
        "subject_type": subject._meta.label_lower,
        "subject_id": str(subject.pk),
        "subject_label": str(subject)[:255],
    }


@transaction.atomic
def deadline_open(
    *,
    subject: models.Model,
    case: Case,
    trigger: str,
    started_at: datetime.datetime,
    country: str,
    responsible: Iterable,
    escalation: Iterable = (),
    due_on: datetime.date | None = None,
    title: str = "",
    url: str = "",
    actor=None,
) -> Deadline | None:
    """Start the clock a legal event starts, as the registry's rule for that event says.

    ``due_on`` is a date set by a party (the requester's execution date, a task's due date);
    a rule counted "set by a party" uses it, else its own length as the fallback. Returns None
    when the registry has no active rule for the event (an admin switched it off).
    """
    rule = rule_for(trigger)
    if rule is None:
        return None
    if rule.unit == LengthUnit.SET_BY_PARTY and due_on is not None:
        due_at = due_on_date(due_on, country)
    else:
        due_at = compute_due(
            started_at=started_at,
            length=rule.length,
            unit=rule.unit,
            day_kind=rule.day_kind,
            calendar=calendar_for(country),
        )
    deadline = Deadline(
        case=case,
        kind=trigger,
        rule=rule,
        title=(title or rule.name)[:255],
        citation=rule.citation[:255],
        is_practice=rule.is_practice and not (rule.unit == LengthUnit.SET_BY_PARTY and due_on),
        country=country,
        started_at=started_at,
        due_at=due_at,
        reminder_lead_days=list(rule.reminder_lead_days or [7, 3, 1, 0]),
        url=url,
        **_subject_fields(subject),
    )
    deadline.next_check_at = next_check(deadline, max(started_at, timezone.now()))
    deadline.save()
    deadline.responsible.set({u.pk for u in responsible if u is not None})
    deadline.escalation.set({u.pk for u in escalation if u is not None})
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=deadline,
        changes={"due_at": [None, due_at.isoformat()], "rule": [None, rule.code]},
        scope=case,
    )
    return deadline


def _close(subject, kinds, *, state_for, actor, note: str, at=None) -> list[Deadline]:
    at = at or timezone.now()
    queryset = Deadline.objects.for_subject(subject).filter(state__in=OPEN_STATES)
    if kinds:
        queryset = queryset.filter(kind__in=list(kinds))
    closed = []
    for deadline in queryset.select_for_update():
        previous = deadline.state
        deadline.state = state_for(deadline, at)
        deadline.closed_at, deadline.next_check_at = at, None
        deadline.save(update_fields=["state", "closed_at", "next_check_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=deadline,
            changes={"state": [previous, deadline.state]},
            note=note,
            scope=deadline.case,
        )
        closed.append(deadline)
    return closed


def deadline_meet(*, subject, kinds: Iterable[str] = (), actor=None, at=None, note="") -> list:
    """The awaited event happened: met in time, or missed if it came after the end."""
    return _close(
        subject,
        kinds,
        state_for=lambda d, when: DeadlineState.MET if when <= d.due_at else DeadlineState.MISSED,
        actor=actor,
        note=note,
        at=at,
    )


def deadline_cancel(*, subject, kinds: Iterable[str] = (), actor=None, note="") -> list:
    """The clock no longer matters (the request was withdrawn, the file closed)."""
    return _close(
        subject, kinds, state_for=lambda d, when: DeadlineState.CANCELLED, actor=actor, note=note
    )


def deadline_pause_for(*, subject, kinds: Iterable[str], actor=None, note="") -> list:
    """Stop the subject's clocks while the other side has the ball."""
    return [
        _pause(d, actor=actor, note=note)
        for d in Deadline.objects.for_subject(subject)
        .filter(state=DeadlineState.RUNNING, kind__in=list(kinds))
        .select_for_update()
    ]


def deadline_resume_for(*, subject, kinds: Iterable[str], actor=None, note="") -> list:
    return [
        _resume(d, actor=actor, note=note)
        for d in Deadline.objects.for_subject(subject)
        .filter(state=DeadlineState.PAUSED, kind__in=list(kinds))
        .select_for_update()
    ]


def _pause(deadline: Deadline, *, actor, note: str) -> Deadline:
    now = timezone.now()
    deadline.state, deadline.paused_at, deadline.next_check_at = DeadlineState.PAUSED, now, None
    deadline.save(update_fields=["state", "paused_at", "next_check_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=deadline,
        changes={"state": [DeadlineState.RUNNING, DeadlineState.PAUSED]},
        note=note,
        scope=deadline.case,
    )
    return deadline


def _resume(deadline: Deadline, *, actor, note: str) -> Deadline:
    now = timezone.now()
    shift = now - deadline.paused_at
    previous_due = deadline.due_at
    deadline.due_at = deadline.due_at + shift
    deadline.state, deadline.paused_at = DeadlineState.RUNNING, None
    deadline.next_check_at = next_check(deadline, now)
    deadline.save(update_fields=["state", "paused_at", "due_at", "next_check_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=deadline,
        changes={
            "state": [DeadlineState.PAUSED, DeadlineState.RUNNING],
            "due_at": [previous_due.isoformat(), deadline.due_at.isoformat()],
        },
        note=note,
        scope=deadline.case,
    )
    return deadline


def can_manage(user, deadline: Deadline) -> bool:
    """Pause, resume and extend: those it is addressed to, and those who may change the case."""
    if user.is_superuser:
        return True
    if (
        deadline.responsible.filter(pk=user.pk).exists()
        or deadline.escalation.filter(pk=user.pk).exists()
    ):
        return True
    return Case.objects.visible_to(user, "change").filter(pk=deadline.case_id).exists()


def _lock_for(deadline: Deadline, actor) -> Deadline:
    if not can_manage(actor, deadline):
        raise PermissionDenied(_("You may not change this deadline."))
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return reason.strip()


@transaction.atomic
def deadline_pause(*, deadline: Deadline, actor, reason: str) -> Deadline:
    reason = _reason(reason)
    locked = _lock_for(deadline, actor)
    if locked.state != DeadlineState.RUNNING:
        raise IllegalTransition(_("Only a running clock can be paused."))
    return _pause(locked, actor=actor, note=reason)


@transaction.atomic
def deadline_resume(*, deadline: Deadline, actor, reason: str) -> Deadline:
    reason = _reason(reason)
    locked = _lock_for(deadline, actor)
    if locked.state != DeadlineState.PAUSED:
        raise IllegalTransition(_("Only a paused clock can be resumed."))
    return _resume(locked, actor=actor, note=reason)


@transaction.atomic
def deadline_extend(
    *, deadline: Deadline, actor, new_due_at: datetime.datetime, reason: str
) -> Deadline:
    """Move the end of an open clock later (an extension granted under the rule)."""
    reason = _reason(reason)
    locked = _lock_for(deadline, actor)
    if locked.state not in OPEN_STATES:
        raise IllegalTransition(_("Only an open clock can be extended."))
    if new_due_at <= locked.due_at:
        raise ValidationError({"new_due_at": _("An extension ends later than the current end.")})
    DeadlineExtension.objects.create(
        deadline=locked,
        previous_due_at=locked.due_at,
        new_due_at=new_due_at,
        reason=reason,
        actor=actor,
    )
    previous = locked.due_at
    locked.due_at = new_due_at
    if locked.state == DeadlineState.RUNNING:
        locked.next_check_at = next_check(locked, timezone.now())
    locked.save(update_fields=["due_at", "next_check_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"due_at": [previous.isoformat(), new_due_at.isoformat()]},
        note=reason,
        scope=locked.case,
    )
    return locked


CLOSED_STATES = (DeadlineState.MET, DeadlineState.MISSED, DeadlineState.CANCELLED)


def deadline_reopen(*, subject, kinds: Iterable[str] = (), actor=None, note: str = "") -> list:
    """Undo the last closing of the subject's clocks: a step reopened (a task taken up again,
    a cancelled one restored) runs again the clocks its closing closed — no more, no less."""
    closed = Deadline.objects.for_subject(subject).filter(state__in=CLOSED_STATES)
    if kinds:
        closed = closed.filter(kind__in=list(kinds))
    last = closed.aggregate(last=models.Max("closed_at"))["last"]
    if last is None:
        return []
    now = timezone.now()
    reopened = []
    for deadline in closed.filter(closed_at=last).select_for_update():
        previous = deadline.state
        deadline.state, deadline.closed_at = DeadlineState.RUNNING, None
        deadline.next_check_at = next_check(deadline, now)
        deadline.save(update_fields=["state", "closed_at", "next_check_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=deadline,
            changes={"state": [previous, DeadlineState.RUNNING]},
            note=note,
            scope=deadline.case,
        )
        reopened.append(deadline)
    return reopened
