"""Rendering formal documents to PDF and keeping them as evidence."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from audit.models import AuditAction
from audit.services import audit_record
from core.exceptions import DomainError
from documents.models import Document
from documents.rendering import qr_svg, render_pdf

# The hash is taken over the HTML with this in place of the hash itself (and of the code, the
# URL and the QR code made from it): a document cannot contain its own hash.
HASH_SENTINEL = "0" * 64
SHORT_HASH_LENGTH = 12
# Official letters go out in Russian, the working language of both countries, whatever language
# the signed-in user reads the portal in; a fixed language also keeps the hash reproducible.
DOCUMENT_LANGUAGE = "ru"
HEX_CODE = re.compile(rf"[0-9a-f]{{{SHORT_HASH_LENGTH},64}}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
# The same content rendered again (a new version of an unchanged text) shares its hash; a page
# never needs more than a handful of rows.
MAX_MATCHES = 20


class DocumentIntegrityError(DomainError):
    """A stored PDF no longer matches the hash recorded when it was made."""

    status_code = 500


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    html: str
    content_hash: str
    sha256: str
    # The portal reference printed on every page (document_store records it).
    reference: str = ""

    @property
    def short_hash(self) -> str:
        return self.content_hash[:SHORT_HASH_LENGTH]


def verify_url(short_hash: str) -> str:
    """The address printed (and QR-encoded) on the paper."""
    return f"{settings.PORTAL_BASE_URL}/documents/verify/{short_hash}/"


@lru_cache(maxsize=4)
def _sentinel_qr(url: str) -> str:
    return mark_safe(qr_svg(url))  # noqa: S308 - segno's own markup of a URL we built


def _verification_context(content_hash: str, *, sentinel: bool = False) -> dict:
    short = content_hash[:SHORT_HASH_LENGTH]
    url = verify_url(short)
    qr = _sentinel_qr(url) if sentinel else mark_safe(qr_svg(url))  # noqa: S308 - as above
    return {"content_hash": content_hash, "short_hash": short, "verify_url": url, "qr": qr}


def document_render(*, template: str, context: dict, reference: str) -> RenderedDocument:
    """Render a document template (extending documents/base_pdf.html) to PDF.

    The content hash is the SHA-256 of the HTML rendered with a fixed sentinel in place of the
    hash: the same template and data give the same hash, whatever the PDF engine's version. Only
    the final HTML goes to the PDF engine, once.
    """
    base = {**context, "reference": reference}
    with translation.override(DOCUMENT_LANGUAGE):
        canonical = render_to_string(
            template, {**base, **_verification_context(HASH_SENTINEL, sentinel=True)}
        )
        content_hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        html = render_to_string(template, {**base, **_verification_context(content_hash)})
    pdf = render_pdf(html)
    return RenderedDocument(
        pdf=pdf,
        html=html,
        content_hash=content_hash,
        sha256=hashlib.sha256(pdf).hexdigest(),
        reference=reference,
    )


def _scope_of(subject: models.Model | None) -> models.Model | None:
    """The record whose history lists the document's events: the subject's case, if it has one."""
    if subject is None:
        return None
    case = getattr(subject, "case", None)
    return case if isinstance(case, models.Model) else subject


@transaction.atomic
def document_store(
    *,
    subject: models.Model,
    kind: str,
    title: str,
    rendered: RenderedDocument,
    actor,
    frozen: bool,
) -> Document:
    """Keep a rendered document as the next version of (subject, kind); audited."""
    with translation.override(DOCUMENT_LANGUAGE):
        title = str(title)  # a lazy title is stored in the document's language
    # RACE: two users storing a document of the same subject would both read the same latest
    # version; the subject's row lock numbers them one after the other. (SQLite: the IMMEDIATE
    # transaction mode serialises writers instead.)
    type(subject)._base_manager.select_for_update().filter(pk=subject.pk).values_list(
        "pk", flat=True
    ).first()
    latest = Document.objects.for_subject(subject, kind).aggregate(v=Max("version"))["v"] or 0
    document = Document(
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        kind=kind,
        version=latest + 1,
        title=title,
        reference=rendered.reference,
        size=len(rendered.pdf),
        sha256=rendered.sha256,
        content_hash=rendered.content_hash,
        frozen=frozen,
        created_by=actor,
    )
    document.file.save(f"{rendered.short_hash}.pdf", ContentFile(rendered.pdf), save=False)
    try:
        document.save()
    except IntegrityError:
        document.file.delete(save=False)
        raise
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        changes={
            "kind": [None, kind],
            "version": [None, document.version],
            "frozen": [None, frozen],
            "size": [None, document.size],
        },
        note=f"sha256={document.sha256} content_hash={document.content_hash}",
        scope=_scope_of(subject),
    )
    return document


def document_download_record(*, document: Document, actor) -> None:
    """Audit that someone downloaded a stored document (the subject's page serves the file)."""
    audit_record(
        actor=actor,
        action=AuditAction.DOWNLOAD,
        obj=document,
        note=f"sha256={document.sha256}",
        scope=_scope_of(document.get_subject()),
    )


def document_read(document: Document) -> bytes:
    """The stored PDF's bytes, checked against the SHA-256 recorded when it was stored."""
    with document.file.open("rb") as file:
        data = file.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentIntegrityError(
            f"The stored file of document {document.pk} does not match its SHA-256."
        )
    return data


def document_verify(*, actor, code: str = "", sha256: str = "") -> list[Document]:
    """The documents a paper's code (a prefix of the content hash) or a PDF's SHA-256 names.

    Give exactly one of ``code`` (12-64 hex digits) and ``sha256`` (64). Every check is audited,
    found or not, against the document(s) found.
    """
    code, sha256 = code.strip().lower(), sha256.strip().lower()
    if bool(code) == bool(sha256):
        raise ValueError("Give exactly one of code and sha256.")
    if code:
        if not HEX_CODE.fullmatch(code):
            raise ValueError("A document code is 12 to 64 hexadecimal digits.")
        documents = Document.objects.filter(content_hash__startswith=code)
        how, value = "code", code
    else:
        if not SHA256_HEX.fullmatch(sha256):
            raise ValueError("A SHA-256 is 64 hexadecimal digits.")
        documents = Document.objects.filter(sha256=sha256)
        how, value = "file", sha256
    found = list(documents.order_by("-created_at", "-id")[:MAX_MATCHES])
    if not found:
        audit_record(
            actor=actor,
            action=AuditAction.PRINT,
            object_type=Document._meta.label_lower,
            object_id=value,
            object_repr=f"verification by {how} {value}",
            changes={how: [None, value]},
            note="verification: no match",
        )
    for document in found:
        audit_record(
            actor=actor,
            action=AuditAction.PRINT,
            obj=document,
            changes={how: [None, value]},
            note="verification: matched",
            scope=_scope_of(document.get_subject()),
        )
    return found
