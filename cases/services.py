"""Everything that changes a case: each function checks the actor, writes, and audits.

Views and the API call these and nothing else; the permission checks here are the last line.
Every function is the outermost transaction of its own work.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from accounts.choices import Role
from accounts.models import Agency, User
from accounts.services import agency_grantee_group
from audit.models import AuditAction
from audit.services import audit_record, audit_record_many, diff, snapshot
from cases import names
from cases.choices import AccessLevel, LinkStatus
from cases.models import (
    AccessRequest,
    AccessRequestStatus,
    Attachment,
    Case,
    CaseLink,
    IdentityDocument,
    Participant,
    Person,
    PersonCheck,
    Qualification,
    RoutePoint,
)
from cases.models.person import PROTECTED_PERSON_FIELDS
from cases.querysets import PERMISSION_CODENAMES
from cases.validators import normalize_national_number
from cases.workflow import CASE_LINK_WORKFLOW, CASE_WORKFLOW, status_step
from core.exceptions import DomainError, IllegalTransition, StaleEdit
from core.phrases import Phrase
from core.services import reference_next_number
from deadlines.notify import notify
from treaties.models import CriminalArticle, CriminalCode, ExploitationForm

CASE_FIELDS = (
    "national_register",
    "national_number",
    "lead_investigator",
    "title",
    "summary",
    "opened_on",
    "committed_on",
)


def _require(user, case: Case, action: str) -> None:
    # SECURITY: the same rule as every read. Not visible at all -> the caller answers 404.
    if not Case.objects.filter(pk=case.pk).visible_to(user, action).exists():
        raise PermissionDenied(_("You may not do this with this case."))


def _case_state(case: Case) -> dict[str, Any]:
    state = snapshot(case)
    state["investigators"] = sorted(case.investigators.values_list("pk", flat=True))
    state["exploitation_forms"] = sorted(case.exploitation_forms.values_list("code", flat=True))
    state["qualifications"] = sorted(case.qualifications.values_list("article_id", flat=True))
    state["route"] = [
        [p.role, p.country, p.locality] for p in case.route.all().order_by("order", "id")
    ]
    return state


def _allocate_reference(country: str, year: int) -> str:
    number = reference_next_number(scope=f"case-{country}", year=year)
    return f"{country}-{year}-{number:05d}"


def _check_articles(case: Case, articles: Iterable[CriminalArticle]) -> None:
    articles = list(articles)
    foreign = [a for a in articles if a.code.country != case.country]
    if foreign:
        raise ValidationError(
            {"qualifications": _("A case is qualified under its own country's code only.")}
        )
    _check_editions(case, articles)


def _check_editions(case: Case, articles: Iterable[CriminalArticle]) -> None:
    """An act is qualified under the code edition in force on the day it was committed."""
    if case.committed_on is None:
        return
    wrong = [a for a in articles if not a.code.is_in_force_on(case.committed_on)]
    if not wrong:
        return
    in_force = CriminalCode.objects.filter(country=case.country).in_force_on(case.committed_on)
    values = {
        "articles": ", ".join(a.citation for a in wrong),
        "date": case.committed_on.strftime("%d.%m.%Y"),
        "edition": ", ".join(code.shown_short_name for code in in_force),
    }
    if values["edition"]:
        message = _(
            "%(articles)s: that edition was not in force on %(date)s, when the act was "
            "committed; qualify it under %(edition)s."
        )
    else:
        message = _(
            "%(articles)s: that edition was not in force on %(date)s, when the act was "
            "committed, and the registry has no edition in force on that date."
        )
    raise ValidationError({"articles": message % values})


def _check_committed_on(case: Case) -> None:
    if case.committed_on and case.committed_on > timezone.localdate():
        raise ValidationError({"committed_on": _("An offence cannot be committed in the future.")})


def _set_relations(
    case: Case,
    *,
    investigators: Iterable[User] | None,
    exploitation_forms: Iterable[ExploitationForm] | None,
    articles: Iterable[CriminalArticle] | None,
    route: list[dict] | None,
) -> None:
    if investigators is not None:
        investigators = list(investigators)
        strangers = [u for u in investigators if u.agency_id != case.owning_agency_id]
        if strangers:
            raise ValidationError(
                {
                    "investigators": _(
                        "Assigned investigators must be officers of the owning agency."
                    )
                }
            )
        case.investigators.set(investigators)
    if exploitation_forms is not None:
        case.exploitation_forms.set(list(exploitation_forms))
    if articles is not None:
        articles = list(articles)
        _check_articles(case, articles)
        keep = {a.pk for a in articles}
        case.qualifications.exclude(article_id__in=keep).delete()
        existing = set(case.qualifications.values_list("article_id", flat=True))
        Qualification.objects.bulk_create(
            [Qualification(case=case, article=a) for a in articles if a.pk not in existing]
        )
    if route is not None:
        case.route.all().delete()
        RoutePoint.objects.bulk_create(
            [
                RoutePoint(case=case, order=i, **point)
                for i, point in enumerate(route)
                if point.get("locality")
            ]
        )


@transaction.atomic
def case_create(
    *,
    actor: User,
    national_register: str,
    national_number: str,
    title: str,
    opened_on: datetime.date,
    committed_on: datetime.date | None = None,
    lead_investigator: User | None = None,
    summary: str = "",
    investigators: Iterable[User] = (),
    exploitation_forms: Iterable[ExploitationForm] = (),
    articles: Iterable[CriminalArticle] = (),
    route: list[dict] | None = None,
) -> Case:
    """Open a case in the actor's agency, with a new portal reference."""
    if not (actor.has_role(Role.INVESTIGATOR) or actor.has_role(Role.COORDINATOR)):
        raise PermissionDenied(_("Only investigators and coordinators open cases."))
    if actor.agency_id is None:
        raise PermissionDenied(_("Only officers of an agency open cases."))
    agency = actor.agency
    case = Case(
        country=agency.country,
        owning_agency=agency,
        lead_investigator=lead_investigator or actor,
        national_register=national_register,
        national_number=national_number,
        national_number_digits=normalize_national_number(national_number),
        title=title,
        summary=summary,
        opened_on=opened_on,
        committed_on=committed_on,
        created_by=actor,
        reference="pending",
    )
    case.full_clean(exclude=["reference"])
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot be opened in the future.")})
    _check_committed_on(case)
    case.reference = _allocate_reference(agency.country, opened_on.year)
    case.save()
    _set_relations(
        case,
        investigators=investigators,
        exploitation_forms=exploitation_forms,
        articles=articles,
        route=route or [],
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=case, changes=diff({}, _case_state(case))
    )
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    fields: dict[str, Any],
    investigators: Iterable[User] | None = None,
    exploitation_forms: Iterable[ExploitationForm] | None = None,
    articles: Iterable[CriminalArticle] | None = None,
    route: list[dict] | None = None,
) -> Case:
    """Change a case the actor may change, unless someone else changed it since it was read."""
    _require(actor, case, "change")
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    # RACE: lock the row; a version that moved on means another edit landed in between.
    stored = Case.objects.select_for_update().get(pk=case.pk)
    if stored.version != expected_version:
        raise StaleEdit(
            _(
                "This case was changed by someone else after you opened it. Reload it, check "
                "their changes, and make yours again."
            )
        )
    before = _case_state(stored)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    if stored.opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot be opened in the future.")})
    _check_committed_on(stored)
    if articles is None:
        # A new date of the act must still match the editions the case is qualified under.
        _check_editions(
            stored, [q.article for q in stored.qualifications.select_related("article__code")]
        )
    stored.version = expected_version + 1
    stored.save()
    _set_relations(
        stored,
        investigators=investigators,
        exploitation_forms=exploitation_forms,
        articles=articles,
        route=route,
    )
    changes = diff(before, _case_state(stored))
    changes.pop("version", None)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=stored, changes=changes)
    return stored


