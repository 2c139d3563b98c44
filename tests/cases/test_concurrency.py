"""No lost updates: an edit based on an old version is refused and nothing is overwritten."""

from __future__ import annotations

import pytest

from cases.models import Case, Participant
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def test_api_second_edit_with_a_stale_etag_is_412(personas, kg_case):
    alice = api_as(personas["kg_investigator"])
    bob = api_as(personas["kg_coordinator"])
    etag = alice.get(f"/api/cases/{kg_case.pk}/")["ETag"]
    assert bob.get(f"/api/cases/{kg_case.pk}/")["ETag"] == etag

    first = alice.patch(
        f"/api/cases/{kg_case.pk}/", {"title": "Первая правка"}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    assert first["ETag"] != etag
    second = bob.patch(
        f"/api/cases/{kg_case.pk}/", {"summary": "Вторая правка"}, format="json", HTTP_IF_MATCH=etag
    )
    assert second.status_code == 412
    case = Case.objects.get(pk=kg_case.pk)
    assert case.title == "Первая правка" and case.summary == ""


def test_api_stale_version_in_body_is_409_and_missing_version_is_428(personas, kg_case):
    client = api_as(personas["kg_investigator"])
    assert (
        client.patch(
            f"/api/cases/{kg_case.pk}/", {"title": "A", "version": 1}, format="json"
        ).status_code
        == 200
    )
    stale = client.patch(f"/api/cases/{kg_case.pk}/", {"title": "B", "version": 1}, format="json")
    assert stale.status_code == 409
    assert (
        "changed by someone else" in stale.json()["detail"] or "изменено" in stale.json()["detail"]
    )
    assert (
        client.patch(f"/api/cases/{kg_case.pk}/", {"title": "C"}, format="json").status_code == 428
    )
    assert Case.objects.get(pk=kg_case.pk).title == "A"


def test_form_second_save_is_refused_and_keeps_what_was_typed(client, personas, kg_case):
    first, second = personas["kg_investigator"], personas["kg_coordinator"]
    client.force_login(first)
    form = client.get(f"/cases/{kg_case.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "route-TOTAL_FORMS": "0",
            "route-INITIAL_FORMS": "0",
            "route-MIN_NUM_FORMS": "0",
            "route-MAX_NUM_FORMS": "20",
            "opened_on": kg_case.opened_on.isoformat(),
        }
    )
    assert (
        client.post(f"/cases/{kg_case.pk}/edit/", {**data, "title": "Правка 1"}).status_code == 302
    )
    client.force_login(second)
    response = client.post(f"/cases/{kg_case.pk}/edit/", {**data, "title": "Правка 2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Правка 2" in page  # the second editor's text is still in the form
    assert response.context["form"].non_field_errors()
    assert Case.objects.get(pk=kg_case.pk).title == "Правка 1"


def test_person_edit_is_guarded_too(personas, kg_case):
    client = api_as(personas["kg_investigator"])
    suspect = Participant.objects.get(case=kg_case, role="suspect")
    url = f"/api/cases/{kg_case.pk}/participants/{suspect.pk}/"
    assert (
        client.patch(url, {"given_name": "Тимурлан", "version": 1}, format="json").status_code
        == 200
    )
    assert client.patch(url, {"given_name": "Тима", "version": 1}, format="json").status_code == 409
    suspect.person.refresh_from_db()
    assert suspect.person.given_name == "Тимурлан"
