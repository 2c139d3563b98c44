"""The two workflows of cases — a case's status and a mirror-case link — as tables for
core.workflow.

Who may act is the cases' one access rule (``cases.querysets.case_access_q``) read as a
condition on the workflow's model: changing a case moves its status; the mirror case's
coordinators (its ``share`` right) accept or decline a proposed link.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import CaseStatus, LinkStatus
from cases.models import Case, CaseLink
from cases.querysets import case_access_q
from core.workflow import Rule, Step, Transition, Workflow


# --- Who ------------------------------------------------------------------------------------
def case_rule(action: str, prefix: str = "") -> Rule:
    """The case access rule for ``action`` as a step's rule (on a case, or via ``prefix``)."""
    return Rule(lambda user: case_access_q(user, action, prefix=prefix), f"case_{action}")


CHANGES_CASE = case_rule("change")
# A link's proposal is decided by the coordinators of the case it points at.
SHARES_TARGET = case_rule("share", "target__")
# The proposing side takes a link back; either side may end an accepted one (a link no longer
# proposed is the receiving side's too, so ending it twice is a 409, not a 403).
WITHDRAWS_LINK = Rule(
    lambda user: (
        case_access_q(user, "change", prefix="source__")
        | (case_access_q(user, "change", prefix="target__") & ~Q(status=LinkStatus.PROPOSED))
    ),
    "withdraws_link",
)


# --- A case's status ------------------------------------------------------------------------
REASON_REQUIRED = {"required": gettext_lazy("Give the reason.")}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages=REASON_REQUIRED,
    )


def _set_status_reason(step: Step) -> None:
    """The status carries the step's reason (empty when none was given); the case's version
    moves on, so an edit made from the page before the change is refused as stale."""
    case = step.obj
    reason = (step.data.get("reason") or "").strip()
    if case.status_reason != reason:
        step.changes["status_reason"] = [case.status_reason, reason]
    case.status_reason = reason
    case.version += 1


def _case_label(value: str) -> str:
    return str(CaseStatus(value).label)


CASE_WORKFLOW = Workflow(
    model=Case,
    state_label=_case_label,
    visible=lambda user: Case.objects.visible_to(user),
    transitions=[
        Transition(
            "suspend",
            frozenset({CaseStatus.OPEN}),
            CaseStatus.SUSPENDED,
            CHANGES_CASE,
            form=RequiredReasonForm,
            effect=_set_status_reason,
            label=gettext_lazy("suspended"),
            button=gettext_lazy("Suspend"),
            confirm=gettext_lazy(
                "The investigation is suspended until the case is reopened; give the reason."
            ),
            note_field="reason",
        ),
        Transition(
            "send_to_court",
            frozenset({CaseStatus.OPEN}),
            CaseStatus.SENT_TO_COURT,
            CHANGES_CASE,
            form=ReasonForm,
            effect=_set_status_reason,
            label=gettext_lazy("sent to court"),
            button=gettext_lazy("Send to court"),
            note_field="reason",
        ),
        Transition(
            "close",
            frozenset({CaseStatus.OPEN, CaseStatus.SUSPENDED, CaseStatus.SENT_TO_COURT}),
            CaseStatus.CLOSED,
            CHANGES_CASE,
            form=RequiredReasonForm,
            effect=_set_status_reason,
            label=gettext_lazy("closed"),
            button=gettext_lazy("Close the case"),
            confirm=gettext_lazy(
                "The case is closed: the investigation ends until it is reopened; give the reason."
            ),
            note_field="reason",
        ),
        Transition(
            "reopen",
            frozenset({CaseStatus.SUSPENDED, CaseStatus.SENT_TO_COURT, CaseStatus.CLOSED}),
            CaseStatus.OPEN,
            CHANGES_CASE,
            form=ReasonForm,
            effect=_set_status_reason,
            label=gettext_lazy("reopened"),
            button=gettext_lazy("Reopen"),
            note_field="reason",
        ),
    ],
)


def status_step(status: str) -> str:
    """The step that leads to ``status`` (each status is reached by exactly one step)."""
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    return next(n for n, t in CASE_WORKFLOW.transitions.items() if t.target == status)


# --- Mirror-case links ----------------------------------------------------------------------
class AcceptForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("note"), max_length=500, required=False)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=500,
        error_messages={"required": gettext_lazy("Give the reason for declining.")},
    )


def _link_repr(link: CaseLink) -> str:
    return f"{link.source.reference} → {link.target.reference}"


def _decide(step: Step) -> None:
    """Record who decided, when and why; the other side's history gets the decision too (the
    workflow's own audit row is in the proposing case's history)."""
    from audit.models import AuditAction
    from audit.services import audit_record

    link = step.obj
    link.decided_by, link.decided_at = step.actor, step.now
    link.decision_note = step.note
    target = CASE_LINK_WORKFLOW[step.name].target
    audit_record(
        actor=step.actor,
        action=AuditAction.TRANSITION,
        obj=link,
        object_repr=_link_repr(link),
        changes={"status": [step.previous, target]},
        note=step.note,
        scope=link.target,
    )


def _withdraw(step: Step) -> None:
    step.obj.decided_by, step.obj.decided_at = step.actor, step.now


CASE_LINK_WORKFLOW = Workflow(
    model=CaseLink,
    state_label=lambda value: str(LinkStatus(value).label),
    visible=lambda user: CaseLink.objects.visible_to(user),
    audit_scope=lambda link: link.source,
    transitions=[
        Transition(
            "accept",
            frozenset({LinkStatus.PROPOSED}),
            LinkStatus.ACCEPTED,
            SHARES_TARGET,
            form=AcceptForm,
            effect=_decide,
            label=gettext_lazy("accepted"),
            button=gettext_lazy("Accept"),
        ),
        Transition(
            "decline",
            frozenset({LinkStatus.PROPOSED}),
            LinkStatus.DECLINED,
            SHARES_TARGET,
            form=DeclineForm,
            effect=_decide,
            label=gettext_lazy("declined"),
            button=gettext_lazy("Decline"),
            confirm=gettext_lazy(
                "The proposal is declined: the cases are not linked, and a new proposal is needed."
            ),
        ),
        Transition(
            "withdraw",
            frozenset({LinkStatus.PROPOSED, LinkStatus.ACCEPTED}),
            LinkStatus.WITHDRAWN,
            WITHDRAWS_LINK,
            effect=_withdraw,
            label=gettext_lazy("withdrawn"),
            button=gettext_lazy("Withdraw"),
            confirm=gettext_lazy("The cases are no longer linked as mirrors of each other."),
        ),
    ],
)
