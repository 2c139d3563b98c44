"""Planning coordinated operations and filing each side's results. Every change is audited;
the D-day of each side is a clock of the deadline engine, with the registry's reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Country, Role
from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case
from core.exceptions import IllegalTransition
from operations.choices import OPERATION_PLANNED, OperationStatus, ParticipantRole
from operations.models import Operation, OperationParticipant, OperationReport
from operations.workflow import operation_url

REPORT_FIELDS = (
    "persons_detained",
    "victims_identified",
    "victims_assisted",
    "items_seized",
    "summary",
)


def side_people(operation: Operation, country: str) -> list[User]:
    """The named participants of one side (its leader among them)."""
    return [
        p.user
        for p in operation.participants.select_related("user").filter(country=country)
        if p.user.is_active
    ]


def _clock_case(operation: Operation, country: str) -> Case:
    """The case a side's clock hangs on: that side's case, else the first case served."""
    cases = list(operation.cases.order_by("pk"))
    return next((c for c in cases if c.country == country), cases[0])


def operation_clocks_open(*, operation: Operation, actor) -> list:
    """One D-day clock per side, counted in that side's zone, for that side's participants."""
    from deadlines.services import deadlines_open

    opened = []
    for country in (Country.KG, Country.KZ):
        opened += deadlines_open(
            subject=operation,
            case=_clock_case(operation, country),
            trigger=OPERATION_PLANNED,
            started_at=timezone.now(),
            country=country,
            # The clock runs to the H-hour itself (the same instant on both sides), each side
            # reading it in its own zone.
            due_on=operation.h_hour,
            states=(Country.KG, Country.KZ),
            responsible=side_people(operation, country),
            escalation=[operation.leader_of(country)],
            title=_("D-day: %(name)s") % {"name": operation.name},
            url=operation_url(operation),
            actor=actor,
        )
    return opened


def operation_clocks_move(*, operation: Operation, actor, reason: str) -> list:
    """A postponement: the running D-day clocks stop, new ones run to the new D-day."""
    from deadlines.services import deadline_cancel

    deadline_cancel(subject=operation, actor=actor, note=reason)
    return operation_clocks_open(operation=operation, actor=actor)


def _check_plan(*, h_hour, kg_leader, kz_leader, cases) -> None:
    errors = {}
    if h_hour <= timezone.now():
        errors["d_day"] = _("D-day and H-hour must be in the future.")
    if kg_leader.country != Country.KG:
        errors["kg_leader"] = _("The Kyrgyz leader is an officer of a Kyrgyz agency.")
    if kz_leader.country != Country.KZ:
        errors["kz_leader"] = _("The Kazakh leader is an officer of a Kazakh agency.")
    if not cases:
        errors["cases"] = _("Choose the cases the operation serves.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def operation_create(
    *,
    actor: User,
    name: str,
    purpose: str,
    h_hour: datetime.datetime,
    kg_leader: User,
    kz_leader: User,
    cases: list[Case],
    teams: Iterable = (),
    participants: Iterable[User] = (),
    kg_tasks: str = "",
    kz_tasks: str = "",
) -> Operation:
    """Plan an operation on cases the coordinator may change; its D-day clocks start."""
    from teams.models import JointTeam

    if not actor.has_role(Role.COORDINATOR) and not actor.is_superuser:
        raise PermissionDenied(_("Coordinators plan coordinated operations."))
    teams = list(teams)
    if teams and JointTeam.objects.visible_to(actor).filter(
        pk__in=[t.pk for t in teams]
    ).count() != len({t.pk for t in teams}):
        raise ValidationError({"teams": _("Choose teams you may see.")})
    # The teams' cases are served too (a joint team works on both sides' cases).
    ids = {c.pk for c in cases} | set(
        JointTeam.cases.through.objects.filter(jointteam__in=teams).values_list(
            "case_id", flat=True
        )
    )
    # SECURITY: each side names its own cases: a case must be one the planner or one of the
    # two leaders may see, never any case of the portal.
    known = Case.objects.filter(
        Q(pk__in=Case.objects.visible_to(actor).filter(pk__in=ids).values("pk"))
        | Q(pk__in=Case.objects.visible_to(kg_leader).filter(pk__in=ids).values("pk"))
        | Q(pk__in=Case.objects.visible_to(kz_leader).filter(pk__in=ids).values("pk"))
    )
    cases = list(known.order_by("pk"))
    if len(cases) != len(ids):
        raise ValidationError({"cases": _("Choose cases you or the leaders may see.")})
    if not Case.objects.visible_to(actor, "change").filter(pk__in=ids).exists():
        raise PermissionDenied(_("The operation must serve a case you may change."))
    _check_plan(h_hour=h_hour, kg_leader=kg_leader, kz_leader=kz_leader, cases=cases)
    people = {u.pk: u for u in participants if u is not None}
    stray = [u for u in people.values() if u.country not in (Country.KG, Country.KZ)]
    if stray:
        raise ValidationError({"participants": _("Participants are officers of KR or KZ.")})
    operation = Operation.objects.create(
        name=name.strip(),
        purpose=purpose.strip(),
        h_hour=h_hour,
        kg_leader=kg_leader,
        kz_leader=kz_leader,
        kg_tasks=kg_tasks.strip(),
        kz_tasks=kz_tasks.strip(),
        created_by=actor,
    )
    operation.cases.set(cases)
    operation.teams.set(teams)
    rows = [
        OperationParticipant(
            operation=operation, user=leader, country=leader.country, role=ParticipantRole.LEADER
        )
        for leader in (kg_leader, kz_leader)
    ]
    rows += [
        OperationParticipant(operation=operation, user=user, country=user.country)
        for pk, user in people.items()
        if pk not in (kg_leader.pk, kz_leader.pk)
    ]
    OperationParticipant.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=operation,
        changes={
            **diff({}, snapshot(operation)),
            "participants": [None, sorted(p.user.display_name for p in rows)],
            "cases": [None, [c.reference for c in cases]],
        },
        scope=cases[0],
    )
    operation_clocks_open(operation=operation, actor=actor)
    return operation


def may_report(user, operation: Operation) -> str | None:
    """The side ``user`` files results for (a named participant of it), or None."""
    if not user.is_authenticated or user.country not in (Country.KG, Country.KZ):
        return None
    named = operation.participants.filter(user=user, country=user.country).exists()
    return user.country if named else None


@transaction.atomic
def operation_report_file(
    *,
    operation: Operation,
    actor: User,
    persons_detained: int,
    victims_identified: int,
    victims_assisted: int,
    items_seized: int,
    summary: str,
) -> OperationReport:
    """A side's results (its participants file them; a second filing corrects the first)."""
    if not Operation.objects.visible_to(actor).filter(pk=operation.pk).exists():
        from django.http import Http404

        raise Http404
    # RACE: the operation's row is locked so that a report and a cancellation do not cross.
    locked = Operation.objects.select_for_update().get(pk=operation.pk)
    side = may_report(actor, locked)
    if side is None:
        raise PermissionDenied(_("The named participants of a side file its results."))
    if locked.status not in (OperationStatus.GO, OperationStatus.COMPLETED):
        raise IllegalTransition(
            _("Results are filed once the operation is decided “go”; it is “%(state)s”.")
            % {"state": OperationStatus(locked.status).label}
        )
    if locked.h_hour > timezone.now():
        raise ValidationError(_("The operation has not started yet: its H-hour is ahead."))
    if victims_assisted > victims_identified:
        raise ValidationError(
            {"victims_assisted": _("More victims assisted than identified: check the figures.")}
        )
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Describe the results.")})
    values = {
        "persons_detained": persons_detained,
        "victims_identified": victims_identified,
        "victims_assisted": victims_assisted,
        "items_seized": items_seized,
        "summary": summary.strip(),
    }
    report = OperationReport.objects.filter(operation=locked, country=side).first()
    before = snapshot(report, REPORT_FIELDS) if report else {}
    if report is None:
        report = OperationReport(operation=locked, country=side, filed_by=actor, **values)
    else:
        for key, value in values.items():
            setattr(report, key, value)
        report.filed_by = actor
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=report,
        changes=diff(before, snapshot(report, REPORT_FIELDS)),
        scope=locked,
    )
    return report
