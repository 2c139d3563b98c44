"""The forms of the exchange pages; the services decide (and refuse) what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, User
from cases.models import Case
from core.forms import StyledFormMixin
from exchange.choices import Category
from exchange.models import READER_ROLES, HandlingCode
from exchange.services import draft_cases


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class OfficerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} — {obj.agency.short_name or obj.agency.name}"


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} — {obj.title}"


class CaseMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} — {obj.title}"


class HandlingCodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: HandlingCode) -> str:
        return f"{obj.code} — {obj.name}"


class MessageForm(StyledFormMixin, forms.Form):
    recipient_agency = forms.ModelChoiceField(
        label=_("to the agency"), queryset=Agency.objects.none()
    )
    recipients = OfficerMultipleChoiceField(
        label=_("named officers"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional: the officers of that agency the message is addressed to."),
    )
    restricted = forms.BooleanField(label=_("only the named officers may read it"), required=False)
    subject = forms.CharField(label=_("subject"), max_length=255)
    text = forms.CharField(
        label=_("text"), max_length=50000, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    handling_code = HandlingCodeField(
        label=_("handling code"),
        queryset=HandlingCode.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    handling_restrictions = forms.CharField(
        label=_("further restrictions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    marking = forms.BooleanField(
        label=_("for official use only («для служебного пользования»)"), required=False
    )
    urgent = forms.BooleanField(label=_("urgent"), required=False)
    cases = CaseMultipleChoiceField(
        label=_("my cases it concerns"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("An urgent message names at least one: its response clock is kept with it."),
    )
    attachments = MultipleFileField(label=_("files"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        country = user.agency.country if user.agency_id else None
        self.fields["recipient_agency"].queryset = Agency.objects.exclude(country=country)
        self.fields["recipient_agency"].label_from_instance = lambda a: a.name
        self.fields["recipients"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=list(READER_ROLES))
            .exclude(agency__country=country)
            .exclude(agency__isnull=True)
            .select_related("agency")
            .distinct()
            .order_by("agency__name_ru", "last_name", "first_name")
        )
        self.fields["cases"].queryset = (
            Case.objects.visible_to(user).filter(country=country).order_by("-created_at", "-id")
            if country
            else Case.objects.none()
        )


class ReplyForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("answer"), max_length=50000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("files"), required=False)


class AcknowledgeForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("note"), max_length=2000, required=False)


class DraftRequestForm(StyledFormMixin, forms.Form):
    case = CaseChoiceField(label=_("from my case"), queryset=Case.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = draft_cases(user).order_by("-created_at", "-id")
