"""Opening an extradition file and moving it through its stages, each with its legal clock.

One table of allowed steps (STEPS); one function performs any step in a transaction, checks
the actor's side and the stage, records a stage-history row and an audit event, and opens or
closes the clocks the registry's rules set for each event in the detaining state (the
detention, the custody pending the request, the surrender date) — the rules of that state's
law and the treaty rules binding both, never the other state's law; where the registry has no
rule, the file says so and the prosecutors and registry administrators are told. A missed
custody clock blocks the steps that assume lawful custody until a release (or an extension of
the clock) is recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import AgencyKind, Role
from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case, Participant
from core.exceptions import IllegalTransition
from core.services import reference_next_number
from deadlines.models import Deadline, DeadlineState
from deadlines.services import (
    RuleGap,
    deadline_cancel,
    deadline_meet,
    deadline_rule_missing,
    deadlines_open,
    rule_gaps,
)
from extradition.choices import FINAL, IN_CUSTODY, Purpose, Stage
from extradition.models import ExtraditionFile, StageChange
from treaties.choices import RequestKind, TriggerEvent
from treaties.governing import governs
from treaties.models import CriminalArticle, LegalThreshold

CUSTODY_CLOCKS = (TriggerEvent.PERSON_DETAINED, TriggerEvent.CUSTODY_ORDERED)
# The stage whose label carries the length of the clock that bounds it: "temporary custody"
# followed by the rule's own length display.
STAGE_CLOCKS = {Stage.CUSTODY: TriggerEvent.CUSTODY_ORDERED}


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str | None  # None: the step decides (granted or refused)
    side: str  # "requesting", "requested" or "either"
    needs_lawful_custody: bool = False


STEPS: dict[str, Step] = {
    "locate": Step(frozenset({Stage.WANTED}), Stage.LOCATED, "either"),
    "detain": Step(frozenset({Stage.WANTED, Stage.LOCATED}), Stage.DETAINED, "requested"),
    "order_custody": Step(frozenset({Stage.DETAINED}), Stage.CUSTODY, "requested"),
    "receive_request": Step(
        frozenset({Stage.WANTED, Stage.LOCATED, Stage.DETAINED, Stage.CUSTODY}),
        Stage.REQUEST_RECEIVED,
        "requested",
    ),
    "request_supplement": Step(
        frozenset({Stage.REQUEST_RECEIVED, Stage.ARREST}), Stage.SUPPLEMENT_REQUESTED, "requested"
    ),
    "supplement": Step(
        frozenset({Stage.SUPPLEMENT_REQUESTED}), Stage.REQUEST_RECEIVED, "requesting"
    ),
    "arrest": Step(frozenset({Stage.REQUEST_RECEIVED}), Stage.ARREST, "requested", True),
    "decide": Step(frozenset({Stage.REQUEST_RECEIVED, Stage.ARREST}), None, "requested", True),
    "appeal": Step(frozenset({Stage.GRANTED, Stage.REFUSED}), Stage.APPEAL, "either"),
    "appeal_decided": Step(frozenset({Stage.APPEAL}), None, "requested"),
    "fix_surrender": Step(frozenset({Stage.GRANTED}), Stage.SURRENDER_FIXED, "requested", True),
    "postpone_surrender": Step(
        frozenset({Stage.SURRENDER_FIXED}), Stage.SURRENDER_FIXED, "requested", True
    ),
    "surrender": Step(frozenset({Stage.SURRENDER_FIXED}), Stage.SURRENDERED, "requested", True),
    "request_transfer": Step(frozenset({Stage.REFUSED}), Stage.TRANSFER_REQUESTED, "requesting"),
    "accept_transfer": Step(
        frozenset({Stage.TRANSFER_REQUESTED}), Stage.TRANSFER_ACCEPTED, "requested"
    ),
    "release": Step(IN_CUSTODY, Stage.RELEASED, "requested"),
    "close": Step(frozenset(set(Stage.values) - set(FINAL)), Stage.CLOSED, "either"),
}

STEP_LABELS = {
    "locate": gettext_lazy("located"),
    "detain": gettext_lazy("detained"),
    "order_custody": gettext_lazy("taken into temporary custody"),
    "receive_request": gettext_lazy("extradition request received"),
    "request_supplement": gettext_lazy("supplementary information requested"),
    "supplement": gettext_lazy("supplemented"),
    "arrest": gettext_lazy("placed under extradition arrest"),
    "decide": gettext_lazy("decided"),
    "appeal": gettext_lazy("appealed"),
    "appeal_decided": gettext_lazy("appeal decided"),
    "fix_surrender": gettext_lazy("surrender date fixed"),
    "postpone_surrender": gettext_lazy("surrender postponed"),
    "surrender": gettext_lazy("surrendered"),
    "request_transfer": gettext_lazy("transfer of prosecution requested"),
    "accept_transfer": gettext_lazy("transfer of prosecution accepted"),
    "release": gettext_lazy("released"),
    "close": gettext_lazy("closed"),
}


# --- Sides ------------------------------------------------------------------------------------
def _prosecutor_of(user, country: str) -> bool:
    return bool(
        user.agency_id
        and user.agency.country == country
        and user.has_role(Role.PROSECUTOR)
        and user.agency.kind in (AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY)
    )


def is_on_side(user, file: ExtraditionFile, side: str, *, changes_case: bool | None = None) -> bool:
    """``changes_case``: whether the user may change the file's case, when already known."""
    if user.is_superuser:
        return True
    if changes_case is None:
        changes_case = Case.objects.visible_to(user, "change").filter(pk=file.case_id).exists()
    requesting = _prosecutor_of(user, file.requesting_state) or changes_case
    requested = _prosecutor_of(user, file.requested_state)
    return {"requesting": requesting, "requested": requested, "either": requesting or requested}[
        side
    ]


