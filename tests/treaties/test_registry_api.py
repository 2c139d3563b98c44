"""Registry API: read for everyone signed in, write for registry administrators, strict input."""

from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent
from tests.conftest import api_as
from treaties.models import DeadlineRule, Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def untoc():
    return Instrument.objects.get(short_name="UNTOC")


def test_list_nests_parties_provisions_rules_and_elements(personas):
    response = api_as(personas["kz_investigator"]).get("/api/treaties/", {"page_size": 50})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == Instrument.objects.count()
    minsk = next(i for i in body["results"] if i["short_name"] == "Minsk Convention")
    assert {p["country"] for p in minsk["parties"]} == {"KG", "KZ"}
    assert minsk["required_elements"] and minsk["provisions"]
    # A rule is nested under the instrument that sets it.
    rule = DeadlineRule.objects.get(code="detention-pending-extradition-request-40d")
    holder = next(i for i in body["results"] if i["id"] == rule.instrument_id)
    assert any(r["code"] == rule.code for r in holder["deadline_rules"])


def test_list_query_count_is_constant(personas, django_assert_max_num_queries):
    client = api_as(personas["kz_investigator"])
    with django_assert_max_num_queries(10):
        assert client.get("/api/treaties/").status_code == 200


def test_search_and_filters(personas):
    client = api_as(personas["kg_investigator"])
    names = [
        i["short_name"]
        for i in client.get("/api/treaties/", {"kind": "bilateral"}).json()["results"]
    ]
    assert set(names) == {
        "KR–KZ MLA Treaty",
        "KR–KZ MLA Protocol 2022",
        "KR–KZ Extradition Agreement",
    }
    found = client.get("/api/treaties/", {"search": "Кишин"}).json()["results"]
    assert [i["short_name"] for i in found] == ["Chisinau Convention"]


def test_registry_admin_patch_is_audited(personas, untoc):
    response = api_as(personas["registry_admin"]).patch(
        f"/api/treaties/{untoc.pk}/", {"notes": "Ст. 18 — основа для запросов"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["notes"] == "Ст. 18 — основа для запросов"
    event = AuditEvent.objects.for_object(untoc).get()
    assert event.action == AuditAction.UPDATE
    assert event.changes["notes"][1] == "Ст. 18 — основа для запросов"


def test_registry_admin_creates_a_provision(personas, untoc):
    response = api_as(personas["registry_admin"]).post(
        "/api/treaty-provisions/",
        {"instrument": untoc.pk, "article": "31", "subject": "Предупреждение"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert AuditEvent.objects.filter(object_type="treaties.provision", action="create").count() == 1


@pytest.mark.parametrize("persona", ["kg_investigator", "kz_prosecutor", "auditor", "outsider"])
def test_other_roles_get_403_and_nothing_changes(personas, untoc, persona):
    client = api_as(personas[persona])
    response = client.patch(f"/api/treaties/{untoc.pk}/", {"notes": "подмена"}, format="json")
    assert response.status_code == 403
    assert client.post("/api/treaties/", {"short_name": "X"}, format="json").status_code == 403
    untoc.refresh_from_db()
    assert untoc.notes != "подмена"
    assert not AuditEvent.objects.exists()


def test_delete_is_not_offered(personas, untoc):
    response = api_as(personas["registry_admin"]).delete(f"/api/treaties/{untoc.pk}/")
    assert response.status_code == 405
    assert Instrument.objects.filter(pk=untoc.pk).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"notes": "x", "colour": "red"}, "colour"),  # unknown field
        ({"precedence": "first"}, "precedence"),  # wrong type
        ({"date_signed": "31.12.2000"}, "date_signed"),  # wrong date format
        ({"short_name": "Я" * 101}, "short_name"),  # overlong
        ({"kind": "galactic"}, "kind"),  # not a choice
        ({"short_name": "UNTOC"}, None),  # duplicate of itself is fine
        ({"short_name": "Minsk Convention"}, "short_name"),  # duplicate of another
        ({"superseded_by": 999999}, "superseded_by"),  # unknown reference
        ({"in_force_date": "1990-01-01"}, "in_force_date"),  # before signature (model rule)
        ({"parties": []}, "parties"),  # read-only nested field
    ],
)
def test_bad_input_gets_400_with_field_errors(personas, untoc, payload, field):
    before = Instrument.objects.get(pk=untoc.pk)
    response = api_as(personas["registry_admin"]).patch(
        f"/api/treaties/{untoc.pk}/", payload, format="json"
    )
    if field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    assert field in response.json()
    untoc.refresh_from_db()
    assert untoc.short_name == before.short_name and untoc.notes == before.notes
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    ['{"notes": ', "[1, 2]", '"just a string"', "null", "\x00\x01"],
)
def test_malformed_json_is_400(personas, untoc, body):
    client = api_as(personas["registry_admin"])
    response = client.generic(
        "PATCH", f"/api/treaties/{untoc.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json() or "non_field_errors" in response.json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reminder_lead_days": [7, "soon"]}, "reminder_lead_days"),
        ({"reminder_lead_days": [-1]}, "reminder_lead_days"),
        ({"reminder_lead_days": "7,3"}, "reminder_lead_days"),
        ({"length": 0}, "length"),
        ({"length": 10**12}, "length"),
        ({"unit": "months", "day_kind": "working"}, "day_kind"),
        ({"trigger": "moon_rise"}, "trigger"),
    ],
)
def test_deadline_rule_bad_input(personas, payload, field):
    from treaties.models import DeadlineRule

    rule = DeadlineRule.objects.get(code="mla-supplement-target")
    response = api_as(personas["registry_admin"]).patch(
        f"/api/deadline-rules/{rule.pk}/", payload, format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body or "non_field_errors" in body, body
    assert DeadlineRule.objects.get(pk=rule.pk).length == rule.length


def test_provision_of_another_instrument_is_refused(personas):
    from treaties.models import DeadlineRule, Provision

    rule = DeadlineRule.objects.get(code="detention-pending-extradition-request-40d")
    foreign = Provision.objects.exclude(instrument=rule.instrument).first()
    response = api_as(personas["registry_admin"]).patch(
        f"/api/deadline-rules/{rule.pk}/", {"provision": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "provision" in response.json()
