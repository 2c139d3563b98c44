"""The joint team's agreement draft: what it contains (the layout is in the template).

The parties are the leaders' agencies (unless the team records them in its own words), the legal
basis is cited from the registry in the document's language, and every value the registry has
not verified gets a footnote.
"""

from __future__ import annotations

from django.utils import translation

from documents.legal import Footnotes, legal_basis
from documents.services import DOCUMENT_LANGUAGE, RenderedDocument, document_render

TEMPLATE = "teams/documents/agreement.html"


def agreement_context(team) -> dict:
    """Everything the agreement draft shows; call it in the document's language."""
    notes = Footnotes()
    instruments = list(team.instruments.prefetch_related("parties").order_by("precedence", "id"))
    agencies = [leader.agency for leader in (team.kg_leader, team.kz_leader) if leader.agency_id]
    return {
        "team": team,
        "parties": team.parties.strip(),
        "party_agencies": [agency.name for agency in agencies],
        "cases": list(team.cases.order_by("country")),
        "instruments": instruments,
        "legal_basis": legal_basis(instruments, [], notes),
        "members": list(team.members.filter(left_on__isnull=True).select_related("user__agency")),
        "footnotes": notes,
    }


def agreement_render(*, team) -> RenderedDocument:
    """The agreement draft as a PDF, in the documents' language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return document_render(
            template=TEMPLATE, context=agreement_context(team), reference=f"JIT-{team.pk}"
        )
