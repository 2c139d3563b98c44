from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from library import services
from library.models import LibraryDocument
from library.search import library_search
from tests.conftest import api_as
from tests.library.conftest import METHODOLOGY, pdf_file, text_file

pytestmark = pytest.mark.django_db

OFFICERS = (
    "kg_investigator",
    "kz_investigator",
    "kg_coordinator",
    "kz_coordinator",
    "kg_prosecutor",
    "kz_prosecutor",
    "registry_admin",
    "auditor",
)


def test_every_officer_of_both_countries_sees_a_shared_document(methodology, personas):
    for key in OFFICERS:
        assert LibraryDocument.objects.visible_to(personas[key]).filter(pk=methodology.pk)
    # A user of no role in the portal reads nothing.
    assert not LibraryDocument.objects.visible_to(personas["outsider"]).exists()


def test_a_document_for_the_owning_country_only_is_hidden_from_the_other(internal, personas):
    for key in OFFICERS:
        visible = LibraryDocument.objects.visible_to(personas[key]).filter(pk=internal.pk)
        assert visible.exists() == (personas[key].country == "KZ"), key


def test_hidden_document_answers_404_on_page_and_api(internal, personas, client):
    client.force_login(personas["kg_coordinator"])
    assert client.get(reverse("library:detail", args=[internal.pk])).status_code == 404
    response = api_as(personas["kg_coordinator"]).get(f"/api/library/{internal.pk}/")
    assert response.status_code == 404
    client.force_login(personas["kz_investigator"])
    assert client.get(reverse("library:detail", args=[internal.pk])).status_code == 200


def test_version_keeps_sha256_and_extracted_text_audited(methodology, personas):
    version = methodology.versions.get()
    assert version.number == 1
    assert version.sha256 == hashlib.sha256(METHODOLOGY.encode()).hexdigest()
    assert "торговля людьми" in version.extracted_text.lower()
    assert AuditEvent.objects.for_object(methodology).filter(action="create").exists()
    assert AuditEvent.objects.for_object(version).filter(action="create").exists()


def test_pdf_text_is_extracted_and_found(personas):
    document = services.library_document_create(
        actor=personas["kz_coordinator"],
        title_ru="Обзор практики",
        kind="publication",
        language="ru",
        upload=pdf_file("Принудительный труд на стройках Алматы"),
    )
    assert "Принудительный труд" in document.versions.get().extracted_text
    found = library_search(LibraryDocument.objects.all(), "принудительный труд")
    assert list(found) == [document]


def test_new_version_by_the_owning_agency_only(methodology, personas):
    version = services.library_version_add(
        document=methodology,
        actor=personas["kg_investigator"],
        upload=text_file("Редакция 2: торговля детьми"),
        note="Дополнено",
    )
    assert version.number == 2
    methodology.refresh_from_db()
    assert "детьми" in methodology.search_text
    with pytest.raises(PermissionDenied):
        services.library_version_add(
            document=methodology, actor=personas["kz_investigator"], upload=text_file("x")
        )


def test_a_file_of_a_refused_type_is_a_form_error(personas):
    with pytest.raises(ValidationError):
        services.library_document_create(
            actor=personas["kg_coordinator"],
            title_ru="Скрипт",
            kind="publication",
            language="ru",
            upload=SimpleUploadedFile(
                "x.exe", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/octet-stream"
            ),
        )
    assert not LibraryDocument.objects.exists()


def test_auditors_and_users_without_role_do_not_add(personas):
    for key in ("auditor", "outsider"):
        with pytest.raises(PermissionDenied):
            services.library_document_create(
                actor=personas[key],
                title_ru="x",
                kind="publication",
                language="ru",
                upload=text_file("x"),
            )


