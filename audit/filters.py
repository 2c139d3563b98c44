from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from audit.models import AuditAction, AuditEvent


def _local_day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


class AuditEventFilter(django_filters.FilterSet):
    """Filters of the audit page and its CSV export (dates in the viewer's zone)."""

    actor = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label=_("actor (username)")
    )
    agency = django_filters.ModelChoiceFilter(
        field_name="actor_agency", queryset=Agency.objects.all(), label=_("agency")
    )
    object_type = django_filters.CharFilter(lookup_expr="iexact", label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("action"))
    date_from = django_filters.DateFilter(
        method="filter_from", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        method="filter_to", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_local_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_local_day_start(value + datetime.timedelta(days=1)))