def allowed_steps(user, file: ExtraditionFile, *, changes_case: bool | None = None) -> list[str]:
    if changes_case is None:
        changes_case = Case.objects.visible_to(user, "change").filter(pk=file.case_id).exists()
    return [
        name
        for name, step in STEPS.items()
        if file.stage in step.sources
        and is_on_side(user, file, step.side, changes_case=changes_case)
    ]


# --- Reading --------------------------------------------------------------------------------
def custody_clocks(file: ExtraditionFile):
    return Deadline.objects.for_subject(file).filter(kind__in=CUSTODY_CLOCKS)


def _bounds(clocks) -> list[Deadline]:
    """Of each event's clocks, the one ending last: the period the custody may last. A clock
    of the same event ending earlier marks a step within it (the prosecutor's motion to the
    court), whose lapse makes the motion late, not the custody unlawful."""
    last: dict[str, Deadline] = {}
    for clock in clocks:
        if clock.kind not in last or clock.due_at > last[clock.kind].due_at:
            last[clock.kind] = clock
    return list(last.values())


def custody_lapsed(file: ExtraditionFile, now=None) -> bool:
    """A custody clock ran out while the person was still held: the custody is not lawful
    (until a release is recorded, or the clock extended before it ran out)."""
    now = now or timezone.now()
    clocks = custody_clocks(file).exclude(state=DeadlineState.CANCELLED)
    return any(
        clock.state == DeadlineState.MISSED
        or (clock.state == DeadlineState.RUNNING and clock.due_at < now)
        for clock in _bounds(clocks)
    )


def detaining_state_events(file: ExtraditionFile) -> list[str]:
    """The events of the file that happened in the detaining (requested) state so far."""
    events = []
    if file.detained_at:
        events.append(TriggerEvent.PERSON_DETAINED)
    if file.custody_ordered_on:
        events.append(TriggerEvent.CUSTODY_ORDERED)
    return events


def jurisdiction_gaps(file: ExtraditionFile) -> list[RuleGap]:
    """The file's events in the detaining state for which the registry holds no rule of that
    state (or only unconfirmed ones): the page says so plainly, and nothing is borrowed from
    the other state's law."""
    return rule_gaps(detaining_state_events(file), country=file.requested_state)


def stage_label(file: ExtraditionFile, clocks=None) -> str:
    """The stage as people read it, with the length of the rule that bounds it ("temporary
    custody" and the rule's length display) — the number from the registry, never the code."""
    label = str(Stage(file.stage).label)
    trigger = STAGE_CLOCKS.get(file.stage)
    if trigger is None:
        return label
    if clocks is None:
        clocks = custody_clocks(file).filter(kind=trigger).select_related("rule")
    bounding = [c for c in _bounds(c for c in clocks if c.kind == trigger) if c.rule_id]
    if not bounding:
        return label
    return f"{label} ({bounding[0].rule.length_display})"


@dataclass
class DualCriminality:
    requesting: list
    requested: list
    threshold: LegalThreshold | None
    satisfied: bool | None  # None: a penalty is not in the registry yet
    note: str


