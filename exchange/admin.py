from django.contrib import admin

from exchange.models import HandlingCode, Message, MessageAttachment, MessageRead


@admin.register(HandlingCode)
class HandlingCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "evidence_use", "dissemination", "confidence", "is_active"]
    list_filter = ["confidence", "is_active"]


class AttachmentInline(admin.TabularInline):
    model = MessageAttachment
    extra = 0
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by"]
    readonly_fields = fields
    can_delete = False


class ReadInline(admin.TabularInline):
    model = MessageRead
    extra = 0
    readonly_fields = ["user", "read_at"]
    can_delete = False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages are legal records: read-only here, written through the services."""

    list_display = ["reference", "subject", "sender_agency", "recipient_agency", "created_at"]
    list_filter = ["category", "handling_code", "urgent"]
    search_fields = ["reference", "subject"]
    inlines = [AttachmentInline, ReadInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
