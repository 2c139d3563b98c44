"""Opening, closing and adjusting clocks. Other apps' services call these when a legal event
is recorded; views never do.

The rules come from the registry (treaties.DeadlineRule) by the event that starts them and the
state where it happened: that state's own law and the treaty rules binding both, never the
other state's law. The arithmetic is in deadlines.computation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.choices import Country, Role
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case
from core.exceptions import IllegalTransition
from core.models import Confidence
from deadlines import subjects
from deadlines.computation import (
    Calendar,
    compute_due,
    counts_from_moment,
    due_on_date,
    next_escalation,
    zone_of,
)
from deadlines.models import (
    OPEN_STATES,
    Deadline,
    DeadlineExtension,
    DeadlineState,
    Notification,
    delivery_for,
)
from deadlines.rules import MANAGES_CLOCK
from treaties.choices import InstrumentKind, LengthUnit, TriggerEvent
from treaties.governing import BINDING_STATUSES, governs
from treaties.models import (
    DeadlineRule,
    DeadlineRuleSource,
    Instrument,
    NonWorkingDay,
    Provision,
)

# Reminder leads used when a rule gives none: practice, not law.
DEFAULT_LEAD_DAYS = (7, 3, 1, 0)
DEFAULT_LEAD_HOURS = (24, 12, 2)
# From the weakest mark to the strongest: a clock is as sure as its least sure source.
_MARKS_WEAKEST_FIRST = (Confidence.UNVERIFIED, Confidence.LIKELY, Confidence.VERIFIED)


def calendar_for(country: str) -> Calendar:
    """The country's working-day calendar: public holidays plus the registry's decrees."""
    changes = NonWorkingDay.objects.of_country(country).values_list("date", "kind")
    return Calendar(
        country=country,
        # A religious holiday on a moving date is a day off like a decreed one.
        extra_days_off=frozenset(
            d for d, kind in changes if kind != NonWorkingDay.Kind.WORKING_DAY
        ),
        extra_working_days=frozenset(
            d for d, kind in changes if kind == NonWorkingDay.Kind.WORKING_DAY
        ),
    )


def rules_for(trigger: str, *, country: str) -> list[DeadlineRule]:
    """The active rules an event in ``country`` starts: that state's law and the treaty rules
    binding both, the instrument that applies first leading. Never another state's law."""
    return list(
        DeadlineRule.objects.for_trigger(trigger, country=country)
        .select_related("instrument", "provision__instrument")
        .prefetch_related(
            models.Prefetch(
                "sources",
                queryset=DeadlineRuleSource.objects.select_related(
                    "provision__instrument"
                ).order_by("id"),
            )
        )
    )


def weakest_mark(marks: Iterable[str]) -> str:
    """The least sure of the marks ("" when none is given)."""
    given = set(marks)
    return next((mark for mark in _MARKS_WEAKEST_FIRST if mark in given), "")


@dataclass(frozen=True)
class CitedPart:
    """One legal source of a clock as cited, with its mark."""

    text: str
    confidence: str

    def __str__(self) -> str:
        return f"{self.text} [{self.confidence}]" if self.confidence else self.text


def _cite(provision: Provision) -> str:
    return f"{provision.instrument.name}, {provision.citation}"


def rule_citation(rule: DeadlineRule, states: Iterable[str], on: datetime.date) -> list[CitedPart]:
    """What a clock under ``rule`` cites for an event between ``states`` on ``on``: the rule's
    own provision (as the rule's citation records it), then each treaty source whose
    instrument governs the pair on that date — a superseded treaty is history, never cited.
    Each part carries its own mark; the text is in the active language."""
    states = tuple(states)
    own = rule.shown_citation or (_cite(rule.provision) if rule.provision_id else "")
    parts = [CitedPart(own, rule.confidence)]
    for source in rule.sources.all():
        if governs(source.provision.instrument, states, on):
            parts.append(CitedPart(_cite(source.provision), source.confidence))
    return parts


def next_check(deadline: Deadline, now: datetime.datetime) -> datetime.datetime | None:
    """The first reminder point after ``now``; once due, the next daily escalation."""
    upcoming = [moment for _key, moment in deadline.reminder_points() if moment > now]
    if upcoming:
        return min(upcoming)
    if deadline.due_at > now:
        return deadline.due_at
    return next_escalation(now, deadline.country)


def _subject_fields(subject) -> dict:
    if not subjects.is_registered(subject):
        raise ImproperlyConfigured(
            f"{subject._meta.label} carries clocks: register it in its app's ready() "
            "(deadlines.subjects.register)"
        )
    return {
        "subject_type": subject._meta.label_lower,
        "subject_id": str(subject.pk),
        "subject_label": str(subject)[:255],
    }