def dual_criminality(file: ExtraditionFile) -> DualCriminality:
    """Both countries' articles side by side, against the registry's extradition threshold.

    For prosecution the threshold tests the maximum penalty of every article on both sides; for
    enforcement it tests the sentence the judgment imposed (the time left to serve is shown for
    the decision, not tested). A penalty missing from the registry, or marked "to be confirmed"
    there, makes the answer "to be confirmed" (None).
    """
    requesting = list(file.requesting_articles.select_related("code"))
    requested = list(file.requested_articles.select_related("code"))
    code = (
        "extradition-prosecution-min-penalty"
        if file.purpose == Purpose.PROSECUTION
        else "extradition-enforcement-min-sentence"
    )
    threshold = LegalThreshold.objects.filter(code=code).first()
    if threshold is None:
        return DualCriminality(
            requesting, requested, None, None, _("No threshold in the registry.")
        )
    if not requested:
        return DualCriminality(
            requesting,
            requested,
            threshold,
            False,
            _("No corresponding offence in the requested state."),
        )
    if file.purpose == Purpose.ENFORCEMENT:
        imposed = file.sentence_imposed_months
        if imposed is None:
            return DualCriminality(
                requesting, requested, threshold, None, _("Sentence imposed not given.")
            )
        return DualCriminality(
            requesting,
            requested,
            threshold,
            imposed >= threshold.months,
            _("Sentenced to %(imposed)s months; at least %(min)s needed.")
            % {"imposed": imposed, "min": threshold.months},
        )
    articles = requesting + requested
    missing = [a.citation for a in articles if a.max_imprisonment_months is None]
    if missing:
        return DualCriminality(
            requesting,
            requested,
            threshold,
            None,
            _("A maximum penalty is not in the registry yet: %(articles)s.")
            % {"articles": ", ".join(missing)},
        )
    unconfirmed = [a.citation for a in articles if a.confirmed_max_imprisonment_months is None]
    if unconfirmed:
        return DualCriminality(
            requesting,
            requested,
            threshold,
            None,
            _("The penalty is to be confirmed in the registry: %(articles)s.")
            % {"articles": ", ".join(unconfirmed)},
        )
    if min(a.max_imprisonment_months for a in articles) < threshold.months:
        return DualCriminality(
            requesting,
            requested,
            threshold,
            False,
            _("Not punishable by at least %(min)s months in both states.")
            % {"min": threshold.months},
        )
    return DualCriminality(
        requesting,
        requested,
        threshold,
        True,
        _("Punishable by at least %(min)s months in both states.") % {"min": threshold.months},
    )


# --- Opening ----------------------------------------------------------------------------------
@transaction.atomic
def extradition_file_open(
    *,
    actor: User,
    case: Case,
    person: Participant,
    requested_state: str,
    purpose: str,
    requesting_articles: list[CriminalArticle],
    requested_articles: list[CriminalArticle],
    instruments: list,
    notice_number: str = "",
    sentence_imposed_months: int | None = None,
    remaining_sentence_months: int | None = None,
    citizenships: list[str] | None = None,
) -> ExtraditionFile:
    """Open the file of a person sought by the case's country (the requesting state)."""
    if not Case.objects.visible_to(actor, "change").filter(
        pk=case.pk
    ).exists() and not _prosecutor_of(actor, case.country):
        raise PermissionDenied(
            _("Only those who may change the case, or its country's prosecutors, open files.")
        )
    errors: dict[str, str] = {}
    if person.case_id != case.pk:
        errors["person"] = _("The person must be a participant of the case.")
    if requested_state == case.country:
        errors["requested_state"] = _("The requested state is the other country.")
    if any(a.code.country != case.country for a in requesting_articles):
        errors["requesting_articles"] = _("Articles of the requesting state's code only.")
    if any(a.code.country != requested_state for a in requested_articles):
        errors["requested_articles"] = _("Articles of the requested state's code only.")
    if not requesting_articles:
        errors["requesting_articles"] = _("Give the offence.")
    if not instruments:
        errors["instruments"] = _("Choose the legal basis.")
    elif stale := [i for i in instruments if not governs(i, (case.country, requested_state))]:
        # A superseded or not yet binding instrument is history between the two states.
        errors["instruments"] = _(
            "Not in force between the two states today, or superseded there: %(names)s."
        ) % {"names": ", ".join(i.name for i in stale)}
    if purpose == Purpose.ENFORCEMENT and sentence_imposed_months is None:
        errors["sentence_imposed_months"] = _("Give the term of imprisonment the judgment imposed.")
    if purpose != Purpose.ENFORCEMENT and (
        sentence_imposed_months is not None or remaining_sentence_months is not None
    ):
        errors["sentence_imposed_months"] = _("A sentence is recorded only to enforce it.")
    if errors:
        raise ValidationError(errors)
    year = timezone.localdate().year
    number = reference_next_number(scope=f"ext-{case.country}", year=year)
    file = ExtraditionFile.objects.create(
        reference=f"EXT-{case.country}-{year}-{number:04d}",
        case=case,
        person=person,
        requesting_state=case.country,
        requested_state=requested_state,
        purpose=purpose,
        citizenships=citizenships
        if citizenships is not None
        else [c for c in [person.person.citizenship] if c],
        sentence_imposed_months=sentence_imposed_months,
        remaining_sentence_months=remaining_sentence_months,
        notice_number=notice_number,
        created_by=actor,
    )
    file.requesting_articles.set(requesting_articles)
    file.requested_articles.set(requested_articles)
    file.instruments.set(instruments)
    # The other country's mirror cases (accepted links): their officers follow the file too.
    file.linked_cases.set(_mirror_cases(case))
    StageChange.objects.create(
        file=file, to_stage=file.stage, actor=actor, occurred_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=file,
        changes=diff({}, snapshot(file)),
        scope=case,
    )
    return file


