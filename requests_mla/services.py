"""Drafting requests for legal assistance and moving them through their workflow.

Drafting (create, update) and files live here; the workflow's steps are the table
``MLA_WORKFLOW`` in requests_mla/workflow.py, run by core.workflow's one ``perform`` (visible,
lock, who may → 403, state → 409, input → 400, effect, history and audit in one transaction).
``mla_request_<step>`` name those steps for Python callers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case, Participant
from core.exceptions import IllegalTransition, StaleEdit
from core.services import reference_next_number
from requests_mla.choices import EXCHANGED_STATUSES, RequestStatus
from requests_mla.completeness import Draft, evaluate
from requests_mla.models import ActionPerson, MLARequest, RequestedAction, RequestFile, StatusChange
from requests_mla.workflow import DRAFTER, EXECUTOR, MLA_WORKFLOW, may_draft, mla_document_render
from treaties.governing import governing_instruments
from treaties.models import AssistanceKind, Instrument, InstrumentAssistance, Provision

S = RequestStatus

# Once a request has left, its documents are the frozen versions: no more previews.
PREVIEW_CLOSED = frozenset({*EXCHANGED_STATUSES, S.WITHDRAWN})


def mla_document_preview(*, request: MLARequest, kind: str, actor: User):
    """How to preview ``kind`` of ``request`` now, or None when no preview may be made: the
    execution report exists only frozen, and a request that has left has its frozen versions."""
    if kind == "execution_report" or request.status in PREVIEW_CLOSED:
        return None
    return lambda: mla_document_render(request=request, kind=kind, actor=actor)


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
    if not may_draft(actor, case):
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
    if not DRAFTER.allows(actor, request):
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
# Each step is a row of MLA_WORKFLOW (requests_mla/workflow.py): its rule, form and effect. These
# functions name the steps for Python callers (the demo, tests); pages and the API call
# MLA_WORKFLOW.perform with the submitted data directly.
def mla_request_submit(*, request: MLARequest, actor: User, note: str = "") -> MLARequest:
    return MLA_WORKFLOW.perform(request, "submit", actor, {"note": note})


def mla_request_approve(*, request: MLARequest, actor: User, note: str = "") -> MLARequest:
    return MLA_WORKFLOW.perform(request, "approve", actor, {"note": note})


def mla_request_return(*, request: MLARequest, actor: User, remarks: str) -> MLARequest:
    return MLA_WORKFLOW.perform(request, "return", actor, {"remarks": remarks})


def mla_request_send(
    *,
    request: MLARequest,
    actor: User,
    outgoing_number: str,
    outgoing_date: datetime.date,
    channel: str,
) -> MLARequest:
    """Send an approved, complete request; its documents are rendered and frozen now."""
    return MLA_WORKFLOW.perform(
        request,
        "send",
        actor,
        {"outgoing_number": outgoing_number, "outgoing_date": outgoing_date, "channel": channel},
    )


def mla_request_receive(
    *, request: MLARequest, actor: User, incoming_number: str, incoming_date: datetime.date
) -> MLARequest:
    return MLA_WORKFLOW.perform(
        request,
        "receive",
        actor,
        {"incoming_number": incoming_number, "incoming_date": incoming_date},
    )


def mla_request_accept(*, request: MLARequest, actor: User, note: str = "") -> MLARequest:
    return MLA_WORKFLOW.perform(request, "accept", actor, {"note": note})


def mla_request_request_supplement(*, request: MLARequest, actor: User, text: str) -> MLARequest:
    return MLA_WORKFLOW.perform(request, "request_supplement", actor, {"text": text})


def mla_request_supplement(*, request: MLARequest, actor: User, text: str) -> MLARequest:
    """The requesting side answers and re-sends; the documents get a new frozen version."""
    return MLA_WORKFLOW.perform(request, "supplement", actor, {"text": text})


def mla_request_start_execution(
    *, request: MLARequest, actor: User, executing_officer: User
) -> MLARequest:
    return MLA_WORKFLOW.perform(
        request, "start_execution", actor, {"executing_officer": executing_officer.pk}
    )


def mla_request_execute(
    *, request: MLARequest, actor: User, result_summary: str, partially: bool = False
) -> MLARequest:
    """Report the execution (fully or partially); the execution report is rendered and frozen."""
    return MLA_WORKFLOW.perform(
        request, "execute", actor, {"result_summary": result_summary, "partially": partially}
    )


def mla_request_refuse(
    *, request: MLARequest, actor: User, grounds: list, note: str = ""
) -> MLARequest:
    return MLA_WORKFLOW.perform(
        request, "refuse", actor, {"grounds": [g.pk for g in grounds], "note": note}
    )


def mla_request_withdraw(*, request: MLARequest, actor: User, reason: str) -> MLARequest:
    return MLA_WORKFLOW.perform(request, "withdraw", actor, {"reason": reason})


# --- Files --------------------------------------------------------------------------------------
@transaction.atomic
def request_file_upload(
    *, request: MLARequest, actor: User, upload, description: str = ""
) -> RequestFile:
    """A file for the request (requesting side, while editable) or its results (executing side)."""
    if request.is_editable and DRAFTER.allows(actor, request):
        side = RequestFile.Side.REQUESTING
    elif request.status == S.IN_EXECUTION and EXECUTOR.allows(actor, request):
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