def case_set_status(*, case: Case, actor: User, status: str, reason: str = "") -> Case:
    """Suspend, send to court, close (with a reason) or reopen a case: the step of
    ``cases.workflow.CASE_WORKFLOW`` that leads to ``status``."""
    return CASE_WORKFLOW.perform(case, status_step(status), actor, {"reason": reason})


# --- Persons and participants -----------------------------------------------------------------
def _person_repr(participant: Participant | None, person: Person) -> str:
    # The audit row's label must not carry a victim's name: the case history shows it.
    if participant is not None and participant.is_protected:
        return f"{participant.case.reference}: {participant.pseudonym}"
    return person.full_name


@transaction.atomic
def participant_add(
    *,
    case: Case,
    actor: User,
    role: str,
    person_fields: dict[str, Any],
    documents: list[dict] | None = None,
    note: str = "",
) -> Participant:
    """Record a person in a case with a role; victims get the next pseudonym number."""
    _require(actor, case, "change")
    person = Person(owning_agency_id=case.owning_agency_id, **person_fields)
    person.refresh_search_name()
    person.full_clean()
    if person.birth_date and person.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("The date of birth is in the future.")})
    person.save()
    for document in documents or []:
        doc = IdentityDocument(person=person, **document)
        doc.full_clean()
        doc.save()
    participant = Participant(case=case, person=person, role=role, note=note, added_by=actor)
    if participant.is_protected:
        # RACE: the case row is the lock under which victim numbers are handed out.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        highest = case.participants.aggregate(n=Max("victim_number"))["n"] or 0
        participant.victim_number = highest + 1
    participant.full_clean()
    participant.save()
    names.refresh([case.pk])
    state = snapshot(person)
    state["role"] = role
    state["documents"] = [[d.get("kind"), d.get("number")] for d in documents or []]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=participant,
        object_repr=_person_repr(participant, person),
        changes=diff({}, state),
        scope=case,
        protected=participant.is_protected,
    )
    return participant


