"""Uploads: the type is read from the content against the kinds of settings.UPLOAD_KINDS, each
with its size limit; markup, scripts and programs are refused whatever their name; every stored
file is served as an attachment with nosniff and its detected type."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Attachment
from core.files import check_upload_kinds
from requests_mla import services as mla_services
from teams import services as team_services
from teams.models import TeamFile
from tests.cases.conftest import make_case
from tests.conftest import api_as
from tests.requests_mla.conftest import draft, kr_case  # noqa: F401  (fixtures)
from tests.support import files
from tests.teams.conftest import mirror, team  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

HTML_AS_PDF = "\ufeff  \r\n<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(100)
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(100)


@pytest.fixture
def case(personas):
    return make_case(personas["kg_investigator"], number="24-001-2026-000900")


def _post(user, case, name: str, content: bytes, content_type: str = "application/pdf"):
    """An upload through the API; the browser's type is a lie the portal must not believe."""
    upload = SimpleUploadedFile(name, content, content_type)
    return api_as(user).post(
        f"/api/cases/{case.pk}/attachments/", {"file": upload}, format="multipart"
    )


def _message(response) -> str:
    # filesizeformat keeps a number and its unit together with a no-break space.
    return " ".join(response.json()["file"]).replace("\xa0", " ")


def _stored_files(settings) -> list:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_html_named_pdf_is_a_400_field_error_in_the_api_and_nothing_is_stored(
    personas, case, settings
):
    before = _stored_files(settings)

    response = _post(personas["kg_investigator"], case, "Протокол.pdf", HTML_AS_PDF.encode())

    assert response.status_code == 400
    message = _message(response)
    assert "text/html" in message
    assert "никогда не принимаются" in message and "PDF" in message
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == before


def test_html_named_pdf_is_an_error_on_the_page_and_nothing_is_stored(client, personas, case):
    client.force_login(personas["kg_investigator"])
    upload = SimpleUploadedFile("Протокол.pdf", HTML_AS_PDF.encode(), "application/pdf")

    response = client.post(f"/cases/{case.pk}/attachments/new/", {"file": upload}, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "alert-danger" in page and "text/html" in page and "никогда не принимаются" in page
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("scan.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg"),
        ("scan.pdf", b"\n\n   <svg onload=alert(1)>", "text/html"),
        ("data.txt", b"<?xml version='1.0'?><root/>", "text/xml"),
        ("note.txt", "Справка.\n<script>alert(1)</script>\n".encode(), "text/html"),
        ("note.txt", b"function steal() { return document.cookie }\n", "text/javascript"),
        ("run.pdf", b"#!/bin/sh\nrm -rf /\n", "text/x-shellscript"),
        ("run.txt", b"#!/usr/bin/env python3\nimport os\n", "text/x-script.python"),
        ("tool.doc", ELF, "application/x-executable"),
        ("tool.pdf", PE, "application/x-dosexec"),
        ("archive.docx", files.plain_zip(), "application/zip"),
        ("damaged.odt", files.broken_odt(), "application/octet-stream"),
        ("empty-storage.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "x-ole-storage"),
    ],
)
def test_refused_whatever_the_name(personas, case, name, content, detected):
    response = _post(personas["kg_investigator"], case, name, content)

    assert response.status_code == 400, response.content
    message = _message(response)
    assert detected in message
    assert "Принимаются:" in message
    assert not Attachment.objects.exists()


def test_accepted_files_are_stored_with_the_type_read_from_their_content(personas, case):
    accepted = [
        ("Постановление.pdf", files.pdf(), "application/pdf"),
        ("фото.png", files.image("PNG"), "image/png"),
        ("фото.jpg", files.image("JPEG"), "image/jpeg"),
        ("скан.tif", files.image("TIFF"), "image/tiff"),
        ("фото.webp", files.image("WEBP"), "image/webp"),
        ("Протокол.docx", files.docx(), files.DOCX),
        ("Таблица.xlsx", files.xlsx(), files.XLSX),
        ("Выгрузка.xlsx", files.xlsx(library_order=True), files.XLSX),
        ("Протокол.odt", files.odt(), files.ODT),
        ("Старый протокол.doc", files.compound_file("WordDocument"), "application/msword"),
        ("Старая таблица.xls", files.compound_file("Workbook"), "application/vnd.ms-excel"),
        ("Справка.txt", "Справка об установлении личности.\n".encode(), "text/plain"),
        ("Справка 1251.txt", "Справка об установлении личности.\n".encode("cp1251"), "text/plain"),
        ("Допрос.mp3", files.mp3(), "audio/mpeg"),
        ("Допрос.wav", files.wav(), "audio/x-wav"),
        ("Допрос.ogg", files.ogg(), "audio/ogg"),
        ("Видео.mp4", files.mp4(), "video/mp4"),
    ]
    for name, content, expected in accepted:
        response = _post(personas["kg_investigator"], case, name, content, "text/html")
        assert response.status_code == 201, (name, response.content)
        assert response.json()["content_type"] == expected, name
    assert Attachment.objects.count() == len(accepted)


def test_each_kind_has_its_own_size_limit(personas, case, settings):
    kinds = settings.UPLOAD_KINDS
    settings.UPLOAD_KINDS = {**kinds, "media": {**kinds["media"], "max_bytes": 400}}
    recording = files.mp3()  # 1,678 bytes: over the recordings' limit
    document = files.pdf()  # over 400 bytes too, but a PDF: its kinds' limits apply

    refused = _post(personas["kg_investigator"], case, "Допрос.mp3", recording)
    accepted = _post(personas["kg_investigator"], case, "Постановление.pdf", document)

    assert len(document) > 400
    assert refused.status_code == 400
    message = _message(refused)
    assert "400 байт" in message and "«аудио- и видеозаписи»" in message
    assert accepted.status_code == 201


