"""Setting up joint teams and running their task board. Every change is audited; the
agreement's end and each task's due date are clocks of the deadline engine."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case
from core.exceptions import IllegalTransition
from core.phrases import Phrase
from deadlines.notify import notify
from deadlines.services import deadline_open
from teams.choices import MemberRole, TaskStatus, TeamStatus
from teams.models import JointTeam, Task, TaskComment, TeamFile, TeamMember
from teams.workflow import (
    IN_TEAM,
    RUNS_TEAM,
    TASK_WORKFLOW,
    TEAM_WORKFLOW,
    UPDATES_TASK,
    task_step_to,
    task_url,
    team_url,
)
from treaties.choices import TriggerEvent


# --- Who ------------------------------------------------------------------------------------
def is_member(user, team: JointTeam) -> bool:
    return team.members.filter(user=user, left_on__isnull=True).exists()


def runs_team(user, team: JointTeam) -> bool:
    """Leaders of the team, and coordinators who are members or may change one of its cases."""
    return RUNS_TEAM.allows(user, team)


def in_team(user, team: JointTeam) -> bool:
    """Members and those who run the team: they comment and share materials into it."""
    return IN_TEAM.allows(user, team)


def _require_runner(user, team: JointTeam) -> None:
    if not runs_team(user, team):
        raise PermissionDenied(_("Only the team's leaders and coordinators do this."))


def _notify(people, *, title, url: str, kind: str, event_key: str, actor, scope) -> None:
    """Tell ``people`` of a team event once each, after the commit (by their e-mail preference)."""
    notify(people, kind=kind, title=title, url=url, event_key=event_key, actor=actor, scope=scope)


# --- The team -------------------------------------------------------------------------------
@transaction.atomic
def team_create(
    *,
    actor: User,
    name: str,
    cases: list[Case],
    instruments: list,
    purpose: str,
    kg_leader: User,
    kz_leader: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    parties: str = "",
) -> JointTeam:
    """Propose a team on a KR case and a KZ case (usually a mirror pair)."""
    if not actor.has_role(Role.COORDINATOR) and not actor.is_superuser:
        raise PermissionDenied(_("Coordinators set up joint teams."))
    if not Case.objects.visible_to(actor, "change").filter(pk__in=[c.pk for c in cases]).exists():
        raise PermissionDenied(_("The team must work on a case you may change."))
    errors = {}
    if {c.country for c in cases} != {"KG", "KZ"}:
        errors["cases"] = _("A joint team works on a Kyrgyz case and a Kazakh case.")
    if kg_leader.country != "KG":
        errors["kg_leader"] = _("The Kyrgyz leader is an officer of a Kyrgyz agency.")
    if kz_leader.country != "KZ":
        errors["kz_leader"] = _("The Kazakh leader is an officer of a Kazakh agency.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The team cannot end before it starts.")
    if not instruments:
        errors["instruments"] = _("Choose the legal basis.")
    if errors:
        raise ValidationError(errors)
    team = JointTeam.objects.create(
        name=name,
        purpose=purpose,
        parties=parties,
        kg_leader=kg_leader,
        kz_leader=kz_leader,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    team.cases.set(cases)
    team.instruments.set(instruments)
    for leader in (kg_leader, kz_leader):
        TeamMember.objects.create(
            team=team, user=leader, role=MemberRole.LEADER, joined_on=starts_on
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=team,
        changes=diff({}, snapshot(team)),
        scope=cases[0],
    )
    return team


def _team_url(team: JointTeam) -> str:
    return team_url(team)


def team_sign(*, team: JointTeam, actor: User, signed_on: datetime.date) -> JointTeam:
    """The agreement is signed: its end date starts to count."""
    return TEAM_WORKFLOW.perform(team, "sign", actor, {"signed_on": signed_on})


def team_activate(*, team: JointTeam, actor: User) -> JointTeam:
    """The team starts work (on or after the agreement's start date)."""
    return TEAM_WORKFLOW.perform(team, "activate", actor, {})


def team_extend(
    *, team: JointTeam, actor: User, new_end: datetime.date, amended_on: datetime.date, reason: str
) -> JointTeam:
    """An amendment to the agreement moves the team's end (and its clock)."""
    return TEAM_WORKFLOW.perform(
        team, "extend", actor, {"new_end": new_end, "amended_on": amended_on, "reason": reason}
    )


def team_close(*, team: JointTeam, actor: User, note: str = "") -> JointTeam:
    return TEAM_WORKFLOW.perform(team, "close", actor, {"note": note})


@transaction.atomic
def member_add(
    *, team: JointTeam, actor: User, user: User, role: str, joined_on: datetime.date
) -> TeamMember:
    _require_runner(actor, team)
    if user.country not in ("KG", "KZ") or not user.is_active:
        raise ValidationError(
            {"user": _("Members are active officers of a Kyrgyz or Kazakh agency.")}
        )
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if is_member(user, team):
        raise ValidationError({"user": _("Already a member.")})
    member = TeamMember.objects.create(team=team, user=user, role=role, joined_on=joined_on)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=member,
        object_repr=f"{team}: {user}",
        changes={"role": [None, role]},
        scope=team,
    )
    return member


