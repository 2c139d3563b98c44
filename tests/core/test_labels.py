"""Codes become words: a stored file's type and a yes/no filter's empty choice."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from core.files import file_type_label
from deadlines.filters import DeadlineFilter
from extradition.filters import ExtraditionFileFilter
from requests_mla.filters import RequestFilter
from teams.filters import TaskFilter


@pytest.mark.parametrize(
    ("content_type", "english", "russian"),
    [
        ("application/pdf", "PDF", "PDF"),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document (DOCX)",
            "Документ Word (DOCX)",
        ),
        ("application/msword", "Word document (DOC)", "Документ Word (DOC)"),
        ("image/jpeg", "image (JPEG)", "изображение (JPEG)"),
        ("text/plain", "plain text", "простой текст"),
        ("application/x-unheard-of", "other file", "иной файл"),
        ("", "other file", "иной файл"),
    ],
)
def test_a_detected_type_reads_as_a_name_not_a_code(content_type, english, russian):
    with translation.override("en"):
        assert file_type_label(content_type) == english
    with translation.override("ru"):
        assert file_type_label(content_type) == russian


def test_the_attachment_list_names_the_type(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.services import attachment_upload
    from tests.cases.conftest import make_case

    case = make_case(personas["kg_investigator"], number="24-001-2026-009101")
    attachment_upload(
        case=case,
        actor=personas["kg_investigator"],
        upload=SimpleUploadedFile("note.txt", "Объяснение.".encode()),
        description="",
    )
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/cases/{case.pk}/?tab=attachments").content.decode()
    assert "простой текст" in page
    assert "text/plain" not in page


@pytest.mark.parametrize(
    ("filterset", "name"),
    [
        (DeadlineFilter, "overdue"),
        (RequestFilter, "overdue"),
        (TaskFilter, "overdue"),
        (ExtraditionFileFilter, "in_custody"),
    ],
)
@override_settings(LANGUAGE_CODE="ru")
def test_a_yes_no_filter_offers_all_by_default_not_unknown(filterset, name):
    with translation.override("ru"):
        html = str(filterset(data={}).form[name])
    assert "Неизвестно" not in html
    assert '<option value="" selected>все</option>' in html
    with translation.override("en"):
        html = str(filterset(data={"overdue": "true", "in_custody": "true"}).form[name])
    assert "Unknown" not in html
    assert '<option value="true" selected>yes</option>' in html
