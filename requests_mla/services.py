"""Drafting requests for legal assistance and moving them through their workflow.

One table of allowed transitions (TRANSITIONS); one function per step. Each step runs in one
transaction, checks the status and the actor's side, records a status-history row and an audit
event, and refuses anything else (IllegalTransition -> 409, PermissionDenied -> 403).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.choices import Role
from accounts.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case, Participant
from core.exceptions import DomainError, IllegalTransition, StaleEdit
from core.services import reference_next_number
from deadlines.models import Deadline
from deadlines.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadline_pause_for,
    deadline_resume_for,
)
from documents.services import document_render, document_store
from requests_mla import documents as request_documents
from requests_mla.choices import EXCHANGED_STATUSES, FINAL_STATUSES, RequestStatus
from requests_mla.completeness import Draft, evaluate
from requests_mla.models import ActionPerson, MLARequest, RequestedAction, RequestFile, StatusChange
from requests_mla.permissions import PREDICATES, is_drafter
from treaties.choices import TriggerEvent
from treaties.governing import governing_instruments
from treaties.models import AssistanceKind, Instrument, InstrumentAssistance, Provision

S = RequestStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    who: str  # a key of requests_mla.permissions.PREDICATES


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "drafter"),
    "approve": Transition(frozenset({S.SUBMITTED}), S.APPROVED, "approver"),
    "return": Transition(frozenset({S.SUBMITTED, S.APPROVED}), S.RETURNED, "approver"),
    "send": Transition(frozenset({S.APPROVED}), S.SENT, "approver"),
    "receive": Transition(frozenset({S.SENT}), S.RECEIVED, "requested"),
    "accept": Transition(frozenset({S.RECEIVED}), S.ACCEPTED, "requested_manager"),
    "request_supplement": Transition(
        frozenset({S.RECEIVED, S.ACCEPTED}), S.SUPPLEMENT_REQUESTED, "requested_manager"
    ),
    "supplement": Transition(frozenset({S.SUPPLEMENT_REQUESTED}), S.SENT, "requesting_side"),
    "start_execution": Transition(frozenset({S.ACCEPTED}), S.IN_EXECUTION, "requested_manager"),
    "execute": Transition(frozenset({S.IN_EXECUTION}), S.EXECUTED, "executor"),
    "refuse": Transition(
        frozenset({S.RECEIVED, S.ACCEPTED, S.IN_EXECUTION}), S.REFUSED, "requested_manager"
    ),
    "withdraw": Transition(
        frozenset(set(S.values) - set(FINAL_STATUSES)), S.WITHDRAWN, "requesting_side"
    ),
}


# Once a request has left, its documents are the frozen versions: no more previews.
PREVIEW_CLOSED = frozenset({*EXCHANGED_STATUSES, S.WITHDRAWN})


def allowed_transitions(user, request: MLARequest) -> list[str]:
    """The steps this user may take on this request now (for buttons and the API)."""
    return [
        name
        for name, transition in TRANSITIONS.items()
        if request.status in transition.sources and PREDICATES[transition.who](user, request)
    ]


def _begin(request: MLARequest, actor: User, name: str) -> MLARequest:
    transition = TRANSITIONS[name]
    # SECURITY: the actor's side first (403), then the state (409).
    if not MLARequest.objects.visible_to(actor).filter(pk=request.pk).exists():
        raise PermissionDenied(_("You cannot see this request."))
    # RACE: lock the row; two officers pressing the same button do not both succeed.
    locked = (
        MLARequest.objects.select_for_update()
        .select_related("case", "requesting_agency", "requested_agency")
        .get(pk=request.pk)
    )
    if not PREDICATES[transition.who](actor, locked):
        raise PermissionDenied(_("Your role does not allow this step."))
    if locked.status not in transition.sources:
        raise IllegalTransition(
            _("A request that is “%(status)s” cannot be %(step)s.")
            % {"status": RequestStatus(locked.status).label, "step": STEP_LABELS[name]}
        )
    return locked


def _finish(
    request: MLARequest,
    actor: User,
    name: str,
    *,
    target: str | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> MLARequest:
    previous = request.status
    request.status = target or TRANSITIONS[name].target
    request.version += 1
    request.save()
    StatusChange.objects.create(
        request=request,
        from_status=previous,
        to_status=request.status,
        actor=actor,
        occurred_at=timezone.now(),
        note=note,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=request,
        changes={"status": [previous, request.status], **(changes or {})},
        note=note,
        scope=request.case,
    )
    return request


STEP_LABELS = {
    "submit": gettext_lazy("submitted for approval"),
    "approve": gettext_lazy("approved"),
    "return": gettext_lazy("returned for revision"),
    "send": gettext_lazy("sent"),
    "receive": gettext_lazy("registered as received"),
    "accept": gettext_lazy("accepted for execution"),
    "request_supplement": gettext_lazy("returned for supplementary information"),
    "supplement": gettext_lazy("supplemented"),
    "start_execution": gettext_lazy("put into execution"),
    "execute": gettext_lazy("reported as executed"),
    "refuse": gettext_lazy("refused"),
    "withdraw": pgettext_lazy("request status", "withdrawn"),
}


# --- Clocks ---------------------------------------------------------------------------------
def _officers(agency, *roles) -> list[User]:
    return list(
        User.objects.filter(agency=agency, is_active=True, groups__name__in=roles).distinct()
    )


def _requested_side(request: MLARequest) -> list[User]:
    people = _officers(request.requested_agency, Role.COORDINATOR, Role.PROSECUTOR)
    return [*people, request.executing_officer] if request.executing_officer_id else people


def _open_execution_clock(request: MLARequest, actor: User) -> None:
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


# --- Drafting -------------------------------------------------------------------------------
def applicable_instruments(requesting_country: str, requested_country: str) -> list[Instrument]:
    """Instruments that govern between the two countries today, in the order they apply
    (bilateral first); one superseded between its parties by another is left out."""
    return governing_instruments(
        (requesting_country, requested_country),
        queryset=Instrument.objects.legal_bases(for_mla=True),
    )


def proposed_instruments(requesting_country: str, requested_country: str) -> list[Instrument]:
    """The bases proposed for a new request: the first applicable bilateral and CIS instruments.

    UN instruments stay available to choose; they are the general basis when these do not apply.
    """
    proposed, kinds = [], set()
    for instrument in applicable_instruments(requesting_country, requested_country):
        if instrument.kind in ("bilateral", "cis") and instrument.kind not in kinds:
            proposed.append(instrument)
            kinds.add(instrument.kind)
    return proposed


def providing_provisions(instruments, kinds):
    """The articles of these instruments that provide these kinds of assistance (registry)."""
    links = InstrumentAssistance.objects.filter(
        instrument__in=list(instruments), kind__code__in=list(kinds), provision__isnull=False
    )
    return Provision.objects.filter(pk__in=links.values("provision"))


def _validate_agencies(case: Case, requesting: Agency, requested: Agency) -> None:
    errors = {}
    if requesting.country != case.country:
        errors["requesting_agency"] = _("The requesting authority is of the case's country.")
    if requested.country == case.country:
        errors["requested_agency"] = _("The requested authority is of the other country.")
    if errors:
        raise ValidationError(errors)


def _validate_kinds(request: MLARequest, actions: list[dict]) -> None:
    """Every action names a kind of assistance of the registry: an active one, or one the
    request already names (a kind deactivated since stays valid where it is used)."""
    named = {data["kind"] for data in actions}
    kept = set(request.actions.values_list("kind", flat=True)) if request.pk else set()
    known = set(
        AssistanceKind.objects.offered(keep=kept)
        .filter(code__in=named)
        .values_list("code", flat=True)
    )
    unknown = sorted(named - known)
    if unknown:
        raise ValidationError(
            {"actions": _("Unknown kind of assistance: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )


def _set_actions(request: MLARequest, actions: list[dict]) -> None:
    participants = {
        p.pk: p for p in Participant.objects.filter(case=request.case).select_related("person")
    }
    _validate_kinds(request, actions)
    request.actions.all().delete()
    for order, data in enumerate(actions):
        action = RequestedAction.objects.create(
            request=request,
            order=order,
            kind=data["kind"],
            details=data["details"],
            places=data.get("places", ""),
            questions=data.get("questions", ""),
        )
        disclosed = {p.pk for p in data.get("disclosed", [])}
        for participant in data.get("persons", []):
            if participant.pk not in participants:
                raise ValidationError(
                    {"actions": _("A person concerned must be a participant of the case.")}
                )
            ActionPerson.objects.create(
                action=action,
                participant=participant,
                disclose_identity=participant.pk in disclosed,
            )


def _state(request: MLARequest) -> dict[str, Any]:
    state = snapshot(request)
    state["instruments"] = sorted(request.instruments.values_list("pk", flat=True))
    state["provisions"] = sorted(request.provisions.values_list("pk", flat=True))
    state["articles"] = sorted(request.articles.values_list("pk", flat=True))
    state["actions"] = [
        [a.kind, a.details, sorted(a.links.values_list("participant_id", flat=True))]
        for a in request.actions.all()
    ]
    return state


DRAFT_FIELDS = (
    "request_type",
    "requesting_agency",
    "requested_agency",
    "qualification_text",
    "facts",
    "purpose",
    "representatives",
    "confidentiality",
    "urgent",
    "urgency_reason",
    "language",
    "execution_requested_by",
)


def _apply(request: MLARequest, fields: dict, relations: dict) -> None:
    for name, value in fields.items():
        setattr(request, name, value)
    if request.urgent and not request.urgency_reason.strip():
        raise ValidationError({"urgency_reason": _("Give the reason for urgency.")})
    if request.execution_requested_by and request.execution_requested_by < timezone.localdate():
        raise ValidationError({"execution_requested_by": _("This date has already passed.")})
    _validate_agencies(request.case, request.requesting_agency, request.requested_agency)
    request.full_clean(exclude=["reference"])


def _set_relations(request: MLARequest, relations: dict) -> None:
    if "instruments" in relations:
        request.instruments.set(relations["instruments"])
    if "provisions" in relations:
        chosen = {i.pk for i in request.instruments.all()}
        stray = [p for p in relations["provisions"] if p.instrument_id not in chosen]
        if stray:
            raise ValidationError(
                {"provisions": _("Cite only articles of the instruments chosen as legal basis.")}
            )
        request.provisions.set(relations["provisions"])
    if "articles" in relations:
        request.articles.set(relations["articles"])
    if "confirmed_elements" in relations:
        request.confirmed_elements.set(relations["confirmed_elements"])
    if "actions" in relations:
        _set_actions(request, relations["actions"])


@transaction.atomic
def mla_request_create(
    *, case: Case, actor: User, fields: dict[str, Any], relations: dict[str, Any]
) -> MLARequest:
    """Draft a request from a case the actor may change."""
    if not is_drafter(actor, case_request_stub(case)):
        raise PermissionDenied(_("Only those who may change the case draft its requests."))
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"not a draft field: {sorted(unknown)}")
    request = MLARequest(case=case, created_by=actor, reference="pending")
    _apply(request, fields, relations)
    country = request.requesting_agency.country
    year = timezone.localdate().year
    request.reference = (
        f"MLA-{country}-{year}-{reference_next_number(scope=f'mla-{country}', year=year):04d}"
    )
    request.save()
    _set_relations(request, relations)
    StatusChange.objects.create(
        request=request, to_status=request.status, actor=actor, occurred_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        changes=diff({}, _state(request)),
        scope=case,
    )
    return request


def case_request_stub(case: Case) -> MLARequest:
    """An unsaved request of a case, to ask the permission predicates about that case."""
    return MLARequest(case=case)


@transaction.atomic
def mla_request_update(
    *,
    request: MLARequest,
    actor: User,
    expected_version: int,
    fields: dict[str, Any],
    relations: dict[str, Any],
) -> MLARequest:
    """Edit a draft (or a request returned for revision)."""
    if not is_drafter(actor, request):
        raise PermissionDenied(_("Only those who may change the case edit its requests."))
    stored = MLARequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    if not stored.is_editable:
        raise IllegalTransition(_("Only a draft or a request returned for revision can be edited."))
    if stored.version != expected_version:
        raise StaleEdit(
            _(
                "This request was changed by someone else after you opened it. Reload it and "
                "make your changes again."
            )
        )
    before = _state(stored)
    _apply(stored, fields, relations)
    stored.version += 1
    stored.save()
    _set_relations(stored, relations)
    changes = diff(before, _state(stored))
    changes.pop("version", None)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=stored, changes=changes, scope=stored.case
    )
    return stored


def completeness(request: MLARequest):
    return evaluate(Draft.from_request(request))


# --- The workflow ----------------------------------------------------------------------------
@transaction.atomic
def mla_request_submit(*, request: MLARequest, actor: User) -> MLARequest:
    request = _begin(request, actor, "submit")
    return _finish(request, actor, "submit")


@transaction.atomic
def mla_request_approve(*, request: MLARequest, actor: User, note: str = "") -> MLARequest:
    request = _begin(request, actor, "approve")
    request.remarks = ""
    return _finish(request, actor, "approve", note=note)


@transaction.atomic
def mla_request_return(*, request: MLARequest, actor: User, remarks: str) -> MLARequest:
    request = _begin(request, actor, "return")
    if not remarks.strip():
        raise ValidationError({"remarks": _("Say what must be revised.")})
    request.remarks = remarks.strip()
    return _finish(request, actor, "return", note=request.remarks)


class IncompleteRequest(DomainError):
    """Sending is refused while a required element is missing."""

    status_code = 409


def mla_document_render(*, request: MLARequest, kind: str, actor: User):
    """Render one of the request's documents as it stands now (a preview until frozen).

    Official documents are in Russian, the working language of both countries' authorities,
    whatever language the officer's interface is in.
    """
    template, _title = request_documents.DOCUMENT_KINDS[kind]
    with translation.override("ru"):
        return document_render(
            template=template,
            context=request_documents.context(request, actor=actor, kind=kind),
            reference=request.reference,
        )


def _freeze(request: MLARequest, actor: User, kinds) -> None:
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


@transaction.atomic
def mla_request_send(
    *,
    request: MLARequest,
    actor: User,
    outgoing_number: str,
    outgoing_date: datetime.date,
    channel: str,
) -> MLARequest:
    """Send an approved, complete request; its documents are rendered and frozen now."""
    request = _begin(request, actor, "send")
    checklist = completeness(request)
    if not checklist.complete:
        raise IncompleteRequest(
            _("The request lacks elements its legal basis requires."),
            details=[item.as_dict() for item in checklist.missing],
        )
    errors = {}
    if not outgoing_number.strip():
        errors["outgoing_number"] = _("Give the outgoing number.")
    if outgoing_date > timezone.localdate():
        errors["outgoing_date"] = _("The outgoing date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    request.outgoing_number, request.outgoing_date, request.channel = (
        outgoing_number.strip(),
        outgoing_date,
        channel,
    )
    request.sent_at = timezone.now()
    request = _finish(
        request,
        actor,
        "send",
        changes={"outgoing_number": [None, request.outgoing_number]},
    )
    _freeze_request_document(request, actor)
    _open_execution_clock(request, actor)
    return request


@transaction.atomic
def mla_request_receive(
    *, request: MLARequest, actor: User, incoming_number: str, incoming_date: datetime.date
) -> MLARequest:
    request = _begin(request, actor, "receive")
    errors = {}
    if not incoming_number.strip():
        errors["incoming_number"] = _("Give the incoming number.")
    if incoming_date > timezone.localdate():
        errors["incoming_date"] = _("The incoming date cannot be in the future.")
    if request.outgoing_date and incoming_date < request.outgoing_date:
        errors["incoming_date"] = _("A request cannot arrive before it was sent.")
    if errors:
        raise ValidationError(errors)
    request.incoming_number, request.incoming_date = incoming_number.strip(), incoming_date
    return _finish(
        request, actor, "receive", changes={"incoming_number": [None, request.incoming_number]}
    )


@transaction.atomic
def mla_request_accept(*, request: MLARequest, actor: User) -> MLARequest:
    request = _begin(request, actor, "accept")
    return _finish(request, actor, "accept")


@transaction.atomic
def mla_request_request_supplement(*, request: MLARequest, actor: User, text: str) -> MLARequest:
    request = _begin(request, actor, "request_supplement")
    if not text.strip():
        raise ValidationError({"text": _("Say what information is needed.")})
    request.supplement_request = text.strip()
    request = _finish(request, actor, "request_supplement", note=request.supplement_request)
    # The requesting side has the ball: the execution clock waits, the supplement clock runs.
    deadline_pause_for(
        subject=request, kinds=[TriggerEvent.MLA_SENT], actor=actor, note=request.supplement_request
    )
    _open_supplement_clock(request, actor)
    return request


@transaction.atomic
def mla_request_supplement(*, request: MLARequest, actor: User, text: str) -> MLARequest:
    """The requesting side answers and re-sends; the documents get a new frozen version."""
    request = _begin(request, actor, "supplement")
    if not text.strip():
        raise ValidationError({"text": _("Give the supplementary information.")})
    request.supplement_text = "\n\n".join(t for t in (request.supplement_text, text.strip()) if t)
    request.sent_at = timezone.now()
    request = _finish(request, actor, "supplement", note=text.strip())
    _freeze_request_document(request, actor)
    deadline_meet(subject=request, kinds=[TriggerEvent.MLA_RETURNED_FOR_SUPPLEMENT], actor=actor)
    deadline_resume_for(
        subject=request, kinds=[TriggerEvent.MLA_SENT], actor=actor, note="supplemented"
    )
    return request


@transaction.atomic
def mla_request_start_execution(
    *, request: MLARequest, actor: User, executing_officer: User
) -> MLARequest:
    request = _begin(request, actor, "start_execution")
    if (
        executing_officer.agency_id != request.requested_agency_id
        or not executing_officer.is_active
    ):
        raise ValidationError(
            {"executing_officer": _("The executing officer must be of the requested authority.")}
        )
    request.executing_officer = executing_officer
    request = _finish(
        request,
        actor,
        "start_execution",
        changes={"executing_officer": [None, executing_officer.pk]},
    )
    for deadline in Deadline.objects.for_subject(request).filter(kind=TriggerEvent.MLA_SENT).open():
        deadline.responsible.add(executing_officer)
    return request


@transaction.atomic
def mla_request_execute(
    *, request: MLARequest, actor: User, result_summary: str, partially: bool = False
) -> MLARequest:
    """Report the execution (fully or partially); the execution report is rendered and frozen."""
    request = _begin(request, actor, "execute")
    if not result_summary.strip():
        raise ValidationError({"result_summary": _("Describe the results.")})
    request.result_summary = result_summary.strip()
    target = S.PARTIALLY_EXECUTED if partially else S.EXECUTED
    request = _finish(request, actor, "execute", target=target, note=request.result_summary)
    _freeze(request, actor, ["execution_report"])
    deadline_meet(subject=request, actor=actor, note=str(RequestStatus(target).label))
    return request


@transaction.atomic
def mla_request_refuse(
    *, request: MLARequest, actor: User, grounds: list, note: str = ""
) -> MLARequest:
    request = _begin(request, actor, "refuse")
    if not grounds:
        raise ValidationError({"grounds": _("Choose the grounds for refusal.")})
    bases = {i.pk for i in request.instruments.all()}
    if any(g.instrument_id not in bases or g.request_kind != "mla" for g in grounds):
        raise ValidationError({"grounds": _("Grounds must come from the request's legal basis.")})
    request.refusal_note = note.strip()
    request = _finish(
        request,
        actor,
        "refuse",
        changes={"refusal_grounds": [None, sorted(g.pk for g in grounds)]},
        note=request.refusal_note,
    )
    request.refusal_grounds.set(grounds)
    deadline_meet(subject=request, actor=actor, note="refused")
    return request


@transaction.atomic
def mla_request_withdraw(*, request: MLARequest, actor: User, reason: str) -> MLARequest:
    request = _begin(request, actor, "withdraw")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing the request.")})
    request = _finish(request, actor, "withdraw", note=reason.strip())
    deadline_cancel(subject=request, actor=actor, note=reason.strip())
    return request


# --- Files --------------------------------------------------------------------------------------
@transaction.atomic
def request_file_upload(
    *, request: MLARequest, actor: User, upload, description: str = ""
) -> RequestFile:
    """A file for the request (requesting side, while editable) or its results (executing side)."""
    if is_drafter(actor, request) and request.is_editable:
        side = RequestFile.Side.REQUESTING
    elif PREDICATES["executor"](actor, request) and request.status == S.IN_EXECUTION:
        side = RequestFile.Side.EXECUTING
    else:
        raise PermissionDenied(_("You cannot add files to this request now."))
    record = RequestFile.store(
        upload, uploaded_by=actor, request=request, side=side, description=description
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        changes=record.stored_changes(side=side),
        scope=request.case,
    )
    return record
