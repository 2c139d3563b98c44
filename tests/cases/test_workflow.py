"""A case's status and its mirror links move through the one workflow mechanism: the pages
offer exactly the allowed steps, each step checks who, state and input, and is audited."""

from __future__ import annotations

import re

import pytest

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.models import Case, CaseLink
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def _steps(html: str) -> list[str]:
    return re.findall(r'data-step="([a-z_]+)"', html)


def _grant_view(case, actor, user):
    services.case_grant(case=case, actor=actor, levels=["view"], user=user)


def test_open_case_page_offers_the_allowed_status_steps_with_confirmation(
    client, personas, kg_case
):
    client.force_login(personas["kg_investigator"])
    html = client.get(f"/cases/{kg_case.pk}/").content.decode()
    assert _steps(html) == ["suspend", "send_to_court", "close"]
    # Closing and suspending say what they do before the officer commits to it.
    assert "The case is closed" in html or "Дело прекращается" in html
    assert html.count('class="form-text"') >= 2


def test_closed_case_page_offers_only_reopening(client, personas, kg_case):
    services.case_set_status(
        case=kg_case, actor=personas["kg_investigator"], status="closed", reason="Основание"
    )
    client.force_login(personas["kg_investigator"])
    assert _steps(client.get(f"/cases/{kg_case.pk}/").content.decode()) == ["reopen"]


def test_officer_who_may_only_view_sees_no_status_step_and_is_refused(client, personas, kg_case):
    _grant_view(kg_case, personas["kg_coordinator"], personas["kz_investigator"])
    client.force_login(personas["kz_investigator"])
    assert _steps(client.get(f"/cases/{kg_case.pk}/").content.decode()) == []
    refused = client.post(f"/cases/{kg_case.pk}/status/", {"status": "closed", "reason": "x"})
    assert refused.status_code == 403
    api = api_as(personas["kz_investigator"])
    assert (
        api.post(
            f"/api/cases/{kg_case.pk}/status/", {"status": "closed", "reason": "x"}, format="json"
        ).status_code
        == 403
    )
    assert Case.objects.get(pk=kg_case.pk).status == "open"


def test_status_of_an_invisible_case_is_404(client, personas, kg_case):
    client.force_login(personas["kz_investigator"])
    assert client.post(f"/cases/{kg_case.pk}/status/", {"status": "closed"}).status_code == 404
    assert (
        api_as(personas["kz_investigator"])
        .post(f"/api/cases/{kg_case.pk}/status/", {"status": "closed"}, format="json")
        .status_code
        == 404
    )


def test_status_change_is_audited_with_its_reason_and_moves_the_version(personas, kg_case):
    version = kg_case.version
    services.case_set_status(
        case=kg_case, actor=personas["kg_investigator"], status="suspended", reason="Розыск"
    )
    case = Case.objects.get(pk=kg_case.pk)
    assert case.version == version + 1 and case.status_reason == "Розыск"
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(case.pk)).get()
    assert event.changes["status"] == ["open", "suspended"]
    assert event.changes["status_reason"] == ["", "Розыск"]
    assert event.note == "Розыск"


def test_status_api_keeps_its_body_and_refuses_a_missing_reason(personas, kg_case):
    api = api_as(personas["kg_investigator"])
    url = f"/api/cases/{kg_case.pk}/status/"
    missing = api.post(url, {"status": "suspended", "reason": "  "}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    unknown = api.post(url, {"status": "suspended", "reason": "x", "why": "y"}, format="json")
    assert unknown.status_code == 400
    court = api.post(url, {"status": "sent_to_court"}, format="json")
    assert court.status_code == 200 and court.json()["status"] == "sent_to_court"
    again = api.post(url, {"status": "sent_to_court"}, format="json")
    assert again.status_code == 409


def test_page_refuses_a_field_the_step_does_not_take(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    page = client.post(
        f"/cases/{kg_case.pk}/status/",
        {"status": "closed", "reason": "Основание", "assignee": "5"},
        follow=True,
    )
    assert page.status_code == 200
    assert Case.objects.get(pk=kg_case.pk).status == "open"


@pytest.fixture
def proposed(personas, kg_case, kz_case):
    return services.case_link_propose(
        case=kg_case, actor=personas["kg_investigator"], identifier=kz_case.reference
    )


def test_links_page_offers_decisions_only_to_the_other_sides_coordinator(
    client, personas, kg_case, kz_case, proposed
):
    client.force_login(personas["kz_coordinator"])
    html = client.get(f"/cases/{kz_case.pk}/?tab=links").content.decode()
    assert 'value="accept"' in html and 'value="decline"' in html
    assert "withdraw" not in _steps(html)  # the receiving side cannot take back a proposal
    client.force_login(personas["kg_investigator"])
    html = client.get(f"/cases/{kg_case.pk}/?tab=links").content.decode()
    assert 'value="accept"' not in html
    assert _steps(html) == ["withdraw"]


def test_receiving_side_cannot_withdraw_a_proposal_but_may_end_an_accepted_link(personas, proposed):
    api = api_as(personas["kz_coordinator"])
    url = f"/api/cases/{proposed.target_id}/links/{proposed.pk}/"
    assert api.post(url + "withdraw/", {}, format="json").status_code == 403
    assert api.post(url + "accept/", {}, format="json").status_code == 200
    ended = api.post(url + "withdraw/", {}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "withdrawn"
    assert api.post(url + "withdraw/", {}, format="json").status_code == 409


def test_declining_needs_a_reason_and_is_in_both_cases_history(personas, proposed):
    api = api_as(personas["kz_coordinator"])
    url = f"/api/cases/{proposed.target_id}/links/{proposed.pk}/decline/"
    no_reason = api.post(url, {"note": ""}, format="json")
    assert no_reason.status_code == 400 and "note" in no_reason.json()
    declined = api.post(url, {"note": "Другие лица"}, format="json")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    link = CaseLink.objects.get()
    assert link.decided_by == personas["kz_coordinator"] and link.decision_note == "Другие лица"
    for case_id in (link.source_id, link.target_id):
        event = AuditEvent.objects.history_of(Case.objects.get(pk=case_id)).get(
            action=AuditAction.TRANSITION
        )
        assert event.changes["status"] == ["proposed", "declined"]
        assert "→" in event.object_repr and "(" not in event.object_repr
