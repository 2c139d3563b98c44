"""Opening an extradition file and moving it through its stages, each with its legal clock.

The stages are a table for core.workflow (extradition/workflow.py: who may take each step, its
form, its effect); ``extradition_step`` runs a step through it. The clocks of each event open in
the detaining state (the detention, the custody pending the request, the surrender date) — the
rules of that state's law and the treaty rules binding both, never the other state's law; where
the registry has no rule, the file says so and the prosecutors and registry administrators are
told. A missed custody clock blocks the steps that assume lawful custody until a release (or an
extension of the clock) is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import AgencyKind, Role
from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case, Participant
from core.db import RowProbe, linked_ids
from core.exceptions import IllegalTransition
from core.services import reference_next_number
from deadlines.models import Deadline, DeadlineState
from deadlines.services import (
    RuleGap,
    deadline_rule_missing,
    deadlines_open,
    rule_gaps,
)
from extradition.choices import FINAL, Purpose, Stage
from extradition.models import ExtraditionFile, StageChange, prosecutor_country
from extradition.workflow import EITHER, REQUESTING
from treaties.choices import RequestKind, TriggerEvent
from treaties.governing import governs
from treaties.models import CriminalArticle, LegalThreshold

CUSTODY_CLOCKS = (TriggerEvent.PERSON_DETAINED, TriggerEvent.CUSTODY_ORDERED)
# The stage whose label carries the length of the clock that bounds it: "temporary custody"
# followed by the rule's own length display.
STAGE_CLOCKS = {Stage.CUSTODY: TriggerEvent.CUSTODY_ORDERED}


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


def lapsed_custody(now=None) -> Exists:
    """On a file: a custody clock ran out while the person was still held — of each event's
    clocks (cancelled ones aside), the one ending last is missed, or running past its end. The
    custody is not lawful until a release is recorded, or the clock extended before it ran out.
    One condition for a single file and for a list: a probe per row read (``RowProbe``), not
    a hash of every file's custody clocks built before a page of 50 is read."""
    now = now or timezone.now()
    clocks = Deadline.objects.filter(
        subject_type=ExtraditionFile._meta.label_lower, kind__in=CUSTODY_CLOCKS
    ).exclude(state=DeadlineState.CANCELLED)
    later = clocks.filter(
        subject_id=OuterRef("subject_id"), kind=OuterRef("kind"), due_at__gt=OuterRef("due_at")
    )
    return RowProbe(
        clocks.filter(subject_id=Cast(OuterRef("pk"), models.CharField()))
        .filter(Q(state=DeadlineState.MISSED) | Q(state=DeadlineState.RUNNING, due_at__lt=now))
        .filter(~Exists(later))
    )


def custody_lapsed(file: ExtraditionFile, now=None) -> bool:
    """Whether the file's custody clock ran out (see ``lapsed_custody``)."""
    return ExtraditionFile.objects.filter(pk=file.pk).filter(lapsed_custody(now)).exists()


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


THRESHOLD_CODES = {
    Purpose.PROSECUTION: "extradition-prosecution-min-penalty",
    Purpose.ENFORCEMENT: "extradition-enforcement-min-sentence",
}


def extradition_thresholds() -> dict[str, LegalThreshold]:
    """The registry's extradition thresholds by code (loaded once for a list)."""
    return LegalThreshold.objects.in_bulk(list(THRESHOLD_CODES.values()), field_name="code")


ARTICLE_RELATIONS = ("requesting_articles", "requested_articles")


def attach_articles(files: list[ExtraditionFile]) -> list[ExtraditionFile]:
    """Both sides' articles of a page of files, read in two queries: which article each file
    names (both link tables in one UNION), then each distinct article once, with its code.

    A list names the same few articles of the registry again and again: prefetched, 50 files
    built some 200 article and code objects from wide registry rows (10 of the API list's
    60 ms at 100,000 cases); here a page builds each article once and the files share it.
    Each file's articles come in the order they were linked, as ``listed_articles[relation]``.
    """
    if not files:
        return files
    named = linked_ids(
        {
            relation: (
                getattr(ExtraditionFile, relation).through,
                "extraditionfile_id",
                "criminalarticle_id",
            )
            for relation in ARTICLE_RELATIONS
        },
        [file.pk for file in files],
    )
    articles = CriminalArticle.objects.select_related("code").in_bulk(
        {pk for pks in named.values() for pk in pks}
    )
    for file in files:
        file.listed_articles = {
            relation: [articles[pk] for pk in named.get((file.pk, relation), ())]
            for relation in ARTICLE_RELATIONS
        }
    return files


def articles_of(file: ExtraditionFile, relation: str) -> list[CriminalArticle]:
    """A file's articles with their codes: those a list read for its page when it did
    (``attach_articles``), the prefetched ones when a page prefetched them."""
    listed = getattr(file, "listed_articles", None)
    if listed is not None:
        return listed[relation]
    if relation in getattr(file, "_prefetched_objects_cache", {}):
        return list(getattr(file, relation).all())
    return list(getattr(file, relation).select_related("code"))


def dual_criminality(
    file: ExtraditionFile, thresholds: dict[str, LegalThreshold] | None = None
) -> DualCriminality:
    """Both countries' articles side by side, against the registry's extradition threshold.

    For prosecution the threshold tests the maximum penalty of every article on both sides; for
    enforcement it tests the sentence the judgment imposed (the time left to serve is shown for
    the decision, not tested). A penalty missing from the registry, or marked "to be confirmed"
    there, makes the answer "to be confirmed" (None).
    """
    requesting = articles_of(file, "requesting_articles")
    requested = articles_of(file, "requested_articles")
    code = THRESHOLD_CODES.get(file.purpose, THRESHOLD_CODES[Purpose.ENFORCEMENT])
    if thresholds is None:
        thresholds = extradition_thresholds()
    threshold = thresholds.get(code)
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
    if (
        not Case.objects.visible_to(actor, "change").filter(pk=case.pk).exists()
        and prosecutor_country(actor) != case.country
    ):
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
    if not EITHER.allows(actor, file):
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


def extradition_clock_open(
    *, file: ExtraditionFile, trigger: str, started_at, actor: User, moments=None
) -> list:
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


def extradition_step(
    *, file: ExtraditionFile, actor: User, step: str, data: dict[str, Any]
) -> ExtraditionFile:
    """Take one step of the file (extradition/workflow.py): 404 when the actor cannot see the
    file, 403 for the wrong side, 409 for the wrong stage or a lapsed custody, 400 for its
    form's errors or an unknown field."""
    from extradition.workflow import EXTRADITION_WORKFLOW

    if step not in EXTRADITION_WORKFLOW:
        raise ValidationError({"step": _("Unknown step.")})
    return EXTRADITION_WORKFLOW.perform(file, step, actor, data)


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
    if not REQUESTING.allows(actor, file):
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
