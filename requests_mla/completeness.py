"""The completeness check: each element the chosen instruments require, against the draft.

The registry says which elements an instrument requires and cites the article
(``treaties.RequiredElement``); each element names how it is checked (``check_kind``). This
module holds only that mechanism. It works on a ``Draft`` so that the drafting page can check
unsaved form data as the officer types.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treaties.choices import ElementCheck, ElementSupplier, RequestKind
from treaties.models import RequiredElement

PERSON_FIELDS = {
    "surname": gettext_lazy("surname"),
    "given_name": gettext_lazy("given name"),
    "birth_date": gettext_lazy("date of birth"),
    "citizenship": gettext_lazy("citizenship"),
}


@dataclass
class DraftAction:
    kind: str
    details: str
    participants: list = field(default_factory=list)  # cases.Participant, with .person


@dataclass
class Draft:
    case: object
    requesting_agency: object | None
    requested_agency: object | None
    instruments: list
    articles: list
    qualification_text: str = ""
    facts: str = ""
    purpose: str = ""
    representatives: str = ""
    confidentiality: str = ""
    actions: list[DraftAction] = field(default_factory=list)
    confirmed_element_ids: set[int] = field(default_factory=set)
    approved: bool = False

    @classmethod
    def from_request(cls, request) -> Draft:
        actions = [
            DraftAction(
                kind=action.kind,
                details=action.details,
                participants=[link.participant for link in action.links.all()],
            )
            for action in request.actions.all()
        ]
        return cls(
            case=request.case,
            requesting_agency=request.requesting_agency,
            requested_agency=request.requested_agency,
            instruments=list(request.instruments.all()),
            articles=list(request.articles.all()),
            qualification_text=request.qualification_text,
            facts=request.facts,
            purpose=request.purpose,
            representatives=request.representatives,
            confidentiality=request.confidentiality,
            actions=actions,
            confirmed_element_ids={e.pk for e in request.confirmed_elements.all()},
            approved=request.status not in ("draft", "submitted", "returned"),
        )


@dataclass
class ChecklistItem:
    element: RequiredElement | None
    label: str
    citation: str
    satisfied: bool
    missing: str = ""
    manual: bool = False
    # Not yet there, but not the drafter's to supply: the approval adds it (signature, seal).
    added_on_approval: bool = False

    @property
    def drafter_done(self) -> bool:
        return self.satisfied or self.added_on_approval

    def as_dict(self) -> dict:
        return {
            "element": self.element.pk if self.element else None,
            "code": self.element.code if self.element else "legal-basis",
            "label": self.label,
            "citation": self.citation,
            "satisfied": self.satisfied,
            "missing": self.missing,
            "manual": self.manual,
            "added_on_approval": self.added_on_approval,
        }


@dataclass
class Checklist:
    items: list[ChecklistItem]

    @property
    def complete(self) -> bool:
        return all(item.satisfied for item in self.items)

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.items if not item.satisfied]

    @property
    def complete_for_drafter(self) -> bool:
        """Everything the drafter supplies is there; the rest comes with the approval."""
        return all(item.drafter_done for item in self.items)

    @property
    def drafter_gaps(self) -> list[ChecklistItem]:
        return [item for item in self.items if not item.drafter_done]

    def as_list(self) -> list[dict]:
        return [item.as_dict() for item in self.items]


def _blank(text: str) -> bool:
    return not (text or "").strip()


def _person_gaps(draft: Draft) -> str:
    gaps = []
    seen = set()
    for action in draft.actions:
        for participant in action.participants:
            if participant.pk in seen:
                continue
            seen.add(participant.pk)
            person = participant.person
            absent = [label for name, label in PERSON_FIELDS.items() if not getattr(person, name)]
            if absent:
                # SECURITY: name a victim by pseudonym only: the checklist goes to the API too.
                who = participant.pseudonym if participant.is_protected else person.full_name
                gaps.append(f"{who}: {', '.join(str(a) for a in absent)}")
    return "; ".join(gaps)


def _check(element: RequiredElement, draft: Draft) -> tuple[bool, str]:
    kind = element.check_kind
    if kind == ElementCheck.REQUESTED_AUTHORITY:
        return draft.requested_agency is not None, _("choose the requested authority")
    if kind == ElementCheck.REQUESTING_AUTHORITY:
        return draft.requesting_agency is not None, _("choose the requesting authority")
    if kind == ElementCheck.CASE_NAME_AND_NUMBER:
        ok = bool(draft.case and draft.case.national_number and draft.case.title)
        return ok, _("the case has no register number or title")
    if kind == ElementCheck.PERSONS_IDENTIFIED:
        gaps = _person_gaps(draft)
        return not gaps, gaps
    if kind == ElementCheck.REPRESENTATIVES:
        return not _blank(draft.representatives), _(
            "name the representatives, or state that there are none"
        )
    if kind == ElementCheck.CONFIDENTIALITY:
        return bool(draft.confidentiality), _("state whether confidentiality is required")
    if kind == ElementCheck.FACTS:
        return not _blank(draft.facts), _("describe the facts of the case")
    if kind == ElementCheck.QUALIFICATION_TEXT:
        if not draft.articles:
            return False, _("choose the criminal-law articles")
        return not _blank(draft.qualification_text), _("quote the full text of the articles")
    if kind == ElementCheck.ACTIONS_REQUESTED:
        ok = bool(draft.actions) and all(not _blank(a.details) for a in draft.actions)
        return ok, _("add the requested actions with their details")
    if kind == ElementCheck.PURPOSE:
        return not _blank(draft.purpose), _("state the purpose of the evidence or information")
    if kind == ElementCheck.SIGNATURE_AND_SEAL:
        return draft.approved, _("signed and sealed on approval by the prosecutor")
    # Manual elements, and those this kind of request cannot check: the drafter confirms them.
    return element.pk in draft.confirmed_element_ids, _("confirm this element")


def required_elements(instruments: Iterable) -> list[RequiredElement]:
    ids = [i.pk for i in instruments]
    return list(
        RequiredElement.objects.filter(instrument_id__in=ids, request_kind=RequestKind.MLA)
        .select_related("instrument", "provision")
        .order_by("instrument__precedence", "instrument_id", "order", "id")
    )


def evaluate(draft: Draft, elements: list[RequiredElement] | None = None) -> Checklist:
    """Every required element of the draft's legal bases, satisfied or with what is missing."""
    items: list[ChecklistItem] = []
    if not draft.instruments:
        items.append(
            ChecklistItem(
                element=None,
                label=_("Legal basis"),
                citation="",
                satisfied=False,
                missing=_("choose at least one instrument of the registry"),
            )
        )
    for element in required_elements(draft.instruments) if elements is None else elements:
        satisfied, missing = _check(element, draft)
        on_approval = not satisfied and element.supplied_by == ElementSupplier.APPROVAL
        citation = element.instrument.name
        if element.provision_id:
            citation = f"{citation}, {element.citation}"
        items.append(
            ChecklistItem(
                element=element,
                label=element.label,
                citation=citation,
                satisfied=satisfied,
                missing="" if satisfied or on_approval else str(missing),
                manual=element.check_kind not in AUTOMATIC_CHECKS,
                added_on_approval=on_approval,
            )
        )
    return Checklist(items=items)


AUTOMATIC_CHECKS = {
    ElementCheck.REQUESTED_AUTHORITY,
    ElementCheck.REQUESTING_AUTHORITY,
    ElementCheck.CASE_NAME_AND_NUMBER,
    ElementCheck.PERSONS_IDENTIFIED,
    ElementCheck.REPRESENTATIVES,
    ElementCheck.CONFIDENTIALITY,
    ElementCheck.FACTS,
    ElementCheck.QUALIFICATION_TEXT,
    ElementCheck.ACTIONS_REQUESTED,
    ElementCheck.PURPOSE,
    ElementCheck.SIGNATURE_AND_SEAL,
}
