"""Stored files: checked by their content, not their name; one way to store and to serve them.

Every file a user uploads (a case's attachment, a request's file, a team's material) is a row
of a model built on ``core.models.StoredFile``: its name as uploaded, its size, its detected
type and SHA-256, who uploaded it and when. ``StoredFile.store`` checks and writes it;
``StoredFile.serve`` hands it out with its audit row.

The type comes from the content alone (libmagic, the library behind file(1)), checked against
the kinds of ``settings.UPLOAD_KINDS``; each kind has its own size limit. HTML, SVG, XML,
scripts and programs are refused whatever their name says and whatever the settings list.
"""

from __future__ import annotations

import hashlib
import re
import threading
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import magic
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHUNK = 1024 * 1024
# libmagic decides on the first bytes; half a megabyte holds any header it looks at and enough
# text to tell plain text from markup.
HEAD_BYTES = 512 * 1024

KIND_LABELS = {
    "pdf": gettext_lazy("PDF documents"),
    "image": gettext_lazy("images"),
    "office": gettext_lazy("office documents and plain text"),
    "scan": gettext_lazy("scans"),
    "media": gettext_lazy("audio and video recordings"),
}

# The names users know the accepted types by; the first extension is the one a download gets
# when its name does not already end with one of them.
TYPES = {
    "application/pdf": ("PDF", (".pdf",)),
    "image/jpeg": ("JPEG", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "image/png": ("PNG", (".png",)),
    "image/tiff": ("TIFF", (".tif", ".tiff")),
    "image/webp": ("WebP", (".webp",)),
    "image/heic": ("HEIC", (".heic",)),
    "image/heif": ("HEIF", (".heif",)),
    "application/msword": ("DOC", (".doc", ".dot")),
    "application/vnd.ms-excel": ("XLS", (".xls", ".xlt")),
    "application/vnd.ms-powerpoint": ("PPT", (".ppt", ".pps")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "DOCX",
        (".docx",),
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("XLSX", (".xlsx",)),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PPTX",
        (".pptx",),
    ),
    "application/vnd.oasis.opendocument.text": ("ODT", (".odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": ("ODS", (".ods",)),
    "application/vnd.oasis.opendocument.presentation": ("ODP", (".odp",)),
    "text/rtf": ("RTF", (".rtf",)),
    "text/plain": ("TXT", (".txt", ".text", ".log", ".csv", ".tsv")),
    "text/csv": ("CSV", (".csv", ".txt")),
    "audio/mpeg": ("MP3", (".mp3",)),
    "audio/x-wav": ("WAV", (".wav",)),
    "audio/wav": ("WAV", (".wav",)),
    "audio/ogg": ("OGG", (".ogg", ".oga", ".opus")),
    "video/ogg": ("OGG", (".ogv", ".ogg")),
    "audio/x-m4a": ("M4A", (".m4a",)),
    "audio/mp4": ("M4A", (".m4a", ".mp4")),
    "video/mp4": ("MP4", (".mp4", ".m4v")),
    "video/3gpp": ("3GP", (".3gp",)),
    "video/quicktime": ("MOV", (".mov", ".qt")),
    "video/webm": ("WebM", (".webm",)),
    "audio/webm": ("WebM", (".webm",)),
    "video/x-msvideo": ("AVI", (".avi",)),
    "video/x-matroska": ("MKV", (".mkv",)),
}

# SECURITY: what a browser, a shell or an operating system would run. Refused whatever the
# file's name says and whatever the settings list (a system check says so at start-up).
REFUSED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "image/svg",
        "text/xml",
        "application/xml",
        "application/javascript",
        "text/javascript",
        "application/x-javascript",
        "text/x-php",
        "text/x-msdos-batch",
        "application/x-executable",
        "application/x-pie-executable",
        "application/x-sharedlib",
        "application/x-dosexec",
        "application/x-msdownload",
        "application/x-mach-binary",
        "application/x-msi",
        "application/vnd.ms-msi",
        "application/x-ms-shortcut",
        "application/x-java-applet",
        "application/java-archive",
        "application/wasm",
        "application/x-shockwave-flash",
        "application/hta",
    }
)
# Shell, Python, Perl, Ruby… scripts: libmagic names them text/x-<language>.
REFUSED_PREFIXES = ("text/x-",)

# SECURITY: markup or script a browser or a viewer would act on, looked for in plain text
# (libmagic calls "<body onload=…>" or an indented "<svg" plain text). Byte patterns: the tags
# are ASCII in UTF-8 and Windows-1251 alike.
_MARKUP = re.compile(
    rb"<\s*/?\s*(?:script|html|head|body|svg|iframe|frame|object|embed|applet|meta|link|style"
    rb"|img|form|base|math|xml|xsl|a\s)\b|<!doctype|<!\[cdata\[|<!--|<\?xml|<\?php"
    rb"|javascript\s*:|vbscript\s*:|\bon(?:load|error|click|mouseover)\s*=",
    re.IGNORECASE,
)
# JavaScript that libmagic takes for plain text.
_SCRIPT = re.compile(
    rb"\bdocument\s*\.\s*(?:cookie|write|location)\b|\bwindow\s*\.\s*location\b"
    rb"|\beval\s*\(|\bfunction\s*\w*\s*\([^)]{0,200}\)\s*\{",
)
# What a browser would sniff as markup: the content opens, after blanks and a BOM, with a tag.
_LEADING_MARKUP = re.compile(rb"^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<[!?/a-zA-Z]")
_MARKUP_OVERLAP = 256
_TEXT_TYPES = frozenset({"text/plain", "text/csv"})
_ZIP_TYPES = frozenset({"application/zip", "application/octet-stream"})

_local = threading.local()


@dataclass(frozen=True)
class FileFacts:
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class UploadKind:
    """A kind of file the portal accepts (settings.UPLOAD_KINDS): its types and size limit."""

    name: str
    types: frozenset[str]
    max_bytes: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.name, self.name))


