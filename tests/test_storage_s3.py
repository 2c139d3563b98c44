"""Stored files on a real S3 endpoint: moto's S3 server over HTTP, not an in-process mock.

``config/settings.py`` is read again with the ``STORAGE_S3_*`` variables set and its STORAGES
are put in place, so what runs here is the configuration production gets: uploads through the
case page, downloads through the portal's views with their audit row, frozen documents checked
against their SHA-256, deletion — every byte over HTTP to the object store and back.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import override_settings
from moto.server import ThreadedMotoServer

from audit.models import AuditAction, AuditEvent
from cases import services as case_services
from cases.models import Attachment
from documents import services as document_services
from documents.models import Document
from documents.serving import serve_document
from tests.cases.conftest import make_case
from tests.documents.conftest import REFERENCE, TEMPLATES_DIR, render_letter

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
ACCESS_KEY, SECRET_KEY, REGION = "portal-test-key", "portal-test-secret", "us-east-1"
STORAGE_VARIABLES = (
    "STORAGE_S3_BUCKET",
    "STORAGE_S3_ENDPOINT_URL",
    "STORAGE_S3_ACCESS_KEY",
    "STORAGE_S3_SECRET_KEY",
    "STORAGE_S3_REGION",
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free port of this machine, for the module's tests."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per S3 request
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def _settings_module(monkeypatch, environment: dict[str, str]):
    """config/settings.py executed afresh with these storage variables (and no others)."""
    with monkeypatch.context() as patch:
        for name in STORAGE_VARIABLES:
            patch.delenv(name, raising=False)
            patch.delenv(f"{name}_FILE", raising=False)
        for name, value in environment.items():
            patch.setenv(name, value)
        spec = importlib.util.spec_from_file_location(
            f"settings_probe_{uuid.uuid4().hex}", ROOT / "config" / "settings.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


@dataclass
class Bucket:
    """The bucket the portal writes to, and a client of our own to look at it from outside."""

    name: str
    client: object

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.name, Key=key)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in {"404", "NoSuchKey"}:
                return False
            raise
        return True


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """Default storage is S3 against moto's server, as settings.py configures it; a new bucket."""
    name = f"portal-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    client.create_bucket(Bucket=name)
    configured = _settings_module(
        monkeypatch,
        {
            "STORAGE_S3_BUCKET": name,
            "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
            "STORAGE_S3_ACCESS_KEY": ACCESS_KEY,
            "STORAGE_S3_SECRET_KEY": SECRET_KEY,
            "STORAGE_S3_REGION": REGION,
        },
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": configured.STORAGES["default"]},
        TEMPLATES=[engine, *settings.TEMPLATES[1:]],
    ):
        # setting_changed resets these too; said here so no storage built before can linger.
        storages._backends = None
        storages._storages = {}
        default_storage._setup()
        assert type(default_storage._wrapped).__name__ == "S3Storage"
        assert Attachment._meta.get_field("file").storage is default_storage
        yield Bucket(name=name, client=client)
    storages._backends = None
    storages._storages = {}
    default_storage._setup()
    assert type(default_storage._wrapped).__name__ == "FileSystemStorage"


