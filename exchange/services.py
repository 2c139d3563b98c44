"""Sending, reading, answering and acknowledging messages between the agencies; turning one into
a draft request for legal assistance. Every write is audited; an urgent message's response clock
is a clock of the deadline engine, closed by the acknowledgement (or the recipient's answer)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from cases.models import Case
from core.exceptions import IllegalTransition
from core.services import reference_next_number
from deadlines.notify import notify
from deadlines.services import deadline_meet, deadline_open
from exchange.choices import URGENT_MESSAGE, Category
from exchange.models import READER_ROLES, HandlingCode, Message, MessageAttachment, MessageRead


# --- Who --------------------------------------------------------------------------------------
def is_officer(user) -> bool:
    """An active officer of an agency with a case role: who may write to the other side."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.agency_id
        and user.role_names & READER_ROLES
    )


def agency_officers(agency_id: int):
    """The officers with a case role of an agency (those an unaddressed message reaches)."""
    return User.objects.filter(
        agency=agency_id, is_active=True, groups__name__in=list(READER_ROLES)
    ).distinct()


def may_write_about(user, case: Case) -> bool:
    """The case page's "send information" link: an officer writing about a case of his own
    country (the form's "my cases" are those)."""
    return is_officer(user) and case.country == user.agency.country


def on_receiving_side(user, message: Message) -> bool:
    """The user answers for the receiving agency of the thread's first message."""
    root = message.root
    return user.is_superuser or (
        user.agency_id == root.recipient_agency_id
        and (not root.restricted or root.recipients.filter(pk=user.pk).exists())
    )


def may_acknowledge(user, message: Message) -> bool:
    return message.acknowledged_at is None and on_receiving_side(user, message)


def draft_cases(user):
    """The cases of the user's own country from which the user may draft a request."""
    if not user.agency_id:
        return Case.objects.none()
    return Case.objects.visible_to(user, "change").filter(country=user.agency.country)


def _url(message: Message) -> str:
    return reverse("exchange:detail", args=[message.thread_id or message.pk])


def _reference(country: str) -> str:
    year = timezone.localdate().year
    number = reference_next_number(scope=f"msg-{country}", year=year)
    return f"MSG-{country}-{year}-{number:04d}"


def _people(message: Message) -> list:
    """Whom an arriving message is for: the named officers, else the receiving agency's."""
    named = list(message.recipients.all())
    return named or list(agency_officers(message.recipient_agency_id))


def _store(message: Message, actor, uploads: Iterable) -> list[MessageAttachment]:
    stored = []
    for upload in uploads:
        record = MessageAttachment.store(upload, uploaded_by=actor, message=message)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            changes=record.stored_changes(handling_code=message.handling_code.code),
            scope=message.root,
        )
        stored.append(record)
    return stored


def _state(message: Message) -> dict:
    state = snapshot(message)
    state["recipients"] = sorted(message.recipients.values_list("pk", flat=True))
    state["cases"] = sorted(message.cases.values_list("pk", flat=True))
    state["handling_code"] = message.handling_code.code
    return state


