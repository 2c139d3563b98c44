"""Stored files: checked by their content, not their name; one way to store and to serve them.

Every file a user uploads (a case's attachment, a request's file, a team's material) is a row
of a model built on ``core.models.StoredFile``: its name as uploaded, its size, its detected
type and SHA-256, who uploaded it and when. ``StoredFile.store`` checks and writes it;
``StoredFile.serve`` hands it out with its audit row.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    content_type: str
    size: int
    sha256: str


def _zip_kind(fileobj) -> str | None:
    """Office Open XML and OpenDocument files are ZIP archives: look inside."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype.startswith("application/vnd.oasis.opendocument."):
                    return mimetype
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if any(n.startswith("xl/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if any(n.startswith("ppt/") for n in names):
                    return (
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                    )
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return "application/zip"


def _text_kind(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "cp1251"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character cut at the end of the sample is not an error.
            try:
                head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return "text/plain"
    return None


def detect_content_type(fileobj) -> str | None:
    """The type of a file from its first bytes (and, for ZIP-based formats, its contents)."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    elif head.startswith((b"II*\x00", b"MM\x00*")):
        kind = "image/tiff"
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = "application/msword"  # OLE2: .doc/.xls of older office suites
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
    elif head:
        kind = _text_kind(head)
    fileobj.seek(0)
    return kind


def inspect_upload(fileobj) -> FileFacts:
    """Size, detected type and SHA-256 of an upload; refuse what the portal does not accept."""
    size = getattr(fileobj, "size", None)
    limit = settings.ATTACHMENT_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = detect_content_type(fileobj)
    if content_type not in settings.ATTACHMENT_ALLOWED_TYPES:
        raise ValidationError(
            _(
                "This kind of file is not accepted. Upload PDF, images (JPEG, PNG, TIFF), "
                "office documents or plain text."
            ),
            code="type",
        )
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return FileFacts(content_type=content_type, size=size, sha256=digest.hexdigest())


def upload_name(upload) -> str:
    """The uploaded file's own name without any path a browser or client put in front of it."""
    name = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:255] or "file"
