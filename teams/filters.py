"""One FilterSet for a team's tasks: the board's filters and the API's, over visible tasks."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.forms import AnyYesNoSelect
from teams.choices import TaskStatus
from teams.models import Task

OPEN_TASK = ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])


class TaskFilter(django_filters.FilterSet):
    team = django_filters.NumberFilter(field_name="team_id", label=_("team"))
    assignee = django_filters.NumberFilter(field_name="assignee_id", label=_("assignee"))
    status = django_filters.ChoiceFilter(
        choices=TaskStatus.choices, label=_("status"), empty_label=_("all")
    )
    country = django_filters.ChoiceFilter(
        field_name="case__country",
        choices=Country.choices,
        label=_("country of the case"),
        empty_label=_("both countries"),
    )
    case = django_filters.NumberFilter(field_name="case_id", label=_("case"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("overdue"), widget=AnyYesNoSelect
    )

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.filter(OPEN_TASK, due_on__lt=timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
