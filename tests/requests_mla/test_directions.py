"""The request list's two directions: to the other country (outgoing) and to one's own."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import api_as
from tests.requests_mla.conftest import today

pytestmark = pytest.mark.django_db


def listed(client, user, direction: str | None = None) -> set[int]:
    client.force_login(user)
    response = client.get("/requests/", {"direction": direction} if direction else {})
    assert response.status_code == 200
    return {mla.pk for mla in response.context["requests"]}


def send(personas, mla) -> None:
    kg_pros = personas["kg_prosecutor"]
    for name, data in (
        ("submit", {}),
        ("approve", {"note": "Согласовано"}),
        ("send", {"outgoing_number": "12/3", "outgoing_date": today(), "channel": "police"}),
    ):
        actor = personas["kg_investigator"] if name == "submit" else kg_pros
        response = api_as(actor).post(f"/api/mla-requests/{mla.pk}/{name}/", data, format="json")
        assert response.status_code == 200, response.json()


def test_a_request_is_outgoing_for_its_side_and_incoming_for_the_other(client, personas, draft):
    kg, kz = personas["kg_investigator"], personas["kz_prosecutor"]
    # A draft: outgoing for its own side (the default direction), unseen by the other.
    assert listed(client, kg) == listed(client, kg, "outgoing") == {draft.pk}
    assert listed(client, kg, "incoming") == set()
    assert listed(client, kz, "incoming") == listed(client, kz) == set()
    send(personas, draft)
    assert listed(client, kg, "outgoing") == {draft.pk}
    assert listed(client, kz, "incoming") == {draft.pk}
    assert listed(client, kz, "outgoing") == set()
    # An unknown direction is the default one.
    assert listed(client, kg, "sideways") == {draft.pk}


def test_an_officer_of_no_agency_has_no_incoming_requests(client, personas, draft):
    admin = get_user_model().objects.create_superuser("root", password="x" * 12)
    # A superuser sees every request; none is addressed to their (absent) country.
    assert listed(client, admin, "outgoing") == {draft.pk}
    assert listed(client, admin, "incoming") == set()


def test_a_row_shows_what_the_request_is(client, personas, draft):
    """The list reads only the columns its rows show: each of them is there."""
    draft.urgent, draft.urgency_reason = True, "Срок содержания под стражей истекает."
    draft.outgoing_number = "12/3-456"
    draft.save(update_fields=["urgent", "urgency_reason", "outgoing_number"])
    client.force_login(personas["kg_investigator"])
    page = client.get("/requests/").content.decode()
    row = page[page.index(draft.reference) : page.index("</tr>", page.index(draft.reference))]
    assert "12/3-456" in row
    assert "text-bg-danger" in row  # the urgency badge
    assert draft.requesting_agency.name in row and draft.requested_agency.name in row
    assert draft.instruments.get().name in row
    assert draft.get_request_type_display() in row and draft.get_status_display() in row