@transaction.atomic
def deadlines_open(
    *,
    subject: models.Model,
    case: Case,
    trigger: str,
    started_at: datetime.datetime,
    country: str,
    responsible: Iterable,
    escalation: Iterable = (),
    due_on: datetime.date | datetime.datetime | None = None,
    title: str = "",
    url: str = "",
    actor=None,
    moments: Mapping[str, datetime.datetime | None] | None = None,
    states: Iterable[str] = (),
) -> list[Deadline]:
    """Start every clock the registry's rules attach to a legal event in ``country``.

    ``started_at`` is the moment of the event; ``moments`` the moments of earlier events the
    service knows (``{TriggerEvent.PERSON_DETAINED: file.detained_at}``): a rule counted from
    an earlier event (its ``counted_from``) starts at that moment, not at the event's.
    ``due_on`` is a date set by a party (the requester's execution date, a task's due date),
    or a moment (an operation's H-hour): a rule counted "set by a party" ends at the end of
    that day in ``country``, or at that moment; a rule counted otherwise uses its own length.
    ``states`` is the pair of states concerned (by default the case's country and
    ``country``): a treaty source is cited only while it governs them on the date of the event.
    Returns no clock when the registry has no active rule for the event in that state; refuses
    (ValidationError) a rule counted from a moment the caller does not know.
    """
    rules = rules_for(trigger, country=country)
    if not rules:
        return []
    known = {str(trigger): started_at}
    known.update({str(event): moment for event, moment in (moments or {}).items() if moment})
    states = tuple(dict.fromkeys([*states] or [case.country, country]))
    on = started_at.astimezone(zone_of(country)).date()
    calendar = calendar_for(country)
    responsible_ids = {u.pk for u in responsible if u is not None}
    escalation_ids = {u.pk for u in escalation if u is not None}
    opened = []
    for rule in rules:
        start = known.get(rule.counted_from or str(trigger))
        if start is None:
            # Never guess a start: a clock counted from the wrong moment ends at the wrong time.
            raise ValidationError(
                _(
                    "The rule “%(rule)s” counts from “%(event)s”, whose moment is not recorded "
                    "here: correct the rule in the registry."
                )
                % {"rule": rule.code, "event": TriggerEvent(rule.counted_from).label}
            )
        set_by_party = rule.unit == LengthUnit.SET_BY_PARTY and due_on is not None
        if set_by_party and isinstance(due_on, datetime.datetime):
            due_at = due_on
        elif set_by_party:
            due_at = due_on_date(due_on, country)
        else:
            due_at = compute_due(
                started_at=start,
                length=rule.length,
                unit=rule.unit,
                day_kind=rule.day_kind,
                calendar=calendar,
            )
        by_moment = counts_from_moment(rule.unit)
        # Cited in each language of the portal, so that each reader gets their own; the
        # sources and their marks are the same in every language.
        citations = {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                cited = rule_citation(rule, states, on)
            citations[code] = "; ".join(str(part) for part in cited)[:255]
        deadline = Deadline(
            case=case,
            kind=trigger,
            rule=rule,
            title=(title or rule.name)[:255],
            # The Russian text for e-mails, calendars and documents.
            citation=citations["ru"],
            citations=citations,
            confidence=weakest_mark(part.confidence for part in cited),
            is_practice=rule.is_practice and not set_by_party,
            country=country,
            started_at=start,
            due_at=due_at,
            reminder_lead_days=[]
            if by_moment
            else list(rule.reminder_lead_days or DEFAULT_LEAD_DAYS),
            reminder_lead_hours=list(rule.reminder_lead_hours or DEFAULT_LEAD_HOURS)
            if by_moment
            else [],
            url=url,
            **_subject_fields(subject),
        )
        deadline.next_check_at = next_check(deadline, max(start, timezone.now()))
        deadline.save()
        deadline.responsible.set(responsible_ids)
        deadline.escalation.set(escalation_ids)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=deadline,
            changes={
                "due_at": [None, due_at.isoformat()],
                "rule": [None, rule.code],
                "citation": [None, deadline.citation],
                "confidence": [None, deadline.confidence],
            },
            scope=case,
        )
        opened.append(deadline)
    return opened


def deadline_open(**kwargs) -> Deadline | None:
    """Start the clocks of an event that has one (a request sent, a task assigned) and return
    the leading one; see ``deadlines_open``, which opens and returns every clock."""
    opened = deadlines_open(**kwargs)
    return opened[0] if opened else None


# --- Rules the registry does not have (yet) -------------------------------------------------
def national_law(country: str) -> Instrument | None:
    """The state's own procedural law as the registry records it (a national instrument in
    force for that state), if any."""
    return (
        Instrument.objects.filter(
            kind=InstrumentKind.NATIONAL,
            parties__country=country,
            parties__status__in=BINDING_STATUSES,
        )
        .order_by("precedence", "id")
        .first()
    )


