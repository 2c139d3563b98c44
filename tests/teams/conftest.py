from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import services as case_services
from teams import services
from tests.cases.conftest import make_case
from treaties.models import Instrument


@pytest.fixture
def mirror(personas):
    kr = make_case(personas["kg_investigator"], number="24-001-2026-001200")
    kz = make_case(personas["kz_investigator"], number="261500031001200")
    link = case_services.case_link_propose(
        case=kr, actor=personas["kg_investigator"], identifier=kz.reference
    )
    case_services.case_link_decide(link=link, actor=personas["kz_coordinator"], accept=True)
    return kr, kz


@pytest.fixture
def team(personas, mirror):
    kr, kz = mirror
    today = timezone.localdate()
    team = services.team_create(
        actor=personas["kg_coordinator"],
        name="ССГ «Ош — Алматы»",
        cases=[kr, kz],
        instruments=[Instrument.objects.get(short_name="UNTOC")],
        purpose="Совместное расследование деятельности группы вербовщиков.",
        kg_leader=personas["kg_coordinator"],
        kz_leader=personas["kz_coordinator"],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=180),
    )
    services.member_add(
        team=team,
        actor=personas["kg_coordinator"],
        user=personas["kz_investigator"],
        role="member",
        joined_on=today,
    )
    services.member_add(
        team=team,
        actor=personas["kg_coordinator"],
        user=personas["kg_investigator"],
        role="member",
        joined_on=today,
    )
    return team
