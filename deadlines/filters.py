"""One FilterSet for "My deadlines" and the API (over an already visible queryset).

SECURITY: the filters narrow ``Deadline.objects.visible_to(user)``; none of them widens it, and
the subject types offered on the page come from the user's visible clocks only.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.choices import Country
from core.forms import AnyYesNoSelect, IsoDateTimeField
from deadlines.models import Deadline, DeadlineState, Notification
from treaties.choices import TriggerEvent

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DateTimeBeforeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date and time; one with an offset PostgreSQL refuses is read in the user's
    zone (core.forms.StorableDateTimeMixin)."""

    field_class = IsoDateTimeField


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A record's id (typed for the OpenAPI schema)."""

    field_class = forms.IntegerField


class DeadlineFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=TriggerEvent.choices, label=_("triggering event"), empty_label=_("all")
    )
    country = django_filters.ChoiceFilter(
        choices=Country.choices, label=_("jurisdiction"), empty_label=_("all")
    )
    state = django_filters.ChoiceFilter(
        choices=DeadlineState.choices, label=_("state"), empty_label=_("all")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("overdue"), widget=AnyYesNoSelect
    )
    # A naive value (the page's datetime-local input) is read in the user's zone.
    due_before = DateTimeBeforeFilter(
        field_name="due_at", lookup_expr="lt", label=_("due before"), widget=DATETIME_LOCAL
    )
    case = IdFilter(field_name="case_id", label=_("case"))
    subject_type = django_filters.CharFilter(
        field_name="subject_type", label=_("subject"), max_length=100
    )

    class Meta:
        model = Deadline
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        # Overdue as the sweep sees it: running and past its end (a paused clock is not).
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class NotificationFilter(django_filters.FilterSet):
    """The API's filter of a user's own notifications."""

    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("unread")
    )

    class Meta:
        model = Notification
        fields: list[str] = []
