"""The exchange pages: list, filters, sending, the thread, downloads and the unread badge."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from exchange.models import Message, MessageRead
from requests_mla.models import MLARequest
from tests.exchange.conftest import code, send

pytestmark = pytest.mark.django_db


def test_list_shows_visible_threads_with_code_and_unread_mark(client, personas, message):
    client.force_login(personas["kg_investigator"])
    page = client.get("/exchange/").content.decode()
    assert message.reference in page
    assert "H1" in page
    client.force_login(personas["kg_prosecutor"])
    assert message.reference not in client.get("/exchange/").content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("box=inbox", True),
        ("box=sent", False),
        ("category=operational", True),
        ("category=statistical", False),
        ("handling_code=H1", True),
        ("handling_code=H0", False),
        ("unread=true", True),
        ("unread=false", False),
        ("q=Абдрахманов", True),
        ("q=нет+такого", False),
        ("urgent=true", False),
    ],
)
def test_list_filters(client, personas, message, query, found):
    client.force_login(personas["kg_investigator"])
    response = client.get(f"/exchange/?{query}")
    assert response.status_code == 200
    assert (message.reference in response.content.decode()) is found


def test_search_finds_a_thread_by_the_words_of_an_answer(client, personas, message):
    from exchange import services

    services.message_reply(message=message, actor=personas["kg_investigator"], text="Ошский РОВД")
    client.force_login(personas["kz_investigator"])
    assert message.reference in client.get("/exchange/?q=Ошский").content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_costs_the_same_for_one_thread_and_for_many(
    client, personas, message, django_assert_max_num_queries
):
    client.force_login(personas["kg_investigator"])
    one = _count(client, "/exchange/")
    for n in range(6):
        send(
            personas,
            subject=f"Сведения {n}",
            restricted=n % 2 == 0,
            recipients=[personas["kg_investigator"]],
        )
    with django_assert_max_num_queries(one):
        client.get("/exchange/")


def test_unread_badge_is_one_count_query(client, personas, message):
    client.force_login(personas["kg_investigator"])
    client.get("/exchange/unread/")  # the session and the user's roles, read once
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/exchange/unread/")
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert 'data-testid="exchange-unread">1<' in response.content.decode()


def test_send_page_with_files_and_the_thread_page(client, personas, kz_case):
    client.force_login(personas["kz_investigator"])
    response = client.post(
        "/exchange/new/",
        {
            "recipient_agency": personas["kg_investigator"].agency.pk,
            "recipients": [personas["kg_investigator"].pk],
            "subject": "Номер телефона вербовщика",
            "text": "Установлен номер +996 555 ** ** 12.",
            "category": "forensic",
            "handling_code": code("H1").pk,
            "cases": [kz_case.pk],
            "attachments": [
                SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
                SimpleUploadedFile("b.pdf", b"%PDF-1.4 b", content_type="application/pdf"),
            ],
        },
    )
    sent = Message.objects.get(subject="Номер телефона вербовщика")
    assert response.status_code == 302
    assert response["Location"] == f"/exchange/{sent.pk}/"
    assert sent.attachments.count() == 2
    assert list(sent.recipients.all()) == [personas["kg_investigator"]]


def test_send_page_shows_errors_in_the_form(client, personas):
    client.force_login(personas["kz_investigator"])
    response = client.post(
        "/exchange/new/",
        {
            "recipient_agency": personas["kg_investigator"].agency.pk,
            "subject": "Срочно",
            "text": "Текст",
            "category": "operational",
            "handling_code": code("H0").pk,
            "urgent": "on",
        },
    )
    assert response.status_code == 200
    assert "cases" in response.context["form"].errors
    assert not Message.objects.exists()


def test_a_refused_file_is_a_form_error_not_a_500(client, personas):
    client.force_login(personas["kz_investigator"])
    response = client.post(
        "/exchange/new/",
        {
            "recipient_agency": personas["kg_investigator"].agency.pk,
            "subject": "Файл",
            "text": "Текст",
            "category": "operational",
            "handling_code": code("H0").pk,
            "attachments": [SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 64)],
        },
    )
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_thread_page_shows_the_code_everywhere_and_receipts_to_the_sender(
    client, personas, message
):
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/exchange/{message.pk}/").content.decode()
    assert 'data-testid="handling-banner"' in page
    assert "H1" in page
    assert 'data-testid="read-receipts"' not in page  # the receiving side sees no receipts
    assert MessageRead.objects.filter(message=message, user=personas["kg_investigator"]).exists()
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/exchange/{message.pk}/").content.decode()
    assert 'data-testid="read-receipts"' in page
    assert personas["kg_investigator"].display_name in page


def test_an_uninvolved_agency_gets_404_on_the_thread_and_the_file(client, personas, message):
    attachment = message.attachments.get()
    for persona in ("kg_prosecutor", "kz_prosecutor", "auditor", "outsider", "registry_admin"):
        client.force_login(personas[persona])
        assert client.get(f"/exchange/{message.pk}/").status_code == 404
        assert client.get(f"/exchange/{message.pk}/files/{attachment.pk}/").status_code == 404
    assert not message.reads.exists()


def test_an_answer_id_is_not_a_thread_page(client, personas, message):
    from exchange import services

    reply = services.message_reply(message=message, actor=personas["kg_investigator"], text="Да")
    client.force_login(personas["kg_investigator"])
    assert client.get(f"/exchange/{reply.pk}/").status_code == 404


def test_download_carries_the_handling_code_and_is_audited(client, personas, message):
    attachment = message.attachments.get()
    client.force_login(personas["kg_investigator"])
    response = client.get(f"/exchange/{message.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert "H1_" in response["Content-Disposition"]
    assert response["X-Handling-Code"] == "H1"
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.for_object(attachment).filter(action="download").get()
    assert event.note.startswith("H1")


def test_reply_acknowledge_and_draft_on_the_page(client, personas, message, kg_case):
    client.force_login(personas["kg_investigator"])
    assert client.post(f"/exchange/{message.pk}/reply/", {"text": ""}).status_code == 400
    assert client.post(f"/exchange/{message.pk}/reply/", {"text": "Принято"}).status_code == 302
    message.refresh_from_db()
    assert message.acknowledged_by == personas["kg_investigator"]
    response = client.post(f"/exchange/{message.pk}/acknowledge/", {})
    assert response.status_code == 302  # a second acknowledgement is refused with a message
    response = client.post(f"/exchange/{message.pk}/mla-draft/", {"case": kg_case.pk})
    draft = MLARequest.objects.get()
    assert response["Location"] == f"/requests/{draft.pk}/edit/"
    assert message.reference in draft.facts


def test_the_sending_side_may_not_acknowledge(client, personas, message):
    client.force_login(personas["kz_coordinator"])
    assert client.post(f"/exchange/{message.pk}/acknowledge/", {}).status_code == 403


def test_draft_from_a_case_not_ones_own_is_a_form_error(client, personas, message, kz_case):
    client.force_login(personas["kg_investigator"])
    response = client.post(f"/exchange/{message.pk}/mla-draft/", {"case": kz_case.pk})
    assert response.status_code == 400
    assert not MLARequest.objects.exists()