def _mirror_cases(case: Case) -> list[Case]:
    from cases.choices import LinkStatus
    from cases.models import CaseLink

    links = CaseLink.objects.filter(status=LinkStatus.ACCEPTED).filter(
        models.Q(source=case) | models.Q(target=case)
    )
    return [link.other(case.pk) for link in links.select_related("source", "target")]


@transaction.atomic
def extradition_grounds_set(
    *, file: ExtraditionFile, actor: User, grounds: list
) -> ExtraditionFile:
    """Tick the grounds for refusal that apply (from the legal basis's list); audited."""
    if not ExtraditionFile.objects.visible_to(actor).filter(pk=file.pk).exists():
        raise PermissionDenied(_("You cannot see this file."))
    if not is_on_side(actor, file, "either"):
        raise PermissionDenied(_("Your role does not allow this step."))
    bases = set(file.instruments.values_list("pk", flat=True))
    if any(
        g.instrument_id not in bases or g.request_kind != RequestKind.EXTRADITION for g in grounds
    ):
        raise ValidationError({"grounds": _("Grounds must come from the file's legal basis.")})
    before = sorted(file.applicable_grounds.values_list("pk", flat=True))
    file.applicable_grounds.set(grounds)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=file,
        changes={"applicable_grounds": [before, sorted(g.pk for g in grounds)]},
        scope=file.case,
    )
    return file


# --- Steps ------------------------------------------------------------------------------------
def _prosecutors(country: str) -> list[User]:
    return list(
        User.objects.filter(
            agency__country=country,
            agency__kind__in=[AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY],
            groups__name=Role.PROSECUTOR,
            is_active=True,
        ).distinct()
    )


def _clock(file: ExtraditionFile, trigger: str, started_at, actor, moments=None) -> list:
    """Open the clocks of an event in the detaining (requested) state: its law, zone and
    calendar. No rule for it: the state's prosecutors and the registry administrators are told
    once, and the file's page says so."""
    country = file.requested_state
    url = reverse("extradition:detail", kwargs={"pk": file.pk})
    opened = deadlines_open(
        subject=file,
        case=file.case,
        trigger=trigger,
        started_at=started_at,
        moments=moments,
        country=country,
        states=(file.requesting_state, file.requested_state),
        responsible=_prosecutors(file.requested_state) + _prosecutors(file.requesting_state),
        escalation=_prosecutors(file.requested_state),
        url=url,
        actor=actor,
    )
    if not opened:
        deadline_rule_missing(
            subject=file,
            trigger=trigger,
            country=country,
            recipients=_prosecutors(country),
            url=url,
        )
    return opened


def _day_start(day: datetime.date, country: str) -> datetime.datetime:
    from deadlines.computation import zone_of

    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone_of(country))


