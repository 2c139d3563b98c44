"""The law that governs an extradition file, and what its request must contain.

The instruments come from ``treaties.governing``: those that bind both the requesting and the
requested state on the date of the request, superseded ones left out — so an instrument that a
later one replaced between the two states is history there, and its articles are not applied.
The required elements are the registry's (``treaties.RequiredElement`` of kind "extradition"),
each checked against what the file records where the file can tell, or left for the prosecutor
to confirm when the request is assembled. This module holds only that mechanism.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from extradition.choices import Purpose
from extradition.models import ExtraditionFile
from requests_mla.completeness import Checklist, ChecklistItem
from treaties.choices import ElementCheck, InstrumentKind, RequestKind
from treaties.governing import governing_instruments
from treaties.models import Instrument, RequiredElement

# The checks this module can make from the file alone; the others are confirmed by a person.
AUTOMATIC_CHECKS = {
    ElementCheck.PERSON_DESCRIPTION,
    ElementCheck.QUALIFICATION_TEXT,
}


def governing_bases(
    requesting_state: str, requested_state: str, on: datetime.date | None = None
) -> list[Instrument]:
    """The bases of extradition that govern between the two states on ``on`` (today by
    default), in the order they apply."""
    return governing_instruments(
        (requesting_state, requested_state),
        on,
        queryset=Instrument.objects.legal_bases(for_extradition=True),
    )


def proposed_bases(requesting_state: str, requested_state: str) -> list[Instrument]:
    """The bases proposed for a new file: the first governing bilateral and CIS instruments
    (the general UN basis stays available to choose)."""
    proposed, kinds = [], set()
    for instrument in governing_bases(requesting_state, requested_state):
        if instrument.kind in (InstrumentKind.BILATERAL, InstrumentKind.CIS) and (
            instrument.kind not in kinds
        ):
            proposed.append(instrument)
            kinds.add(instrument.kind)
    return proposed


def request_date(file: ExtraditionFile) -> datetime.date:
    """The date whose law the request answers to: when it was received, else today."""
    return file.request_received_on or timezone.localdate()


def file_bases(file: ExtraditionFile) -> list[Instrument]:
    """The bases that govern the file's two states on the date of its request."""
    return governing_bases(file.requesting_state, file.requested_state, request_date(file))


def required_elements(
    file: ExtraditionFile, instruments: list[Instrument] | None = None
) -> list[RequiredElement]:
    """What the extradition request must contain under the instruments that govern the file's
    two states on the date of the request (``instruments``, when already known)."""
    instruments = file_bases(file) if instruments is None else instruments
    return list(
        RequiredElement.objects.filter(
            instrument__in=[i.pk for i in instruments], request_kind=RequestKind.EXTRADITION
        )
        .select_related("instrument", "provision")
        .order_by("instrument__precedence", "instrument_id", "order", "id")
    )


def _person_gaps(file: ExtraditionFile) -> str:
    person = file.person.person
    absent = [
        label
        for value, label in (
            (person.surname, _("surname")),
            (person.given_name, _("given name")),
            (person.birth_date, _("date of birth")),
            (person.citizenship, _("citizenship")),
            (file.located_place or file.detention_place or person.address, _("whereabouts")),
        )
        if not value
    ]
    return ", ".join(str(a) for a in absent)


def _check(element: RequiredElement, file: ExtraditionFile, articles: list) -> tuple[bool, str]:
    kind = element.check_kind
    if kind == ElementCheck.PERSON_DESCRIPTION:
        gaps = _person_gaps(file)
        return not gaps, gaps
    if kind == ElementCheck.QUALIFICATION_TEXT:
        if not articles:
            return False, _("choose the criminal-law articles")
        untold = [a.citation for a in articles if not (a.text or "").strip()]
        return not untold, _("the registry has no text of %(articles)s") % {
            "articles": ", ".join(untold)
        }
    if kind == ElementCheck.CUSTODY_DECISION and file.purpose == Purpose.ENFORCEMENT:
        known = file.sentence_imposed_months is not None and (
            file.remaining_sentence_months is not None
        )
        return known, _("give the sentence imposed and the remaining term")
    # The certified copies, the damage and the like are not in the file: a person confirms them.
    return False, _("confirm when the request is assembled")


def evaluate(file: ExtraditionFile, instruments: list[Instrument] | None = None) -> Checklist:
    """Every element the governing instruments require of the file's request."""
    articles = list(file.requesting_articles.select_related("code"))
    items = []
    for element in required_elements(file, instruments):
        satisfied, missing = _check(element, file, articles)
        citation = element.instrument.name
        if element.provision_id:
            citation = f"{citation}, {element.citation}"
        automatic = element.check_kind in AUTOMATIC_CHECKS or (
            element.check_kind == ElementCheck.CUSTODY_DECISION
            and file.purpose == Purpose.ENFORCEMENT
        )
        items.append(
            ChecklistItem(
                element=element,
                label=element.label,
                citation=citation,
                satisfied=satisfied,
                missing="" if satisfied else str(missing),
                manual=not automatic,
            )
        )
    return Checklist(items=items)
