"""One FilterSet for the messages: the list page's filters and the API's, over visible messages."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.forms import AnyYesNoSelect
from exchange.choices import Box, Category
from exchange.models import HandlingCode, Message, MessageRead


class MessageFilter(django_filters.FilterSet):
    box = django_filters.ChoiceFilter(
        choices=Box.choices, method="filter_box", label=_("messages"), empty_label=None
    )
    category = django_filters.ChoiceFilter(
        choices=Category.choices, label=_("category"), empty_label=_("all")
    )
    handling_code = django_filters.ModelChoiceFilter(
        queryset=HandlingCode.objects.all(),
        to_field_name="code",
        label=_("handling code"),
        empty_label=_("all"),
    )
    urgent = django_filters.BooleanFilter(label=_("urgent"), widget=AnyYesNoSelect)
    unread = django_filters.BooleanFilter(
        method="filter_unread", label=_("unread"), widget=AnyYesNoSelect
    )
    q = django_filters.CharFilter(method="filter_q", label=_("search"))

    class Meta:
        model = Message
        fields: list[str] = []

    @property
    def user(self):
        return self.request.user

    def filter_box(self, queryset, name, value):
        agency = self.user.agency_id
        if value == Box.INBOX:
            return queryset.filter(recipient_agency=agency)
        if value == Box.SENT:
            return queryset.filter(sender_agency=agency)
        return queryset

    def filter_unread(self, queryset, name, value):
        # A thread is unread while one of its messages by others has no receipt of this user.
        unread = (
            Message.objects.filter(Q(pk=OuterRef("pk")) | Q(thread=OuterRef("pk")))
            .exclude(sender=self.user.pk)
            .exclude(Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=self.user.pk)))
        )
        return queryset.filter(Exists(unread)) if value else queryset.exclude(Exists(unread))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The thread's own words or those of its answers (a subquery per row, not a join).
        answers = Message.objects.filter(thread=OuterRef("pk")).filter(
            Q(text__icontains=value) | Q(reference__icontains=value)
        )
        return queryset.filter(
            Q(subject__icontains=value)
            | Q(text__icontains=value)
            | Q(reference__icontains=value)
            | Exists(answers)
        )