def _require(data: dict, *names: str) -> None:
    missing = {n: _("This field is required.") for n in names if data.get(n) in (None, "", [])}
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def extradition_step(
    *, file: ExtraditionFile, actor: User, step: str, data: dict[str, Any]
) -> ExtraditionFile:
    """Take one step of the file with its data; refuse what the table does not allow."""
    if step not in STEPS:
        raise ValidationError({"step": _("Unknown step.")})
    rule = STEPS[step]
    if not ExtraditionFile.objects.visible_to(actor).filter(pk=file.pk).exists():
        raise PermissionDenied(_("You cannot see this file."))
    # RACE: one step at a time on a file.
    file = ExtraditionFile.objects.select_for_update().get(pk=file.pk)
    if not is_on_side(actor, file, rule.side):
        raise PermissionDenied(_("Your role does not allow this step."))
    if file.stage not in rule.sources:
        raise IllegalTransition(
            _("A file at stage “%(stage)s” cannot be %(step)s.")
            % {"stage": Stage(file.stage).label, "step": STEP_LABELS[step]}
        )
    if rule.needs_lawful_custody and custody_lapsed(file):
        raise IllegalTransition(
            _(
                "The custody period has run out. Record the person's release, or an extension of "
                "the custody clock, before any further step."
            )
        )
    from deadlines.computation import zone_of

    # Dates of the file are the requested (detaining) state's calendar dates.
    now = timezone.now()
    today = now.astimezone(zone_of(file.requested_state)).date()
    before, target, note = file.stage, rule.target, data.get("note", "") or ""
    if step == "locate":
        _require(data, "located_place")
        file.located_place = data["located_place"]
    elif step == "detain":
        _require(data, "detention_place", "detained_at", "detaining_agency")
        if data["detained_at"] > now:
            raise ValidationError({"detained_at": _("The detention cannot be in the future.")})
        file.detention_place, file.detained_at = data["detention_place"], data["detained_at"]
        file.detaining_agency = data["detaining_agency"]
        _clock(file, TriggerEvent.PERSON_DETAINED, file.detained_at, actor)
    elif step == "order_custody":
        _require(data, "custody_court", "custody_ordered_on")
        detained_on = file.detained_at.astimezone(zone_of(file.requested_state)).date()
        if data["custody_ordered_on"] > today or data["custody_ordered_on"] < detained_on:
            raise ValidationError(
                {"custody_ordered_on": _("The order falls between the detention and today.")}
            )
        file.custody_court, file.custody_ordered_on = (
            data["custody_court"],
            data["custody_ordered_on"],
        )
        # The order's date is what the file knows: its day's start, no earlier than detention.
        ordered_at = max(
            _day_start(file.custody_ordered_on, file.requested_state), file.detained_at
        )
        # The order meets the detention's clocks (the period and the motion within it).
        deadline_meet(
            subject=file, kinds=[TriggerEvent.PERSON_DETAINED], actor=actor, at=ordered_at
        )
        # Opened by the order; the rule says from which moment it counts (the detention's).
        _clock(
            file,
            TriggerEvent.CUSTODY_ORDERED,
            ordered_at,
            actor,
            moments={TriggerEvent.PERSON_DETAINED: file.detained_at},
        )
    elif step == "receive_request":
        _require(data, "request_received_on")
        if data["request_received_on"] > today:
            raise ValidationError({"request_received_on": _("This date is in the future.")})
        file.request_received_on = data["request_received_on"]
        at = _day_start(file.request_received_on, file.requested_state)
        deadline_meet(
            subject=file, kinds=CUSTODY_CLOCKS, actor=actor, at=max(at, file.detained_at or at)
        )
    elif step == "request_supplement":
        _clock(file, TriggerEvent.EXTRADITION_SUPPLEMENT_REQUESTED, now, actor)
    elif step == "supplement":
        deadline_meet(
            subject=file, kinds=[TriggerEvent.EXTRADITION_SUPPLEMENT_REQUESTED], actor=actor
        )
    elif step in ("decide", "appeal_decided"):
        _require(data, "decision")
        granted = data["decision"] == "granted"
        if granted and file.own_national:
            raise ValidationError(
                {
                    "decision": _(
                        "A national of the requested state cannot be extradited: refuse and "
                        "transfer the prosecution."
                    )
                }
            )
        grounds = list(data.get("grounds") or [])
        if not granted and not grounds:
            raise ValidationError({"grounds": _("Choose the grounds for refusal.")})
        bases = set(file.instruments.values_list("pk", flat=True))
        if any(
            g.request_kind != RequestKind.EXTRADITION or g.instrument_id not in bases
            for g in grounds
        ):
            raise ValidationError(
                {"grounds": _("Grounds for refusing extradition under the file's legal basis.")}
            )
        target = Stage.GRANTED if granted else Stage.REFUSED
        if step == "decide":
            _require(data, "decision_on")
            if data["decision_on"] > today:
                raise ValidationError({"decision_on": _("This date is in the future.")})
            file.decision_on = data["decision_on"]
        else:
            file.appeal_outcome = data.get("appeal_outcome", "") or str(Stage(target).label)
        file.save()
        file.decision_grounds.set(grounds)
    elif step == "appeal":
        _require(data, "appeal_court")
        file.appeal_court = data["appeal_court"]
    elif step in ("fix_surrender", "postpone_surrender"):
        _require(data, "surrender_on")
        if file.decision_on and data["surrender_on"] < file.decision_on:
            raise ValidationError(
                {"surrender_on": _("The surrender cannot come before the decision.")}
            )
        if data["surrender_on"] < today:
            raise ValidationError({"surrender_on": _("This date has passed.")})
        if step == "postpone_surrender":
            _require(data, "note")
            deadline_cancel(
                subject=file, kinds=[TriggerEvent.SURRENDER_DATE_FIXED], actor=actor, note=note
            )
        file.surrender_on = data["surrender_on"]
        _clock(
            file,
            TriggerEvent.SURRENDER_DATE_FIXED,
            _day_start(file.surrender_on, file.requested_state),
            actor,
        )
    elif step == "surrender":
        _require(data, "surrendered_on")
        if data["surrendered_on"] > today:
            raise ValidationError({"surrendered_on": _("This date is in the future.")})
        file.surrendered_on = data["surrendered_on"]
        deadline_meet(subject=file, actor=actor)
    elif step == "request_transfer":
        if not file.own_national and not data.get("note"):
            raise ValidationError({"note": _("Say why the prosecution is transferred.")})
    elif step == "accept_transfer":
        _require(data, "transfer_accepted_on")
        file.transfer_accepted_on = data["transfer_accepted_on"]
    elif step == "release":
        _require(data, "release_reason")
        file.release_reason = data["release_reason"]
        deadline_cancel(subject=file, actor=actor, note=file.release_reason)
        note = file.release_reason
    elif step == "close":
        _require(data, "note")
        deadline_cancel(subject=file, actor=actor, note=note)
    file.stage = target
    file.save()
    StageChange.objects.create(
        file=file, from_stage=before, to_stage=file.stage, actor=actor, occurred_at=now, note=note
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=file,
        changes={"stage": [before, file.stage]},
        note=note,
        scope=file.case,
    )
    return file


