"""The verification pages: by the code on the paper, or by the PDF file; metadata only."""

from __future__ import annotations

import hashlib
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from audit.models import AuditAction, AuditEvent
from documents import services
from tests.conftest import PERSONA_KEYS
from tests.documents.conftest import REFERENCE, render_letter

pytestmark = pytest.mark.django_db

SECRET_LINE = "Сведения, которые видны только на страницах дела"


@pytest.fixture
def document(personas):
    actor = personas["kg_investigator"]
    return services.document_store(
        subject=actor.agency,
        kind="mla_request",
        title="Запрос о правовой помощи",
        rendered=render_letter(note=SECRET_LINE),
        actor=actor,
        frozen=True,
    )


def pdf_upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.pdf", data, content_type="application/pdf")


def test_every_signed_in_persona_sees_the_form_and_anonymous_goes_to_login(personas, client):
    verify = reverse("documents:verify")
    code_url = reverse("documents:verify_code", kwargs={"code": "0123456789ab"})
    for url in (verify, code_url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(verify, {"code": "0123456789ab"}).status_code == 302
    for key in PERSONA_KEYS:
        client.force_login(personas[key])
        assert client.get(verify).status_code == 200
        assert client.get(code_url).status_code == 200


def test_code_on_the_paper_shows_metadata_not_content(personas, client, document):
    client.force_login(personas["kz_prosecutor"])

    response = client.get(reverse("documents:verify_code", kwargs={"code": document.short_hash}))

    assert response.status_code == 200
    assert response.context["matched"] is True
    assert response.context["documents"] == [document]
    page = response.content.decode()
    assert REFERENCE in page
    assert document.title in page
    assert document.sha256 in page
    assert SECRET_LINE not in page
    assert document.file.name not in page
    assert "/media/" not in page and ".pdf" not in page
    local = timezone.localtime(document.created_at, zoneinfo.ZoneInfo("Asia/Almaty"))
    with translation.override("ru"):
        shown = date_format(local, "DATETIME_FORMAT")
    assert "Asia/Almaty" in page and shown in page


def test_code_is_matched_case_insensitively_and_by_longer_prefix(personas, client, document):
    client.force_login(personas["kg_coordinator"])
    for code in (document.short_hash.upper(), document.content_hash[:20], document.content_hash):
        response = client.get(reverse("documents:verify_code", kwargs={"code": code}))
        assert response.context["matched"] is True


def test_code_from_the_form_redirects_to_the_code_page(personas, client, document):
    client.force_login(personas["kz_investigator"])

    response = client.post(
        reverse("documents:verify"),
        {"code": f" {document.short_hash[:6]}-{document.short_hash[6:]} "},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "documents:verify_code", kwargs={"code": document.short_hash}
    )


def test_unknown_code_says_no_document(personas, client, document):
    client.force_login(personas["kg_investigator"])
    code = "f" * 12 if not document.content_hash.startswith("f" * 12) else "e" * 12

    response = client.get(reverse("documents:verify_code", kwargs={"code": code}))

    assert response.status_code == 200
    assert response.context["matched"] is False
    assert response.context["documents"] == []
    event = AuditEvent.objects.get(action=AuditAction.PRINT)
    assert event.note == "verification: no match"
    assert (event.object_type, event.object_id) == ("documents.document", code)


@pytest.mark.parametrize("code", ["xyz0123456789", "0123456789a", "0" * 65, "0123456789ag"])
def test_malformed_code_in_the_url_is_404(personas, client, code):
    client.force_login(personas["kg_investigator"])
    assert client.get(f"/documents/verify/{code}/").status_code == 404


def test_uploading_the_same_pdf_matches(personas, client, document):
    client.force_login(personas["kz_coordinator"])

    response = client.post(
        reverse("documents:verify"), {"file": pdf_upload(services.document_read(document))}
    )

    assert response.status_code == 200
    assert response.context["matched"] is True
    assert response.context["documents"] == [document]
    assert document.sha256 in response.content.decode()
    assert SECRET_LINE not in response.content.decode()


def test_uploading_other_bytes_does_not_match(personas, client, document):
    client.force_login(personas["kz_coordinator"])
    changed = services.document_read(document) + b"\n%%EOF\n"

    response = client.post(reverse("documents:verify"), {"file": pdf_upload(changed)})

    assert response.status_code == 200
    assert response.context["matched"] is False
    assert hashlib.sha256(changed).hexdigest() in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.PRINT)
    assert event.note == "verification: no match"


def test_every_verification_is_audited(personas, client, document):
    user = personas["kg_prosecutor"]
    client.force_login(user)

    client.get(reverse("documents:verify_code", kwargs={"code": document.short_hash}))
    client.post(reverse("documents:verify"), {"file": pdf_upload(services.document_read(document))})

    events = AuditEvent.objects.for_object(document).filter(action=AuditAction.PRINT)
    assert events.count() == 2
    assert {e.note for e in events} == {"verification: matched"}
    assert {e.actor_id for e in events} == {user.pk}
    assert {tuple(e.changes) for e in events} == {("code",), ("file",)}


def test_form_wants_exactly_one_of_code_and_file(personas, client, document):
    client.force_login(personas["kg_investigator"])
    url = reverse("documents:verify")

    neither = client.post(url, {})
    both = client.post(url, {"code": document.short_hash, "file": pdf_upload(b"%PDF-1.7")})
    short = client.post(url, {"code": "abc"})

    for response in (neither, both, short):
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not AuditEvent.objects.filter(action=AuditAction.PRINT).exists()


def test_a_file_over_the_limit_is_refused_while_it_streams(personas, client, settings):
    # The limit is that of PDF documents in settings.UPLOAD_KINDS.
    settings.UPLOAD_KINDS = {
        **settings.UPLOAD_KINDS,
        "pdf": {**settings.UPLOAD_KINDS["pdf"], "max_bytes": 1000},
    }
    client.force_login(personas["kg_investigator"])

    response = client.post(reverse("documents:verify"), {"file": pdf_upload(b"%PDF" + b"0" * 5000)})

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not AuditEvent.objects.filter(action=AuditAction.PRINT).exists()


def test_posting_without_a_csrf_token_is_refused(personas, document):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["kg_investigator"])

    response = client.post(reverse("documents:verify"), {"code": document.short_hash})

    assert response.status_code == 403
