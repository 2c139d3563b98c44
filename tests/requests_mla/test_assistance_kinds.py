"""A request's actions name kinds of assistance of the registry: the API, the form, the service
and the pages read them there, never from a list in the code."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from requests_mla import services
from requests_mla.forms import ActionFormSet
from tests.conftest import api_as
from tests.requests_mla.conftest import complete_fields, complete_relations
from tests.requests_mla.test_documents import pdf_text
from treaties.models import AssistanceKind, Instrument, InstrumentAssistance
from treaties.services import registry_record_save

pytestmark = pytest.mark.django_db


def create_payload(personas, case, kind: str) -> dict:
    chisinau = Instrument.objects.get(short_name="Chisinau Convention")
    return {
        "case": case.pk,
        "request_type": "formal_mla",
        "requesting_agency": personas["kg_investigator"].agency_id,
        "requested_agency": personas["kz_prosecutor"].agency_id,
        "instruments": [chisinau.pk],
        "actions": [{"kind": kind, "details": "Допросить свидетеля."}],
    }


def new_kind(personas, **fields) -> AssistanceKind:
    values = {"code": "asset-sharing", "name_ru": "Раздел активов", "name_en": "Asset sharing"}
    return registry_record_save(
        actor=personas["registry_admin"],
        instance=AssistanceKind(**{**values, **fields, "source": "тест", "confidence": "U"}),
    )


def test_the_api_refuses_an_unknown_kind_with_a_field_error(personas, kr_case):
    response = api_as(personas["kg_investigator"]).post(
        "/api/mla-requests/", create_payload(personas, kr_case, "telepathy"), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["actions"]
    error = (errors[0] if isinstance(errors, list) else errors["0"])["kind"]
    assert "telepathy" in error[0] and "/api/assistance-kinds/" in error[0]
    assert not kr_case.mla_requests.exists()


def test_the_api_accepts_a_kind_the_registry_adds_and_shows_its_name(personas, kr_case):
    kind = new_kind(personas)
    client = api_as(personas["kg_investigator"])
    response = client.post(
        "/api/mla-requests/", create_payload(personas, kr_case, kind.code), format="json"
    )
    assert response.status_code == 201, response.json()
    action = response.json()["actions"][0]
    assert action["kind"] == kind.code
    with translation.override("ru"):
        assert action["kind_name"] in (kind.name_ru, kind.name_en)
    text = pdf_text(client.get(f"/api/mla-requests/{response.json()['id']}/document/").content)
    assert kind.name_ru in text  # the document names it in Russian, from the registry
    assert kind.code not in text


def test_a_deactivated_kind_is_refused_in_new_requests_but_kept_where_used(personas, kr_case):
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr_case),
    )
    kind = AssistanceKind.objects.get(code="interrogation")
    kind.is_active = False
    registry_record_save(actor=personas["registry_admin"], instance=kind)
    client = api_as(personas["kg_investigator"])
    refused = client.post(
        "/api/mla-requests/", create_payload(personas, kr_case, "interrogation"), format="json"
    )
    assert refused.status_code == 400
    kept = client.patch(
        f"/api/mla-requests/{mla.pk}/",
        {"version": mla.version, "actions": [{"kind": "interrogation", "details": "Иначе."}]},
        format="json",
    )
    assert kept.status_code == 200, kept.json()


def test_the_service_refuses_an_unknown_kind_whatever_calls_it(personas, kr_case):
    relations = complete_relations(kr_case)
    relations["actions"][0]["kind"] = "telepathy"
    with pytest.raises(ValidationError) as error:
        services.mla_request_create(
            case=kr_case,
            actor=personas["kg_investigator"],
            fields=complete_fields(personas),
            relations=relations,
        )
    assert "actions" in error.value.message_dict


def test_the_form_offers_the_kinds_the_chosen_basis_provides_first(personas, kr_case):
    chisinau = Instrument.objects.get(short_name="Chisinau Convention")
    provided = set(
        InstrumentAssistance.objects.filter(instrument=chisinau).values_list(
            "kind__code", flat=True
        )
    )
    assert provided
    formset = ActionFormSet(
        case=kr_case, show_victims=True, prefix="actions", instruments=[chisinau.pk]
    )
    choices = formset.forms[0].fields["kind"].choices
    first_group, rest_group = choices[1], choices[2]
    assert {code for code, _name in first_group[1]} == provided
    active = set(AssistanceKind.objects.active().values_list("code", flat=True))
    assert {code for code, _name in rest_group[1]} == active - provided


def test_the_form_refuses_a_code_the_registry_does_not_offer(personas, kr_case):
    data = {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-kind": "telepathy",
        "actions-0-details": "Что-то",
    }
    formset = ActionFormSet(data, case=kr_case, show_victims=True, prefix="actions")
    assert not formset.is_valid()
    assert "kind" in formset.forms[0].errors


def test_the_openapi_schema_says_where_the_codes_are(personas):
    client = api_as(personas["kg_investigator"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/assistance-kinds/" in schema


def test_the_request_page_names_the_kind_in_the_readers_language(client, personas, kr_case):
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr_case),
    )
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/requests/{mla.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert AssistanceKind.objects.get(code="interrogation").name_ru in page
