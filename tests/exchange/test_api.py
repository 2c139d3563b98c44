"""/api/messages/: the same rule, services and answers (400, 403, 404, 409) as the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exchange.models import Message
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def _body(personas, **extra):
    return {
        "recipient_agency": personas["kg_investigator"].agency.pk,
        "subject": "Сведения о счёте",
        "text": "Перечисления на карту Абдрахманова Т.",
        "category": "forensic",
        "handling_code": "H2",
        **extra,
    }


def test_create_list_and_read(personas, kz_case):
    api = api_as(personas["kz_investigator"])
    response = api.post("/api/messages/", _body(personas, cases=[kz_case.pk]), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["handling_code"] == "H2"
    assert created["reference"].startswith("MSG-KZ-")
    reader = api_as(personas["kg_investigator"])
    assert [m["id"] for m in reader.get("/api/messages/").json()["results"]] == [created["id"]]
    assert reader.get(f"/api/messages/{created['id']}/").status_code == 200
    # The receipt is the sender's to see.
    reads = api.get(f"/api/messages/{created['id']}/").json()["reads"]
    assert [r["user"] for r in reads] == [personas["kg_investigator"].pk]
    assert reader.get(f"/api/messages/{created['id']}/").json()["reads"] == []
    assert (
        api_as(personas["kg_prosecutor"]).get(f"/api/messages/{created['id']}/").status_code == 404
    )


def test_create_with_files_as_multipart(personas):
    api = api_as(personas["kz_investigator"])
    body = _body(personas)
    body["attachments"] = [SimpleUploadedFile("c.pdf", b"%PDF-1.4 c")]
    response = api.post("/api/messages/", body, format="multipart")
    assert response.status_code == 201, response.content
    message = Message.objects.get()
    attachment = message.attachments.get()
    download = api_as(personas["kg_coordinator"]).get(
        f"/api/messages/{message.pk}/attachments/{attachment.pk}/"
    )
    assert download.status_code == 200
    assert download["X-Handling-Code"] == "H2"
    assert (
        api_as(personas["kz_prosecutor"])
        .get(f"/api/messages/{message.pk}/attachments/{attachment.pk}/")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"handling_code": "H9"}, "handling_code"),
        ({"category": "rumour"}, "category"),
        ({"unknown": 1}, "unknown"),
        ({"urgent": True}, "cases"),
    ],
)
def test_bad_input_is_400_with_field_errors(personas, extra, field):
    response = api_as(personas["kz_investigator"]).post(
        "/api/messages/", _body(personas, **extra), format="json"
    )
    assert response.status_code == 400
    assert field in str(response.json())


def test_non_officers_may_not_send(personas):
    response = api_as(personas["auditor"]).post("/api/messages/", _body(personas), format="json")
    assert response.status_code == 403


def test_reply_acknowledge_and_conflict(personas, message):
    receiver = api_as(personas["kg_coordinator"])
    assert (
        api_as(personas["kz_coordinator"])
        .post(f"/api/messages/{message.pk}/acknowledge/", {}, format="json")
        .status_code
        == 403
    )
    assert (
        receiver.post(
            f"/api/messages/{message.pk}/acknowledge/", {"note": "Получено"}, format="json"
        ).status_code
        == 200
    )
    assert (
        receiver.post(f"/api/messages/{message.pk}/acknowledge/", {}, format="json").status_code
        == 409
    )
    reply = receiver.post(
        f"/api/messages/{message.pk}/reply/", {"text": "Проверяем"}, format="json"
    )
    assert reply.status_code == 201
    assert reply.json()["thread"] == message.pk


def test_mla_draft_and_unread_count(personas, message, kg_case):
    api = api_as(personas["kg_investigator"])
    assert api.get("/api/messages/unread-count/").json() == {"unread": 1}
    response = api.post(
        f"/api/messages/{message.pk}/mla-draft/", {"case": kg_case.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["reference"].startswith("MLA-KG-")
    outsider = api_as(personas["kg_prosecutor"])
    assert (
        outsider.post(
            f"/api/messages/{message.pk}/mla-draft/", {"case": kg_case.pk}, format="json"
        ).status_code
        == 404
    )


def test_api_list_query_count_is_constant(personas, message, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.exchange.conftest import pdf, send

    api = api_as(personas["kg_investigator"])
    with CaptureQueriesContext(connection) as one:
        api.get("/api/messages/")
    for n in range(5):
        send(
            personas,
            subject=f"Сведения {n}",
            uploads=[pdf()],
            recipients=[personas["kg_investigator"]],
        )
    with django_assert_max_num_queries(len(one)):
        api.get("/api/messages/")
