"""The case page lists the case's requests, extradition files and teams — each through its own
visibility rule — and offers "Create a request" to those who may draft one."""

from __future__ import annotations

import re

import pytest

from accounts.choices import Role
from extradition.models import ExtraditionFile
from requests_mla import services as mla_services
from requests_mla.models import MLARequest
from teams.models import JointTeam
from tests.conftest import PERSONA_KEYS
from tests.extradition.conftest import open_file
from tests.factories import UserFactory
from tests.requests_mla.conftest import complete_fields, complete_relations
from tests.teams.conftest import mirror, team  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, team):  # noqa: F811
    kr = team.cases.get(country="KG")
    request = mla_services.mla_request_create(
        case=kr,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr),
    )
    return {"case": kr, "request": request, "file": open_file(personas, kr), "team": team}


def _section(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</ul>', page, re.S)
    assert match, testid
    return match.group(1)


@pytest.mark.parametrize("key", PERSONA_KEYS)
def test_each_persona_sees_only_the_related_records_it_may_open(client, personas, world, key):
    user, case = personas[key], world["case"]
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/")
    if response.status_code == 404:
        return
    assert response.status_code == 200
    page = response.content.decode()
    shown = {
        "case-requests": (MLARequest, world["request"]),
        "case-extradition-files": (ExtraditionFile, world["file"]),
        "case-teams": (JointTeam, world["team"]),
    }
    for testid, (model, record) in shown.items():
        section = _section(page, testid)
        visible = model.objects.visible_to(user).filter(pk=record.pk).exists()
        label = getattr(record, "reference", None) or record.name
        assert (label in section) == visible, (key, testid, visible)


def test_the_lists_show_what_the_investigator_may_see_and_hide_a_draft_from_others(
    client, personas, world
):
    case = world["case"]
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert world["request"].reference in _section(page, "case-requests")
    assert world["file"].reference in _section(page, "case-extradition-files")
    assert world["team"].name in _section(page, "case-teams")
    # Another investigator of the agency sees the case, its request and file — not the team,
    # which only its members and those who may change its cases see.
    colleague = UserFactory(agency=personas["kg_investigator"].agency, roles=[Role.INVESTIGATOR])
    client.force_login(colleague)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert world["request"].reference in _section(page, "case-requests")
    assert world["team"].name not in page
    assert "create-request" not in page  # may see the case, may not change it


def test_create_request_button_only_for_drafters(client, personas, world):
    case = world["case"]
    link = f'href="/requests/new/?case={case.pk}"'
    for key in ("kg_investigator", "kg_coordinator"):
        client.force_login(personas[key])
        assert link in client.get(f"/cases/{case.pk}/").content.decode(), key
        assert link in client.get(f"/cases/{case.pk}/?tab=history").content.decode(), key
    for key in ("kz_coordinator", "kg_prosecutor", "auditor"):
        client.force_login(personas[key])
        response = client.get(f"/cases/{case.pk}/")
        if response.status_code == 200:
            assert link not in response.content.decode(), key
    client.force_login(personas["kg_investigator"])
    assert client.get(f"/requests/new/?case={case.pk}").status_code == 200


def test_the_lists_cost_the_same_for_one_and_three_requests(
    client, personas, world, django_assert_max_num_queries
):
    case = world["case"]
    client.force_login(personas["kg_investigator"])
    with django_assert_max_num_queries(25) as one:
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    for _ in range(2):
        mla_services.mla_request_create(
            case=case,
            actor=personas["kg_investigator"],
            fields=complete_fields(personas),
            relations=complete_relations(case),
        )
    with django_assert_max_num_queries(25) as three:
        page = client.get(f"/cases/{case.pk}/").content.decode()
    assert _section(page, "case-requests").count("/requests/") == 3
    assert len(three) == len(one)
