"""What a formal document says about the law, from the registry: the legal basis cited article
by article in the document's language, the authorities that send and receive under it, and a
footnote for every value it prints that the registry has not verified.

The content functions of each document (requests, extradition files, joint teams) build their
context with these, inside the document's language, so no template holds a legal value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.models import Confidence
from treaties.citations import cite_provisions

# Marks that a formal document must not print without a footnote.
UNCONFIRMED = (Confidence.LIKELY, Confidence.UNVERIFIED)


@dataclass(frozen=True)
class Footnote:
    marker: str
    text: str


class Footnotes:
    """The footnotes of one document: each unverified registry value gets one marker («*»,
    «**», «***», then «*4»…) the first time the document prints it, and one note saying what is
    to be confirmed, how sure the registry is and its source."""

    def __init__(self) -> None:
        self.items: list[Footnote] = []
        self._markers: dict[tuple, str] = {}

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def mark(self, record, what: str, *, aspect: str = "", confidence=None, source=None) -> str:
        """The marker to print after a value taken from ``record`` ("" when it is verified).

        ``aspect`` names a value of the record with its own mark (a sanction), given as
        ``confidence`` and ``source``; by default the record's own mark and source count.
        """
        confidence = (record.confidence if confidence is None else confidence) or ""
        if confidence not in UNCONFIRMED:
            return ""
        key = (record._meta.label_lower, record.pk, aspect)
        if key in self._markers:
            return self._markers[key]
        number = len(self.items) + 1
        marker = "*" * number if number <= 3 else f"*{number}"
        how = (
            _("to be confirmed (secondary source)")
            if confidence == Confidence.LIKELY
            else _("to be confirmed (unverified)")
        )
        source = (record.source if source is None else source or "").strip().rstrip(".")
        if source:
            text = _("%(what)s — %(how)s; source: %(source)s.") % {
                "what": what,
                "how": how,
                "source": source,
            }
        else:
            text = _("%(what)s — %(how)s; no source recorded.") % {"what": what, "how": how}
        self._markers[key] = marker
        self.items.append(Footnote(marker, text))
        return marker


def legal_basis(instruments: Iterable, provisions: Iterable, notes: Footnotes) -> list[str]:
    """Each instrument of the basis as cited: its chosen articles grouped («ст. 7 и 8 …»),
    else the instrument alone; unverified articles (or instruments cited alone) marked."""
    provisions = list(provisions)
    cited = {p.instrument_id for p in provisions}
    citations = []
    for instrument, citation in cite_provisions(
        provisions,
        instruments,
        mark=lambda p: notes.mark(p, p.instrument.cite([p.article])),
    ):
        if instrument.pk not in cited:
            citation += notes.mark(instrument, instrument.name)
        citations.append(citation)
    return citations


def competent_authority(instruments: Iterable, country: str, notes: Footnotes) -> str:
    """The authority of ``country`` that sends and receives under the first instrument whose
    registry entry names one ("" when none does), marked when its party entry is unverified."""
    for instrument in instruments:
        party = instrument.party(country)
        if party is not None and party.competent_authority:
            what = _("Competent authority (%(instrument)s): %(authority)s") % {
                "authority": party.competent_authority,
                "instrument": instrument.name,
            }
            return party.competent_authority + notes.mark(party, what)
    return ""


def channel(instruments: Iterable, notes: Footnotes) -> str:
    """How the documents travel, as the first instrument that records a channel states it."""
    for instrument in instruments:
        if instrument.channel:
            what = _("Channel of communication (%(instrument)s)") % {"instrument": instrument.name}
            return instrument.channel + notes.mark(instrument, what)
    return ""


def article_line(article, notes: Footnotes) -> str:
    """A criminal-law article as a document cites it: «ст. 166 УК КР 2021 «Торговля людьми»»,
    marked when the registry has not verified it."""
    marker = notes.mark(article, article.citation)
    return _("%(citation)s%(marker)s (“%(title)s”)") % {
        "citation": article.citation,
        "marker": marker,
        "title": article.title,
    }


def sanction_line(article, notes: Footnotes) -> str:
    """The sanction of an article as the registry records it ("" when it does not)."""
    if not article.sanction:
        return ""
    marker = notes.mark(
        article,
        _("The sanction of %(citation)s") % {"citation": article.citation},
        aspect="sanction",
        confidence=article.sanction_mark,
        source=article.sanction_source or article.source,
    )
    return article.sanction + marker
