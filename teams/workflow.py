"""The two workflows of a joint team — the agreement and its tasks — as tables for core.workflow.

Who may act is written once, as conditions (``Rule``s) on the team and on the task; the same
rules answer the pages' buttons, the API's steps and the services' checks.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from core.workflow import Rule, Step, Transition, Workflow
from teams.choices import MemberRole, TaskStatus, TeamStatus
from teams.models import JointTeam, Task, TeamMember
from treaties.choices import TriggerEvent


# --- Who ------------------------------------------------------------------------------------
def runs_team_q(user, *, team_ref: str = "pk", prefix: str = "") -> Q:
    """Leaders of the team, and coordinators who are members or may change one of its cases.

    ``team_ref`` names the team's id on the model the condition filters (``pk`` on a team,
    ``team_id`` on a task); ``prefix`` leads to the team's fields.
    """
    from cases.querysets import case_access_q

    current = TeamMember.objects.filter(team=OuterRef(team_ref), user=user, left_on__isnull=True)
    condition = (
        Q(**{f"{prefix}kg_leader": user})
        | Q(**{f"{prefix}kz_leader": user})
        | Q(Exists(current.filter(role=MemberRole.LEADER)))
    )
    if user.has_role(Role.COORDINATOR):
        owning = JointTeam.cases.through.objects.filter(
            case_access_q(user, "change", prefix="case__"), jointteam=OuterRef(team_ref)
        )
        condition |= Q(Exists(current)) | Q(Exists(owning))
    return condition


def member_q(user, *, team_ref: str = "pk") -> Q:
    return Q(
        Exists(TeamMember.objects.filter(team=OuterRef(team_ref), user=user, left_on__isnull=True))
    )


RUNS_TEAM = Rule(runs_team_q, "runs_team")
# Members and those who run the team: comment, share materials.
IN_TEAM = Rule(lambda user: member_q(user) | runs_team_q(user), "in_team")
RUNS_TASK_TEAM = Rule(
    lambda user: runs_team_q(user, team_ref="team_id", prefix="team__"), "runs_task_team"
)
# Assignees update their own tasks (an agency's task: its members in the team); those who run
# the team update any of its tasks.
UPDATES_TASK = (
    Rule(
        lambda user: (
            Q(assignee=user)
            | (
                Q(assignee__isnull=True, assignee_agency_id=user.agency_id)
                & member_q(user, team_ref="team_id")
            )
        ),
        "assignee",
    )
    | RUNS_TASK_TEAM
)
IN_TASK_TEAM = Rule(
    lambda user: (
        member_q(user, team_ref="team_id") | runs_team_q(user, team_ref="team_id", prefix="team__")
    ),
    "in_task_team",
)


DATE = forms.DateInput(attrs={"type": "date"})


# --- The agreement --------------------------------------------------------------------------
class SignForm(forms.Form):
    signed_on = forms.DateField(label=gettext_lazy("signed on"), widget=DATE)


class ExtendForm(forms.Form):
    new_end = forms.DateField(label=gettext_lazy("new end"), widget=DATE)
    amended_on = forms.DateField(
        label=gettext_lazy("amendment signed on"), required=False, widget=DATE
    )
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=5000)


class CloseForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("note"), max_length=5000, required=False)


def team_url(team: JointTeam) -> str:
    return reverse("teams:detail", kwargs={"pk": team.pk})


def _sign(step: Step) -> None:
    from deadlines.services import deadline_open

    team, signed_on = step.obj, step.data["signed_on"]
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("This date is in the future.")})
    team.signed_on = signed_on
    step.changes["signed_on"] = [None, signed_on.isoformat()]
    deadline_open(
        subject=team,
        case=team.cases.order_by("pk").first(),
        trigger=TriggerEvent.JIT_AGREEMENT_SIGNED,
        started_at=step.now,
        country=team.kg_leader.country,
        due_on=team.ends_on,
        responsible=[team.kg_leader, team.kz_leader],
        url=team_url(team),
        actor=step.actor,
    )


def _activate(step: Step) -> None:
    if step.obj.starts_on > timezone.localdate():
        raise ValidationError({"starts_on": _("The agreement has not started yet.")})


def _extend(step: Step) -> None:
    from deadlines.computation import due_on_date
    from deadlines.models import Deadline
    from deadlines.services import deadline_extend
    from teams.models import TeamExtension

    team, new_end = step.obj, step.data["new_end"]
    reason = step.data["reason"].strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if new_end <= team.ends_on:
        raise ValidationError({"new_end": _("An extension ends later than the current end.")})
    TeamExtension.objects.create(
        team=team,
        previous_end=team.ends_on,
        new_end=new_end,
        amended_on=step.data.get("amended_on") or timezone.localdate(),
        reason=reason,
        actor=step.actor,
    )
    step.changes["ends_on"] = [team.ends_on.isoformat(), new_end.isoformat()]
    step.note = reason
    team.ends_on = new_end
    for clock in Deadline.objects.for_subject(team).open():
        deadline_extend(
            deadline=clock,
            actor=step.actor,
            new_due_at=due_on_date(new_end, clock.country),
            reason=reason,
            checked=False,  # the amendment is the team's step, decided by its own rule
        )


def _close(step: Step) -> None:
    from deadlines.services import deadline_meet

    deadline_meet(subject=step.obj, actor=step.actor, note=step.note)


TEAM_WORKFLOW = Workflow(
    model=JointTeam,
    state_label=lambda value: TeamStatus(value).label,
    visible=lambda user: JointTeam.objects.visible_to(user),
    transitions=[
        Transition(
            "sign",
            frozenset({TeamStatus.PROPOSED}),
            TeamStatus.SIGNED,
            RUNS_TEAM,
            form=SignForm,
            effect=_sign,
            label=gettext_lazy("marked as signed"),
            button=gettext_lazy("Agreement signed"),
        ),
        Transition(
            "activate",
            frozenset({TeamStatus.SIGNED}),
            TeamStatus.ACTIVE,
            RUNS_TEAM,
            effect=_activate,
            label=gettext_lazy("started"),
            button=gettext_lazy("Start work"),
        ),
        Transition(
            "extend",
            frozenset({TeamStatus.ACTIVE, TeamStatus.EXTENDED}),
            TeamStatus.EXTENDED,
            RUNS_TEAM,
            form=ExtendForm,
            effect=_extend,
            label=gettext_lazy("extended"),
            button=gettext_lazy("Extend"),
            note_field="reason",
        ),
        Transition(
            "close",
            frozenset(set(TeamStatus.values) - {TeamStatus.CLOSED}),
            TeamStatus.CLOSED,
            RUNS_TEAM,
            form=CloseForm,
            effect=_close,
            label=gettext_lazy("closed"),
            button=gettext_lazy("Close the team"),
            confirm=gettext_lazy(
                "The team ends its work: no more tasks can be assigned and its clocks stop."
            ),
        ),
    ],
)


# --- Tasks ----------------------------------------------------------------------------------
class MoveForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("what blocks it"), required=False, max_length=5000)
    result = forms.CharField(label=gettext_lazy("result"), required=False, max_length=20000)


def task_url(task: Task) -> str:
    return reverse("teams:task", kwargs={"pk": task.team_id, "task_pk": task.pk})


def _block(step: Step) -> None:
    reason = (step.data.get("reason") or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what blocks the task.")})
    step.obj.blocked_reason, step.note = reason, reason


def _leave_blocked(step: Step) -> None:
    step.obj.blocked_reason = ""


def _done(step: Step) -> None:
    from deadlines.services import deadline_meet

    result = (step.data.get("result") or "").strip()
    if not result:
        raise ValidationError({"result": _("Describe the result.")})
    step.obj.result, step.obj.blocked_reason, step.note = result, "", result
    deadline_meet(subject=step.obj, actor=step.actor)


def _cancel(step: Step) -> None:
    from deadlines.services import deadline_cancel

    step.obj.blocked_reason = ""
    step.note = (step.data.get("reason") or "").strip()
    deadline_cancel(subject=step.obj, actor=step.actor, note=step.note)


def _reopen_from(closed_state: str):
    """Taking a task up again from ``closed_state`` reopens the clocks closing it closed."""

    def effect(step: Step) -> None:
        from deadlines.services import deadline_reopen

        _leave_blocked(step)
        if step.previous == closed_state:
            deadline_reopen(subject=step.obj, actor=step.actor, note=step.note)

    return effect


TASK_WORKFLOW = Workflow(
    model=Task,
    state_label=lambda value: TaskStatus(value).label,
    visible=lambda user: Task.objects.filter(team__in=JointTeam.objects.visible_to(user)),
    audit_scope=lambda task: task.team,
    transitions=[
        Transition(
            "start",
            frozenset({TaskStatus.TODO, TaskStatus.BLOCKED, TaskStatus.DONE}),
            TaskStatus.IN_PROGRESS,
            UPDATES_TASK,
            form=MoveForm,
            effect=_reopen_from(TaskStatus.DONE),
            label=gettext_lazy("taken into work"),
            button=gettext_lazy("Take into work"),
        ),
        Transition(
            "block",
            frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS}),
            TaskStatus.BLOCKED,
            UPDATES_TASK,
            form=MoveForm,
            effect=_block,
            label=gettext_lazy("marked as blocked"),
            button=gettext_lazy("Blocked"),
        ),
        Transition(
            "done",
            frozenset({TaskStatus.IN_PROGRESS}),
            TaskStatus.DONE,
            UPDATES_TASK,
            form=MoveForm,
            effect=_done,
            label=gettext_lazy("finished"),
            button=gettext_lazy("Done"),
        ),
        Transition(
            "cancel",
            frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED}),
            TaskStatus.CANCELLED,
            UPDATES_TASK,
            form=MoveForm,
            effect=_cancel,
            label=gettext_lazy("cancelled"),
            button=gettext_lazy("Cancel the task"),
            confirm=gettext_lazy("The task is cancelled and its due-date clock stops."),
        ),
        Transition(
            "reopen",
            frozenset({TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.CANCELLED}),
            TaskStatus.TODO,
            UPDATES_TASK,
            form=MoveForm,
            effect=_reopen_from(TaskStatus.CANCELLED),
            label=gettext_lazy("returned to the to-do column"),
            button=gettext_lazy("Back to “to do”"),
        ),
    ],
)


def task_step_to(current: str, target: str) -> str | None:
    """The step that moves a card from ``current`` to ``target`` on the board, if any."""
    for name, transition in TASK_WORKFLOW.transitions.items():
        if transition.target == target and current in transition.sources:
            return name
    return None