def test_search_finds_the_exact_form(methodology):
    assert list(library_search(LibraryDocument.objects.all(), "торговля")) == [methodology]
    assert list(library_search(LibraryDocument.objects.all(), "ТОРГОВЛЯ")) == [methodology]
    assert not library_search(LibraryDocument.objects.all(), "экстрадиция").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="word forms need PostgreSQL's Russian full-text configuration; SQLite matches "
    "the substring only",
)
def test_api_search_finds_another_word_form_on_postgresql(methodology, personas):
    # The text says «торговля людьми»; the officer types «торговли» (genitive).
    response = api_as(personas["kz_investigator"]).get("/api/library/", {"q": "торговли"})
    assert response.status_code == 200
    assert [d["id"] for d in response.json()["results"]] == [methodology.pk]


def test_api_creates_a_document_with_its_file(personas):
    response = api_as(personas["kz_prosecutor"]).post(
        "/api/library/",
        {
            "title_ru": "Обзор",
            "kind": "publication",
            "language": "ru",
            "tags": ["обзор"],
            "file": text_file("Текст обзора"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["versions"][0]["sha256"]
    assert response.json()["tags"] == ["обзор"]


def test_api_refuses_unknown_fields_with_400(personas):
    response = api_as(personas["kz_prosecutor"]).post(
        "/api/library/",
        {"title_ru": "x", "kind": "publication", "language": "ru", "file": text_file("x"), "y": 1},
        format="multipart",
    )
    assert response.status_code == 400
    assert "y" in str(response.json())
    assert not LibraryDocument.objects.exists()


def test_download_is_audited(methodology, personas, client):
    client.force_login(personas["kz_investigator"])
    version = methodology.versions.get()
    response = client.get(reverse("library:version_download", args=[methodology.pk, version.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == METHODOLOGY.encode()
    assert AuditEvent.objects.filter(action="download", object_id=str(version.pk)).exists()


def test_list_page_query_count_is_constant(
    methodology, personas, client, django_assert_max_num_queries
):
    for index in range(15):
        services.library_document_create(
            actor=personas["kg_coordinator"],
            title_ru=f"Документ {index}",
            kind="publication",
            language="ru",
            tags=[f"тег{index}", "общий"],
            upload=text_file(f"Текст {index}"),
        )
    client.force_login(personas["kz_investigator"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("library:list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="document-row"') == 16
    with django_assert_max_num_queries(14):
        assert client.get(reverse("library:list"), {"q": "торговля"}).status_code == 200


def test_the_registry_page_links_to_the_instruments_text(personas, client):
    from treaties.models import Instrument

    instrument = Instrument.objects.get(short_name="Trafficking Protocol")
    document = services.library_document_create(
        actor=personas["kz_prosecutor"],
        title_ru="Протокол о торговле людьми: краткое изложение",
        kind="legal_act",
        language="ru",
        instrument=instrument,
        upload=text_file("Статья 3 — определение торговли людьми."),
    )
    client.force_login(personas["kg_investigator"])
    page = client.get(reverse("treaties:detail", args=[instrument.pk])).content.decode()
    assert reverse("library:detail", args=[document.pk]) in page
    client.force_login(personas["outsider"])
    page = client.get(reverse("treaties:detail", args=[instrument.pk])).content.decode()
    assert reverse("library:detail", args=[document.pk]) not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_search_is_served_by_the_russian_full_text_index(methodology):
    from django.db import connection as db

    # Without the list's ordering: a walk of the date index in order, filtering every row, is
    # the other plan a table of a few rows may get; the question here is the search's own index.
    queryset = library_search(LibraryDocument.objects.all(), "торговли", ranked=False).order_by()
    with db.cursor() as cursor:
        # A table of a few rows is read whole whatever its indexes: ask whether it could use it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "library_doc_search_ru_idx" in plan, plan


def test_api_list_query_count_is_constant(methodology, personas, django_assert_max_num_queries):
    for index in range(10):
        services.library_document_create(
            actor=personas["kz_coordinator"],
            title_ru=f"Издание {index}",
            kind="publication",
            language="ru",
            tags=["общий", f"t{index}"],
            upload=text_file(f"Текст {index}"),
        )
    client = api_as(personas["kg_investigator"])
    with django_assert_max_num_queries(10):
        response = client.get("/api/library/")
    assert len(response.json()["results"]) == 11
