"""The audit page and its CSV export find a record's events by its reference."""

from __future__ import annotations

import csv
import io

import pytest

from audit.models import AuditEvent
from cases.models import Participant
from tests.cases.conftest import make_case
from tests.extradition.conftest import open_file
from tests.requests_mla.conftest import complete_fields, complete_relations
from tests.teams.conftest import mirror, team  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, team):  # noqa: F811
    from requests_mla import services as mla_services

    kr = team.cases.get(country="KG")
    request = mla_services.mla_request_create(
        case=kr,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr),
    )
    file = open_file(personas, kr)
    other = make_case(personas["kg_investigator"], number="24-001-2026-007777", title="Другое дело")
    return {"case": kr, "request": request, "file": file, "team": team, "other": other}


def _page(client, personas, reference: str) -> str:
    client.force_login(personas["auditor"])
    response = client.get("/audit/", {"reference": reference})
    assert response.status_code == 200
    return response.content.decode()


def _csv(client, personas, reference: str) -> list[list[str]]:
    client.force_login(personas["auditor"])
    response = client.get("/audit/export.csv", {"reference": reference})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_request_reference_finds_the_requests_events_only(client, personas, world):
    request = world["request"]
    page = _page(client, personas, request.reference.lower())
    assert f"requests_mla.mlarequest#{request.pk}" in page
    assert f"cases.case#{world['case'].pk}" not in page
    assert world["other"].reference not in page
    rows = _csv(client, personas, request.reference)
    expected = AuditEvent.objects.filter(object_type="requests_mla.mlarequest").count()
    assert expected and len(rows) == expected
    assert {(row[4], row[5]) for row in rows} == {("requests_mla.mlarequest", str(request.pk))}


def test_case_reference_and_number_find_the_case_and_what_hangs_off_it(client, personas, world):
    case, file = world["case"], world["file"]
    for query in (case.reference, case.national_number, "24 001 2026 001200"):
        page = _page(client, personas, query)
        assert f"cases.case#{case.pk}" in page
        # Scoped under the case: its request, its extradition file, its victims.
        assert f"requests_mla.mlarequest#{world['request'].pk}" in page
        assert f"extradition.extraditionfile#{file.pk}" in page
        assert f"cases.case#{world['other'].pk}" not in page
    rows = _csv(client, personas, case.reference)
    own = AuditEvent.objects.history_of(case).count()
    assert len(rows) == own
    assert all(row[4] != "cases.case" or row[5] == str(case.pk) for row in rows)


def test_extradition_and_team_references(client, personas, world):
    file, jit = world["file"], world["team"]
    page = _page(client, personas, file.reference)
    assert f"extradition.extraditionfile#{file.pk}" in page
    assert f"requests_mla.mlarequest#{world['request'].pk}" not in page
    page = _page(client, personas, jit.name)
    assert f"teams.jointteam#{jit.pk}" in page
    assert "teams.teammember#" in page  # the members added hang off the team
    assert f"extradition.extraditionfile#{file.pk}" not in page


def test_victim_pseudonym_finds_the_victim_without_her_name(client, personas, world):
    case = world["case"]
    victim = Participant.objects.get(case=case, role="victim", victim_number=1)
    for query in (f"{case.reference}: Потерпевший 1", f"{case.reference.lower()} victim 1"):
        page = _page(client, personas, query)
        assert f"cases.participant#{victim.pk}" in page
        assert "Потерпевший 1" in page or "Victim 1" in page
        assert victim.person.surname not in page
        assert f"cases.case#{case.pk}" not in page
    rows = _csv(client, personas, f"{case.reference}: Потерпевший 1")
    assert rows and all(victim.person.surname not in ",".join(row) for row in rows)


def test_unknown_reference_finds_nothing_and_says_so(client, personas, world):
    page = _page(client, personas, "MLA-KG-1999-9999")
    assert "Нет дела, запроса, экстрадиционного дела, группы или потерпевшего" in page
    assert "requests_mla.mlarequest#" not in page
    assert _csv(client, personas, f"{world['case'].reference}: Victim 9") == []


def test_only_auditors_search_the_trail(client, personas, world):
    client.force_login(personas["kg_investigator"])
    response = client.get("/audit/", {"reference": world["request"].reference})
    assert response.status_code == 403
