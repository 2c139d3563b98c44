"""One FilterSet for extradition files: the list page's filters and the API's, over visible
files."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.forms import AnyYesNoSelect
from deadlines.models import Deadline, DeadlineState
from extradition.choices import IN_CUSTODY, Purpose, Stage
from extradition.models import ExtraditionFile
from treaties.choices import TriggerEvent

# The clocks that bound a person's custody or surrender: "custody ends within N days".
CUSTODY_END_CLOCKS = (
    TriggerEvent.PERSON_DETAINED,
    TriggerEvent.CUSTODY_ORDERED,
    TriggerEvent.SURRENDER_DATE_FIXED,
)


def running_custody_clocks():
    """The running custody clocks of the file in the outer query (for EXISTS / subqueries)."""
    return Deadline.objects.filter(
        subject_type=ExtraditionFile._meta.label_lower,
        subject_id=Cast(OuterRef("pk"), CharField()),
        state=DeadlineState.RUNNING,
        kind__in=CUSTODY_END_CLOCKS,
    )


class ExtraditionFileFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        choices=Stage.choices, label=_("stage"), empty_label=_("all")
    )
    requested_state = django_filters.ChoiceFilter(
        choices=Country.choices, label=_("requested state"), empty_label=_("all")
    )
    # The list page's name for the requested state.
    country = django_filters.ChoiceFilter(
        field_name="requested_state",
        choices=Country.choices,
        label=_("requested state"),
        empty_label=_("all"),
    )
    requesting_state = django_filters.ChoiceFilter(
        choices=Country.choices, label=_("requesting state"), empty_label=_("all")
    )
    purpose = django_filters.ChoiceFilter(
        choices=Purpose.choices, label=_("purpose"), empty_label=_("all")
    )
    in_custody = django_filters.BooleanFilter(
        method="filter_in_custody", label=_("in custody"), widget=AnyYesNoSelect
    )
    days_left = django_filters.NumberFilter(
        method="filter_days_left",
        label=_("custody ends within (days)"),
        min_value=0,
        max_value=3660,
    )

    class Meta:
        model = ExtraditionFile
        fields: list[str] = []

    def filter_in_custody(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(stage__in=IN_CUSTODY)
            if value
            else queryset.exclude(stage__in=IN_CUSTODY)
        )

    def filter_days_left(self, queryset, name, value):
        horizon = timezone.now() + datetime.timedelta(days=int(value))
        # A running clock ends by the horizon: the earliest one does (EXISTS, no join).
        return queryset.filter(Exists(running_custody_clocks().filter(due_at__lte=horizon)))
