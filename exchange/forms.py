"""The forms of the exchange pages; the services decide (and refuse) what is allowed."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, User
from cases.models import Case
from core.forms import StyledFormMixin
from exchange import pickers
from exchange.choices import Category
from exchange.models import HandlingCode
from exchange.services import draft_cases
from exchange.widgets import PickList


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


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} — {obj.title}"


class HandlingCodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: HandlingCode) -> str:
        return f"{obj.code} — {obj.name}"


class MessageForm(StyledFormMixin, forms.Form):
    recipient_agency = forms.ModelChoiceField(
        label=_("to the agency"), queryset=Agency.objects.none()
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("named officers"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional: the officers of that agency the message is addressed to."),
        widget=PickList(search_name="officer_q", search_label=_("Find an officer by name")),
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
    cases = forms.ModelMultipleChoiceField(
        label=_("my cases it concerns"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("An urgent message names at least one: its response clock is kept with it."),
        widget=PickList(
            search_name="case_q", search_label=_("Find a case by reference, number or title")
        ),
    )
    attachments = MultipleFileField(label=_("files"), required=False)

    def __init__(self, *args, user: User, officer_query: str = "", case_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        country = pickers.sender_country(user)
        self.fields["recipient_agency"].queryset = Agency.objects.exclude(country=country)
        self.fields["recipient_agency"].label_from_instance = lambda a: a.name
        # The querysets validate what is posted (one query each); the pick lists show only what
        # was chosen and a capped offer, never every officer or case (national scale).
        self.fields["recipients"].queryset = pickers.officer_candidates(user)
        self.fields["cases"].queryset = pickers.case_candidates(user).order_by("-opened_on", "-id")

        officers = self.fields["recipients"].widget
        officers.search_url = reverse("exchange:officer_options")
        officers.search_params = ["recipient_agency"]
        officers.search_include = "#id_recipient_agency"
        officers.chosen = lambda values: pickers.officers_chosen(user, values)
        officers.offer = lambda: pickers.officers_offered(self.agency_id(), officer_query)
        # The agency's officers follow the agency chosen (the same answer as the search).
        self.fields["recipient_agency"].widget.attrs.update(
            {
                "hx-get": officers.search_url,
                "hx-trigger": "change",
                "hx-target": "#id_recipients_options",
                "hx-swap": "innerHTML",
                "hx-include": "#id_recipients_picker",
                "hx-params": "recipient_agency,recipients,officer_q",
            }
        )

        cases = self.fields["cases"].widget
        cases.search_url = reverse("exchange:case_options")
        cases.chosen = lambda values: pickers.cases_chosen(user, values)
        cases.offer = lambda: pickers.cases_offered(user, case_query)

    def agency_id(self) -> int | None:
        """The receiving agency chosen (posted, or given in the address), if it is one."""
        value = self["recipient_agency"].value()
        value = getattr(value, "pk", value)
        text = str(value or "").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None

    def clean(self):
        cleaned = super().clean()
        agency, named = cleaned.get("recipient_agency"), cleaned.get("recipients")
        if agency and named and any(officer.agency_id != agency.pk for officer in named):
            # The same rule as message_send; said here too so it shows beside other errors.
            self.add_error(
                "recipients",
                _("Name only officers with a case role of the receiving agency."),
            )
        return cleaned


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
