"""Read-only admin views of operations: every change goes through the services (audited)."""

from django.contrib import admin

from operations.models import Operation, OperationReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Operation)
class OperationAdmin(ReadOnlyAdmin):
    list_display = ("name", "h_hour", "status", "kg_leader", "kz_leader")
    list_filter = ("status",)
    search_fields = ("name",)


@admin.register(OperationReport)
class OperationReportAdmin(ReadOnlyAdmin):
    list_display = ("operation", "country", "persons_detained", "victims_identified")
