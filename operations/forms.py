"""The forms of the operations pages: planning an operation and a side's results."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from accounts.models import User
from cases.forms import UserChoiceField, UserMultipleChoiceField
from cases.models import Case
from core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


class CaseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} — {obj.title}"


class OperationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=255)
    purpose = forms.CharField(
        label=_("purpose and measures"), widget=forms.Textarea(attrs={"rows": 3})
    )
    d_day = forms.DateField(label=_("D-day"), widget=DATE)
    h_hour = forms.TimeField(label=_("H-hour"), widget=TIME)
    zone = forms.ChoiceField(
        label=_("in the local time of"), choices=Country.choices, initial=Country.KG
    )
    cases = CaseChoiceField(label=_("cases"), queryset=Case.objects.none())
    teams = forms.ModelMultipleChoiceField(label=_("joint teams"), queryset=None, required=False)
    kg_leader = UserChoiceField(label=_("leader for the Kyrgyz Republic"), queryset=None)
    kz_leader = UserChoiceField(label=_("leader for the Republic of Kazakhstan"), queryset=None)
    participants = UserMultipleChoiceField(
        label=_("participating officers"), queryset=None, required=False
    )
    kg_tasks = forms.CharField(
        label=_("tasks of the Kyrgyz side"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kz_tasks = forms.CharField(
        label=_("tasks of the Kazakh side"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        from teams.models import JointTeam

        super().__init__(*args, **kwargs)
        officers = User.objects.filter(
            is_active=True, agency__country__in=[Country.KG, Country.KZ]
        ).select_related("agency")
        self.fields["cases"].queryset = Case.objects.visible_to(user, "change").order_by("-id")
        self.fields["teams"].queryset = JointTeam.objects.visible_to(user)
        self.fields["kg_leader"].queryset = officers.filter(agency__country=Country.KG)
        self.fields["kz_leader"].queryset = officers.filter(agency__country=Country.KZ)
        self.fields["participants"].queryset = officers


class ReportForm(StyledFormMixin, forms.Form):
    persons_detained = forms.IntegerField(label=_("persons detained"), min_value=0, initial=0)
    victims_identified = forms.IntegerField(label=_("victims identified"), min_value=0, initial=0)
    victims_assisted = forms.IntegerField(label=_("victims assisted"), min_value=0, initial=0)
    items_seized = forms.IntegerField(label=_("items seized"), min_value=0, initial=0)
    summary = forms.CharField(
        label=_("summary of the results"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
