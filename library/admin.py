"""Read-only admin views of the library: documents and versions change through the services."""

from django.contrib import admin

from library.models import LibraryDocument, LibraryTag, LibraryVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LibraryDocument)
class LibraryDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title_ru", "kind", "language", "owning_agency", "own_country_only")
    list_filter = ("kind", "language", "own_country_only")
    search_fields = ("title_ru", "title_en")
    exclude = ("search_text",)


@admin.register(LibraryVersion)
class LibraryVersionAdmin(ReadOnlyAdmin):
    list_display = ("document", "number", "original_name", "sha256", "created_at")
    exclude = ("extracted_text",)


@admin.register(LibraryTag)
class LibraryTagAdmin(admin.ModelAdmin):
    search_fields = ("name",)