# --- Documents ------------------------------------------------------------------------------
DOCUMENTS = {
    "extradition_request": (
        "extradition/documents/extradition_request.html",
        gettext_lazy("Request for extradition"),
    ),
    "custody_request": (
        "extradition/documents/custody_request.html",
        gettext_lazy("Request for temporary custody"),
    ),
}


def extradition_document_render(*, file: ExtraditionFile, kind: str):
    """The document as it stands now (a preview until sent), in the documents' language."""
    from django.utils import translation

    from documents.services import DOCUMENT_LANGUAGE, document_render
    from extradition import documents

    template, _title = DOCUMENTS[kind]
    with translation.override(DOCUMENT_LANGUAGE):
        return document_render(
            template=template,
            context=documents.context(file, kind=kind),
            reference=file.reference,
        )


@transaction.atomic
def extradition_document_send(*, file: ExtraditionFile, actor: User, kind: str):
    """The requesting side sends a document: it is rendered, hashed and frozen as sent."""
    from django.utils import translation

    from documents.models import Document
    from documents.services import document_store

    if kind not in DOCUMENTS:
        raise ValidationError({"kind": _("Unknown document.")})
    if not is_on_side(actor, file, "requesting"):
        raise PermissionDenied(_("The requesting state's officers send its documents."))
    if file.stage in FINAL:
        raise IllegalTransition(_("The file is closed."))
    if Document.objects.for_subject(file, kind).exists() and kind == "custody_request":
        raise IllegalTransition(_("This document was already sent."))
    rendered = extradition_document_render(file=file, kind=kind)
    with translation.override("ru"):
        title = str(DOCUMENTS[kind][1])
    return document_store(
        subject=file, kind=kind, title=title, rendered=rendered, actor=actor, frozen=True
    )