def _law_name(country: str, instrument: Instrument | None = None) -> str:
    instrument = instrument or national_law(country)
    if instrument is not None:
        return instrument.name
    return _("the law of %(country)s") % {"country": Country(country).label}


@dataclass
class RuleGap:
    """An event in a state for which the registry has no rule, or only unconfirmed ones."""

    trigger: str
    country: str
    law: str
    rules: list[DeadlineRule] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.rules

    @property
    def event(self) -> str:
        return TriggerEvent(self.trigger).label

    @property
    def message(self) -> str:
        if self.missing:
            return _("The period under %(law)s is not in the registry — confirm it") % {
                "law": self.law
            }
        return _("The period under %(law)s is not confirmed — confirm it") % {"law": self.law}


def rule_gaps(triggers: Iterable[str], *, country: str) -> list[RuleGap]:
    """For events that happened in ``country``: those with no applicable rule and those whose
    rules are all unconfirmed. Shown plainly and reminded — never filled by another state's
    rule."""
    gaps = []
    for trigger in triggers:
        rules = rules_for(trigger, country=country)
        if not rules:
            gaps.append(RuleGap(str(trigger), country, _law_name(country)))
        elif all(rule.confidence == Confidence.UNVERIFIED for rule in rules):
            own = next((r.instrument for r in rules if r.instrument_id), None)
            gaps.append(RuleGap(str(trigger), country, _law_name(country, own), rules))
    return gaps


def deadline_rule_missing(
    *, subject: models.Model, trigger: str, country: str, recipients: Iterable, url: str
) -> list[Notification]:
    """No rule applies to an event in ``country``: tell the recipients (the state's officers
    who act on it) and the registry administrators, once each, with a link — the file for the
    officers, the registry's rules for the administrators. The caller holds the subject's row
    lock, so two steps on one subject cannot both notify."""
    from accounts.models import User

    admins = User.objects.filter(groups__name=Role.REGISTRY_ADMIN, is_active=True).distinct()
    rules_url = reverse("treaties:rules")
    kind = f"rule-missing-{trigger}-{subject.pk}"[:60]
    with override("ru"):
        gap = RuleGap(str(trigger), country, _law_name(country))
        title = f"{gap.message}: {gap.event} ({subject})"
    # One row per person: an officer who is also an administrator gets the file's link.
    targets = {u.pk: (u, rules_url) for u in admins}
    targets.update({u.pk: (u, url) for u in recipients if u is not None})
    created = []
    for user, link in targets.values():
        if Notification.objects.filter(recipient=user, kind=kind, url=link).exists():
            continue
        created.append(
            Notification.objects.create(
                recipient=user,
                kind=kind,
                title=title[:255],
                url=link,
                delivery=delivery_for(user.notification_mode),
            )
        )
    return created


def _close(subject, kinds, *, state_for, actor, note: str, at=None) -> list[Deadline]:
    at = at or timezone.now()
    queryset = Deadline.objects.for_subject(subject).filter(state__in=OPEN_STATES)
    if kinds:
        queryset = queryset.filter(kind__in=list(kinds))
    return [
        _move(deadline, state_for(deadline, at), closed_at=at, actor=actor, note=note)
        for deadline in queryset.select_for_update()
    ]


def _move(deadline: Deadline, state: str, *, closed_at, actor, note: str) -> Deadline:
    """One clock to a new state (closed at ``closed_at``, or reopened with None), audited."""
    previous = deadline.state
    deadline.state, deadline.closed_at = state, closed_at
    deadline.next_check_at = None if closed_at else next_check(deadline, timezone.now())
    deadline.save(update_fields=["state", "closed_at", "next_check_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=deadline,
        changes={"state": [previous, state]},
        note=note,
        scope=deadline.case,
    )
    return deadline


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
    """Pause, resume and extend: see deadlines.rules (the jurisdiction's officers only)."""
    return MANAGES_CLOCK.allows(user, deadline)


def _lock_for(deadline: Deadline, actor, *, checked: bool = True) -> Deadline:
    # ``checked=False``: a workflow step that already decided (a team's agreement extended by
    # amendment moves its clock), never a user's own request.
    if checked and not can_manage(actor, deadline):
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
    *,
    deadline: Deadline,
    actor,
    new_due_at: datetime.datetime,
    reason: str,
    checked: bool = True,
) -> Deadline:
    """Move the end of an open clock later (an extension granted under the rule)."""
    reason = _reason(reason)
    locked = _lock_for(deadline, actor, checked=checked)
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
    return [
        _move(deadline, DeadlineState.RUNNING, closed_at=None, actor=actor, note=note)
        for deadline in closed.filter(closed_at=last).select_for_update()
    ]
