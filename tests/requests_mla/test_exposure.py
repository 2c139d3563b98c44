"""A request exists for the other country only from the moment it is sent."""

from __future__ import annotations

import pytest

from cases import services as case_services
from cases.choices import AccessLevel
from requests_mla.models import MLARequest
from tests.conftest import api_as
from tests.requests_mla.conftest import today

pytestmark = pytest.mark.django_db


def step(user, mla, name, **data):
    return api_as(user).post(f"/api/mla-requests/{mla.pk}/{name}/", data, format="json")


def test_an_officer_of_the_other_country_with_the_case_shared_sees_no_draft(
    client, personas, draft, kr_case
):
    kz = personas["kz_investigator"]
    case_services.case_grant(
        case=kr_case, actor=personas["kg_coordinator"], user=kz, levels=[AccessLevel.VIEW]
    )
    api = api_as(kz)
    # Positive control: the shared case itself is visible to them.
    assert api.get(f"/api/cases/{kr_case.pk}/").status_code == 200
    assert api.get(f"/api/mla-requests/{draft.pk}/").status_code == 404
    assert api.get(f"/api/mla-requests/{draft.pk}/document/").status_code == 404
    assert draft.reference not in api.get("/api/mla-requests/").content.decode()
    client.force_login(kz)
    assert client.get(f"/requests/{draft.pk}/").status_code == 404
    link = f'href="/requests/{draft.pk}/"'
    assert link not in client.get("/requests/").content.decode()
    assert link not in client.get("/requests/", {"q": draft.reference}).content.decode()
    assert not MLARequest.objects.visible_to(kz).filter(pk=draft.pk).exists()
    # Once sent, the request exists for the requested side.
    assert step(personas["kg_investigator"], draft, "submit").status_code == 200
    assert step(personas["kg_prosecutor"], draft, "approve", note="").status_code == 200
    assert api.get(f"/api/mla-requests/{draft.pk}/").status_code == 404
    sent = step(
        personas["kg_prosecutor"],
        draft,
        "send",
        outgoing_number="12/3-456",
        outgoing_date=today(),
        channel="central_authority",
    )
    assert sent.status_code == 200
    assert api.get(f"/api/mla-requests/{draft.pk}/").status_code == 200


def test_the_step_api_refuses_unknown_fields(personas, draft):
    response = step(personas["kg_investigator"], draft, "submit", statuss="approved")
    assert response.status_code == 400
    assert "statuss" in response.json()
    assert MLARequest.objects.get(pk=draft.pk).status == "draft"
    assert step(personas["kg_investigator"], draft, "submit").status_code == 200