@transaction.atomic
def person_update(
    *,
    participant: Participant,
    actor: User,
    expected_version: int,
    fields: dict[str, Any],
) -> Person:
    """Correct a person's data from a case the actor may change (and, for a victim, see)."""
    case = participant.case
    _require(actor, case, "change")
    if participant.person.participations.filter(role="victim").exists():
        _require(actor, case, "view_protected")
    stored = Person.objects.select_for_update().get(pk=participant.person_id)
    if stored.version != expected_version:
        raise StaleEdit(
            _(
                "This person's data was changed by someone else after you opened it. Reload, "
                "check their changes, and make yours again."
            )
        )
    before = snapshot(stored)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.refresh_search_name()
    stored.full_clean()
    if stored.birth_date and stored.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("The date of birth is in the future.")})
    stored.version = expected_version + 1
    stored.save()
    names.refresh(stored.participations.values_list("case_id", flat=True))
    changes = diff(before, snapshot(stored))
    changes.pop("version", None)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stored,
        object_repr=_person_repr(participant, stored),
        changes=changes,
        scope=case,
        protected=participant.is_protected or bool(set(changes) & set(PROTECTED_PERSON_FIELDS)),
    )
    return stored


def protected_view_record(*, actor: User, participants: Iterable[Participant], where: str) -> None:
    """Log that the actor was shown the identities of these victims (one event per victim)."""
    victims = [p for p in participants if p.is_protected]
    if not victims:
        return
    audit_record_many(
        actor=actor,
        action=AuditAction.VIEW_PROTECTED,
        objs=victims,
        scope_of=lambda participant: participant.case,
        note=where,
        protected=True,
    )


# --- Attachments ----------------------------------------------------------------------------
@transaction.atomic
def attachment_upload(*, case: Case, actor: User, upload, description: str = "") -> Attachment:
    """Store a file of a case; the same name again becomes the next version, never a replacement."""
    _require(actor, case, "change")
    attachment = Attachment.checked(upload, uploaded_by=actor, case=case, description=description)
    # RACE: versions of one name are numbered under the case's row lock.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    latest = case.attachments.filter(original_name=attachment.original_name).aggregate(
        v=Max("version")
    )["v"]
    attachment.version = (latest or 0) + 1
    attachment.save_with(upload)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=attachment,
        changes=attachment.stored_changes(version=attachment.version),
        scope=case,
    )
    return attachment


# --- Sharing ----------------------------------------------------------------------------------
LEVEL_CODENAMES = {
    AccessLevel.VIEW: [PERMISSION_CODENAMES["view"]],
    AccessLevel.CHANGE: [PERMISSION_CODENAMES["view"], PERMISSION_CODENAMES["change"]],
    AccessLevel.VIEW_PROTECTED: [
        PERMISSION_CODENAMES["view"],
        PERMISSION_CODENAMES["view_protected"],
    ],
}


def _grantee(user: User | None, agency: Agency | None):
    if (user is None) == (agency is None):
        raise ValidationError(_("Share with one officer or one agency."))
    return user if user is not None else agency_grantee_group(agency=agency)


