from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "short_name", "country", "kind"]
    list_filter = ["country", "kind"]
    search_fields = ["name_ru", "name_en", "short_name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "agency", "is_active"]
    list_filter = ["agency__country", "groups", "is_active"]
    list_select_related = ["agency"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Agency"), {"fields": ("agency", "patronymic", "position", "time_zone")}),
    )
