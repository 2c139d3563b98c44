from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases.models import Participant
from extradition import services
from tests.cases.conftest import make_case
from treaties.models import CriminalArticle, Instrument


def kz_today() -> datetime.date:
    """Today in the detaining state (the files' requested state, Kazakhstan): a file's dates are
    its calendar dates, not UTC's nor the zone a previous request left active. From 18:00 or
    19:00 UTC it is already tomorrow there."""
    from deadlines.computation import zone_of

    return timezone.now().astimezone(zone_of("KZ")).date()


def kz_128() -> CriminalArticle:
    return CriminalArticle.objects.get(code__short_name="УК РК 2014", article="128", part="1")


def kg_166() -> CriminalArticle:
    return CriminalArticle.objects.get(code__short_name="УК КР 2021", article="166", part="1")


@pytest.fixture
def kr_case(personas):
    return make_case(personas["kg_investigator"], number="24-001-2026-000900")


def open_file(personas, case, citizenship="KG", **extra):
    suspect = Participant.objects.get(case=case, role="suspect")
    suspect.person.citizenship = citizenship
    suspect.person.save(update_fields=["citizenship"])
    return services.extradition_file_open(
        actor=personas["kg_investigator"],
        case=case,
        person=suspect,
        requested_state="KZ",
        requesting_articles=[kg_166()],
        requested_articles=[kz_128()],
        instruments=[Instrument.objects.get(short_name="KR–KZ Extradition Agreement")],
        **{"notice_number": "ИНТЕРПОЛ A-1234/5-2026", "purpose": "prosecution", **extra},
    )


@pytest.fixture
def file(personas, kr_case):
    return open_file(personas, kr_case)
