"""Which instruments govern a pair of states on a date: the one mechanism every citation uses.

An instrument governs between two states on a date when it binds both of them on that date
(in force for each party by its own dates; a party without a recorded date counts by its
status) and no other instrument binding both on that date supersedes it between its parties
(the registry's ``superseded_by`` says which, with its source — not this module). A superseded
instrument is history: shown, never cited as governing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from treaties.choices import PartyStatus
from treaties.models import Instrument, InstrumentParty, Provision

BINDING_STATUSES = (PartyStatus.IN_FORCE, PartyStatus.RATIFIED)


def party_binds(party: InstrumentParty | None, on: datetime.date) -> bool:
    """Whether the party is bound on ``on``: by its entry-into-force date when recorded,
    else by a binding status and the latest of its recorded ratification and deposit (a
    treaty binds a state no earlier than the deposit of its instrument, which follows the
    ratification law)."""
    if party is None or party.status not in BINDING_STATUSES:
        return False
    if party.in_force_since:
        return party.in_force_since <= on
    known = [d for d in (party.deposited_on, party.ratified_on) if d]
    return not known or max(known) <= on


def binds_all(instrument: Instrument, countries: Iterable[str], on: datetime.date) -> bool:
    """Uses the instrument's prefetched parties."""
    if instrument.in_force_date and instrument.in_force_date > on:
        return False
    return all(party_binds(instrument.party(country), on) for country in countries)


def governing_instruments(
    countries: Iterable[str],
    on: datetime.date | None = None,
    *,
    queryset=None,
) -> list[Instrument]:
    """The instruments that govern between ``countries`` on ``on`` (today by default), in the
    order they apply (the registry's precedence), superseded ones left out."""
    countries = tuple(dict.fromkeys(countries))
    on = on or timezone.localdate()
    queryset = Instrument.objects.all() if queryset is None else queryset
    candidates = list(queryset.prefetch_related("parties").order_by("precedence", "id"))
    binding = [i for i in candidates if binds_all(i, countries, on)]
    superseding = _binding_ids(
        {i.superseded_by_id for i in binding if i.superseded_by_id}, countries, on
    )
    return [i for i in binding if i.superseded_by_id not in superseding]


def _binding_ids(ids: set[int], countries: tuple[str, ...], on: datetime.date) -> set[int]:
    if not ids:
        return set()
    return {
        i.pk
        for i in Instrument.objects.filter(pk__in=ids).prefetch_related("parties")
        if binds_all(i, countries, on)
    }


def governs(
    instrument: Instrument, countries: Iterable[str], on: datetime.date | None = None
) -> bool:
    """Whether one instrument governs between ``countries`` on ``on``."""
    countries = tuple(dict.fromkeys(countries))
    on = on or timezone.localdate()
    if not binds_all(instrument, countries, on):
        return False
    return not (
        instrument.superseded_by_id and _binding_ids({instrument.superseded_by_id}, countries, on)
    )


@dataclass(frozen=True)
class Supersession:
    """An instrument that binds the states but is history between them: what replaced it,
    and the replacing instrument's article that says so (when the registry records one)."""

    by: Instrument
    provision: Provision | None


def superseded_between(
    instrument: Instrument, countries: Iterable[str], on: datetime.date | None = None
) -> Supersession | None:
    """Why ``instrument`` does not govern between ``countries`` on ``on`` although it binds
    them: the instrument that supersedes it there. None when it governs, or does not bind."""
    countries = tuple(dict.fromkeys(countries))
    on = on or timezone.localdate()
    if not instrument.superseded_by_id or not binds_all(instrument, countries, on):
        return None
    if not _binding_ids({instrument.superseded_by_id}, countries, on):
        return None
    by = Instrument.objects.get(pk=instrument.superseded_by_id)
    return Supersession(by=by, provision=_supersession_provision(by, instrument))


def _supersession_provision(by: Instrument, superseded: Instrument) -> Provision | None:
    """The article of ``by`` that names ``superseded`` (by any of its names), the most specific
    one first: the registry has no link from a supersession to its article, so the article is
    found by what it says."""
    names = [n for n in (superseded.name_ru, superseded.name_en, superseded.short_name) if n]
    mentions = Q()
    for name in names:
        mentions |= (
            Q(subject__icontains=name) | Q(summary__icontains=name) | Q(text__icontains=name)
        )
    candidates = list(by.provisions.filter(mentions))
    return max(candidates, key=lambda p: (len(p.article), -p.pk), default=None)