@transaction.atomic
def case_grant(
    *,
    case: Case,
    actor: User,
    levels: Iterable[str],
    user: User | None = None,
    agency: Agency | None = None,
) -> None:
    """Share a case with an officer or an agency (replaces what that grantee had)."""
    _require(actor, case, "share")
    levels = {AccessLevel(level) for level in levels} or {AccessLevel.VIEW}
    grantee = _grantee(user, agency)
    if user is not None and not user.is_active:
        raise ValidationError({"user": _("This account is disabled.")})
    wanted = {codename for level in levels for codename in LEVEL_CODENAMES[level]}
    for codename in PERMISSION_CODENAMES.values():
        if codename in wanted:
            assign_perm(f"cases.{codename}", grantee, case)
        else:
            remove_perm(f"cases.{codename}", grantee, case)
    event = audit_record(
        actor=actor,
        action=AuditAction.GRANT,
        obj=case,
        changes={"grantee": [None, str(user or agency)], "levels": [None, sorted(levels)]},
    )
    # The officer, or the agency's coordinators, learn that the case is theirs to see.
    told = (
        [user]
        if user is not None
        else User.objects.filter(agency=agency, groups__name=Role.COORDINATOR).distinct()
    )
    notify(
        told,
        kind="case_shared",
        title=Phrase(
            gettext_lazy("Case %(reference)s has been shared with you"), reference=case.reference
        ),
        url=reverse("cases:detail", kwargs={"pk": case.pk}),
        event_key=f"cases.case:{case.pk}:grant:{event.pk}",
        actor=actor,
        scope=case,
    )


@transaction.atomic
def case_revoke(
    *, case: Case, actor: User, user: User | None = None, agency: Agency | None = None
) -> None:
    """Take back everything shared with an officer or an agency."""
    _require(actor, case, "share")
    grantee = _grantee(user, agency)
    for codename in PERMISSION_CODENAMES.values():
        remove_perm(f"cases.{codename}", grantee, case)
    audit_record(
        actor=actor,
        action=AuditAction.REVOKE,
        obj=case,
        changes={"grantee": [str(user or agency), None]},
    )


# --- Mirror cases -----------------------------------------------------------------------------
def _find_mirror(case: Case, identifier: str) -> Case:
    identifier = identifier.strip()
    digits = normalize_national_number(identifier)
    other = Case.objects.exclude(country=case.country)
    match = other.filter(reference__iexact=identifier).first()
    if match is None and len(digits) >= 8:
        match = other.filter(national_number_digits=digits).first()
    if match is None:
        raise ValidationError(
            {"identifier": _("No case of the other country has this reference or number.")}
        )
    return match


@transaction.atomic
def case_link_propose(*, case: Case, actor: User, identifier: str, note: str = "") -> CaseLink:
    """Propose to the other country's coordinators that their case mirrors this one."""
    _require(actor, case, "change")
    target = _find_mirror(case, identifier)
    live = CaseLink.objects.filter(status__in=[LinkStatus.PROPOSED, LinkStatus.ACCEPTED]).filter(
        source__in=[case.pk, target.pk], target__in=[case.pk, target.pk]
    )
    if live.exists():
        raise ValidationError({"identifier": _("These cases are already linked or proposed.")})
    link = CaseLink.objects.create(source=case, target=target, note=note, proposed_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=link,
        object_repr=f"{case.reference} → {target.reference}",
        scope=case,
    )
    return link


def case_link_decide(*, link: CaseLink, actor: User, accept: bool, note: str = "") -> CaseLink:
    """The other side's coordinator accepts or declines (with a reason) a proposed link."""
    return CASE_LINK_WORKFLOW.perform(
        link, "accept" if accept else "decline", actor, {"note": note}
    )


def case_link_withdraw(*, link: CaseLink, actor: User) -> CaseLink:
    """The proposing side takes back a proposal, or either side ends an accepted link."""
    return CASE_LINK_WORKFLOW.perform(link, "withdraw", actor)


# --- The same person across both countries: the check and the request for access ----------------
def _require_person(actor: User, participant: Participant) -> None:
    # SECURITY: only a person of the actor's own case (one they may change), and a victim only
    # by those who may see that case's victims.
    _require(actor, participant.case, "change")
    if participant.is_protected:
        _require(actor, participant.case, "view_protected")


