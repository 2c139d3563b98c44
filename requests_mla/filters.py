"""One FilterSet for the request list page and the API (over an already visible queryset)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.choices import Country
from core.forms import AnyYesNoSelect
from requests_mla.choices import FINAL_STATUSES, RequestStatus, RequestType
from requests_mla.models import MLARequest
from treaties.models import Instrument


@extend_schema_field(OpenApiTypes.INT)
class InstrumentFilter(django_filters.ModelChoiceFilter):
    pass


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=RequestStatus.choices, label=_("status"), empty_label=_("all")
    )
    request_type = django_filters.ChoiceFilter(
        choices=RequestType.choices, label=_("type"), empty_label=_("all")
    )
    country = django_filters.ChoiceFilter(
        choices=Country.choices,
        method="filter_country",
        label=_("requested country"),
        empty_label=_("all"),
    )
    instrument = InstrumentFilter(
        # Only what the label shows (``Instrument.name``): an instrument's row holds its titles,
        # citations and sources, read on every load of the list.
        queryset=Instrument.objects.legal_bases().only("short_name", "name_ru", "name_en"),
        method="filter_instrument",
        label=_("legal basis"),
        empty_label=_("all"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("overdue"), widget=AnyYesNoSelect
    )
    case = django_filters.NumberFilter(field_name="case_id", label=_("case"))

    class Meta:
        model = MLARequest
        fields: list[str] = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(requested_agency__country=value)

    def filter_instrument(self, queryset, name, value):
        through = MLARequest.instruments.through
        return queryset.filter(
            Exists(through.objects.filter(mlarequest=OuterRef("pk"), instrument=value))
        )

    def filter_overdue(self, queryset, name, value):
        # The requester's date has passed and the request is not finished.
        overdue = queryset.filter(execution_requested_by__lt=timezone.localdate()).exclude(
            status__in=FINAL_STATUSES
        )
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
