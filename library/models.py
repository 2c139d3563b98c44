"""The shared library: legal acts, methodological materials and publications of both countries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.models import StoredFile, TimeStampedModel


class DocumentKind(models.TextChoices):
    LEGAL_ACT = "legal_act", _("legal act")
    METHODOLOGY = "methodology", _("methodological material")
    PUBLICATION = "publication", _("publication")


class Language(models.TextChoices):
    RU = "ru", _("Russian")
    KY = "ky", _("Kyrgyz")
    KK = "kk", _("Kazakh")
    EN = "en", _("English")


def officer_q(user) -> bool:
    """An officer of either country with a role in the portal."""
    return (
        user.is_authenticated
        and user.is_active
        and user.country in (Country.KG, Country.KZ)
        and bool(user.role_names)
    )


class LibraryDocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> LibraryDocumentQuerySet:
        """SECURITY: every officer of both countries reads the library, except documents the
        owning agency keeps to its own country; users without a role read nothing."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if not officer_q(user):
            return self.none()
        return self.filter(Q(own_country_only=False) | Q(owning_agency__country=user.country))


class LibraryTag(models.Model):
    """A subject heading of the library (labour exploitation, victims, extradition…)."""

    name = models.CharField(_("tag"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LibraryDocument(TimeStampedModel):
    """A document shared between the agencies: a legal act, a methodology, a publication."""

    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(LibraryTag, verbose_name=_("tags"), blank=True, related_name="+")
    owning_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    own_country_only = models.BooleanField(
        _("for the owning country only"),
        default=False,
        help_text=_("Only officers of the owning agency's country see it."),
    )
    # The registry's instrument whose text this is (the registry links to it from here).
    instrument = models.ForeignKey(
        "treaties.Instrument",
        verbose_name=_("instrument of the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
    )
    # Titles, description, tags and the current version's text, case-folded: what a search
    # reads (full-text on PostgreSQL through its GIN index, a substring elsewhere).
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = LibraryDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["-updated_at", "-id"]
        indexes = [
            # The list: newest first.
            models.Index(fields=["-updated_at", "-id"], name="library_doc_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title_ru

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "ru").startswith("en") and self.title_en:
            return self.title_en
        return self.title_ru


class LibraryVersion(StoredFile):
    """One version of a library document's file, with its SHA-256 and its extracted text."""

    document = models.ForeignKey(LibraryDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def storage_folder(self) -> str:
        return f"library/{self.document_id}"