@transaction.atomic
def member_leave(*, member: TeamMember, actor: User, left_on: datetime.date) -> TeamMember:
    """A member leaves the team on a date: from then on the workspace is closed to them."""
    _require_runner(actor, member.team)
    if member.left_on is not None:
        raise IllegalTransition(_("This officer has already left the team."))
    if left_on < member.joined_on or left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The date falls between joining the team and today.")})
    if member.user_id in (member.team.kg_leader_id, member.team.kz_leader_id):
        raise ValidationError(
            {"member": _("A leader of the team leaves only by an amendment naming a new one.")}
        )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        object_repr=f"{member.team}: {member.user}",
        changes={"left_on": [None, left_on.isoformat()]},
        scope=member.team,
    )
    return member


# --- Tasks ------------------------------------------------------------------------------------
def _task_url(task: Task) -> str:
    return task_url(task)


@transaction.atomic
def task_create(
    *,
    team: JointTeam,
    actor: User,
    title: str,
    case: Case,
    description: str = "",
    assignee: User | None = None,
    assignee_agency=None,
    priority: str = "normal",
    due_on: datetime.date | None = None,
) -> Task:
    """A leader or coordinator assigns a task; the assignee is told once, its date is a clock."""
    _require_runner(actor, team)
    if team.status == TeamStatus.CLOSED:
        raise IllegalTransition(_("The team is closed."))
    errors = {}
    if not team.cases.filter(pk=case.pk).exists():
        errors["case"] = _("The task serves one of the team's cases.")
    if assignee is None and assignee_agency is None:
        errors["assignee"] = _("Assign the task to a member or to an agency.")
    if assignee is not None and not is_member(assignee, team):
        errors["assignee"] = _("The assignee must be a member of the team.")
    if due_on and due_on < timezone.localdate():
        errors["due_on"] = _("This date has passed.")
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(
        team=team,
        case=case,
        title=title,
        description=description,
        assignee=assignee,
        assignee_agency=assignee_agency,
        priority=priority,
        due_on=due_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=task,
        changes=diff({}, snapshot(task)),
        scope=team,
    )
    people = (
        [assignee]
        if assignee
        else list(
            User.objects.filter(teams_memberships_for(team), agency=assignee_agency).distinct()
        )
    )
    if due_on:
        deadline_open(
            subject=task,
            case=case,
            trigger=TriggerEvent.TASK_ASSIGNED,
            started_at=timezone.now(),
            country=(assignee.country if assignee else assignee_agency.country),
            due_on=due_on,
            title=title,
            responsible=people or [actor],
            escalation=[team.kg_leader, team.kz_leader],
            url=_task_url(task),
            actor=actor,
        )
    _notify(
        people,
        title=Phrase(gettext_lazy("New task: %(title)s"), title=title),
        url=_task_url(task),
        kind="assigned",
        event_key=f"teams.task:{task.pk}:assigned",
        actor=actor,
        scope=team,
    )
    return task


def teams_memberships_for(team: JointTeam):
    """Users currently in the team, as a filter on User."""
    from django.db.models import Q

    return Q(pk__in=team.members.filter(left_on__isnull=True).values("user_id"))


def can_update_task(user, task: Task) -> bool:
    """Assignees update their own tasks; leaders and coordinators any task of the team."""
    return UPDATES_TASK.allows(user, task)


def task_move(*, task: Task, actor: User, status: str, reason: str = "", result: str = "") -> Task:
    """Move a card on the board: 403 for others' tasks, 409 for a move the board forbids."""
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    current = Task.objects.filter(pk=task.pk).values_list("status", flat=True).first()
    step = task_step_to(current or task.status, status)
    if step is None:
        if not can_update_task(actor, task):
            raise PermissionDenied(_("You may update only your own tasks."))
        raise IllegalTransition(
            _("A task that is “%(from)s” cannot become “%(to)s”.")
            % {"from": TaskStatus(current).label, "to": TaskStatus(status).label}
        )
    return TASK_WORKFLOW.perform(task, step, actor, {"reason": reason, "result": result})


@transaction.atomic
def task_comment(*, task: Task, actor: User, text: str) -> TaskComment:
    if not in_team(actor, task.team):
        raise PermissionDenied(_("Only the team comments on its tasks."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = TaskComment.objects.create(task=task, author=actor, text=text.strip())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=comment,
        object_repr=f"{task}: comment",
        scope=task.team,
    )
    _notify(
        [task.assignee, task.created_by],
        title=Phrase(gettext_lazy("Comment on %(title)s"), title=task.title),
        url=_task_url(task),
        kind="comment",
        event_key=f"teams.taskcomment:{comment.pk}",
        actor=actor,
        scope=task.team,
    )
    return comment


@transaction.atomic
def team_file_upload(
    *,
    team: JointTeam,
    actor: User,
    upload,
    task: Task | None = None,
    signed_agreement: bool = False,
) -> TeamFile:
    """Share a material into the team's workspace (members see it; the cases stay closed)."""
    if not in_team(actor, team):
        raise PermissionDenied(_("Only the team shares materials into it."))
    if task is not None and task.team_id != team.pk:
        raise ValidationError({"task": _("The task belongs to another team.")})
    if signed_agreement:
        _require_runner(actor, team)
    record = TeamFile.store(
        upload,
        uploaded_by=actor,
        # The signed agreement is a scan of the paper; other materials may be of any kind.
        kinds=["scan"] if signed_agreement else None,
        team=team,
        task=task,
        is_signed_agreement=signed_agreement,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        changes=record.stored_changes(task=task.pk if task else None),
        scope=team,
    )
    return record
