"""The workflow of a request for legal assistance as a table for core.workflow.

Two sides act on a request. The requesting side drafts it (those who may change its case),
approves and sends it (its prosecutors, or for police channels its coordinators), answers a
call for supplementary information and may withdraw it. The requested side (officers of the
requested agency) registers it; its coordinators and prosecutors accept, ask for more, assign
and refuse; the executing officer reports the results. Who may take each step is a condition
on the request (``Rule``), so the same rule answers a single check, the page's buttons, the
API's ``allowed_transitions`` and the lists' annotations.

Each step's effect keeps the request's clocks: sending opens the execution clock in the
requested state, a call for supplement pauses it and opens the requesting side's clock, the
supplement meets that one and resumes the first, execution and refusal meet them, withdrawal
cancels them. Sending and supplementing freeze the request's documents; execution freezes the
report.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.choices import Role
from accounts.models import User
from cases.querysets import CASE_ROLES, case_access_q
from core.exceptions import DomainError
from core.phrases import Phrase
from core.workflow import NOTHING, Notice, Rule, Step, Transition, Workflow
from requests_mla import documents as request_documents
from requests_mla import forms
from requests_mla.choices import FINAL_STATUSES, RequestStatus
from requests_mla.models import MLARequest, StatusChange
from requests_mla.querysets import approver_scope_q, of_country_q
from treaties.choices import TriggerEvent

S = RequestStatus


# --- Who ------------------------------------------------------------------------------------
def requested_officer_q(user) -> Q:
    """Officers with a case role of the requested agency."""
    if not user.agency_id or not user.role_names & CASE_ROLES:
        return NOTHING
    return Q(requested_agency_id=user.agency_id)


def requested_manager_q(user) -> Q:
    """Coordinators and prosecutors of the requested agency: accept, assign, refuse."""
    if not (user.has_role(Role.COORDINATOR) or user.has_role(Role.PROSECUTOR)):
        return NOTHING
    return requested_officer_q(user)


def executing_manager_q(user) -> Q:
    """Coordinators and prosecutors of the agency the request was routed to: accept, assign."""
    if not (user.has_role(Role.COORDINATOR) or user.has_role(Role.PROSECUTOR)):
        return NOTHING
    if not user.agency_id or not user.role_names & CASE_ROLES:
        return NOTHING
    return Q(executing_agency_id=user.agency_id)


# --- Who, in words (the page's "waiting for: <step> — <who>") --------------------------------
def _drafter_words(request: MLARequest) -> str:
    return _("the drafting investigator (%(agency)s)") % {"agency": request.requesting_agency.name}


def _approver_words(request: MLARequest) -> str:
    from accounts.models import Agency
    from requests_mla.choices import RequestType
    from requests_mla.querysets import APPROVING_AGENCY_KINDS

    agency = request.requesting_agency
    if request.request_type != RequestType.FORMAL_MLA:
        return _("a coordinator of %(agency)s") % {"agency": agency.name}
    # Read once per requesting agency of the request object: its page names the approver of
    # several steps (three queries of the same rows before).
    known = request.__dict__.get("_approving_offices")
    if known is not None and known[0] == agency.pk:
        offices = known[1]
    else:
        offices = [agency] if agency.kind in APPROVING_AGENCY_KINDS else []
        offices += Agency.objects.filter(
            country=agency.country, kind__in=APPROVING_AGENCY_KINDS
        ).exclude(pk=agency.pk)
        request.__dict__["_approving_offices"] = (agency.pk, offices)
    return _("a prosecutor of %(agency)s") % {"agency": ", ".join(a.name for a in offices)}


def _requested_words(request: MLARequest) -> str:
    return _("an officer of %(agency)s") % {"agency": request.requested_agency.name}


def _requested_manager_words(request: MLARequest) -> str:
    return _("a coordinator or prosecutor of %(agency)s") % {
        "agency": request.requested_agency.name
    }


def _executing_manager_words(request: MLARequest) -> str:
    agency = request.executing_agency or request.requested_agency
    return _("a coordinator or prosecutor of %(agency)s") % {"agency": agency.name}


def _executor_words(request: MLARequest) -> str:
    if request.executing_officer_id:
        return _("the executing officer %(name)s") % {
            "name": request.executing_officer.display_name
        }
    return _executing_manager_words(request)


def _requesting_side_words(request: MLARequest) -> str:
    return _("%(drafter)s or %(approver)s") % {
        "drafter": _drafter_words(request),
        "approver": _approver_words(request),
    }


def drafter_q(user) -> Q:
    """Those who may change the requesting case, of its country.

    A request's requesting agency is of its case's country (``services``), and a request is
    seen by the other country only once sent: the country is what any drafter already shares
    with the request. Said as a condition on the request's own agency column, it narrows the
    drafts waiting for a drafter by the (requesting agency, status) index before any case row
    is probed: at 100,000 cases the start page's "waiting for me" read the 1,019 drafts of
    both countries to keep 105.
    """
    may_change = case_access_q(user, "change", prefix="case__")
    if user.is_superuser or not user.agency_id:  # of no country: as the request list's rule
        return may_change
    return of_country_q("requesting_agency_id", user.agency.country, indexed=True) & may_change


# May edit and submit: those who may change the requesting case.
DRAFTER = Rule(drafter_q, "drafter").held_by(_drafter_words)
# Prosecutors (or, for police channels, coordinators) of the requesting side: approve and send.
APPROVER = Rule(lambda user: approver_scope_q(user, include_drafts=True), "approver").held_by(
    _approver_words
)
REQUESTED = Rule(requested_officer_q, "requested").held_by(_requested_words)
REQUESTED_MANAGER = Rule(requested_manager_q, "requested_manager").held_by(_requested_manager_words)
# The requested side's managers, and those of the agency the request was routed to: accept it,
# assign the executing officer.
EXECUTING_MANAGER = (REQUESTED_MANAGER | Rule(executing_manager_q, "executing_manager")).held_by(
    _executing_manager_words
)
EXECUTOR = (
    Rule(lambda user: Q(executing_officer=user), "executing_officer") | EXECUTING_MANAGER
).held_by(_executor_words)
REQUESTING_SIDE = (DRAFTER | APPROVER).held_by(_requesting_side_words)


def may_draft(user, case) -> bool:
    """May draft a request of ``case``: the drafter's rule, asked of the case itself."""
    from cases.models import Case

    return Case.objects.visible_to(user, "change").filter(pk=case.pk).exists()


