"""One way to hand a subject's formal document to a reader: the frozen version once it was
sent (checked against its SHA-256), else a preview rendered now — each with its audit row.

Requests, extradition files and joint teams serve their PDFs through ``serve_document``; the
page and the API differ only in how they ask (inline or as a download).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponse

from audit.models import AuditAction
from audit.services import audit_record
from documents.models import Document
from documents.services import RenderedDocument, document_download_record, document_read


def serve_document(
    *,
    subject,
    kind: str,
    actor,
    reference: str,
    preview: Callable[[], RenderedDocument] | None,
    scope=None,
    download: bool = False,
) -> HttpResponse:
    """The latest stored version of ``kind`` for ``subject``, else a preview from ``preview``
    (None: no preview may be made any more — 404). The caller has already checked that
    ``actor`` may see the subject."""
    stored = Document.objects.for_subject(subject, kind).first()
    if stored is not None:
        document_download_record(document=stored, actor=actor)
        pdf, version = document_read(stored), f"v{stored.version}"
    elif preview is None:
        raise Http404
    else:
        rendered = preview()
        audit_record(
            actor=actor,
            action=AuditAction.PRINT,
            obj=subject,
            note=f"preview {kind} {rendered.sha256}",
            scope=scope,
        )
        pdf, version = rendered.pdf, "preview"
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{reference}-{kind}-{version}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
