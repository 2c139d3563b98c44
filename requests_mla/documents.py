"""What the formal documents of a request contain (the layout is in the templates).

The request is laid out in the order of its primary legal basis's required elements, so a
reader at the other country's central authority finds each element where the treaty puts it.
Victims whose identity the requester did not disclose appear under their pseudonym: the
document goes abroad.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.legal import Footnotes, article_line, channel, competent_authority, legal_basis
from requests_mla.completeness import required_elements
from treaties.choices import ElementCheck
from treaties.models import AssistanceKind

SENT_DOCUMENTS = (
    ("mla_request", "requests_mla/documents/request.html", _("Request for legal assistance")),
    ("covering_letter", "requests_mla/documents/covering_letter.html", _("Covering letter")),
)
EXECUTION_REPORT_TEMPLATE = "requests_mla/documents/execution_report.html"
EXECUTION_REPORT_TITLE = _("Report on the execution of the request")
DOCUMENT_KINDS = {kind: (template, title) for kind, template, title in SENT_DOCUMENTS}
DOCUMENT_KINDS["execution_report"] = (EXECUTION_REPORT_TEMPLATE, EXECUTION_REPORT_TITLE)

# The section each kind of required element fills.
SECTION_OF = {
    ElementCheck.REQUESTED_AUTHORITY: "requested",
    ElementCheck.REQUESTING_AUTHORITY: "requesting",
    ElementCheck.CASE_NAME_AND_NUMBER: "case",
    ElementCheck.PERSONS_IDENTIFIED: "persons",
    ElementCheck.REPRESENTATIVES: "representatives",
    ElementCheck.CONFIDENTIALITY: "confidentiality",
    ElementCheck.FACTS: "facts",
    ElementCheck.QUALIFICATION_TEXT: "qualification",
    ElementCheck.ACTIONS_REQUESTED: "actions",
    ElementCheck.PURPOSE: "purpose",
}
ALL_SECTIONS = (
    "requesting",
    "requested",
    "case",
    "facts",
    "qualification",
    "persons",
    "representatives",
    "actions",
    "purpose",
    "confidentiality",
)


@dataclass
class PersonLine:
    name: str
    role: str
    details: list[str]


def _person_line(link) -> PersonLine:
    participant = link.participant
    person = participant.person
    if participant.is_protected and not link.disclose_identity:
        # The pseudonym names the role (repeating it would tell the sex the pseudonym hides).
        return PersonLine(participant.pseudonym, "", [])
    details = []
    if person.latin_name:
        details.append(person.latin_name)
    if person.birth_date:
        details.append(_("born %(date)s") % {"date": person.birth_date.strftime("%d.%m.%Y")})
    if person.birth_place:
        details.append(person.birth_place)
    if person.citizenship:
        details.append(_("citizen of %(country)s") % {"country": person.get_citizenship_display()})
    if person.address:
        details.append(person.address)
    details.extend(f"{d.get_kind_display()} {d.number}" for d in person.documents.all())
    return PersonLine(person.full_name, participant.role_label, details)


# What each document prints from the registry (and so what its footnotes cover).
REGISTRY_PARTS = {
    "mla_request": {"legal_basis", "channel", "qualification"},
    "covering_letter": {"legal_basis", "channel", "authorities"},
    "execution_report": {"legal_basis"},
}


def context(request, *, actor, kind: str) -> dict:
    """Everything one of the request's documents shows, already filtered for what may leave the
    country.

    Called in the document's language: the legal basis, the channel, the authorities and the
    kinds of assistance are read from the registry in it, and every value the document prints
    that the registry has not verified gets a footnote.
    """
    parts = REGISTRY_PARTS[kind]
    instruments = list(request.instruments.prefetch_related("parties").order_by("precedence", "id"))
    primary = instruments[:1]
    order: list[str] = []
    citations: dict[str, str] = {}
    for element in required_elements(primary):
        section = SECTION_OF.get(element.check_kind)
        if section and section not in order:
            order.append(section)
            if element.provision_id:
                citations[section] = element.citation
    order += [s for s in ALL_SECTIONS if s not in order]
    kind_names = AssistanceKind.objects.names()
    actions = []
    persons: dict[int, PersonLine] = {}
    for action in request.actions.all():
        lines = []
        for link in action.links.all():
            line = _person_line(link)
            lines.append(line)
            persons.setdefault(link.participant_id, line)
        actions.append(
            {"action": action, "kind": kind_names.get(action.kind, action.kind), "persons": lines}
        )
    signatory = request.history.filter(to_status="approved").select_related("actor").last()
    notes = Footnotes()
    values: dict = {}
    # In the order the document prints them, so the footnotes are numbered as they appear.
    if "authorities" in parts:
        # The covering letter travels between the competent authorities the registry names
        # (the request itself between the agencies the officer chose).
        signatory_agency = (
            signatory.actor.agency if signatory and signatory.actor.agency_id else None
        )
        values["sender"] = (
            competent_authority(instruments, request.requesting_agency.country, notes)
            or (signatory_agency or request.requesting_agency).name
        )
        values["addressee"] = (
            competent_authority(instruments, request.requested_agency.country, notes)
            or request.requested_agency.name
        )
    if "legal_basis" in parts:
        provisions = request.provisions.select_related("instrument").order_by(
            "instrument__precedence", "instrument_id", "id"
        )
        values["legal_basis"] = legal_basis(instruments, provisions, notes)
    if "channel" in parts:
        values["channel"] = channel(instruments, notes)
    if "qualification" in parts:
        values["qualification"] = [
            article_line(a, notes) for a in request.articles.select_related("code")
        ]
    return {
        "request": request,
        "case": request.case,
        "instruments": instruments,
        **values,
        "sections": order,
        "citations": citations,
        "actions": actions,
        "persons": list(persons.values()),
        "files": list(request.files.filter(side="requesting")),
        "signatory": signatory.actor if signatory else None,
        "issued_on": timezone.localdate(),
        "prepared_by": actor,
        "footnotes": notes,
    }
