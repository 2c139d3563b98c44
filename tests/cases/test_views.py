"""Case pages: forms with validation messages, htmx partials, files, links, history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditAction, AuditEvent
from cases.models import Attachment, Case, CaseLink, Participant
from tests.cases.conftest import kr_article, kz_article

pytestmark = pytest.mark.django_db

ROUTE_EMPTY = {
    "route-TOTAL_FORMS": "3",
    "route-INITIAL_FORMS": "0",
    "route-MIN_NUM_FORMS": "0",
    "route-MAX_NUM_FORMS": "20",
}


def _form(**extra):
    return {
        "national_register": "kg_erp",
        "national_number": "24-001-2026-000777",
        "title": "Вербовка в Караколе",
        "summary": "Потерпевшие вывезены в г. Алматы.",
        "opened_on": "2026-05-01",
        "articles": [kr_article().pk],
        **ROUTE_EMPTY,
        "route-0-role": "origin",
        "route-0-country": "KG",
        "route-0-locality": "г. Каракол",
        **extra,
    }


def test_investigator_opens_a_case_in_the_browser(client, personas):
    lead = personas["kg_investigator"]
    client.force_login(lead)
    response = client.post("/cases/new/", _form(lead_investigator=lead.pk))
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.reference == "KG-2026-00001"
    assert case.route.get().locality == "г. Каракол"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Вербовка в Караколе" in page and kr_article().title_ru in page


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"articles": ["999999"]}, "articles"),
        ({"national_number": "12"}, "national_number"),
        ({"title": ""}, "title"),
        ({"opened_on": "2999-12-31"}, "opened_on"),
        ({"national_register": "kz_erdr"}, "national_register"),
    ],
)
def test_bad_input_is_shown_in_the_form(client, personas, extra, field):
    lead = personas["kg_investigator"]
    client.force_login(lead)
    response = client.post("/cases/new/", _form(lead_investigator=lead.pk, **extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Case.objects.exists()
    assert "Вербовка в Караколе" in response.content.decode() or field == "title"


def test_a_foreign_officer_is_not_offered_as_lead(client, personas):
    client.force_login(personas["kg_investigator"])
    response = client.post("/cases/new/", _form(lead_investigator=personas["kz_investigator"].pk))
    assert response.status_code == 200
    assert "lead_investigator" in response.context["form"].errors
    assert not Case.objects.exists()


def test_kz_article_is_not_offered_to_a_kr_case(client, personas):
    client.force_login(personas["kg_investigator"])
    response = client.post(
        "/cases/new/",
        _form(lead_investigator=personas["kg_investigator"].pk, articles=[kz_article().pk]),
    )
    assert "articles" in response.context["form"].errors


def test_prosecutor_cannot_open_cases(client, personas):
    client.force_login(personas["kg_prosecutor"])
    assert client.get("/cases/new/").status_code == 403


def test_closing_asks_for_a_reason(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    client.post(f"/cases/{kg_case.pk}/status/", {"status": "closed", "confirmed": "1"})
    assert Case.objects.get(pk=kg_case.pk).status == "open"
    client.post(
        f"/cases/{kg_case.pk}/status/",
        {"status": "closed", "reason": "Не установлено лицо", "confirmed": "1"},
    )
    case = Case.objects.get(pk=kg_case.pk)
    assert case.status == "closed" and case.status_reason == "Не установлено лицо"
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(case.pk)).exists()


def test_participant_added_with_htmx(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    url = f"/cases/{kg_case.pk}/participants/new/"
    bad = client.post(url, {"role": "victim", "surname": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200
    assert "<html" not in bad.content.decode()  # only the form partial comes back
    assert "invalid-feedback" in bad.content.decode()
    good = client.post(
        url,
        {
            "role": "witness",
            "surname": "Бекова",
            "given_name": "Жылдыз",
            "sex": "female",
            "document_kind": "passport",
            "document_number": "AN555",
            "document_country": "KG",
        },
        HTTP_HX_REQUEST="true",
    )
    assert good["HX-Redirect"].endswith("?tab=participants")
    witness = Participant.objects.get(case=kg_case, role="witness")
    assert witness.person.documents.get().number == "AN555"


def test_document_needs_kind_and_number(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    response = client.post(
        f"/cases/{kg_case.pk}/participants/new/",
        {
            "role": "witness",
            "surname": "Бекова",
            "given_name": "Ж",
            "sex": "female",
            "document_number": "1",
        },
    )
    assert "document_number" in response.context["form"].errors


def test_upload_download_and_versions_through_the_page(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    for text in ("первая редакция", "вторая редакция"):
        upload = SimpleUploadedFile("Справка.txt", text.encode(), content_type="application/x-evil")
        response = client.post(f"/cases/{kg_case.pk}/attachments/new/", {"file": upload})
        assert response.status_code == 302
    latest, first = Attachment.objects.filter(case=kg_case).order_by("-version")
    assert (latest.version, first.version) == (2, 1)
    assert latest.content_type == "text/plain"  # detected, not taken from the browser
    assert latest.sha256 != first.sha256
    download = client.get(f"/cases/{kg_case.pk}/attachments/{first.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == "первая редакция".encode()
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(first.pk)).exists()


def test_bad_upload_is_a_message_not_a_500(client, personas, kg_case, settings):
    client.force_login(personas["kg_investigator"])
    upload = SimpleUploadedFile(
        "virus.exe", b"MZ\x90\x00\x03\x00\x00\x00\x00", content_type="application/pdf"
    )
    response = client.post(f"/cases/{kg_case.pk}/attachments/new/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    settings.UPLOAD_KINDS = {
        name: {**kind, "max_bytes": 5} for name, kind in settings.UPLOAD_KINDS.items()
    }
    upload = SimpleUploadedFile("big.txt", b"0123456789", content_type="text/plain")
    response = client.post(f"/cases/{kg_case.pk}/attachments/new/", {"file": upload}, follow=True)
    assert "alert-danger" in response.content.decode()
    assert not Attachment.objects.exists()


def test_files_are_stored_outside_the_web_root(personas, kg_case, settings):
    from cases import services

    upload = SimpleUploadedFile("a.txt", "текст".encode())
    attachment = services.attachment_upload(
        case=kg_case, actor=personas["kg_investigator"], upload=upload
    )
    path = attachment.file.path
    assert str(settings.MEDIA_ROOT) in path and str(settings.STATIC_ROOT) not in path
    assert "a.txt" not in path  # stored under a random name


def test_mirror_link_through_the_pages(client, personas, kg_case, kz_case):
    client.force_login(personas["kg_investigator"])
    client.post(f"/cases/{kg_case.pk}/links/new/", {"identifier": kz_case.reference.lower()})
    link = CaseLink.objects.get()
    client.force_login(personas["kz_coordinator"])
    page = client.get(f"/cases/{kz_case.pk}/?tab=links").content.decode()
    assert kg_case.reference in page
    client.post(f"/cases/{kz_case.pk}/links/{link.pk}/decide/", {"decision": "decline"})
    assert CaseLink.objects.get().status == "proposed"  # declining needs a reason
    client.post(f"/cases/{kz_case.pk}/links/{link.pk}/decide/", {"decision": "accept"})
    assert CaseLink.objects.get().status == "accepted"
    client.force_login(personas["kg_investigator"])
    overview = client.get(f"/cases/{kg_case.pk}/").content.decode()
    assert kz_case.reference in overview and kz_article().title_ru in overview  # side by side


def test_history_tab_lists_changes_of_the_case_and_its_records(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/cases/{kg_case.pk}/?tab=history").content.decode()
    assert page.count("<tr>") >= 4  # creation, suspect, two victims
    assert "Мамытова" in page  # the lead investigator may see victims' data


def test_a_row_that_fails_to_save_takes_its_written_file_along(personas, kg_case, monkeypatch):
    from pathlib import Path

    from django.db import IntegrityError

    from cases import services

    written = []

    def save_then_fail(self, *args, **kwargs):
        written.append(Path(self.file.path))
        assert written[0].is_file(), "the file is written before the row"
        raise IntegrityError("row refused")

    monkeypatch.setattr(Attachment, "save", save_then_fail)
    with pytest.raises(IntegrityError):
        services.attachment_upload(
            case=kg_case,
            actor=personas["kg_investigator"],
            upload=SimpleUploadedFile("a.txt", "текст".encode()),
        )
    assert len(written) == 1 and not written[0].exists()
