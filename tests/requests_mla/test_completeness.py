"""The completeness check names each missing element with its article; sending waits for it."""

from __future__ import annotations

import pytest

from requests_mla import services
from requests_mla.models import MLARequest
from tests.conftest import api_as
from tests.requests_mla.conftest import complete_fields, complete_relations, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def incomplete(personas, kr_case):
    fields = complete_fields(
        personas, facts="", representatives="", confidentiality="", qualification_text=""
    )
    relations = complete_relations(kr_case)
    relations["actions"] = []
    return services.mla_request_create(
        case=kr_case, actor=personas["kg_investigator"], fields=fields, relations=relations
    )


def test_missing_elements_are_named_with_their_article(personas, incomplete):
    body = (
        api_as(personas["kg_investigator"])
        .get(f"/api/mla-requests/{incomplete.pk}/completeness/")
        .json()
    )
    assert body["complete"] is False
    missing = {item["code"]: item for item in body["items"] if not item["satisfied"]}
    assert {
        "facts-of-the-case",
        "representatives",
        "confidentiality",
        "qualification-with-article-text",
        "content-of-request",
        "signature-and-seal",
    } <= set(missing)
    # The instrument by its short name in the reader's language, then the article.
    assert all(item["citation"] == "Кишинёвская конвенция, ст. 7" for item in missing.values())
    assert missing["facts-of-the-case"]["missing"]


def test_sending_is_refused_with_the_list_then_allowed_once_filled(personas, incomplete):
    kg_inv, kg_pros = api_as(personas["kg_investigator"]), api_as(personas["kg_prosecutor"])
    kg_inv.post(f"/api/mla-requests/{incomplete.pk}/submit/", {}, format="json")
    kg_pros.post(f"/api/mla-requests/{incomplete.pk}/approve/", {}, format="json")
    send = {"outgoing_number": "5/1", "outgoing_date": today(), "channel": "central_authority"}
    refused = kg_pros.post(f"/api/mla-requests/{incomplete.pk}/send/", send, format="json")
    assert refused.status_code == 409
    codes = {item["code"] for item in refused.json()["errors"]}
    assert "facts-of-the-case" in codes and "confidentiality" in codes
    assert all("ст. 7" in item["citation"] for item in refused.json()["errors"])
    assert MLARequest.objects.get(pk=incomplete.pk).status == "approved"

    # Back to the drafter, fill everything, and it goes.
    kg_pros.post(
        f"/api/mla-requests/{incomplete.pk}/return/", {"remarks": "Дополнить"}, format="json"
    )
    version = MLARequest.objects.get(pk=incomplete.pk).version
    victim = incomplete.case.participants.filter(role="victim").first()
    filled = kg_inv.patch(
        f"/api/mla-requests/{incomplete.pk}/",
        {
            "version": version,
            "facts": "Фабула дела.",
            "representatives": "Нет.",
            "confidentiality": "required",
            "qualification_text": "Статья 166. Торговля людьми.",
            "actions": [
                {
                    "kind": "interrogation",
                    "details": "Допросить потерпевшую.",
                    "persons": [victim.pk],
                }
            ],
        },
        format="json",
    )
    assert filled.status_code == 200, filled.json()
    kg_inv.post(f"/api/mla-requests/{incomplete.pk}/submit/", {}, format="json")
    kg_pros.post(f"/api/mla-requests/{incomplete.pk}/approve/", {}, format="json")
    sent = kg_pros.post(f"/api/mla-requests/{incomplete.pk}/send/", send, format="json")
    assert sent.status_code == 200, sent.json()


def test_persons_without_identity_data_are_named_by_pseudonym(personas, kr_case):
    relations = complete_relations(kr_case)
    second = kr_case.participants.filter(role="victim").order_by("victim_number").last()
    relations["actions"][0]["persons"].append(second)
    second.person.birth_date = None
    second.person.save(update_fields=["birth_date"])
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=relations,
    )
    item = next(
        i
        for i in services.completeness(mla).items
        if i.element and i.element.code == "natural-persons"
    )
    assert not item.satisfied
    assert "Потерпевший 2" in item.missing or "Victim 2" in item.missing
    assert second.person.surname not in item.missing


def test_live_checklist_fills_as_the_form_is_typed(client, personas, kr_case):
    client.force_login(personas["kg_investigator"])
    base = {
        "case": kr_case.pk,
        "request_type": "formal_mla",
        "language": "ru",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "30",
    }
    empty = client.post("/requests/checklist/", base).content.decode()
    assert 'data-complete="no"' in empty
    filled = client.post(
        "/requests/checklist/",
        {
            **base,
            "requesting_agency": personas["kg_investigator"].agency_id,
            "requested_agency": personas["kz_prosecutor"].agency_id,
            "instruments": [
                __import__("tests.requests_mla.conftest", fromlist=["chisinau"]).chisinau().pk
            ],
            "facts": "Фабула",
        },
    ).content.decode()
    assert filled.count('data-satisfied="yes"') > empty.count('data-satisfied="yes"')
