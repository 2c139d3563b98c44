"""What the formal documents of an extradition file contain (the layout is in the templates).

The sending and receiving authorities are the competent authorities the registry names for each
state under the file's legal basis; while the registry names none, the state's central authority
or prosecutor's office among the portal's agencies. The offence is cited from the registry with
its sanction; every value the registry has not verified gets a footnote.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import AgencyKind
from accounts.models import Agency
from documents.legal import (
    Footnotes,
    article_line,
    channel,
    competent_authority,
    legal_basis,
    sanction_line,
)

# Which agency speaks for a state when the registry names no competent authority, in order.
AUTHORITY_KINDS = (AgencyKind.CENTRAL_AUTHORITY, AgencyKind.PROSECUTOR)


def state_authority(instruments: list, country: str, notes: Footnotes) -> str:
    """The authority of ``country`` that sends or receives the file's documents."""
    named = competent_authority(instruments, country, notes)
    if named:
        return named
    agencies = {a.kind: a for a in Agency.objects.filter(country=country, kind__in=AUTHORITY_KINDS)}
    agency = next((agencies[k] for k in AUTHORITY_KINDS if k in agencies), None)
    return agency.name if agency else ""


def person_summary(person) -> str:
    """The person sought in one sentence: name (Latin spelling), birth, place, citizenship."""
    name = person.full_name
    if person.latin_name:
        name = f"{name} ({person.latin_name})"
    parts = [name]
    if person.birth_date:
        parts.append(_("born %(date)s") % {"date": person.birth_date.strftime("%d.%m.%Y")})
    if person.birth_place:
        parts.append(person.birth_place)
    if person.citizenship:
        parts.append(f"{_('citizenship')}: {person.get_citizenship_display()}")
    text = ", ".join(parts)
    return text if text.endswith(".") else f"{text}."


def _offences(articles, notes: Footnotes, *, with_sanction: bool) -> list[dict]:
    return [
        {
            "article": article,
            "line": article_line(article, notes),
            "sanction": sanction_line(article, notes) if with_sanction else "",
        }
        for article in articles
    ]


def context(file, *, kind: str) -> dict:
    """Everything the file's document of ``kind`` shows, read in the document's language."""
    notes = Footnotes()
    instruments = list(file.instruments.prefetch_related("parties").order_by("precedence", "id"))
    participant = file.person
    requesting = list(file.requesting_articles.select_related("code"))
    full = kind == "extradition_request"
    offences = _offences(requesting, notes, with_sanction=full)
    values = {
        "sender": state_authority(instruments, file.requesting_state, notes),
        "addressee": state_authority(instruments, file.requested_state, notes),
        "legal_basis": legal_basis(instruments, [], notes),
        "channel": channel(instruments, notes),
        "offences": offences,
        "offence_lines": [o["line"] for o in offences],
    }
    if full:
        values["corresponding"] = [
            article_line(a, notes) for a in file.requested_articles.select_related("code")
        ]
    return {
        "file": file,
        "person": participant.person,
        "person_summary": person_summary(participant.person),
        "documents": list(participant.person.documents.all()),
        "instruments": instruments,
        **values,
        "issued_on": timezone.localdate(),
        "footnotes": notes,
    }