def test_settings_choose_s3_only_when_a_bucket_is_named(monkeypatch):
    local = _settings_module(monkeypatch, {})
    assert local.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"

    remote = _settings_module(
        monkeypatch,
        {"STORAGE_S3_BUCKET": "portal-files", "STORAGE_S3_ENDPOINT_URL": "http://minio:9000"},
    )
    default = remote.STORAGES["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "portal-files"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["addressing_style"] == "path"
    # Private: no ACL sent, no signed URLs, never an existing object replaced.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    # No keys given: boto3's own chain (an instance role), not empty strings.
    assert options["access_key"] is None and options["secret_key"] is None
    assert remote.STORAGES["staticfiles"] == local.STORAGES["staticfiles"]


def test_case_attachment_goes_to_the_bucket_and_back_through_the_portal(s3, client, personas):
    investigator = personas["kg_investigator"]
    case = make_case(investigator, number="24-001-2026-000777")
    # Above the multipart threshold (8 MiB) and the in-memory limits of Django's upload handler
    # (2.5 MiB) and of the storage's reads (2 MiB): every large-file path is taken.
    content = b"%PDF-1.7\n" + os.urandom(9 * 1024 * 1024)
    client.force_login(investigator)
    sent = []  # every write request the portal makes to the object store, with its parameters
    default_storage.connection.meta.client.meta.events.register(
        "before-parameter-build.s3",
        lambda params, model, **kwargs: sent.append((model.name, dict(params))),
    )

    response = client.post(
        f"/cases/{case.pk}/attachments/new/",
        {"file": SimpleUploadedFile("протокол допроса.pdf", content), "description": "скан"},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    # The object under the random name, with exactly the bytes uploaded; the uploaded name is
    # nowhere in the bucket.
    assert s3.keys() == {attachment.file.name}
    assert attachment.file.name.startswith(f"cases/{case.pk}/")
    assert "протокол" not in attachment.file.name
    assert s3.read(attachment.file.name) == content
    # Private: a multipart upload that sets no ACL (the bucket's private policy applies).
    writes = {name: params for name, params in sent if name != "HeadObject"}
    assert {"CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"} <= set(writes)
    assert not [params for params in writes.values() if {"ACL", "GrantRead"} & set(params)]
    # The object carries the type read from the content, not the one the browser sent.
    assert writes["CreateMultipartUpload"]["ContentType"] == "application/pdf"

    download = client.get(f"/cases/{case.pk}/attachments/{attachment.pk}/download/")

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert int(download["Content-Length"]) == len(content)

    def downloads():
        events = AuditEvent.objects.for_object(attachment).filter(action=AuditAction.DOWNLOAD)
        return list(events.values_list("actor_id", "note"))

    assert downloads() == [(investigator.pk, attachment.sha256)]

    # The API's download is the same mechanism: same bytes, a second audit row.
    api = client.get(f"/api/cases/{case.pk}/attachments/{attachment.pk}/download/")
    assert api.status_code == 200
    assert b"".join(api.streaming_content) == content
    assert len(downloads()) == 2

    # Someone who may not see the case gets nothing from the bucket, and no audit row.
    client.force_login(personas["kz_investigator"])
    refused = client.get(f"/cases/{case.pk}/attachments/{attachment.pk}/download/")
    assert refused.status_code == 404
    assert len(downloads()) == 2


def test_frozen_document_is_stored_in_the_bucket_and_checked_by_its_sha256(s3, personas):
    actor = personas["kg_investigator"]
    rendered = render_letter(note="в хранилище S3")

    document = document_services.document_store(
        subject=actor.agency,
        kind="mla_request",
        title="Запрос о правовой помощи",
        rendered=rendered,
        actor=actor,
        frozen=True,
    )

    stored = Document.objects.get(pk=document.pk)
    assert stored.frozen and stored.file.name.endswith(".pdf")
    assert s3.keys() == {stored.file.name}
    assert s3.read(stored.file.name) == rendered.pdf
    assert document_services.document_read(stored) == rendered.pdf
    assert hashlib.sha256(rendered.pdf).hexdigest() == stored.sha256

    # Served by the portal (the frozen version, not a new render), with its audit row.
    response = serve_document(
        subject=actor.agency,
        kind="mla_request",
        actor=actor,
        reference=REFERENCE,
        preview=None,
        download=True,
    )
    assert response.content == rendered.pdf
    assert response["Content-Disposition"].endswith('-mla_request-v1.pdf"')
    assert AuditEvent.objects.for_object(stored).filter(action=AuditAction.DOWNLOAD).count() == 1

    # An object changed behind the portal's back no longer matches its SHA-256: refused.
    tampered = rendered.pdf[:20] + b"X" + rendered.pdf[21:]
    s3.client.put_object(Bucket=s3.name, Key=stored.file.name, Body=tampered)
    with pytest.raises(document_services.DocumentIntegrityError):
        document_services.document_read(Document.objects.get(pk=document.pk))


def test_deleting_a_stored_file_removes_the_object(s3, personas):
    investigator = personas["kg_investigator"]
    case = make_case(investigator, number="24-001-2026-000778")
    attachment = case_services.attachment_upload(
        case=case, actor=investigator, upload=SimpleUploadedFile("a.txt", "текст".encode())
    )
    name = attachment.file.name
    assert s3.exists(name)

    attachment.file.delete(save=False)

    assert not s3.exists(name)
    assert not default_storage.exists(name)


def test_a_row_that_fails_takes_its_object_along(s3, personas, monkeypatch):
    investigator = personas["kg_investigator"]
    case = make_case(investigator, number="24-001-2026-000779")
    written = []

    def save_then_fail(self, *args, **kwargs):
        written.append(self.file.name)
        assert s3.exists(self.file.name), "the object is written before the row"
        raise IntegrityError("row refused")

    monkeypatch.setattr(Attachment, "save", save_then_fail)
    with pytest.raises(IntegrityError):
        case_services.attachment_upload(
            case=case, actor=investigator, upload=SimpleUploadedFile("a.txt", b"text")
        )

    assert len(written) == 1 and not s3.exists(written[0])
    assert s3.keys() == set()


def test_a_name_already_taken_is_never_overwritten(s3):
    first = default_storage.save("cases/same-name", ContentFile(b"first"))
    second = default_storage.save("cases/same-name", ContentFile(b"second"))

    assert first != second
    assert s3.read(first) == b"first" and s3.read(second) == b"second"
