"""Dual criminality against the registry: penalties for prosecution, the sentence imposed for
enforcement, "to be confirmed" whenever the registry lacks or doubts a value."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from extradition import services
from extradition.models import ExtraditionFile
from tests.conftest import api_as
from tests.extradition.conftest import kg_166, kz_128, open_file
from treaties.models import CriminalArticle, Instrument, LegalThreshold

pytestmark = pytest.mark.django_db


def enforcement_file(personas, case, **sentence):
    return open_file(personas, case, purpose="enforcement", **sentence)


def test_kr_2021_166_part_1_against_kz_128_part_1_is_confirmed(file):
    dual = services.dual_criminality(file)
    assert dual.satisfied is True
    assert dual.threshold.code == "extradition-prosecution-min-penalty"
    assert str(dual.threshold.months) in str(dual.note)


def test_a_missing_sanction_leaves_it_to_be_confirmed(file):
    CriminalArticle.objects.filter(pk=kz_128().pk).update(max_imprisonment_months=None)
    dual = services.dual_criminality(file)
    assert dual.satisfied is None
    assert kz_128().citation in str(dual.note)


def test_a_sanction_marked_to_be_confirmed_is_not_relied_on(file):
    CriminalArticle.objects.filter(pk=kg_166().pk).update(sanction_confidence="U")
    assert services.dual_criminality(file).satisfied is None


def test_a_penalty_below_the_threshold_fails(file):
    threshold = LegalThreshold.objects.get(code="extradition-prosecution-min-penalty")
    CriminalArticle.objects.filter(pk=kg_166().pk).update(
        max_imprisonment_months=threshold.months - 1
    )
    assert services.dual_criminality(file).satisfied is False


def test_the_demo_file_is_confirmed(settings):
    call_command("seed_demo", password="demo-password-1")
    demo = ExtraditionFile.objects.get(requesting_state="KG", purpose="prosecution")
    assert [a.citation for a in demo.requesting_articles.all()] == [kg_166().citation]
    assert services.dual_criminality(demo).satisfied is True


# --- Enforcement: the sentence imposed, not the time left ---------------------------------
def test_eight_months_imposed_with_two_left_passes(personas, kr_case):
    file = enforcement_file(
        personas, kr_case, sentence_imposed_months=8, remaining_sentence_months=2
    )
    dual = services.dual_criminality(file)
    assert dual.satisfied is True
    assert dual.threshold.code == "extradition-enforcement-min-sentence"


def test_four_months_imposed_with_thirty_left_fails(personas, kr_case):
    file = enforcement_file(
        personas, kr_case, sentence_imposed_months=4, remaining_sentence_months=30
    )
    assert services.dual_criminality(file).satisfied is False


def test_the_threshold_is_read_from_the_registry(personas, kr_case):
    file = enforcement_file(personas, kr_case, sentence_imposed_months=8)
    LegalThreshold.objects.filter(code="extradition-enforcement-min-sentence").update(months=9)
    assert services.dual_criminality(file).satisfied is False


def test_enforcement_needs_the_sentence_imposed_not_the_time_left(personas, kr_case):
    with pytest.raises(ValidationError) as raised:
        enforcement_file(personas, kr_case, remaining_sentence_months=30)
    assert "sentence_imposed_months" in raised.value.message_dict
    file = enforcement_file(personas, kr_case, sentence_imposed_months=12)
    assert file.remaining_sentence_months is None


def test_a_sentence_is_not_recorded_for_prosecution(personas, kr_case):
    with pytest.raises(ValidationError) as raised:
        open_file(personas, kr_case, sentence_imposed_months=12)
    assert "sentence_imposed_months" in raised.value.message_dict


def _api_payload(case):
    return {
        "case": case.pk,
        "person": case.participants.get(role="suspect").pk,
        "requested_state": "KZ",
        "purpose": "enforcement",
        "requesting_articles": [kg_166().pk],
        "requested_articles": [kz_128().pk],
        "instruments": [Instrument.objects.get(short_name="KR–KZ Extradition Agreement").pk],
    }


def test_api_records_both_terms_and_tests_the_sentence_imposed(personas, kr_case):
    client = api_as(personas["kg_investigator"])
    missing = client.post("/api/extraditions/", _api_payload(kr_case), format="json")
    assert missing.status_code == 400 and "sentence_imposed_months" in missing.json()
    created = client.post(
        "/api/extraditions/",
        {**_api_payload(kr_case), "sentence_imposed_months": 4, "remaining_sentence_months": 30},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["sentence_imposed_months"], body["remaining_sentence_months"]) == (4, 30)
    assert body["dual_criminality"]["satisfied"] is False


def test_file_form_and_page_show_the_sentence_imposed_and_the_time_left(client, personas, kr_case):
    client.force_login(personas["kg_investigator"])
    form = client.get("/extradition/new/", {"case": kr_case.pk}).content.decode()
    assert 'name="sentence_imposed_months"' in form and 'name="remaining_sentence_months"' in form
    data = {
        **_api_payload(kr_case),
        "sentence_imposed_months": "8",
        "remaining_sentence_months": "2",
    }
    response = client.post("/extradition/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    file = ExtraditionFile.objects.get(case=kr_case)
    assert (file.sentence_imposed_months, file.remaining_sentence_months) == (8, 2)
    page = client.get(response.url).content.decode()
    assert 'data-testid="sentence-imposed">8' in page
    assert 'data-testid="time-left">2' in page
    assert "ст. 66, п. 3" in page  # the threshold tested, cited from the registry
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(response.url).content.decode()
    assert "Art. 66(3)" in page and "ст. 66" not in page  # in the reader's language


def test_file_form_refuses_enforcement_without_the_sentence_imposed(client, personas, kr_case):
    client.force_login(personas["kg_investigator"])
    response = client.post("/extradition/new/", _api_payload(kr_case))
    assert response.status_code == 200
    assert not ExtraditionFile.objects.filter(case=kr_case).exists()
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in (
        response.content.decode()
    )
