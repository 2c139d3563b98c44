"""The stages of an extradition file as a table for core.workflow.

Who may take each step is a condition on the file (``Rule``): the requesting side is the
requesting state's prosecutors and those who may change the file's case; the requested side is
the requested state's prosecutors. The same rules answer a single check, the page's buttons and
the lists' annotations. Each step validates its own form and opens or closes the clocks of its
event in the detaining (requested) state; a missed custody clock blocks the steps that assume
lawful custody until a release (or an extension of the clock) is recorded.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import IllegalTransition
from core.phrases import Phrase
from core.workflow import NOTHING, Notice, Rule, Step, Transition, Workflow
from extradition import forms as step_forms
from extradition.choices import FINAL, IN_CUSTODY, Stage
from extradition.models import ExtraditionFile, StageChange, prosecutor_country
from treaties.choices import TriggerEvent


# --- Who ------------------------------------------------------------------------------------
def prosecutor_q(user, state_field: str) -> Q:
    """Files whose ``state_field`` (requesting_state / requested_state) is the state whose
    prosecutor ``user`` is."""
    country = prosecutor_country(user)
    return Q(**{state_field: country}) if country else NOTHING


def requesting_q(user) -> Q:
    from cases.querysets import case_access_q

    return prosecutor_q(user, "requesting_state") | case_access_q(user, "change", prefix="case__")


REQUESTING = Rule(requesting_q, "requesting")
REQUESTED = Rule(lambda user: prosecutor_q(user, "requested_state"), "requested")
EITHER = REQUESTING | REQUESTED


# --- Effects --------------------------------------------------------------------------------
def _zone(file: ExtraditionFile):
    from deadlines.computation import zone_of

    return zone_of(file.requested_state)


def _today(step: Step) -> datetime.date:
    """Dates of the file are the requested (detaining) state's calendar dates."""
    return step.now.astimezone(_zone(step.obj)).date()


def _day_start(day: datetime.date, file: ExtraditionFile) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=_zone(file))


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return getattr(value, "pk", value)


def _set(step: Step, **values) -> None:
    """Set fields of the file, each change kept for the audit row."""
    for name, value in values.items():
        before = getattr(step.obj, name)
        if before != value:
            step.changes[name] = [_plain(before), _plain(value)]
        setattr(step.obj, name, value)


def _not_future(step: Step, name: str) -> None:
    if step.data[name] > _today(step):
        raise ValidationError({name: _("This date is in the future.")})


def _clock(step: Step, trigger: str, started_at, moments=None) -> None:
    from extradition.services import extradition_clock_open

    extradition_clock_open(
        file=step.obj, trigger=trigger, started_at=started_at, actor=step.actor, moments=moments
    )


def lawful_custody(effect):
    """The step assumes lawful custody: refused (409) once a custody clock has run out, until
    a release (or an extension of the clock) is recorded."""

    def checked(step: Step):
        from extradition.services import custody_lapsed

        if custody_lapsed(step.obj, now=step.now):
            raise IllegalTransition(
                _(
                    "The custody period has run out. Record the person's release, or an "
                    "extension of the custody clock, before any further step."
                )
            )
        return effect(step) if effect else None

    return checked


def _locate(step: Step) -> None:
    _set(step, located_place=step.data["located_place"])


def _detain(step: Step) -> None:
    if step.data["detained_at"] > step.now:
        raise ValidationError({"detained_at": _("The detention cannot be in the future.")})
    _set(
        step,
        detention_place=step.data["detention_place"],
        detained_at=step.data["detained_at"],
        detaining_agency=step.data["detaining_agency"],
    )
    _clock(step, TriggerEvent.PERSON_DETAINED, step.obj.detained_at)


def _order_custody(step: Step) -> None:
    from deadlines.services import deadline_meet

    file, ordered_on = step.obj, step.data["custody_ordered_on"]
    detained_on = file.detained_at.astimezone(_zone(file)).date()
    if ordered_on > _today(step) or ordered_on < detained_on:
        raise ValidationError(
            {"custody_ordered_on": _("The order falls between the detention and today.")}
        )
    _set(step, custody_court=step.data["custody_court"], custody_ordered_on=ordered_on)
    # The order's date is what the file knows: its day's start, no earlier than detention.
    ordered_at = max(_day_start(ordered_on, file), file.detained_at)
    # The order meets the detention's clocks (the period and the motion within it).
    deadline_meet(
        subject=file, kinds=[TriggerEvent.PERSON_DETAINED], actor=step.actor, at=ordered_at
    )
    # Opened by the order; the rule says from which moment it counts (the detention's).
    _clock(
        step,
        TriggerEvent.CUSTODY_ORDERED,
        ordered_at,
        moments={TriggerEvent.PERSON_DETAINED: file.detained_at},
    )