# --- Clocks ---------------------------------------------------------------------------------
def _officers(agency, *roles) -> list[User]:
    return list(
        User.objects.filter(agency=agency, is_active=True, groups__name__in=roles).distinct()
    )


def _requested_side(request: MLARequest) -> list[User]:
    people = _officers(request.requested_agency, Role.COORDINATOR, Role.PROSECUTOR)
    return [*people, request.executing_officer] if request.executing_officer_id else people


def _open_execution_clock(request: MLARequest, actor: User) -> None:
    from deadlines.services import deadline_open

    deadline_open(
        subject=request,
        case=request.case,
        trigger=TriggerEvent.MLA_SENT,
        started_at=request.sent_at,
        country=request.requested_agency.country,
        due_on=request.execution_requested_by,
        responsible=_requested_side(request),
        escalation=_officers(request.requested_agency, Role.COORDINATOR),
        url=reverse("requests_mla:detail", kwargs={"pk": request.pk}),
        actor=actor,
    )


def _open_supplement_clock(request: MLARequest, actor: User) -> None:
    from deadlines.services import deadline_open

    requesting = [
        request.case.lead_investigator,
        *_officers(request.requesting_agency, Role.COORDINATOR),
    ]
    deadline_open(
        subject=request,
        case=request.case,
        trigger=TriggerEvent.MLA_RETURNED_FOR_SUPPLEMENT,
        started_at=timezone.now(),
        country=request.requesting_agency.country,
        responsible=requesting,
        escalation=_officers(request.requesting_agency, Role.COORDINATOR),
        url=reverse("requests_mla:detail", kwargs={"pk": request.pk}),
        actor=actor,
    )


# --- Documents ------------------------------------------------------------------------------
def mla_document_render(*, request: MLARequest, kind: str, actor: User):
    """Render one of the request's documents as it stands now (a preview until frozen).

    Official documents are in Russian, the working language of both countries' authorities,
    whatever language the officer's interface is in.
    """
    from documents.services import document_render as render

    template, _title = request_documents.DOCUMENT_KINDS[kind]
    with translation.override("ru"):
        return render(
            template=template,
            context=request_documents.context(request, actor=actor, kind=kind),
            reference=request.reference,
        )


