"""A case's act is qualified under the code edition in force on the day it was committed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases import services
from cases.models import Case
from tests.cases.conftest import kr_article, make_case
from tests.conftest import api_as
from treaties.models import CriminalArticle

pytestmark = pytest.mark.django_db

BEFORE_2021_CODE = datetime.date(2020, 5, 1)


def kr_2017_article() -> CriminalArticle:
    return CriminalArticle.objects.get(code__short_name="УК КР 2017", article="171", part="1")


def test_an_act_of_2020_under_the_2021_code_is_refused_naming_the_2017_edition(personas):
    with pytest.raises(ValidationError) as raised:
        make_case(
            personas["kg_investigator"], number="24-001-2020-000001", committed_on=BEFORE_2021_CODE
        )
    errors = raised.value.message_dict["articles"]
    assert len(errors) == 1
    assert "УК КР 2017" in errors[0] and "01.05.2020" in errors[0]
    assert kr_article().citation in errors[0]
    assert not Case.objects.exists()


def test_the_edition_in_force_then_is_accepted(personas):
    case = services.case_create(
        actor=personas["kg_investigator"],
        national_register="kg_erp",
        national_number="24-001-2020-000002",
        title="Вербовка в 2020 году",
        opened_on=datetime.date(2026, 5, 4),
        committed_on=BEFORE_2021_CODE,
        articles=[kr_2017_article()],
    )
    assert case.committed_on == BEFORE_2021_CODE
    created = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk))
    assert created.changes["committed_on"][1] == "2020-05-01"


def test_without_a_date_there_is_no_check(personas):
    case = make_case(personas["kg_investigator"], number="24-001-2026-000003")
    assert case.committed_on is None and case.qualifications.count() == 1


def test_moving_the_date_before_the_edition_is_refused(personas):
    case = make_case(
        personas["kg_investigator"],
        number="24-001-2026-000004",
        committed_on=datetime.date(2026, 1, 10),
    )
    with pytest.raises(ValidationError) as raised:
        services.case_update(
            case=case,
            actor=personas["kg_investigator"],
            expected_version=case.version,
            fields={"committed_on": BEFORE_2021_CODE},
        )
    assert "УК КР 2017" in raised.value.message_dict["articles"][0]
    case.refresh_from_db()
    assert case.committed_on == datetime.date(2026, 1, 10)


def test_a_future_date_is_refused(personas):
    with pytest.raises(ValidationError) as raised:
        make_case(
            personas["kg_investigator"],
            number="24-001-2026-000005",
            committed_on=datetime.date(2999, 1, 1),
        )
    assert "committed_on" in raised.value.message_dict


def test_api_takes_the_date_and_names_the_edition_in_force(personas):
    client = api_as(personas["kg_investigator"])
    payload = {
        "national_register": "kg_erp",
        "national_number": "24-001-2020-000006",
        "title": "Вербовка в Нарыне",
        "opened_on": "2026-05-10",
        "committed_on": "2020-05-01",
        "articles": [kr_article().pk],
    }
    refused = client.post("/api/cases/", payload, format="json")
    assert refused.status_code == 400
    assert "УК КР 2017" in " ".join(refused.json()["articles"])
    created = client.post(
        "/api/cases/", {**payload, "articles": [kr_2017_article().pk]}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["committed_on"] == "2020-05-01"


def test_case_form_shows_the_error_on_the_articles(client, personas):
    lead = personas["kg_investigator"]
    client.force_login(lead)
    form = {
        "national_register": "kg_erp",
        "national_number": "24-001-2020-000007",
        "title": "Вербовка в Караколе",
        "opened_on": "2026-05-01",
        "committed_on": "2020-05-01",
        "lead_investigator": lead.pk,
        "articles": [kr_article().pk],
        "route-TOTAL_FORMS": "0",
        "route-INITIAL_FORMS": "0",
        "route-MIN_NUM_FORMS": "0",
        "route-MAX_NUM_FORMS": "20",
    }
    response = client.post("/cases/new/", form)
    assert response.status_code == 200
    assert "УК КР 2017" in " ".join(response.context["form"].errors["articles"])
    assert not Case.objects.exists()
    accepted = client.post("/cases/new/", {**form, "articles": [kr_2017_article().pk]})
    assert accepted.status_code == 302
    page = client.get(accepted["Location"]).content.decode()
    assert 'data-testid="committed-on">01.05.2020' in page
