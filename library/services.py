"""Adding documents and versions to the library. Every change is audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from library.extract import extract_text
from library.models import LibraryDocument, LibraryTag, LibraryVersion, officer_q
from library.search import fold

# What a library file may be: PDFs and office documents (plain text among them).
FILE_KINDS = ("pdf", "office")
DOCUMENT_FIELDS = (
    "title_ru",
    "title_en",
    "kind",
    "language",
    "description",
    "owning_agency",
    "own_country_only",
    "instrument",
)


def may_add(user) -> bool:
    """Officers with a working role add documents for their own agency (auditors only read)."""
    if getattr(user, "is_superuser", False):
        return True
    return officer_q(user) and bool(user.role_names - {Role.AUDITOR})


def may_change(user, document: LibraryDocument) -> bool:
    """The owning agency's officers and the registry administrators add versions."""
    if getattr(user, "is_superuser", False):
        return True
    if not may_add(user):
        return False
    return user.agency_id == document.owning_agency_id or user.has_role(Role.REGISTRY_ADMIN)


def tags_from(names: Iterable[str]) -> list[LibraryTag]:
    cleaned = {" ".join(n.split()).lower()[:60] for n in names if n and n.strip()}
    return [LibraryTag.objects.get_or_create(name=name)[0] for name in sorted(cleaned)]


def reindex(document: LibraryDocument) -> None:
    """search_text from the titles, description, tags and the newest version's text."""
    latest = document.versions.order_by("-number").first()
    parts = [
        document.title_ru,
        document.title_en,
        document.description,
        " ".join(t.name for t in document.tags.all()),
        latest.extracted_text if latest else "",
    ]
    document.search_text = fold(" ".join(p for p in parts if p))
    document.save(update_fields=["search_text", "updated_at"])


def _store_version(*, document, actor, upload, note: str) -> LibraryVersion:
    data = upload.read()
    upload.seek(0)
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = LibraryVersion.checked(
        upload, uploaded_by=actor, kinds=FILE_KINDS, document=document, number=number, note=note
    )
    version.extracted_text = extract_text(data, version.content_type)
    version.save_with(upload)
    return version


@transaction.atomic
def library_document_create(
    *,
    actor: User,
    title_ru: str,
    kind: str,
    language: str,
    upload,
    title_en: str = "",
    description: str = "",
    tags: Iterable[str] = (),
    instrument=None,
    own_country_only: bool = False,
    note: str = "",
) -> LibraryDocument:
    """A new document of the actor's agency with its first version."""
    if not may_add(actor) or actor.agency_id is None:
        raise PermissionDenied(_("Officers of the agencies add documents to the library."))
    if not (title_ru or "").strip():
        raise ValidationError({"title_ru": _("Give the title.")})
    document = LibraryDocument.objects.create(
        title_ru=title_ru.strip(),
        title_en=(title_en or "").strip(),
        kind=kind,
        language=language,
        description=(description or "").strip(),
        owning_agency_id=actor.agency_id,
        own_country_only=own_country_only,
        instrument=instrument,
        created_by=actor,
    )
    document.tags.set(tags_from(tags))
    version = _store_version(document=document, actor=actor, upload=upload, note=note)
    reindex(document)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        changes={
            **diff({}, snapshot(document, DOCUMENT_FIELDS)),
            "tags": [None, sorted(t.name for t in document.tags.all())],
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=version,
        changes=version.stored_changes(number=version.number),
        scope=document,
    )
    return document


@transaction.atomic
def library_version_add(
    *, document: LibraryDocument, actor: User, upload, note: str = ""
) -> LibraryVersion:
    """A new version of the file (the old ones stay, each with its SHA-256)."""
    if not LibraryDocument.objects.visible_to(actor).filter(pk=document.pk).exists():
        from django.http import Http404

        raise Http404
    if not may_change(actor, document):
        raise PermissionDenied(_("The owning agency adds versions of its documents."))
    # RACE: the document's row is locked so that two uploads do not take the same number.
    locked = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    version = _store_version(document=locked, actor=actor, upload=upload, note=(note or "")[:500])
    reindex(locked)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=version,
        changes=version.stored_changes(number=version.number),
        scope=locked,
    )
    return version
