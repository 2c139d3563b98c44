from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: a stored document is evidence. Its content is served by its subject's pages."""

    list_display = ("reference", "title", "kind", "version", "frozen", "created_at", "created_by")
    list_filter = ("kind", "frozen", "subject_type")
    search_fields = ("reference", "title", "sha256", "content_hash")
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)
    # The file field is left out: the admin would render a link to the file.
    fields = (
        "subject_type",
        "subject_id",
        "kind",
        "version",
        "title",
        "reference",
        "stored_name",
        "size",
        "sha256",
        "content_hash",
        "frozen",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    @admin.display(description=_("stored file"))
    def stored_name(self, obj: Document) -> str:
        return obj.file.name

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
