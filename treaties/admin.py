"""Django admin for superusers. Saves go through the audited registry service."""

from django.contrib import admin

from treaties.models import (
    DeadlineRule,
    DeadlineRuleSource,
    Instrument,
    InstrumentParty,
    LegalThreshold,
    Provision,
    RefusalGround,
    RequiredElement,
)
from treaties.services import registry_record_save


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        registry_record_save(actor=request.user, instance=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = ["short_name", "kind", "date_signed", "in_force_date", "confidence"]
    list_filter = ["kind", "confidence", "is_legal_basis"]
    search_fields = ["short_name", "title_ru", "title_en"]


@admin.register(InstrumentParty)
class InstrumentPartyAdmin(AuditedAdmin):
    list_display = ["instrument", "country", "status", "in_force_since", "confidence"]
    list_filter = ["country", "status", "confidence"]


@admin.register(Provision)
class ProvisionAdmin(AuditedAdmin):
    list_display = ["instrument", "article", "subject", "confidence"]
    list_filter = ["instrument", "confidence"]
    search_fields = ["article", "subject", "summary"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = [
        "code",
        "trigger",
        "country",
        "length",
        "unit",
        "day_kind",
        "jurisdiction",
        "confidence",
    ]
    list_filter = ["trigger", "country", "confidence", "is_active"]
    search_fields = ["code", "name_ru", "name_en", "citation", "citation_en"]


@admin.register(DeadlineRuleSource)
class DeadlineRuleSourceAdmin(AuditedAdmin):
    """A treaty article beside a rule: confirmed here (its mark) by a registry administrator."""

    list_display = ["rule", "provision", "confidence", "note"]
    list_filter = ["confidence", "provision__instrument"]


@admin.register(RequiredElement)
class RequiredElementAdmin(AuditedAdmin):
    list_display = ["instrument", "request_kind", "code", "check_kind", "confidence"]
    list_filter = ["instrument", "request_kind", "confidence"]


@admin.register(RefusalGround)
class RefusalGroundAdmin(AuditedAdmin):
    list_display = ["instrument", "request_kind", "code", "is_mandatory", "confidence"]
    list_filter = ["instrument", "request_kind", "confidence"]


@admin.register(LegalThreshold)
class LegalThresholdAdmin(AuditedAdmin):
    """A number a treaty sets that is not a clock (extradition's minimum penalty)."""

    list_display = ["code", "instrument", "months", "citation", "confidence"]
    list_filter = ["instrument", "confidence"]
    search_fields = ["code", "name_ru", "name_en", "citation", "citation_en"]