# --- Sending ----------------------------------------------------------------------------------
@transaction.atomic
def message_send(
    *,
    actor: User,
    recipient_agency: Agency,
    subject: str,
    text: str,
    category: str,
    handling_code: HandlingCode,
    handling_restrictions: str = "",
    marking: bool = False,
    urgent: bool = False,
    recipients: Sequence[User] = (),
    restricted: bool = False,
    cases: Sequence[Case] = (),
    uploads: Iterable = (),
) -> Message:
    """Send information to the counterpart agency of the other state (spontaneous information:
    no prior request needed). An urgent message starts the registry's practice clock for the
    answer."""
    if not is_officer(actor):
        raise PermissionDenied(_("Only officers with a case role exchange information."))
    errors = {}
    if recipient_agency.country == actor.agency.country:
        errors["recipient_agency"] = _("Messages go to an agency of the other country.")
    if category not in Category.values:
        errors["category"] = _("Choose a category from the list.")
    if not handling_code.is_active:
        errors["handling_code"] = _("This handling code is no longer in use.")
    if not subject.strip():
        errors["subject"] = _("Write the subject.")
    if not text.strip():
        errors["text"] = _("Write the message.")
    recipients = list(recipients)
    officers = set(
        agency_officers(recipient_agency.pk)
        .filter(pk__in=[u.pk for u in recipients])
        .values_list("pk", flat=True)
    )
    if any(u.pk not in officers for u in recipients):
        errors["recipients"] = _("Name only officers with a case role of the receiving agency.")
    if restricted and not recipients:
        errors["recipients"] = _("Name the officers who alone may read it.")
    cases = list(cases)
    own = set(
        Case.objects.visible_to(actor)
        .filter(pk__in=[c.pk for c in cases], country=actor.agency.country)
        .values_list("pk", flat=True)
    )
    if any(c.pk not in own for c in cases):
        errors["cases"] = _("Link only cases of your own country that you can see.")
    if urgent and not cases:
        errors["cases"] = _(
            "An urgent message names the case it concerns: its response clock is kept with it."
        )
    if errors:
        raise ValidationError(errors)
    message = Message.objects.create(
        reference=_reference(actor.agency.country),
        sender=actor,
        sender_agency=actor.agency,
        recipient_agency=recipient_agency,
        restricted=restricted,
        subject=subject.strip(),
        text=text.strip(),
        category=category,
        handling_code=handling_code,
        handling_restrictions=handling_restrictions.strip(),
        marking=marking,
        urgent=urgent,
    )
    message.recipients.set(recipients)
    message.cases.set(cases)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=message, changes=diff({}, _state(message))
    )
    _store(message, actor, uploads)
    people = _people(message)
    if urgent:
        deadline_open(
            subject=message,
            case=cases[0],
            trigger=URGENT_MESSAGE,
            started_at=message.created_at,
            country=recipient_agency.country,
            states=(actor.agency.country, recipient_agency.country),
            responsible=people,
            escalation=[actor],
            title=_("Answer to the urgent message %(reference)s")
            % {"reference": message.reference},
            url=_url(message),
            actor=actor,
        )
    notify(
        people,
        kind="message",
        title=_("Message %(reference)s: %(subject)s")
        % {"reference": message.reference, "subject": message.subject},
        url=_url(message),
        event_key=f"exchange.message:{message.pk}:arrived",
        actor=actor,
    )
    return message


# --- Reading ----------------------------------------------------------------------------------
@transaction.atomic
def message_open(*, message: Message, actor: User) -> list[MessageRead]:
    """The user opened the thread: a read receipt for each message of others not read before
    (audited as created), and an audit row of the opening itself for the handling code."""
    root = message.root
    thread = (
        Message.objects.visible_to(actor)
        .filter(Q(pk=root.pk) | Q(thread=root.pk))
        .exclude(sender=actor.pk)
        .exclude(pk__in=MessageRead.objects.filter(user=actor.pk).values("message_id"))
    )
    now = timezone.now()
    created = []
    for unread in thread:
        try:
            with transaction.atomic():
                receipt = MessageRead.objects.create(message=unread, user=actor, read_at=now)
        except IntegrityError:
            # RACE: the same user's two tabs opened the thread at once; the first receipt stands.
            continue
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=receipt,
            object_repr=f"{unread.reference}: {actor}",
            note=unread.handling_code.code,
            scope=root,
        )
        created.append(receipt)
    if not created:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW_PROTECTED,
            obj=root,
            note=root.handling_code.code,
        )
    return created


# --- Answering --------------------------------------------------------------------------------
@transaction.atomic
def message_reply(*, message: Message, actor: User, text: str, uploads: Iterable = ()) -> Message:
    """Answer in the thread. The receiving side's answer also acknowledges the message."""
    root = Message.objects.select_for_update().get(pk=message.root.pk)
    if not Message.objects.visible_to(actor).filter(pk=root.pk).exists():
        raise PermissionDenied(_("You cannot see this message."))
    if not is_officer(actor):
        raise PermissionDenied(_("Only officers with a case role exchange information."))
    if not text.strip():
        raise ValidationError({"text": _("Write the answer.")})
    receiving = actor.agency_id == root.recipient_agency_id
    reply = Message.objects.create(
        reference=_reference(actor.agency.country),
        thread=root,
        sender=actor,
        sender_agency_id=actor.agency_id,
        recipient_agency_id=root.sender_agency_id if receiving else root.recipient_agency_id,
        restricted=root.restricted,
        subject=_("Re: %(subject)s") % {"subject": root.subject},
        text=text.strip(),
        category=root.category,
        handling_code=root.handling_code,
        handling_restrictions=root.handling_restrictions,
        marking=root.marking,
    )
    # The thread's people read the answer: the first message's named officers and its sender.
    reply.recipients.set({*root.recipients.values_list("pk", flat=True), root.sender_id})
    reply.recipients.remove(actor.pk)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=reply,
        changes=diff({}, _state(reply)),
        scope=root,
    )
    _store(reply, actor, uploads)
    if receiving and root.acknowledged_at is None:
        _acknowledge(
            root, actor, note=_("Answered: %(reference)s") % {"reference": reply.reference}
        )
    # Tell the other side: those of it who wrote in the thread, else whom the message reached.
    other = root.sender_agency_id if receiving else root.recipient_agency_id
    writers = set(
        Message.objects.filter(Q(pk=root.pk) | Q(thread=root.pk), sender_agency=other).values_list(
            "sender_id", flat=True
        )
    )
    people = writers or {u.pk for u in _people(root)}
    notify(
        people,
        kind="message-reply",
        title=_("Answer to %(reference)s: %(subject)s")
        % {"reference": root.reference, "subject": root.subject},
        url=_url(root),
        event_key=f"exchange.message:{reply.pk}:reply",
        actor=actor,
        scope=root,
    )
    return reply