def _receive_request(step: Step) -> None:
    from deadlines.services import deadline_meet
    from extradition.services import CUSTODY_CLOCKS

    _not_future(step, "request_received_on")
    file = step.obj
    _set(step, request_received_on=step.data["request_received_on"])
    at = _day_start(file.request_received_on, file)
    deadline_meet(
        subject=file, kinds=CUSTODY_CLOCKS, actor=step.actor, at=max(at, file.detained_at or at)
    )


def _request_supplement(step: Step) -> None:
    _clock(step, TriggerEvent.EXTRADITION_SUPPLEMENT_REQUESTED, step.now)


def _supplement(step: Step) -> None:
    from deadlines.services import deadline_meet

    deadline_meet(
        subject=step.obj, kinds=[TriggerEvent.EXTRADITION_SUPPLEMENT_REQUESTED], actor=step.actor
    )


def _decision(step: Step) -> str:
    """Granted or refused (the grounds are checked against the legal basis by the form)."""
    file = step.obj
    granted = step.data["decision"] == "granted"
    if granted and file.own_national:
        raise ValidationError(
            {
                "decision": _(
                    "A national of the requested state cannot be extradited: refuse and "
                    "transfer the prosecution."
                )
            }
        )
    grounds = list(step.data.get("grounds") or [])
    before = sorted(file.decision_grounds.values_list("pk", flat=True))
    file.decision_grounds.set(grounds)
    if before != sorted(g.pk for g in grounds):
        step.changes["decision_grounds"] = [before, sorted(g.pk for g in grounds)]
    return Stage.GRANTED if granted else Stage.REFUSED


def _decide(step: Step) -> str:
    _not_future(step, "decision_on")
    target = _decision(step)
    _set(step, decision_on=step.data["decision_on"])
    return target


def _appeal_decided(step: Step) -> str:
    target = _decision(step)
    _set(step, appeal_outcome=step.data.get("appeal_outcome") or str(Stage(target).label))
    return target


def _appeal(step: Step) -> None:
    _set(step, appeal_court=step.data["appeal_court"])


def _fix_surrender(step: Step) -> None:
    file, surrender_on = step.obj, step.data["surrender_on"]
    if file.decision_on and surrender_on < file.decision_on:
        raise ValidationError({"surrender_on": _("The surrender cannot come before the decision.")})
    if surrender_on < _today(step):
        raise ValidationError({"surrender_on": _("This date has passed.")})
    if step.name == "postpone_surrender":
        from deadlines.services import deadline_cancel

        deadline_cancel(
            subject=file,
            kinds=[TriggerEvent.SURRENDER_DATE_FIXED],
            actor=step.actor,
            note=step.note,
        )
    _set(step, surrender_on=surrender_on)
    _clock(step, TriggerEvent.SURRENDER_DATE_FIXED, _day_start(surrender_on, file))


def _surrender(step: Step) -> None:
    from deadlines.services import deadline_meet

    _not_future(step, "surrendered_on")
    _set(step, surrendered_on=step.data["surrendered_on"])
    deadline_meet(subject=step.obj, actor=step.actor)


def _request_transfer(step: Step) -> None:
    if not step.obj.own_national and not step.note:
        raise ValidationError({"note": _("Say why the prosecution is transferred.")})


def _accept_transfer(step: Step) -> None:
    _set(step, transfer_accepted_on=step.data["transfer_accepted_on"])


def _release(step: Step) -> None:
    from deadlines.services import deadline_cancel

    # The reason is the step's note (history and audit): see note_field below.
    _set(step, release_reason=step.data["release_reason"])
    deadline_cancel(subject=step.obj, actor=step.actor, note=step.obj.release_reason)


def _close(step: Step) -> None:
    from deadlines.services import deadline_cancel

    deadline_cancel(subject=step.obj, actor=step.actor, note=step.note)


