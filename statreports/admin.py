from django.contrib import admin

from statreports.models import StatReport, StatReportRead


@admin.register(StatReport)
class StatReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through their workflow (statreports.services)."""

    list_display = ["reference", "country", "period_kind", "year", "quarter", "status", "sent_at"]
    list_filter = ["country", "status", "period_kind"]
    readonly_fields = [f.name for f in StatReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatReportRead)
class StatReportReadAdmin(admin.ModelAdmin):
    list_display = ["report", "user", "read_at"]
    readonly_fields = ["report", "user", "read_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
