"""The instruments that govern a pair of states on a date: dates per party, supersession."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from treaties.governing import binds_all, governing_instruments, governs, superseded_between
from treaties.models import Instrument, InstrumentParty

pytestmark = pytest.mark.django_db

PAIR = ("KG", "KZ")


def keys(instruments) -> list[str]:
    return [i.short_name for i in instruments]


def instrument(key: str) -> Instrument:
    return Instrument.objects.get(short_name=key)


def test_a_treaty_governs_from_its_entry_into_force_for_both_parties():
    treaty = instrument("KR–KZ MLA Treaty")
    assert treaty.party("KG").in_force_since == datetime.date(1998, 12, 18)
    assert "KR–KZ MLA Treaty" not in keys(governing_instruments(PAIR, datetime.date(1998, 12, 17)))
    assert "KR–KZ MLA Treaty" in keys(governing_instruments(PAIR, datetime.date(1998, 12, 18)))
    assert not governs(treaty, PAIR, datetime.date(1998, 12, 17))
    assert governs(treaty, PAIR, datetime.date(1998, 12, 18))


def test_a_party_is_bound_from_its_deposit_not_from_its_ratification_law():
    # Kyrgyzstan's law of 19.03.2004, its instrument deposited on 02.09.2004.
    chisinau = instrument("Chisinau Convention")
    assert not governs(chisinau, PAIR, datetime.date(2004, 6, 1))
    assert governs(chisinau, PAIR, datetime.date(2004, 9, 2))


def test_minsk_is_dropped_once_chisinau_binds_both_states():
    today = keys(governing_instruments(PAIR))
    assert "Chisinau Convention" in today
    assert "Minsk Convention" not in today
    assert not governs(instrument("Minsk Convention"), PAIR)
    # Minsk still binds both states: it is left out only as superseded.
    assert binds_all(instrument("Minsk Convention"), PAIR, timezone.localdate())


def test_minsk_governs_while_chisinau_does_not_yet_bind_one_of_the_two():
    # Kazakhstan had deposited (29.03.2004), Kyrgyzstan not yet (02.09.2004).
    on = datetime.date(2004, 6, 1)
    governing = keys(governing_instruments(PAIR, on))
    assert "Minsk Convention" in governing
    assert "Chisinau Convention" not in governing
    assert governs(instrument("Minsk Convention"), PAIR, on)
    assert superseded_between(instrument("Minsk Convention"), PAIR, on) is None


def test_minsk_governs_for_a_pair_where_chisinau_does_not_bind_a_party():
    InstrumentParty.objects.filter(
        instrument__short_name="Chisinau Convention", country="KZ"
    ).update(status="not_party")
    governing = keys(governing_instruments(PAIR))
    assert "Minsk Convention" in governing
    assert "Chisinau Convention" not in governing


def test_the_order_of_application_is_bilateral_then_cis_then_un():
    governing = keys(governing_instruments(PAIR))
    assert governing.index("KR–KZ MLA Treaty") < governing.index("Chisinau Convention")
    assert governing.index("Chisinau Convention") < governing.index("UNTOC")


def test_a_queryset_restricts_the_candidates_but_not_the_superseding_instrument():
    # Only Minsk is a candidate; Chisinau, outside the queryset, still supersedes it.
    only_minsk = Instrument.objects.filter(short_name="Minsk Convention")
    assert governing_instruments(PAIR, queryset=only_minsk) == []
    on = datetime.date(2004, 6, 1)
    assert keys(governing_instruments(PAIR, on, queryset=only_minsk)) == ["Minsk Convention"]


def test_superseded_between_names_the_replacing_instrument_and_its_article():
    history = superseded_between(instrument("Minsk Convention"), PAIR)
    assert history is not None
    assert history.by.short_name == "Chisinau Convention"
    assert history.provision is not None and history.provision.article == "120(3)"
    assert history.provision.confidence == "L"
    assert superseded_between(instrument("Chisinau Convention"), PAIR) is None


def test_the_2022_protocol_is_no_legal_basis_and_binds_only_once_both_ratify():
    protocol = instrument("KR–KZ MLA Protocol 2022")
    bases = Instrument.objects.legal_bases(for_mla=True)
    assert protocol not in governing_instruments(PAIR, queryset=bases)
    # Kyrgyzstan's ratification is not recorded: the registry does not claim it binds.
    assert not governs(protocol, PAIR)
    assert governs(protocol, ("KZ",), datetime.date(2023, 5, 12))