# --- History --------------------------------------------------------------------------------
def _history(step: Step, target: str) -> None:
    StageChange.objects.create(
        file=step.obj,
        from_stage=step.previous,
        to_stage=target,
        actor=step.actor,
        occurred_at=step.now,
        note=step.note,
    )


# --- Who is told -----------------------------------------------------------------------------
def _tell_other_side(step: Step) -> list[Notice]:
    """When the file now waits for the other state's prosecutors, they are told (those who see
    the file); a step that leaves the file with its own side tells nobody."""
    from accounts.choices import AgencyKind, Role
    from accounts.models import User

    file = step.obj
    stage = file.stage
    waiting = set()
    for transition in EXTRADITION_WORKFLOW.transitions.values():
        if stage not in transition.sources:
            continue
        if transition.may is REQUESTED:
            waiting.add(file.requested_state)
        elif transition.may is REQUESTING:
            waiting.add(file.requesting_state)
    own = prosecutor_country(step.actor) or getattr(step.actor, "country", None)
    waiting.discard(own)
    if not waiting:
        return []
    candidates = User.objects.filter(
        is_active=True,
        groups__name=Role.PROSECUTOR,
        agency__country__in=waiting,
        agency__kind__in=[AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY],
    ).distinct()
    people = [
        user
        for user in candidates
        if ExtraditionFile.objects.visible_to(user).filter(pk=file.pk).exists()
    ]
    return [
        Notice(
            people,
            "extradition_turn",
            Phrase(
                gettext_lazy("Extradition file %(reference)s awaits your step (%(stage)s)"),
                reference=file.reference,
                stage=Stage(stage).label,
            ),
            reverse("extradition:detail", kwargs={"pk": file.pk}),
        )
    ]


def _t(name, sources, target, may, form, effect, label, **extra) -> Transition:
    return Transition(
        name,
        frozenset(sources),
        target,
        may,
        form=form,
        effect=effect,
        label=label,
        # The button says what it does ("Terminate the proceedings"), the label what was done.
        button=extra.pop("button"),
        notify=extra.pop("notify", _tell_other_side),
        **extra,
    )


