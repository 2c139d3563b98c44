"""Deep, huge or over-long request bodies answer 400 with a message on every write path, never
500, and write nothing (core.parsers, core.api.exception_handler)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from core.parsers import json_depth_exceeds
from tests.test_route_matrix import KWARGS

pytestmark = pytest.mark.django_db

# The API's write paths (issue 14): route, kwargs builder, method, a persona allowed to write.
WRITE_PATHS = [
    ("api:auth-token", "", "post", None),
    ("api:case-list", "", "post", "kg_investigator"),
    ("api:case-detail", "case", "put", "kg_investigator"),
    ("api:case-detail", "case", "patch", "kg_investigator"),
    ("api:case-status", "case", "post", "kg_investigator"),
    ("api:case-participant-list", "case_pk", "post", "kg_investigator"),
    ("api:case-participant-detail", "case_pk_suspect", "patch", "kg_investigator"),
    ("api:case-link-list", "case_pk", "post", "kg_investigator"),
    ("api:case-attachment-list", "case_pk", "post", "kg_investigator"),
    ("api:mla-request-list", "", "post", "kg_investigator"),
    ("api:mla-request-detail", "mla", "put", "kg_investigator"),
    ("api:mla-request-detail", "mla", "patch", "kg_investigator"),
    ("api:mla-request-step", "mla_step", "post", "kg_prosecutor"),
    ("api:extradition-list", "", "post", "kg_investigator"),
    ("api:extradition-step", "xfile_step", "post", "kz_prosecutor"),
    ("api:task-list", "", "post", "kg_coordinator"),
    ("api:task-comments", "task", "post", "kz_investigator"),
    ("api:task-transition", "task_transition", "post", "kz_investigator"),
    ("api:deadline-extend", "clock", "post", "kz_prosecutor"),
    ("api:treaty-list", "", "post", "registry_admin"),
    ("api:treaty-detail", "instrument", "patch", "registry_admin"),
]


# Russian: the portal's working language (the API answers in it unless the user chose English).
TOO_LARGE = (
    "Тело запроса слишком велико: допускается не более 2000 байт, не считая загружаемых файлов."
)


def _snapshot() -> dict:
    """What a write would change: every audited write adds an audit row; the records' counts
    and versions."""
    from audit.models import AuditEvent
    from cases.models import Case, Participant
    from extradition.models import ExtraditionFile
    from requests_mla.models import MLARequest
    from teams.models import Task
    from treaties.models import Instrument

    return {
        "audit": AuditEvent.objects.count(),
        "cases": list(Case.objects.order_by("pk").values_list("pk", "version", "status")),
        "participants": Participant.objects.count(),
        "requests": list(MLARequest.objects.order_by("pk").values_list("pk", "version", "status")),
        "extraditions": list(ExtraditionFile.objects.order_by("pk").values_list("pk", "stage")),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status")),
        "instruments": Instrument.objects.count(),
    }


def _client(personas, persona: str | None) -> APIClient:
    client = APIClient()
    if persona:
        client.force_authenticate(personas[persona])
    return client


def _url(route: str, kwargs: str) -> str:
    return reverse(route, kwargs=KWARGS[kwargs]() if kwargs else None)


def _deep_object(levels: int) -> str:
    return '{"title": ' + '{"a": ' * (levels - 1) + "1" + "}" * levels


def _deep_array(levels: int) -> str:
    return '{"title": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


@pytest.mark.parametrize(("route", "kwargs", "method", "persona"), WRITE_PATHS)
@pytest.mark.parametrize("shape", [_deep_object, _deep_array], ids=["objects", "arrays"])
def test_json_nested_2000_deep_is_400_and_writes_nothing(
    matrix_world, route, kwargs, method, persona, shape
):
    url = _url(route, kwargs)
    before = _snapshot()
    response = _client(matrix_world, persona).generic(
        method.upper(), url, shape(2000), content_type="application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert "Слишком глубокая вложенность JSON" in response.json()["detail"]
    assert _snapshot() == before


def test_json_at_the_depth_limit_is_parsed_and_one_level_more_is_refused(matrix_world, settings):
    settings.API_JSON_MAX_DEPTH = 4
    client = _client(matrix_world, None)
    url = reverse("api:auth-token")
    within = client.generic(
        "POST", url, '{"username": [[["x"]]], "password": "y"}', content_type="application/json"
    )
    assert within.status_code == 400
    assert "username" in within.json()  # the serializer's field error: the body was parsed
    beyond = client.generic(
        "POST", url, '{"username": [[[["x"]]]], "password": "y"}', content_type="application/json"
    )
    assert beyond.status_code == 400
    assert beyond.json() == {
        "detail": "Слишком глубокая вложенность JSON: допускается не более 4 уровней."
    }


def test_brackets_inside_strings_do_not_count_as_depth():
    assert not json_depth_exceeds('{"a": "[[[[[[{{{{{{", "b": "\\"[[[[[["}', 2)
    assert json_depth_exceeds('{"a": "]]]]", "b": [[1]]}', 2)
    assert not json_depth_exceeds('{"a": [1, {"b": 2}], "c": [3]}', 3)


def test_an_unterminated_string_is_scanned_in_linear_time():
    import time

    # Every quote escaped: a pattern that must not rescan the text from each quote.
    text = '"' + '\\"' * 1_000_000
    started = time.perf_counter()
    assert not json_depth_exceeds(text, 32)
    assert time.perf_counter() - started < 2


def test_json_body_over_the_size_limit_is_400_and_writes_nothing(matrix_world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = _snapshot()
    body = {"title": "Дело " + "x" * 3_000, "country": "KG"}
    response = _client(matrix_world, "kg_investigator").post(
        reverse("api:case-list"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_LARGE}
    assert _snapshot() == before


def test_form_body_over_the_size_limit_is_400(matrix_world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = _client(matrix_world, None).post(
        reverse("api:auth-token"),
        "username=" + "u" * 3_000 + "&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_LARGE}


def test_too_many_form_fields_is_400_with_a_message_and_writes_nothing(matrix_world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    before = _snapshot()
    fields = "&".join(f"f{i}=v" for i in range(60))
    response = _client(matrix_world, "kg_investigator").post(
        reverse("api:case-list"), fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "В запросе слишком много полей: допускается не более 50."}
    assert _snapshot() == before


def test_multipart_fields_over_the_limit_are_400_and_write_nothing(matrix_world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = _snapshot()
    url = _url("api:case-attachment-list", "case_pk")
    response = _client(matrix_world, "kg_investigator").post(
        url,
        {
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
            "description": "x" * 3_000,
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_LARGE}
    assert _snapshot() == before


def test_too_many_files_in_a_multipart_body_is_400(matrix_world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    before = _snapshot()
    url = _url("api:case-attachment-list", "case_pk")
    files = [
        SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        for i in range(3)
    ]
    response = _client(matrix_world, "kg_investigator").post(
        url, {"file": files, "description": "м"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "В запросе слишком много файлов: допускается не более 2."}
    assert _snapshot() == before


# --- Pages: Django's own limits answer its 400 page (kept here so that stays true) -------------
def test_page_form_with_too_many_fields_is_a_400_page(matrix_world, client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client.force_login(matrix_world["kg_investigator"])
    before = _snapshot()
    fields = "&".join(f"f{i}=v" for i in range(60))
    response = client.post(
        reverse("cases:create"), fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert _snapshot() == before


def test_page_form_over_the_size_limit_is_a_400_page(matrix_world, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    client.force_login(matrix_world["kg_investigator"])
    before = _snapshot()
    response = client.post(
        reverse("cases:create"),
        "title=" + "x" * 3_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert _snapshot() == before
