"""Persons API: compare, search, the cross-border check and the request for access.

Written as an attacker would try it: a victim's name must not be confirmable by search, the
check must not tell more than country, agency and strength, nor be repeatable without limit.
"""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from cases import services
from cases.models import AccessRequest, Participant, PersonCheck
from deadlines.models import Notification
from tests.cases.conftest import VICTIM

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- compare -----------------------------------------------------------------------------------
def test_compare_answers_score_verdict_and_reasons(personas):
    response = api(personas["kz_investigator"]).post(
        "/api/persons/compare/",
        {"a": "Мамытова Айзада Бакытовна", "b": {"surname": "MAMYTOVA", "given_name": "AIZADA"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"score", "same_person", "reasons"}
    assert 0 <= body["score"] <= 1
    assert isinstance(body["reasons"], list)


def test_compare_needs_sign_in_and_refuses_bad_input(personas):
    assert (
        api().post("/api/persons/compare/", {"a": "x", "b": "y"}, format="json").status_code == 401
    )
    client = api(personas["kg_investigator"])
    for body in (
        {"a": "Иванов"},
        {"a": 5, "b": "Иванов"},
        {"a": "", "b": "Иванов"},
        {"a": {"nick": "x"}, "b": "Иванов"},
        {"a": {"surname": "Иванов", "birth_date": "31.12.2000"}, "b": "Иванов"},
        {"a": "Иванов", "b": "Иванов", "c": "Иванов"},
        {"a": "И" * 201, "b": "Иванов"},
    ):
        response = client.post("/api/persons/compare/", body, format="json")
        assert response.status_code == 400, body


def test_compare_reads_nothing_and_is_not_rate_limited(
    personas, settings, django_assert_num_queries
):
    settings.PERSON_CHECK_RATE = "1/hour"
    client = api(personas["kg_investigator"])
    with django_assert_num_queries(0):
        for _ in range(30):
            response = client.post(
                "/api/persons/compare/", {"a": "Иванов Иван", "b": "Ivanov Ivan"}, format="json"
            )
            assert response.status_code == 200


# --- search ------------------------------------------------------------------------------------
def test_search_finds_a_spelling_and_lists_the_cases(personas, kg_case, kg_victim):
    response = api(personas["kg_investigator"]).get("/api/persons/", {"q": "MAMYTOVA AIZADA"})
    assert response.status_code == 200
    found = response.json()
    assert found and found[0]["name"] == "Мамытова Айзада Бакытовна"
    assert found[0]["cases"] == [
        {"id": kg_case.pk, "reference": kg_case.reference, "country": "KG", "role": "victim"}
    ]
    # Showing a victim's identity is logged, as on every page that shows one.
    assert AuditEvent.objects.filter(
        action="view_protected", object_id=str(kg_victim.pk), note="api persons search"
    ).exists()


@pytest.mark.parametrize("who", ["kz_investigator", "kz_coordinator", "kg_prosecutor", "outsider"])
def test_search_shows_nothing_of_invisible_cases(personas, kg_victim, who):
    for q in ("Мамытова Айзада", "Абдрахманов Тимур"):
        response = api(personas[who]).get("/api/persons/", {"q": q})
        assert response.status_code == 200
        assert response.json() == []


def test_victims_name_is_not_confirmable_without_view_protected(
    personas, kg_case, kg_victim, kg_colleague
):
    client = api(kg_colleague)
    # The exact name, the Latin spelling, the name with the date: nothing.
    for q in ("Мамытова Айзада Бакытовна", "MAMYTOVA AIZADA", "Мамытова"):
        assert client.get("/api/persons/", {"q": q}).json() == [], q
    # The suspect of the same case is found: the colleague sees the case.
    found = client.get("/api/persons/", {"q": "Абдрахманов Тимур"}).json()
    assert [c["reference"] for c in found[0]["cases"]] == [kg_case.reference]
    # Shared with the KZ investigator for viewing only: the same.
    services.case_grant(
        case=kg_case,
        actor=personas["kg_coordinator"],
        user=personas["kz_investigator"],
        levels=["view"],
    )
    kz = api(personas["kz_investigator"])
    assert kz.get("/api/persons/", {"q": "Мамытова Айзада"}).json() == []
    assert kz.get("/api/persons/", {"q": "Абдрахманов Тимур"}).json()


def test_search_wants_a_query(personas):
    client = api(personas["kg_investigator"])
    assert client.get("/api/persons/").status_code == 400
    assert client.get("/api/persons/", {"q": "a"}).status_code == 400
    assert api().get("/api/persons/", {"q": "Иванов"}).status_code == 401


# --- the cross-border check ----------------------------------------------------------------------
def check(user, participant, reason="Проверка по делу", case=None):
    return api(user).post(
        "/api/persons/check/",
        {
            "case": case if case is not None else participant.case_id,
            "participant": participant.pk,
            "reason": reason,
        },
        format="json",
    )


def test_check_names_country_agency_and_strength_only(personas, kg_case, kg_victim, kz_double):
    response = check(personas["kz_investigator"], kz_double)
    assert response.status_code == 200, response.content
    body = response.json()
    agency = kg_case.owning_agency
    assert body == {
        "hits": [
            {"country": "KG", "agency_id": agency.pk, "agency": agency.name, "strength": "probable"}
        ]
    }
    text = json.dumps(body, ensure_ascii=False)
    for secret in (kg_case.reference, kg_case.national_number, "Мамытова", "MAMYTOVA", "2004"):
        assert secret not in text


def test_check_never_counts_matches(personas, kg_case, kg_victim, kz_double):
    # A second record of her in another KG case of the same agency: still one hit, no count.
    from tests.cases.conftest import make_case

    other = make_case(personas["kg_investigator"], number="24-001-2026-000077", victims=())
    services.participant_add(
        case=other, actor=personas["kg_investigator"], role="witness", person_fields=VICTIM
    )
    assert len(check(personas["kz_investigator"], kz_double).json()["hits"]) == 1


def test_check_tells_nothing_of_cases_the_user_sees(personas, kg_case, kg_victim):
    from tests.cases.conftest import make_case

    other = make_case(personas["kg_investigator"], number="24-001-2026-000078", victims=())
    services.participant_add(
        case=other, actor=personas["kg_investigator"], role="witness", person_fields=VICTIM
    )
    response = check(personas["kg_investigator"], kg_victim)
    assert response.status_code == 200
    assert response.json() == {"hits": []}


def test_check_without_a_match_has_no_hits(personas, kz_case):
    suspect = kz_case.participants.get(role="suspect")
    assert check(personas["kz_investigator"], suspect).json() == {"hits": []}


def test_check_is_audited_and_recorded(personas, kg_victim, kz_double):
    before = AuditEvent.objects.count()
    check(personas["kz_investigator"], kz_double)
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.object_type == "cases.personcheck"
    assert event.actor == personas["kz_investigator"]
    assert event.changes["reason"] == [None, "Проверка по делу"]
    stored = PersonCheck.objects.get()
    assert stored.participant == kz_double and stored.case == kz_double.case


def test_check_wants_the_case_and_a_reason(personas, kz_double):
    client = api(personas["kz_investigator"])
    for body in (
        {"participant": kz_double.pk, "reason": "x"},
        {"case": kz_double.case_id, "participant": kz_double.pk},
        {"case": kz_double.case_id, "participant": kz_double.pk, "reason": ""},
        {"case": kz_double.case_id, "participant": kz_double.pk, "reason": "x", "q": "Иванов"},
    ):
        assert client.post("/api/persons/check/", body, format="json").status_code == 400, body
    assert check(personas["kz_investigator"], kz_double, reason="   ").status_code == 400
    assert not PersonCheck.objects.exists()


def test_check_of_a_person_not_in_the_users_case_is_404(personas, kg_case, kg_victim, kz_double):
    user = personas["kz_investigator"]
    # Someone else's person, under their case or under the checker's own case: 404 both.
    assert check(user, kg_victim).status_code == 404
    assert check(user, kg_victim, case=kz_double.case_id).status_code == 404
    assert check(personas["kg_investigator"], kz_double).status_code == 404
    assert check(personas["outsider"], kz_double).status_code == 404
    assert api().post("/api/persons/check/", {}, format="json").status_code == 401
    assert not PersonCheck.objects.exists()


def test_check_needs_change_on_the_case(personas, kz_case, kz_double):
    services.case_grant(
        case=kz_case,
        actor=personas["kz_coordinator"],
        user=personas["kg_investigator"],
        levels=["view"],
    )
    suspect = kz_case.participants.get(role="suspect")
    assert check(personas["kg_investigator"], suspect).status_code == 403


def test_check_is_rate_limited_per_user(personas, settings, kg_victim, kz_double):
    settings.PERSON_CHECK_RATE = "3/hour"
    user = personas["kz_investigator"]
    for _ in range(3):
        assert check(user, kz_double).status_code == 200
    refused = check(user, kz_double)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert PersonCheck.objects.count() == 3
    # Another officer has a limit of their own.
    suspect = kz_double.case.participants.get(role="suspect")
    assert check(personas["kz_coordinator"], suspect).status_code == 200


def test_rate_limit_counts_checks_made_on_the_page(personas, settings, client, kz_double):
    settings.PERSON_CHECK_RATE = "1/hour"
    services.person_check(participant=kz_double, actor=personas["kz_investigator"], reason="x")
    assert check(personas["kz_investigator"], kz_double).status_code == 429


# --- asking for access and answering -------------------------------------------------------------
def ask(user, participant, agency, reason="Та же потерпевшая в нашем деле"):
    return api(user).post(
        "/api/persons/access-requests/",
        {
            "case": participant.case_id,
            "participant": participant.pk,
            "agency": agency.pk,
            "reason": reason,
        },
        format="json",
    )


def test_ask_needs_a_check_that_named_the_agency(personas, kg_case, kg_victim, kz_double):
    agency = kg_case.owning_agency
    response = ask(personas["kz_investigator"], kz_double, agency)
    assert response.status_code == 400
    assert "agency" in response.json()
    assert not AccessRequest.objects.exists()


def test_access_request_reaches_coordinators_and_sharing_opens_the_case(
    personas, kg_case, kg_victim, kz_double, django_capture_on_commit_callbacks
):
    kz = personas["kz_investigator"]
    agency = kg_case.owning_agency
    assert api(kz).get(f"/api/cases/{kg_case.pk}/").status_code == 404
    check(kz, kz_double)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(kz, kz_double, agency)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["target_case"] is None and body["status"] == "pending"
    assert kg_case.reference not in json.dumps(body, ensure_ascii=False)
    request = AccessRequest.objects.get()
    assert request.target_case == kg_case and request.target_participant == kg_victim
    notice = Notification.objects.get(recipient=personas["kg_coordinator"], kind="access_request")
    assert kz_double.case.reference in notice.title
    # Asking again while one waits.
    assert ask(kz, kz_double, agency).status_code == 400

    coordinator = api(personas["kg_coordinator"])
    listed = coordinator.get("/api/persons/access-requests/").json()
    assert [r["target_case"] for r in listed] == [kg_case.pk]
    # Nobody else answers: the requester may not (403), the others do not see it (404).
    url = f"/api/persons/access-requests/{request.pk}/share/"
    assert api(kz).post(url, {}, format="json").status_code == 403
    for who in ("kz_coordinator", "kg_investigator", "kg_prosecutor"):
        assert api(personas[who]).post(url, {}, format="json").status_code == 404, who
    with django_capture_on_commit_callbacks(execute=True):
        shared = coordinator.post(
            f"/api/persons/access-requests/{request.pk}/share/", {}, format="json"
        )
    assert shared.status_code == 200, shared.content
    assert shared.json()["status"] == "shared"
    assert api(kz).get(f"/api/cases/{kg_case.pk}/").status_code == 200
    assert api(kz).get("/api/persons/access-requests/").json()[0]["target_case"] == kg_case.pk
    assert Notification.objects.filter(recipient=kz, kind="access_request_answer").exists()
    # Answered once only.
    again = coordinator.post(
        f"/api/persons/access-requests/{request.pk}/decline/", {"reason": "x"}, format="json"
    )
    assert again.status_code == 409
    # Ask, answer and the grant are all in the trail.
    types = list(
        AuditEvent.objects.filter(object_type="cases.accessrequest").values_list(
            "action", flat=True
        )
    )
    assert types.count("create") == 2 and types.count("update") == 1
    assert AuditEvent.objects.filter(action="grant", object_id=str(kg_case.pk)).exists()
    # Viewing only: her identity in the KG case stays hidden from the KZ investigator.
    found = api(kz).get("/api/persons/", {"q": "MAMYTOVA AIZADA"}).json()
    assert kg_case.pk not in {c["id"] for f in found for c in f["cases"]}


def test_decline_wants_a_reason(personas, kg_case, kg_victim, kz_double):
    kz = personas["kz_investigator"]
    check(kz, kz_double)
    ask(kz, kz_double, kg_case.owning_agency)
    request = AccessRequest.objects.get()
    coordinator = api(personas["kg_coordinator"])
    url = f"/api/persons/access-requests/{request.pk}/decline/"
    assert coordinator.post(url, {}, format="json").status_code == 400
    declined = coordinator.post(url, {"reason": "Не относится к делу"}, format="json")
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    assert api(kz).get(f"/api/cases/{kg_case.pk}/").status_code == 404
    assert api(kz).get("/api/persons/access-requests/").json()[0]["target_case"] is None


def test_access_requests_are_seen_by_requester_and_target_coordinators_only(
    personas, kg_case, kg_victim, kz_double
):
    kz = personas["kz_investigator"]
    check(kz, kz_double)
    ask(kz, kz_double, kg_case.owning_agency)
    request = AccessRequest.objects.get()
    seen = {
        key: api(user).get("/api/persons/access-requests/").json() for key, user in personas.items()
    }
    assert {k for k, rows in seen.items() if rows} == {"kz_investigator", "kg_coordinator"}
    assert (
        api(personas["kg_investigator"])
        .get(f"/api/persons/access-requests/{request.pk}/")
        .status_code
        == 404
    )


def test_participant_of_the_double_is_unchanged(kg_victim):
    # The fixtures above record people through the services: match keys are filled on the way.
    assert Participant.objects.get(pk=kg_victim.pk).person.match_keys


def test_refresh_match_keys_rewrites_keys_of_an_older_matcher(kg_victim):
    from io import StringIO

    from django.core.management import call_command

    from cases.models import Person

    Person.objects.filter(pk=kg_victim.person_id).update(match_keys="old")
    out = StringIO()
    call_command("refresh_match_keys", stdout=out)
    assert Person.objects.get(pk=kg_victim.person_id).match_keys != "old"
    assert out.getvalue().startswith("1 of ")