def _acknowledge(root: Message, actor: User, *, note: str = "") -> Message:
    before = {"acknowledged_at": None, "acknowledged_by": None}
    root.acknowledged_at, root.acknowledged_by = timezone.now(), actor
    root.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=root,
        changes=diff(
            before,
            {"acknowledged_at": root.acknowledged_at.isoformat(), "acknowledged_by": actor.pk},
        ),
        note=note,
    )
    deadline_meet(subject=root, kinds=[URGENT_MESSAGE], actor=actor, note=note)
    notify(
        [root.sender],
        kind="message-acknowledged",
        title=_("Message %(reference)s acknowledged") % {"reference": root.reference},
        url=_url(root),
        event_key=f"exchange.message:{root.pk}:acknowledged",
        actor=actor,
        scope=root,
    )
    return root


@transaction.atomic
def message_acknowledge(*, message: Message, actor: User, note: str = "") -> Message:
    """The receiving agency confirms it has the information: the response clock is met."""
    root = Message.objects.select_for_update().get(pk=message.root.pk)
    if not Message.objects.visible_to(actor).filter(pk=root.pk).exists():
        raise PermissionDenied(_("You cannot see this message."))
    if not on_receiving_side(actor, root):
        raise PermissionDenied(_("The receiving agency acknowledges a message."))
    if root.acknowledged_at is not None:
        raise IllegalTransition(_("This message has already been acknowledged."))
    return _acknowledge(root, actor, note=note.strip())


# --- Becoming evidence ------------------------------------------------------------------------
def _facts(root: Message, language: str) -> str:
    with override(language):
        code = root.handling_code
        parts = [
            root.subject,
            root.text,
            _(
                "The information was received from %(agency)s by message %(reference)s of "
                "%(date)s (handling code %(code)s: %(meaning)s)."
            )
            % {
                "agency": root.sender_agency.name,
                "reference": root.reference,
                "date": formats.date_format(
                    timezone.localtime(root.created_at, root.sender.zone), "SHORT_DATE_FORMAT"
                ),
                "code": code.code,
                "meaning": code.name,
            },
        ]
        if not code.evidence_use:
            parts.append(
                _(
                    "This request asks for the consent to use it as evidence and for the "
                    "evidence in the form required by law."
                )
            )
        if root.handling_restrictions:
            parts.append(_("Restrictions: %(text)s") % {"text": root.handling_restrictions})
    return "\n\n".join(parts)


@transaction.atomic
def message_mla_draft(*, message: Message, actor: User, case: Case):
    """A draft request for legal assistance from one of the actor's own cases to the message's
    other agency, carrying the message's facts and handling code (when information must become
    evidence)."""
    from requests_mla.choices import Confidentiality, RequestType
    from requests_mla.services import mla_request_create

    root = message.root
    if not Message.objects.visible_to(actor).filter(pk=root.pk).exists():
        raise PermissionDenied(_("You cannot see this message."))
    if not draft_cases(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Choose one of your own cases you may change.")})
    own = actor.agency_id
    other = root.sender_agency if own != root.sender_agency_id else root.recipient_agency
    # Information under a restrictive code or marking keeps the request confidential.
    confidential = root.marking or not (
        root.handling_code.evidence_use and root.handling_code.dissemination
    )
    request = mla_request_create(
        case=case,
        actor=actor,
        fields={
            "request_type": RequestType.FORMAL_MLA,
            "requesting_agency": actor.agency,
            "requested_agency": other,
            "facts": _facts(root, "ru"),
            "confidentiality": Confidentiality.REQUIRED
            if confidential
            else Confidentiality.NOT_REQUIRED,
            "language": "ru",
        },
        relations={},
    )
    root.mla_requests.add(request)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=root,
        changes={"mla_requests": [None, request.reference]},
        note=root.handling_code.code,
    )
    return request
