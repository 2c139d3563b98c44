"""How the persons concerned by a request are shown to each side.

SECURITY: a victim's identity is shown to the requesting side's officers who hold
view_protected on the case, and to everyone who sees the request when the requester disclosed
it because the execution needs it. Otherwise the pseudonym. Every display of a victim's
identity is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import Case
from cases.services import protected_view_record
from treaties.models import AssistanceKind


@dataclass
class PersonView:
    link: object
    hidden: bool

    @property
    def participant(self):
        return self.link.participant

    @property
    def name(self) -> str:
        if self.hidden:
            return self.participant.pseudonym
        return self.participant.person.full_name

    @property
    def person(self):
        return None if self.hidden else self.participant.person

    @property
    def role_label(self) -> str:
        # A pseudonymous victim keeps the generic role: the wording would tell the sex.
        if self.hidden:
            return self.participant.get_role_display()
        return self.participant.role_label


@dataclass
class ActionView:
    action: object
    persons: list[PersonView]
    # The kind of assistance as the registry names it in the reader's language.
    kind_label: str = ""


def action_views(mla, *, user, where: str) -> list[ActionView]:
    may_see = Case.objects.visible_to(user, "view_protected").filter(pk=mla.case_id).exists()
    kind_names = AssistanceKind.objects.names()
    views, shown = [], {}
    for action in mla.actions.all():
        persons = []
        for link in action.links.all():
            participant = link.participant
            hidden = participant.is_protected and not (may_see or link.disclose_identity)
            persons.append(PersonView(link=link, hidden=hidden))
            if participant.is_protected and not hidden:
                shown[participant.pk] = participant
        views.append(
            ActionView(
                action=action,
                persons=persons,
                kind_label=kind_names.get(action.kind, action.kind),
            )
        )
    if shown:
        protected_view_record(actor=user, participants=list(shown.values()), where=where)
    return views


@dataclass
class NextStep:
    """A step the request waits for, for the page: what, whose, and why not the reader's."""

    label: str
    holder: str
    mine: bool
    why_not: str = ""
    name: str = ""


def next_steps(user, request, allowed=None) -> list[NextStep]:
    """What the request waits for now and who holds each step, from the workflow's table.

    Steps that end or undo the request (refuse, withdraw, return) are alternatives, not the way
    forward: they stay with their buttons (``Transition.is_forward``). ``allowed``: the steps
    the page already knows ``user`` may take.
    """
    from django.utils.translation import gettext as _

    from requests_mla.workflow import MLA_WORKFLOW

    steps = []
    for pending in MLA_WORKFLOW.pending(request, user, allowed):
        transition = pending.transition
        if not transition.is_forward:
            continue
        why_not = ""
        if not pending.mine:
            if transition.name == "execute" and request.executing_officer_id != user.pk:
                why_not = _("you are not assigned as the executing officer")
            else:
                why_not = _("this step is not yours")
        steps.append(
            NextStep(str(transition.button), pending.holder, pending.mine, why_not, transition.name)
        )
    return steps