EXTRADITION_WORKFLOW = Workflow(
    model=ExtraditionFile,
    state_field="stage",
    state_label=lambda value: Stage(value).label,
    visible=lambda user: ExtraditionFile.objects.visible_to(user),
    history=_history,
    audit_scope=lambda file: file.case,
    transitions=[
        _t(
            "locate",
            {Stage.WANTED},
            Stage.LOCATED,
            EITHER,
            step_forms.LocateForm,
            _locate,
            gettext_lazy("located"),
            button=gettext_lazy("Record where the person was located"),
        ),
        _t(
            "detain",
            {Stage.WANTED, Stage.LOCATED},
            Stage.DETAINED,
            REQUESTED,
            step_forms.DetainForm,
            _detain,
            gettext_lazy("detained"),
            button=gettext_lazy("Record the detention"),
        ),
        _t(
            "order_custody",
            {Stage.DETAINED},
            Stage.CUSTODY,
            REQUESTED,
            step_forms.CustodyOrderForm,
            _order_custody,
            gettext_lazy("taken into temporary custody"),
            button=gettext_lazy("Record the custody order"),
        ),
        _t(
            "receive_request",
            {Stage.WANTED, Stage.LOCATED, Stage.DETAINED, Stage.CUSTODY},
            Stage.REQUEST_RECEIVED,
            REQUESTED,
            step_forms.RequestReceivedForm,
            _receive_request,
            gettext_lazy("extradition request received"),
            button=gettext_lazy("Register the extradition request"),
        ),
        _t(
            "request_supplement",
            {Stage.REQUEST_RECEIVED, Stage.ARREST},
            Stage.SUPPLEMENT_REQUESTED,
            REQUESTED,
            step_forms.NoteForm,
            _request_supplement,
            gettext_lazy("supplementary information requested"),
            button=gettext_lazy("Request supplementary information"),
        ),
        _t(
            "supplement",
            {Stage.SUPPLEMENT_REQUESTED},
            Stage.REQUEST_RECEIVED,
            REQUESTING,
            step_forms.NoteForm,
            _supplement,
            gettext_lazy("supplemented"),
            button=gettext_lazy("Record the supplement"),
        ),
        _t(
            "arrest",
            {Stage.REQUEST_RECEIVED},
            Stage.ARREST,
            REQUESTED,
            step_forms.NoteForm,
            lawful_custody(None),
            gettext_lazy("placed under extradition arrest"),
            button=gettext_lazy("Place under extradition arrest"),
        ),
        _t(
            "decide",
            {Stage.REQUEST_RECEIVED, Stage.ARREST},
            None,
            REQUESTED,
            step_forms.DecideForm,
            lawful_custody(_decide),
            gettext_lazy("decided"),
            button=gettext_lazy("Record the decision on extradition"),
            confirm=gettext_lazy(
                "The decision is final at this stage: a refusal can only be appealed or "
                "followed by a transfer of the prosecution."
            ),
        ),
        _t(
            "appeal",
            {Stage.GRANTED, Stage.REFUSED},
            Stage.APPEAL,
            EITHER,
            step_forms.AppealForm,
            _appeal,
            gettext_lazy("appealed"),
            button=gettext_lazy("Record an appeal"),
        ),
        _t(
            "appeal_decided",
            {Stage.APPEAL},
            None,
            REQUESTED,
            step_forms.AppealDecidedForm,
            _appeal_decided,
            gettext_lazy("appeal decided"),
            button=gettext_lazy("Record the decision on appeal"),
            confirm=gettext_lazy(
                "The decision is final at this stage: a refusal can only be appealed or "
                "followed by a transfer of the prosecution."
            ),
        ),
        _t(
            "fix_surrender",
            {Stage.GRANTED},
            Stage.SURRENDER_FIXED,
            REQUESTED,
            step_forms.SurrenderDateForm,
            lawful_custody(_fix_surrender),
            gettext_lazy("surrender date fixed"),
            button=gettext_lazy("Fix the surrender date"),
        ),
        _t(
            "postpone_surrender",
            {Stage.SURRENDER_FIXED},
            Stage.SURRENDER_FIXED,
            REQUESTED,
            step_forms.PostponeSurrenderForm,
            lawful_custody(_fix_surrender),
            gettext_lazy("surrender postponed"),
            button=gettext_lazy("Postpone the surrender"),
        ),
        _t(
            "surrender",
            {Stage.SURRENDER_FIXED},
            Stage.SURRENDERED,
            REQUESTED,
            step_forms.SurrenderForm,
            lawful_custody(_surrender),
            gettext_lazy("surrendered"),
            button=gettext_lazy("Record the surrender"),
            confirm=gettext_lazy(
                "The person is handed over to the requesting state: the custody clocks stop "
                "and the file is final."
            ),
        ),
        _t(
            "request_transfer",
            {Stage.REFUSED},
            Stage.TRANSFER_REQUESTED,
            REQUESTING,
            step_forms.NoteForm,
            _request_transfer,
            gettext_lazy("transfer of prosecution requested"),
            button=gettext_lazy("Request transfer of prosecution"),
        ),
        _t(
            "accept_transfer",
            {Stage.TRANSFER_REQUESTED},
            Stage.TRANSFER_ACCEPTED,
            REQUESTED,
            step_forms.TransferAcceptedForm,
            _accept_transfer,
            gettext_lazy("transfer of prosecution accepted"),
            button=gettext_lazy("Record the transfer of prosecution as accepted"),
            confirm=gettext_lazy(
                "The requested state takes over the prosecution: the file is final."
            ),
        ),
        _t(
            "release",
            IN_CUSTODY,
            Stage.RELEASED,
            REQUESTED,
            step_forms.ReleaseForm,
            _release,
            gettext_lazy("released"),
            button=gettext_lazy("Release the person"),
            confirm=gettext_lazy(
                "The person is released: the custody clocks stop and the file leaves custody."
            ),
            note_field="release_reason",
        ),
        _t(
            "close",
            set(Stage.values) - set(FINAL),
            Stage.CLOSED,
            EITHER,
            step_forms.NoteRequiredForm,
            _close,
            gettext_lazy("closed"),
            button=gettext_lazy("Terminate the proceedings"),
            confirm=gettext_lazy("The file is closed for good: its clocks stop."),
        ),
    ],
)

STEP_LABELS = {name: t.label for name, t in EXTRADITION_WORKFLOW.transitions.items()}


def steps_of_row(file: ExtraditionFile) -> list[str]:
    """The steps allowed on a row of a list annotated by ``annotate_allowed`` (no query)."""
    return [name for name in EXTRADITION_WORKFLOW.names() if getattr(file, f"may_{name}", False)]
