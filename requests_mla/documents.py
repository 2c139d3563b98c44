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

from requests_mla.completeness import required_elements
from treaties.choices import ElementCheck

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
        return PersonLine(participant.pseudonym, participant.get_role_display(), [])
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
    return PersonLine(person.full_name, participant.get_role_display(), details)


def context(request, *, actor) -> dict:
    """Everything the request's documents show, already filtered for what may leave the country."""
    instruments = list(request.instruments.all().order_by("precedence", "id"))
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
    actions = []
    persons: dict[int, PersonLine] = {}
    for action in request.actions.all():
        lines = []
        for link in action.links.all():
            line = _person_line(link)
            lines.append(line)
            persons.setdefault(link.participant_id, line)
        actions.append({"action": action, "persons": lines})
    signatory = request.history.filter(to_status="approved").select_related("actor").last()
    return {
        "request": request,
        "case": request.case,
        "instruments": instruments,
        "provisions": list(request.provisions.select_related("instrument")),
        "articles": list(request.articles.select_related("code")),
        "sections": order,
        "citations": citations,
        "actions": actions,
        "persons": list(persons.values()),
        "files": list(request.files.filter(side="requesting")),
        "signatory": signatory.actor if signatory else None,
        "issued_on": timezone.localdate(),
        "prepared_by": actor,
    }
