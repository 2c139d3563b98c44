"""Hostile input found by the API fuzz run, each answered as documented instead of 500 or an
HTML page: non-integer ids, unknown API URLs, errors of documents asked for as PDF, forged page
cursors, NUL characters in the query string; and the error answers the schema documents."""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from tests.conftest import api_as
from tests.test_route_matrix import KWARGS

pytestmark = pytest.mark.django_db


def test_an_id_that_is_not_an_integer_is_a_404_not_a_500(matrix_world):
    client = api_as(matrix_world["kg_investigator"])
    case_pk = KWARGS["case"]()["pk"]
    assert client.get(f"/api/cases/{case_pk}/").status_code == 200
    for url in ("/api/cases/x1/status/", "/api/extraditions/1e5/document/", "/api/cases/١/"):
        response = client.generic("POST" if "status" in url else "GET", url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"


def test_an_unknown_api_url_answers_the_api_error_body(matrix_world):
    response = api_as(matrix_world["kg_investigator"]).get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Страница не найдена."}


def test_an_unknown_page_is_still_the_404_page(matrix_world, client):
    client.force_login(matrix_world["kg_investigator"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_error_of_a_document_asked_for_as_pdf_is_json(matrix_world):
    client = api_as(matrix_world["kz_investigator"])
    mla_pk = KWARGS["mla"]()["pk"]  # the KR side's request: not visible to the KZ officer
    response = client.get(f"/api/mla-requests/{mla_pk}/document/?format=pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in json.loads(response.content)
    response = client.get(f"/api/mla-requests/{mla_pk}/document/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "forged",
    [
        '{"d": "n", "v": ' + "[" * 5000 + "]" * 5000 + "}",  # the decoder's recursion: a 500
        '{"d": "n", "v": ["2026-01-01", "1\\u0000"]}',  # a NUL that PostgreSQL refuses
        '{"d": "n", "v": [[["x"]], "1"]}',
    ],
    ids=["deep", "nul", "nested"],
)
def test_a_forged_page_cursor_is_refused_as_invalid(matrix_world, forged):
    response = api_as(matrix_world["kg_investigator"]).get(
        "/api/cases/", {"cursor": _cursor(forged)}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Недействительный курсор страницы."}


def test_a_nul_in_the_query_string_is_a_400_on_pages(matrix_world, client):
    client.force_login(matrix_world["kg_investigator"])
    # On PostgreSQL the registry's search with a NUL was a 500 (the string literal is refused).
    response = client.get(reverse("treaties:list") + "?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert client.get(reverse("treaties:list") + "?q=a%2500b").status_code == 200


def test_a_nul_in_the_query_string_is_a_400_in_the_api(matrix_world):
    response = api_as(matrix_world["kg_investigator"]).get("/api/treaties/?q=a%00b")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "В адресе есть символ NUL, который не принимает ни одно поле."
    }


def test_the_schema_documents_each_operations_errors(matrix_world):
    schema = api_as(matrix_world["kg_investigator"]).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    error = {"$ref": "#/components/schemas/Error"}
    create = paths["/api/cases/"]["post"]["responses"]
    assert set(create) == {"201", "400", "401", "403", "409", "415"}
    assert create["400"]["content"]["application/json"]["schema"] == error
    assert set(paths["/api/cases/{id}/"]["get"]["responses"]) == {"200", "401", "403", "404"}
    assert {"412", "428"} <= set(paths["/api/cases/{id}/"]["patch"]["responses"])
    token = paths["/api/auth/token/"]["post"]["responses"]
    assert {"200", "400", "429"} <= set(token)
    assert "401" not in token  # open to anyone: no sign-in to fail
    assert schema["components"]["schemas"]["Error"]["properties"]["detail"] == {"type": "string"}


def test_a_utc_offset_postgresql_refuses_is_read_as_the_instant_it_names(matrix_world):
    # Python takes offsets up to ±23:59, PostgreSQL only up to ±15:59: the filter and the step
    # below were 500s on PostgreSQL.
    client = api_as(matrix_world["kz_prosecutor"])
    listed = client.get("/api/deadlines/", {"due_before": "2100-01-01T10:00:00-22:19"})
    assert listed.status_code == 200
    assert len(listed.json()["results"]) >= 1
    from tests.test_write_matrix import WRITE_KWARGS, _detain

    url = reverse("api:extradition-step", kwargs=WRITE_KWARGS["xfile_detain"]())
    response = client.post(
        url, {**_detain(), "detained_at": "2026-01-10T10:00:00-22:19"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["detained_at"] == "2026-01-11T08:19:00Z"


def test_a_date_and_time_beyond_the_calendar_in_utc_is_a_field_error(matrix_world):
    # Year 1 at 01:00 at UTC+23:00 is year 0 in UTC: converting it for the query overflowed.
    value = "0001-01-01T01:00:00+23:00"
    client = api_as(matrix_world["kz_prosecutor"])
    listed = client.get("/api/deadlines/", {"due_before": value})
    assert listed.status_code == 400
    assert list(listed.json()) == ["due_before"]
    from tests.test_write_matrix import WRITE_KWARGS, _detain

    url = reverse("api:extradition-step", kwargs=WRITE_KWARGS["xfile_detain"]())
    response = client.post(url, {**_detain(), "detained_at": value}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["detained_at"]


def test_the_first_day_of_the_calendar_in_the_users_zone_is_a_field_error_on_pages(
    matrix_world, client
):
    # Midnight of year 1 in Almaty (the page reads it in the user's zone) is year 0 in UTC.
    client.force_login(matrix_world["kz_prosecutor"])
    response = client.get(reverse("deadlines:mine"), {"due_before": "0001-01-01T00:00"})
    assert response.status_code == 200
    assert response.context["filter"].errors["due_before"]


@pytest.mark.parametrize("body", ["false", "[1, 2]", '"start"', "42"])
@pytest.mark.parametrize(
    ("route", "kwargs", "persona"),
    [
        ("api:task-transition", "task_transition", "kz_investigator"),
        ("api:mla-request-step", "mla_approve", "kg_prosecutor"),
        ("api:extradition-step", "xfile_detain", "kz_prosecutor"),
    ],
)
def test_a_workflow_step_whose_body_is_no_object_is_a_400(
    matrix_world, route, kwargs, persona, body
):
    # The body went to the step's form as its data: `false` was an AttributeError, a 500.
    from tests.test_write_matrix import WRITE_KWARGS

    response = api_as(matrix_world[persona]).generic(
        "POST", reverse(route, kwargs=WRITE_KWARGS[kwargs]()), body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json() == {
        "non_field_errors": ["Данные шага должны быть объектом с его полями."]
    }


def test_a_partial_update_answers_every_field_the_schema_promises(matrix_world):
    # DRF leaves a field's default out of a PATCH answer: a link without a provision lost its
    # "article" and "citation" keys (the schema requires them, null or not).
    from treaties.models import InstrumentAssistance

    link = InstrumentAssistance.objects.filter(provision=None).order_by("pk").first()
    response = api_as(matrix_world["registry_admin"]).patch(
        f"/api/assistance-kinds/{link.kind_id}/", {}, format="json"
    )
    assert response.status_code == 200
    provided = next(p for p in response.json()["provided_by"] if p["provision"] is None)
    assert provided["article"] is None
    assert provided["citation"] is None
