"""Victims' identities: pseudonyms without view_protected; names and a trace with it."""

from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.models import Participant
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

NAMES = ("Мамытова", "Турдубаева", "МАМЫТОВА-LAT", "AC0000001", "г. Ош, ул. Ленина")


@pytest.fixture
def viewer(personas, kg_case):
    """A KZ investigator the KR case is shared with, without view_protected."""
    services.case_grant(
        case=kg_case,
        actor=personas["kg_coordinator"],
        user=personas["kz_investigator"],
        levels=["view"],
    )
    return personas["kz_investigator"]


def _views() -> int:
    return AuditEvent.objects.filter(action=AuditAction.VIEW_PROTECTED).count()


def test_page_api_and_csv_show_pseudonyms_without_view_protected(client, viewer, kg_case):
    client.force_login(viewer)
    page_response = client.get(f"/cases/{kg_case.pk}/?tab=participants")
    api_response = api_as(viewer).get(f"/api/cases/{kg_case.pk}/participants/")
    export_response = client.get("/cases/export.csv")
    # The viewer really reads the case: an absent name proves nothing on an error page.
    assert page_response.status_code == api_response.status_code == 200
    assert export_response.status_code == 200
    page = page_response.content.decode()
    api = api_response.content.decode()
    export = b"".join(export_response.streaming_content).decode("utf-8-sig")
    assert kg_case.reference in page and kg_case.reference in export
    for text in (page, api, export):
        for name in NAMES:
            assert name not in text
        assert "Абдрахманов" in text  # the suspect is not protected
    assert "Потерпевший 1" in page and "Потерпевший 2" in page
    assert "Потерпевший 1" in export
    body = api_as(viewer).get(f"/api/cases/{kg_case.pk}/participants/").json()
    victims = [p for p in body if p["role"] == "victim"]
    assert [v["identity_hidden"] for v in victims] == [True, True]
    assert all(v["surname"] is None and v["documents"] == [] for v in victims)
    assert _views() == 0
    # Positive control: the same page shows the names to the case's lead investigator.
    client.force_login(kg_case.lead_investigator)
    lead_page = client.get(f"/cases/{kg_case.pk}/?tab=participants").content.decode()
    assert "Мамытова" in lead_page and "Турдубаева" in lead_page


def test_search_does_not_find_a_case_by_a_hidden_victims_name(client, viewer, kg_case):
    client.force_login(viewer)
    page = client.get("/cases/", {"q": "Мамытова"}).content.decode()
    assert f'href="/cases/{kg_case.pk}/"' not in page
    client.force_login(kg_case.lead_investigator)
    page = client.get("/cases/", {"q": "мамытова"}).content.decode()
    assert f'href="/cases/{kg_case.pk}/"' in page


def test_names_are_shown_with_view_protected_and_each_view_is_audited(client, personas, kg_case):
    lead = personas["kg_investigator"]
    client.force_login(lead)
    page = client.get(f"/cases/{kg_case.pk}/?tab=participants").content.decode()
    assert "Мамытова" in page and "Турдубаева" in page and "AC0000001" in page
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_PROTECTED)
    assert events.count() == 2  # one per victim shown
    victims = set(
        Participant.objects.filter(case=kg_case, role="victim").values_list("pk", flat=True)
    )
    assert {int(e.object_id) for e in events} == victims
    assert all(e.actor == lead and e.scope_id == str(kg_case.pk) for e in events)
    assert all("participants" in e.note for e in events)

    api_as(lead).get(f"/api/cases/{kg_case.pk}/participants/")
    assert _views() == 4
    b"".join(client.get("/cases/export.csv").streaming_content)
    assert _views() == 6


def test_view_protected_grant_shows_names_to_the_other_country(client, personas, kg_case):
    kz = personas["kz_investigator"]
    services.case_grant(
        case=kg_case, actor=personas["kg_coordinator"], user=kz, levels=["view_protected"]
    )
    body = api_as(kz).get(f"/api/cases/{kg_case.pk}/participants/").json()
    assert {p["surname"] for p in body if p["role"] == "victim"} == {"Мамытова", "Турдубаева"}
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PROTECTED, actor=kz).count() == 2


def test_history_hides_protected_changes(client, viewer, kg_case):
    client.force_login(viewer)
    page = client.get(f"/cases/{kg_case.pk}/?tab=history").content.decode()
    for name in NAMES:
        assert name not in page


def test_a_hidden_victim_cannot_be_opened_for_editing(client, personas, kg_case):
    kz = personas["kz_investigator"]
    services.case_grant(case=kg_case, actor=personas["kg_coordinator"], user=kz, levels=["change"])
    victim = Participant.objects.filter(case=kg_case, role="victim").first()
    client.force_login(kz)
    assert client.get(f"/cases/{kg_case.pk}/participants/{victim.pk}/edit/").status_code == 403
    response = api_as(kz).patch(
        f"/api/cases/{kg_case.pk}/participants/{victim.pk}/",
        {"surname": "X", "version": 1},
        format="json",
    )
    assert response.status_code == 403