def _freeze(request: MLARequest, actor: User, kinds) -> None:
    from documents.services import document_store

    for kind in kinds:
        _template, title = request_documents.DOCUMENT_KINDS[kind]
        rendered = mla_document_render(request=request, kind=kind, actor=actor)
        with translation.override("ru"):
            title = str(title)
        document_store(
            subject=request, kind=kind, title=title, rendered=rendered, actor=actor, frozen=True
        )


def _freeze_request_document(request: MLARequest, actor: User) -> None:
    _freeze(request, actor, [kind for kind, _t, _l in request_documents.SENT_DOCUMENTS])


# --- Effects --------------------------------------------------------------------------------
class IncompleteRequest(DomainError):
    """Sending is refused while a required element is missing."""

    status_code = 409


def _approve(step: Step) -> None:
    step.obj.remarks = ""


def _return(step: Step) -> None:
    remarks = step.data["remarks"].strip()
    if not remarks:
        raise ValidationError({"remarks": _("Say what must be revised.")})
    step.obj.remarks = step.note = remarks


def _send(step: Step) -> None:
    from requests_mla.completeness import Draft, evaluate

    request, data = step.obj, step.data
    checklist = evaluate(Draft.from_request(request))
    if not checklist.complete:
        raise IncompleteRequest(
            _("The request lacks elements its legal basis requires."),
            details=[item.as_dict() for item in checklist.missing],
        )
    errors = {}
    if not data["outgoing_number"].strip():
        errors["outgoing_number"] = _("Give the outgoing number.")
    # Dates of a letter are the writer's calendar dates, whether they act in the browser or
    # through the API (whose token clients the zone middleware does not yet know).
    if data["outgoing_date"] > timezone.localdate(timezone=step.actor.zone):
        errors["outgoing_date"] = _("The outgoing date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    request.outgoing_number = data["outgoing_number"].strip()
    request.outgoing_date, request.channel = data["outgoing_date"], data["channel"]
    request.sent_at = step.now
    request.status = S.SENT
    step.changes["outgoing_number"] = [None, request.outgoing_number]
    _freeze_request_document(request, step.actor)
    _open_execution_clock(request, step.actor)


def _receive(step: Step) -> None:
    request, data = step.obj, step.data
    number, date = data["incoming_number"].strip(), data["incoming_date"]
    errors = {}
    if not number:
        errors["incoming_number"] = _("Give the incoming number.")
    zone = step.actor.zone
    if date > timezone.localdate(timezone=zone):
        errors["incoming_date"] = _("The incoming date cannot be in the future.")
    # The two states keep different calendars: Bishkek (UTC+6) is a day ahead of Almaty
    # (UTC+5) for an hour each night, so a letter dated the 2nd in Bishkek can arrive on the
    # 1st in Almaty. It cannot arrive before its date began, read in the receiver's calendar.
    if request.outgoing_date:
        written_in = zoneinfo.ZoneInfo(request.requesting_agency.zone_name)
        began = datetime.datetime.combine(request.outgoing_date, datetime.time.min, written_in)
        if date < timezone.localdate(began, timezone=zone):
            errors["incoming_date"] = _("A request cannot arrive before it was sent.")
    if errors:
        raise ValidationError(errors)
    request.incoming_number, request.incoming_date = number, date
    step.changes["incoming_number"] = [None, number]


def _route(step: Step) -> None:
    """The receiving office sends the request on to the agency that executes it (GPO → MVD);
    that agency's coordinators answer for the execution clock from now on."""
    from deadlines.models import Deadline

    request, agency = step.obj, step.data["executing_agency"]
    if agency.country != request.requested_agency.country or agency == request.requested_agency:
        raise ValidationError(
            {"executing_agency": _("Route the request to another agency of the requested country.")}
        )
    step.changes["executing_agency"] = [request.executing_agency_id, agency.pk]
    request.executing_agency = agency
    step.note = step.note or _("Routed to %(agency)s for execution.") % {"agency": agency.name}
    coordinators = _officers(agency, Role.COORDINATOR)
    for deadline in Deadline.objects.for_subject(request).filter(kind=TriggerEvent.MLA_SENT).open():
        deadline.responsible.add(*coordinators)


def _request_supplement(step: Step) -> None:
    from deadlines.services import deadline_pause_for

    request, text = step.obj, step.data["text"].strip()
    if not text:
        raise ValidationError({"text": _("Say what information is needed.")})
    request.supplement_request = step.note = text
    # The requesting side has the ball: the execution clock waits, the supplement clock runs.
    deadline_pause_for(subject=request, kinds=[TriggerEvent.MLA_SENT], actor=step.actor, note=text)
    _open_supplement_clock(request, step.actor)


def _supplement(step: Step) -> None:
    """The requesting side answers and re-sends; the documents get a new frozen version."""
    from deadlines.services import deadline_meet, deadline_resume_for

    request, text = step.obj, step.data["text"].strip()
    if not text:
        raise ValidationError({"text": _("Give the supplementary information.")})
    request.supplement_text = "\n\n".join(t for t in (request.supplement_text, text) if t)
    request.sent_at = step.now
    request.status = S.SENT
    step.note = text
    _freeze_request_document(request, step.actor)
    deadline_meet(
        subject=request, kinds=[TriggerEvent.MLA_RETURNED_FOR_SUPPLEMENT], actor=step.actor
    )
    deadline_resume_for(
        subject=request, kinds=[TriggerEvent.MLA_SENT], actor=step.actor, note="supplemented"
    )


def _start_execution(step: Step) -> None:
    from deadlines.models import Deadline
    from requests_mla.querysets import executor_candidates

    request, officer = step.obj, step.data["executing_officer"]
    if not executor_candidates(request).filter(pk=officer.pk).exists():
        raise ValidationError(
            {"executing_officer": _("The executing officer must be of the executing agency.")}
        )
    request.executing_officer = officer
    step.changes["executing_officer"] = [None, officer.pk]
    for deadline in Deadline.objects.for_subject(request).filter(kind=TriggerEvent.MLA_SENT).open():
        deadline.responsible.add(officer)


def _execute(step: Step) -> str:
    """Report the execution (fully or partially); the execution report is rendered and frozen."""
    from deadlines.services import deadline_meet

    request, summary = step.obj, step.data["result_summary"].strip()
    if not summary:
        raise ValidationError({"result_summary": _("Describe the results.")})
    request.result_summary = step.note = summary
    target = S.PARTIALLY_EXECUTED if step.data.get("partially") else S.EXECUTED
    request.status = target  # the report says "in full" or "in part"
    _freeze(request, step.actor, ["execution_report"])
    deadline_meet(subject=request, actor=step.actor, note=str(RequestStatus(target).label))
    return target


def _refuse(step: Step) -> None:
    from deadlines.services import deadline_meet

    request, grounds = step.obj, list(step.data.get("grounds") or [])
    if not grounds:
        raise ValidationError({"grounds": _("Choose the grounds for refusal.")})
    bases = {i.pk for i in request.instruments.all()}
    if any(g.instrument_id not in bases or g.request_kind != "mla" for g in grounds):
        raise ValidationError({"grounds": _("Grounds must come from the request's legal basis.")})
    request.refusal_note = step.note = (step.data.get("note") or "").strip()
    step.changes["refusal_grounds"] = [None, sorted(g.pk for g in grounds)]
    request.refusal_grounds.set(grounds)
    deadline_meet(subject=request, actor=step.actor, note="refused")


def _withdraw(step: Step) -> None:
    from deadlines.services import deadline_cancel

    reason = step.data["reason"].strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the request.")})
    step.note = reason
    deadline_cancel(subject=step.obj, actor=step.actor, note=reason)


def _counted(effect=None):
    """Every step is an edit of the request: its version moves (a form opened before the step
    is refused as stale), then the step's own effect runs."""

    def run(step: Step):
        step.obj.version += 1
        return effect(step) if effect else None

    return run


def _history(step: Step, target: str) -> None:
    StatusChange.objects.create(
        request=step.obj,
        from_status=step.previous,
        to_status=target,
        actor=step.actor,
        occurred_at=step.now,
        note=step.note,
    )


def _step(name, sources, target, may, form, effect=None, **kwargs) -> Transition:
    return Transition(
        name, frozenset(sources), target, may, form=form, effect=_counted(effect), **kwargs
    )


# --- Who is told -----------------------------------------------------------------------------
def _url(request: MLARequest) -> str:
    return reverse("requests_mla:detail", kwargs={"pk": request.pk})


def _drafters(request: MLARequest) -> list:
    """The requesting side's drafters: the case's lead and assigned investigators."""
    case = request.case
    return [case.lead_investigator_id, *case.investigators.values_list("pk", flat=True)]


def _receivers(request: MLARequest) -> list:
    """Officers of the requested agency who register an arriving request."""
    return list(
        User.objects.filter(
            agency_id=request.requested_agency_id, is_active=True, groups__name__in=CASE_ROLES
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _tell_arrived(step: Step) -> list[Notice]:
    request = step.obj
    return [
        Notice(
            _receivers(request),
            "mla_arrived",
            Phrase(gettext_lazy("Request %(reference)s has arrived"), reference=request.reference),
            _url(request),
        )
    ]


def _tell_routed(step: Step) -> list[Notice]:
    """The executing agency's coordinators: the request is now theirs to accept and assign."""
    request = step.obj
    return [
        Notice(
            _officers(request.executing_agency, Role.COORDINATOR),
            "mla_routed",
            Phrase(
                gettext_lazy("Request %(reference)s has been routed to your agency for execution"),
                reference=request.reference,
            ),
            _url(request),
            step.note,
        )
    ]


def _tell_assigned(step: Step) -> list[Notice]:
    request = step.obj
    return [
        Notice(
            [request.executing_officer_id],
            "mla_assigned",
            Phrase(
                gettext_lazy("Request %(reference)s is assigned to you for execution"),
                reference=request.reference,
            ),
            _url(request),
        )
    ]


def _tell_requesting_side(kind: str, title: str):
    """The drafters learn what became of their request (``title`` takes its reference)."""

    def tell(step: Step) -> list[Notice]:
        request = step.obj
        return [
            Notice(
                _drafters(request),
                kind,
                Phrase(title, reference=request.reference),
                _url(request),
                step.note,
            )
        ]

    return tell


def _tell_sent(step: Step) -> list[Notice]:
    return [
        *_tell_requesting_side("mla_sent", gettext_lazy("Request %(reference)s has been sent"))(
            step
        ),
        *_tell_arrived(step),
    ]


RECEIVED_OR_LATER = {S.RECEIVED, S.ACCEPTED, S.IN_EXECUTION}

MLA_WORKFLOW = Workflow(
    model=MLARequest,
    state_label=lambda value: RequestStatus(value).label,
    visible=lambda user: MLARequest.objects.visible_to(user),
    history=_history,
    audit_scope=lambda request: request.case,
    transitions=[
        _step(
            "submit",
            {S.DRAFT, S.RETURNED},
            S.SUBMITTED,
            DRAFTER,
            forms.NoteForm,
            label=gettext_lazy("submitted for approval"),
            button=gettext_lazy("Submit for approval"),
        ),
        _step(
            "approve",
            {S.SUBMITTED},
            S.APPROVED,
            APPROVER,
            forms.NoteForm,
            _approve,
            label=gettext_lazy("approved"),
            button=gettext_lazy("Approve"),
            notify=_tell_requesting_side(
                "mla_approved", gettext_lazy("Request %(reference)s has been approved")
            ),
        ),
        _step(
            "return",
            {S.SUBMITTED, S.APPROVED},
            S.RETURNED,
            APPROVER,
            forms.ReturnForm,
            _return,
            label=gettext_lazy("returned for revision"),
            button=gettext_lazy("Return for revision"),
            confirm=gettext_lazy(
                "The request goes back to its drafters: it must be submitted and approved again."
            ),
            note_field="remarks",
        ),
        _step(
            "send",
            {S.APPROVED},
            S.SENT,
            APPROVER,
            forms.SendForm,
            _send,
            label=gettext_lazy("sent"),
            button=gettext_lazy("Send"),
            confirm=gettext_lazy(
                "The request goes to the requested state: its documents are frozen as they are "
                "and can no longer be changed, and the execution clock starts."
            ),
            forward=True,  # irreversible, yet the way forward: "waiting for: send"
            notify=_tell_sent,
        ),
        _step(
            "receive",
            {S.SENT},
            S.RECEIVED,
            REQUESTED,
            forms.ReceiveForm,
            _receive,
            label=gettext_lazy("registered as received"),
            button=gettext_lazy("Register as received"),
        ),
        _step(
            "route",
            {S.RECEIVED, S.ACCEPTED},
            None,  # the state stays: the request moves to another agency of the same country
            REQUESTED_MANAGER,
            forms.RouteForm,
            _route,
            label=gettext_lazy("routed to the executing agency"),
            button=gettext_lazy("Route to the executing agency"),
            notify=_tell_routed,
        ),
        _step(
            "accept",
            {S.RECEIVED},
            S.ACCEPTED,
            EXECUTING_MANAGER,
            forms.NoteForm,
            label=gettext_lazy("accepted for execution"),
            button=gettext_lazy("Accept for execution"),
            notify=_tell_requesting_side(
                "mla_accepted",
                gettext_lazy("Request %(reference)s has been accepted for execution"),
            ),
        ),
        _step(
            "request_supplement",
            {S.RECEIVED, S.ACCEPTED},
            S.SUPPLEMENT_REQUESTED,
            REQUESTED_MANAGER,
            forms.TextForm,
            _request_supplement,
            label=gettext_lazy("returned for supplementary information"),
            button=gettext_lazy("Request supplementary information"),
            notify=_tell_requesting_side(
                "mla_supplement_requested",
                gettext_lazy("Supplementary information is asked for request %(reference)s"),
            ),
            note_field="text",
        ),
        _step(
            "supplement",
            {S.SUPPLEMENT_REQUESTED},
            S.SENT,
            REQUESTING_SIDE,
            forms.TextForm,
            _supplement,
            label=gettext_lazy("supplemented"),
            button=gettext_lazy("Supplement and re-send"),
            notify=_tell_arrived,
            note_field="text",
        ),
        _step(
            "start_execution",
            {S.ACCEPTED},
            S.IN_EXECUTION,
            EXECUTING_MANAGER,
            forms.StartExecutionForm,
            _start_execution,
            label=gettext_lazy("put into execution"),
            button=gettext_lazy("Start execution"),
            notify=_tell_assigned,
        ),
        _step(
            "execute",
            {S.IN_EXECUTION},
            None,  # executed, or executed in part: the effect decides
            EXECUTOR,
            forms.ExecuteForm,
            _execute,
            label=gettext_lazy("reported as executed"),
            button=gettext_lazy("Report execution"),
            notify=_tell_requesting_side(
                "mla_executed", gettext_lazy("Request %(reference)s has been executed")
            ),
            note_field="result_summary",
        ),
        _step(
            "refuse",
            RECEIVED_OR_LATER,
            S.REFUSED,
            REQUESTED_MANAGER,
            forms.RefuseForm,
            _refuse,
            label=gettext_lazy("refused"),
            button=gettext_lazy("Refuse execution"),
            notify=_tell_requesting_side(
                "mla_refused", gettext_lazy("Execution of request %(reference)s has been refused")
            ),
            confirm=gettext_lazy(
                "Execution is refused for good: the requesting side is told the grounds and "
                "the request's clocks stop."
            ),
        ),
        _step(
            "withdraw",
            set(S.values) - set(FINAL_STATUSES),
            S.WITHDRAWN,
            REQUESTING_SIDE,
            forms.WithdrawForm,
            _withdraw,
            label=pgettext_lazy("request status", "withdrawn"),
            button=gettext_lazy("Withdraw"),
            confirm=gettext_lazy(
                "The request is withdrawn for good: it cannot be sent or executed any more and "
                "its clocks stop."
            ),
            note_field="reason",
        ),
    ],
)

STEP_LABELS = {name: t.label for name, t in MLA_WORKFLOW.transitions.items()}


def api_step_name(name: str) -> str:
    """Steps are hyphenated in URLs and in the API (``start-execution``)."""
    return name.replace("_", "-")


def allowed_steps(user, request: MLARequest) -> list[str]:
    """The steps ``user`` may take on ``request`` now: read from the list's annotations when
    the row carries them (``MLA_WORKFLOW.annotate_allowed``), else asked in one query."""
    flags = [f"may_{name}" for name in MLA_WORKFLOW.names()]
    if all(hasattr(request, flag) for flag in flags):
        return [name for name in MLA_WORKFLOW.names() if getattr(request, f"may_{name}")]
    return MLA_WORKFLOW.allowed(user, request)