def upload_kinds(names: Iterable[str] | None = None) -> list[UploadKind]:
    """The kinds of settings.UPLOAD_KINDS, all of them or those named."""
    configured = settings.UPLOAD_KINDS
    wanted = list(configured) if names is None else list(names)
    return [
        UploadKind(
            name=name,
            types=frozenset(configured[name]["types"]) - REFUSED_TYPES,
            max_bytes=int(configured[name]["max_bytes"]),
        )
        for name in wanted
    ]


def kind_max_bytes(name: str) -> int:
    return int(settings.UPLOAD_KINDS[name]["max_bytes"])


def type_label(content_type: str) -> str:
    return TYPES.get(content_type, (content_type, ()))[0]


# What a file of a detected type is, in words a reader knows ("Word document (DOCX)").
_WORD = {
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_TEXT = {"application/vnd.oasis.opendocument.text", "text/rtf"}
_SHEET = {
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/csv",
}
_SLIDES = {
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.presentation",
}


def file_type_label(content_type: str) -> str:
    """The detected MIME type of a stored file as a person reads it, never the code itself."""
    if content_type == "application/pdf":
        return "PDF"
    if content_type == "text/plain":
        return _("plain text")
    if content_type not in TYPES:
        return _("other file")
    short = TYPES[content_type][0]
    if content_type in _WORD:
        template = _("Word document (%(type)s)")
    elif content_type in _TEXT:
        template = _("text document (%(type)s)")
    elif content_type in _SHEET:
        template = _("spreadsheet (%(type)s)")
    elif content_type in _SLIDES:
        template = _("presentation (%(type)s)")
    elif content_type.startswith("image/"):
        template = _("image (%(type)s)")
    elif content_type.startswith("audio/"):
        template = _("audio recording (%(type)s)")
    elif content_type.startswith("video/"):
        template = _("video recording (%(type)s)")
    else:
        return short
    return template % {"type": short}


def accepted_text(kinds: Sequence[UploadKind]) -> str:
    """What these kinds accept, for help texts and refusals ("scans (PDF, JPEG) up to 50 MB; …")."""
    parts = []
    for kind in kinds:
        labels = list(dict.fromkeys(type_label(t) for t in sorted(kind.types, key=_type_order)))
        parts.append(
            _("%(kind)s (%(types)s) up to %(limit)s")
            % {
                "kind": kind.label,
                "types": ", ".join(labels),
                "limit": filesizeformat(kind.max_bytes),
            }
        )
    return "; ".join(parts)


def _type_order(content_type: str) -> int:
    order = list(TYPES)
    return order.index(content_type) if content_type in order else len(order)


def is_refused_type(content_type: str) -> bool:
    return content_type in REFUSED_TYPES or content_type.startswith(REFUSED_PREFIXES)


# --- Detection ------------------------------------------------------------------------------------
def _magic() -> magic.Magic:
    # A libmagic handle is not to be shared between threads (python-magic serialises calls on
    # one handle with a lock): one per thread, made once.
    handle = getattr(_local, "magic", None)
    if handle is None:
        handle = _local.magic = magic.Magic(mime=True)
    return handle


def _zip_kind(fileobj) -> str | None:
    """Office Open XML and OpenDocument files are ZIP archives: look inside.

    libmagic names them only when their parts come in the order office suites write them;
    other writers (spreadsheet libraries, converters) make files it calls application/zip.
    Any other archive stays application/zip, which no kind accepts.
    """
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # SECURITY: a few bytes only; the member may be a bomb that inflates to gigabytes.
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).decode("ascii", "replace").strip()
                if mimetype.startswith("application/vnd.oasis.opendocument."):
                    return mimetype
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if "xl/workbook.xml" in names:
                    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if "ppt/presentation.xml" in names:
                    return (
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                    )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        KeyError,
        ValueError,
        NotImplementedError,
        RuntimeError,  # an encrypted member
    ):
        return None  # not an archive any program would open: refused
    return "application/zip"