@transaction.atomic
def person_check(*, participant: Participant, actor: User, reason: str) -> PersonCheck:
    """The cross-border check: do probable doubles of this person sit in cases the actor may not
    see? Recorded and audited; what is kept and told is country, agency and strength only."""
    from cases.persons import cross_border_hits
    from cases.throttles import CheckLimitReached, check_wait

    _require_person(actor, participant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you check this person.")})
    if check_wait(actor) is not None:
        raise CheckLimitReached(_("You have run as many checks as the period allows; try later."))
    hits = [hit.as_dict() for hit in cross_border_hits(actor, participant)]
    check = PersonCheck.objects.create(
        checked_by=actor,
        case=participant.case,
        participant=participant,
        reason=reason[:500],
        hits=hits,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=check,
        object_repr=f"{participant.case.reference}: {_('cross-border check')}",
        changes={
            "participant": [None, participant.pk],
            "reason": [None, check.reason],
            "hits": [None, [f"{h['country']} {h['agency']}" for h in hits]],
        },
        scope=participant.case,
        protected=participant.is_protected,
    )
    return check


def _coordinators(agency_id: int):
    return User.objects.filter(
        agency=agency_id, groups__name=Role.COORDINATOR, is_active=True
    ).distinct()


@transaction.atomic
def access_request_create(
    *, participant: Participant, actor: User, agency: Agency, reason: str
) -> AccessRequest:
    """Ask an agency, after a check that named it, to share the case holding the person's double.

    The agency's coordinators are told the requesting case and officer; the requester is never
    told which case it is until it is shared.
    """
    from cases.persons import hidden_matches

    _require_person(actor, participant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you need access.")})
    # SECURITY: only an agency a recorded check of this person named: asking is no second oracle.
    named = PersonCheck.objects.filter(checked_by=actor, participant=participant).values_list(
        "hits", flat=True
    )
    if not any(hit.get("agency_id") == agency.pk for hits in named for hit in hits):
        raise ValidationError({"agency": _("Run the check first: it did not name this agency.")})
    if AccessRequest.objects.filter(
        participant=participant, target_agency=agency, status=AccessRequestStatus.PENDING
    ).exists():
        raise ValidationError({"agency": _("A request to this agency is already waiting.")})
    found = [
        (part, score)
        for part, score in hidden_matches(actor, participant)
        if part.case.owning_agency_id == agency.pk
    ]
    if not found:
        raise DomainError(_("Nothing is left to ask for: the match is gone or already shared."))
    target = found[0][0]
    request = AccessRequest.objects.create(
        requested_by=actor,
        case=participant.case,
        participant=participant,
        target_agency=agency,
        target_case=target.case,
        target_participant=target,
        reason=reason[:1000],
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        object_repr=f"{participant.case.reference} → {agency.name}",
        changes={"agency": [None, agency.name], "reason": [None, request.reason]},
        scope=participant.case,
    )
    # The owning side's record of the same event, under its own case.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        object_repr=f"{participant.case.reference} → {target.case.reference}",
        changes={"requesting_case": [None, participant.case.reference]},
        scope=target.case,
    )
    notify(
        _coordinators(agency.pk),
        kind="access_request",
        title=_("%(officer)s (%(case)s) asks for access to a case of your agency")
        % {"officer": actor.display_name, "case": participant.case.reference},
        url=reverse("cases:access_requests"),
        event_key=f"cases.accessrequest:{request.pk}:ask",
        body=request.reason,
        actor=actor,
        scope=target.case,
    )
    return request


@transaction.atomic
def access_request_answer(
    *,
    access_request: AccessRequest,
    actor: User,
    share: bool,
    reason: str = "",
    levels: Iterable[str] = (AccessLevel.VIEW,),
) -> AccessRequest:
    """The owning agency's coordinator shares the case with the requester, or declines with a
    reason. Sharing is the case's ordinary grant (``case_grant``)."""
    # RACE: one answer per request; the second coordinator's click finds it answered.
    stored = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    _require(actor, stored.target_case, "share")
    if stored.status != AccessRequestStatus.PENDING:
        raise IllegalTransition(_("This request has already been answered."))
    reason = (reason or "").strip()
    if not share and not reason:
        raise ValidationError({"reason": _("Say why you decline.")})
    if share:
        case_grant(case=stored.target_case, actor=actor, levels=levels, user=stored.requested_by)
    before = snapshot(stored)
    stored.status = AccessRequestStatus.SHARED if share else AccessRequestStatus.DECLINED
    stored.answered_by = actor
    stored.answered_at = timezone.now()
    stored.answer_reason = reason[:1000]
    stored.save(
        update_fields=["status", "answered_by", "answered_at", "answer_reason", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stored,
        object_repr=f"{stored.case.reference} → {stored.target_case.reference}",
        changes=diff(before, snapshot(stored)),
        scope=stored.target_case,
    )
    notify(
        [stored.requested_by],
        kind="access_request_answer",
        title=(
            _("Your request for access (%(case)s) was granted")
            if share
            else _("Your request for access (%(case)s) was declined")
        )
        % {"case": stored.case.reference},
        url=(
            reverse("cases:detail", kwargs={"pk": stored.target_case_id})
            if share
            else reverse("cases:access_requests")
        ),
        event_key=f"cases.accessrequest:{stored.pk}:answer",
        body=stored.answer_reason,
        actor=actor,
        scope=stored.case,
    )
    return stored