def test_a_file_over_every_limit_is_refused_before_its_type_is_read(personas, case, settings):
    settings.UPLOAD_KINDS = {
        name: {**kind, "max_bytes": 100} for name, kind in settings.UPLOAD_KINDS.items()
    }

    response = _post(personas["kg_investigator"], case, "Постановление.pdf", files.pdf())

    assert response.status_code == 400
    assert "предел — 100 байт" in _message(response)


def test_the_signed_agreement_is_a_scan_other_materials_any_kind(personas, team):  # noqa: F811
    coordinator = personas["kg_coordinator"]

    with pytest.raises(ValidationError) as refused:
        team_services.team_file_upload(
            team=team,
            actor=coordinator,
            upload=SimpleUploadedFile("Соглашение.docx", files.docx()),
            signed_agreement=True,
        )
    material = team_services.team_file_upload(
        team=team, actor=coordinator, upload=SimpleUploadedFile("План.docx", files.docx())
    )
    agreement = team_services.team_file_upload(
        team=team,
        actor=coordinator,
        upload=SimpleUploadedFile("Соглашение.pdf", files.pdf()),
        signed_agreement=True,
    )

    message = " ".join(refused.value.messages)
    assert "сканы (PDF, JPEG, PNG, TIFF)" in message and "офисные" not in message
    assert material.content_type == files.DOCX
    assert agreement.is_signed_agreement and agreement.content_type == "application/pdf"
    assert list(TeamFile.objects.filter(is_signed_agreement=True)) == [agreement]


def test_every_stored_file_is_served_as_an_attachment_with_nosniff_and_its_detected_type(
    client,
    personas,
    draft,  # noqa: F811
    team,  # noqa: F811
):
    case = draft.case
    text = "Рапорт: 2 < 3, проверка завершена.\n".encode()
    investigator = personas["kg_investigator"]
    attachment = Attachment.objects.get(
        pk=_post(investigator, case, "rapport.html", text, "text/html").json()["id"]
    )
    request_file = mla_services.request_file_upload(
        request=draft, actor=investigator, upload=SimpleUploadedFile("Запрос.pdf", files.pdf())
    )
    team_file = team_services.team_file_upload(
        team=team,
        actor=personas["kg_coordinator"],
        upload=SimpleUploadedFile("Фото", files.image("PNG"), "text/html"),
    )
    api = api_as(investigator)
    client.force_login(investigator)
    coordinator = Client()
    coordinator.force_login(personas["kg_coordinator"])
    downloads = [
        (client.get(f"/cases/{case.pk}/attachments/{attachment.pk}/download/"), "text/plain"),
        (api.get(f"/api/cases/{case.pk}/attachments/{attachment.pk}/download/"), "text/plain"),
        (client.get(f"/requests/{draft.pk}/files/{request_file.pk}/"), "application/pdf"),
        (coordinator.get(f"/teams/{team.pk}/files/{team_file.pk}/"), "image/png"),
    ]

    for response, content_type in downloads:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == content_type
    # Saved under a name of its real type: the saved copy never opens in a browser.
    assert 'filename="rapport.html.txt"' in downloads[0][0]["Content-Disposition"]
    assert downloads[3][0]["Content-Disposition"].endswith(
        "%D0%A4%D0%BE%D1%82%D0%BE.png"
    )  # Фото.png


def test_a_refused_type_listed_in_the_settings_is_reported_at_start_up(settings):
    settings.UPLOAD_KINDS = {
        **settings.UPLOAD_KINDS,
        "office": {"types": ["text/plain", "text/html"], "max_bytes": 1000},
        "pdf": {"types": ["application/pdf"], "max_bytes": 0},
    }

    messages = [(m.id, m.msg) for m in check_upload_kinds()]

    assert (
        "core.W001",
        "UPLOAD_KINDS['office'] lists text/html: such files are refused all the same.",
    ) in messages
    assert any(id_ == "core.E001" and "'pdf'" in msg for id_, msg in messages)


def test_stored_files_are_readable_by_the_portal_alone(personas, case, settings, tmp_path):
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default.get("OPTIONS", {}), "location": tmp_path}},
    }
    response = _post(personas["kg_investigator"], case, "Постановление.pdf", files.pdf())

    path = Path(Attachment.objects.get(pk=response.json()["id"]).file.path)
    assert path.is_relative_to(tmp_path)  # folders made by this upload
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.parent.stat().st_mode & 0o777 == 0o750


def test_a_refused_task_file_is_named_on_the_task_page(client, personas, team):  # noqa: F811
    kr, _kz = team.cases.order_by("pk")
    task = team_services.task_create(
        team=team,
        actor=personas["kg_coordinator"],
        title="Допросить потерпевшую",
        case=kr,
        assignee=personas["kz_investigator"],
    )
    client.force_login(personas["kg_coordinator"])
    upload = SimpleUploadedFile("Протокол.pdf", HTML_AS_PDF.encode(), "application/pdf")

    response = client.post(
        f"/teams/{team.pk}/tasks/{task.pk}/files/new/", {"file": upload}, follow=True
    )

    assert "Файл: Это файл text/html" in response.content.decode()
    assert not TeamFile.objects.exists()