def _decodes_as_text(head: bytes) -> bool:
    """Plain text the portal reads: UTF-8 or Windows-1251 (the two the countries' offices use)."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1251"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character cut at the end of the sample is not an error.
            try:
                head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return True
    return False


def _markup_in_text(fileobj) -> str | None:
    """text/html or text/javascript when a text file holds markup or script anywhere."""
    fileobj.seek(0)
    tail = b""
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        window = tail + chunk  # overlapping: a tag cut between two chunks is still found
        if _MARKUP.search(window):
            return "text/html"
        if _SCRIPT.search(window):
            return "text/javascript"
        tail = chunk[-_MARKUP_OVERLAP:]
    return None


def detect_content_type(fileobj) -> str | None:
    """The type of a file from its content (libmagic; for ZIP-based formats, their parts).

    Markup is reported as text/html whatever libmagic says of it: a file that opens with a tag
    (a browser would sniff it as a page), and plain text with tags inside; plain text with
    script inside as text/javascript.
    """
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if not head:
        return None
    try:
        kind = _magic().from_buffer(head)
    except magic.MagicException:
        return None  # libmagic could not read it: nothing the portal accepts
    if kind in _ZIP_TYPES and head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
    elif _LEADING_MARKUP.match(head) and not is_refused_type(kind):
        kind = "text/html"
    elif kind in _TEXT_TYPES:
        if not _decodes_as_text(head):
            kind = "application/octet-stream"
        else:
            kind = _markup_in_text(fileobj) or kind
    fileobj.seek(0)
    return kind


# --- Checks ---------------------------------------------------------------------------------------
def _refusal(message: str, code: str, **params) -> ValidationError:
    # A field error: the API answers {"file": [...]}, the pages show the message.
    return ValidationError({"file": ValidationError(message % params, code=code)})


def _size_of(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, 2)
        size = fileobj.tell()
        fileobj.seek(0)
    return size


def inspect_upload(fileobj, *, kinds: Iterable[str] | None = None) -> FileFacts:
    """Size, detected type and SHA-256 of an upload; refuse what the given kinds do not accept.

    ``kinds`` names the kinds of settings.UPLOAD_KINDS the form asks for (None: any kind).
    A type that several of them accept may be as large as the largest of their limits.
    """
    allowed = upload_kinds(kinds)
    size = _size_of(fileobj)
    if not size:
        raise _refusal(_("The file is empty."), "empty")
    largest = max(kind.max_bytes for kind in allowed)
    if size > largest:
        raise _refusal(
            _("The file is %(size)s; the limit is %(limit)s. Accepted: %(accepted)s."),
            "too_large",
            size=filesizeformat(size),
            limit=filesizeformat(largest),
            accepted=accepted_text(allowed),
        )
    content_type = detect_content_type(fileobj) or "application/octet-stream"
    fitting = [kind for kind in allowed if content_type in kind.types]
    if is_refused_type(content_type):
        raise _refusal(
            _(
                "This file is %(type)s: web pages, SVG, XML, scripts and programs are never "
                "accepted, whatever the file is named. Accepted: %(accepted)s."
            ),
            "refused_type",
            type=content_type,
            accepted=accepted_text(allowed),
        )
    if not fitting:
        raise _refusal(
            _("This kind of file (%(type)s) is not accepted here. Accepted: %(accepted)s."),
            "type",
            type=content_type,
            accepted=accepted_text(allowed),
        )
    kind = max(fitting, key=lambda k: k.max_bytes)
    if size > kind.max_bytes:
        raise _refusal(
            _("The file is %(size)s; the limit for %(kind)s is %(limit)s."),
            "too_large",
            size=filesizeformat(size),
            kind=kind.label,
            limit=filesizeformat(kind.max_bytes),
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


def download_name(name: str, content_type: str) -> str:
    """The name a download is saved under: the uploaded one, ending as its detected type does.

    SECURITY: "report.html" whose content is plain text is saved as "report.html.txt", so the
    saved copy opens in the program of its real type, never in a browser.
    """
    extensions = TYPES.get(content_type, (None, ()))[1]
    if not extensions or PurePosixPath(name.lower()).suffix in extensions:
        return name
    return name + extensions[0]


@checks.register(checks.Tags.security)
def check_upload_kinds(app_configs=None, **kwargs):
    """UPLOAD_KINDS is well formed, and lists no type that is refused anyway."""
    errors = []
    for name, kind in getattr(settings, "UPLOAD_KINDS", {}).items():
        if not isinstance(kind.get("max_bytes"), int) or kind["max_bytes"] <= 0:
            errors.append(
                checks.Error(
                    f"UPLOAD_KINDS[{name!r}]['max_bytes'] must be a positive integer.",
                    id="core.E001",
                )
            )
        listed = [t for t in kind.get("types", []) if is_refused_type(t)]
        if listed:
            errors.append(
                checks.Warning(
                    f"UPLOAD_KINDS[{name!r}] lists {', '.join(listed)}: such files are refused "
                    "all the same.",
                    id="core.W001",
                )
            )
    return errors
