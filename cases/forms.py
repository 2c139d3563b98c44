from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Agency, User
from cases.choices import (
    WORLD_COUNTRIES,
    AccessLevel,
    DocumentKind,
    NationalRegister,
    ParticipantRole,
    RouteRole,
)
from cases.models import Case, Person
from cases.validators import validate_national_number
from core.forms import StyledFormMixin
from treaties.models import CriminalArticle, ExploitationForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    """An officer by name. The drop-down reads the name's columns only, not user rows (see
    ``core.forms.ChoicesInOneRead``)."""

    label_columns = User.NAME_FIELDS
    label_from_columns = staticmethod(User.name_from)

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class UserMultipleChoiceField(UserChoiceField, forms.ModelMultipleChoiceField):
    pass


class CaseForm(StyledFormMixin, forms.Form):
    """Opening or editing a case. Choices are limited to the owning agency and its country."""

    national_register = forms.ChoiceField(label=_("register"), choices=NationalRegister.choices)
    national_number = forms.CharField(
        label=_("register number"), max_length=40, validators=[validate_national_number]
    )
    title = forms.CharField(label=_("title"), max_length=255)
    summary = forms.CharField(
        label=_("summary of facts"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    opened_on = forms.DateField(label=_("opened on"), widget=DATE)
    committed_on = forms.DateField(
        label=_("offence committed on"),
        widget=DATE,
        required=False,
        help_text=_(
            "The date (or first date) of the act: it is qualified under the code edition in "
            "force on that date."
        ),
    )
    lead_investigator = UserChoiceField(label=_("lead investigator"), queryset=User.objects.none())
    investigators = UserMultipleChoiceField(
        label=_("assigned investigators"), queryset=User.objects.none(), required=False
    )
    articles = forms.ModelMultipleChoiceField(
        label=_("qualification (articles)"),
        queryset=CriminalArticle.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    exploitation_forms = forms.ModelMultipleChoiceField(
        label=_("forms of exploitation"),
        queryset=ExploitationForm.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        officers = User.objects.filter(agency=agency, is_active=True).order_by("last_name")
        investigators = officers.filter(groups__name=Role.INVESTIGATOR)
        self.fields["lead_investigator"].queryset = officers.filter(
            groups__name__in=[Role.INVESTIGATOR, Role.COORDINATOR]
        ).distinct()
        self.fields["investigators"].queryset = investigators
        self.fields["articles"].queryset = (
            CriminalArticle.objects.active().of_country(agency.country).select_related("code")
        )
        self.fields["national_register"].choices = [
            (value, label)
            for value, label in NationalRegister.choices
            if NationalRegister(value).country == agency.country
        ]
        self.fields["exploitation_forms"].widget.attrs["class"] = "form-check-input"

    @classmethod
    def initial_for(cls, case: Case) -> dict:
        return {
            "national_register": case.national_register,
            "national_number": case.national_number,
            "title": case.title,
            "summary": case.summary,
            "opened_on": case.opened_on,
            "committed_on": case.committed_on,
            "lead_investigator": case.lead_investigator_id,
            "investigators": [u.pk for u in case.investigators.all()],
            "articles": [q.article_id for q in case.qualifications.all()],
            "exploitation_forms": [f.pk for f in case.exploitation_forms.all()],
            "version": case.version,
        }


class RoutePointForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=RouteRole.choices)
    country = forms.ChoiceField(label=_("country"), choices=WORLD_COUNTRIES)
    locality = forms.CharField(label=_("locality"), max_length=255, required=False)


RouteFormSet = forms.formset_factory(RoutePointForm, extra=3, max_num=20, validate_max=True)


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "surname",
            "given_name",
            "patronymic",
            "surname_latin",
            "given_name_latin",
            "birth_date",
            "birth_place",
            "sex",
            "citizenship",
            "address",
            "contacts",
        ]
        widgets = {
            "birth_date": DATE,
            "address": forms.Textarea(attrs={"rows": 2}),
            "contacts": forms.Textarea(attrs={"rows": 2}),
        }


class ParticipantForm(PersonForm):
    role = forms.ChoiceField(label=_("role in the case"), choices=ParticipantRole.choices)
    document_kind = forms.ChoiceField(
        label=_("identity document"),
        choices=[("", "—"), *DocumentKind.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("document number"), max_length=50, required=False)
    document_country = forms.ChoiceField(
        label=_("issued by"), choices=[("", "—"), *WORLD_COUNTRIES], required=False
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    field_order = ["role"]

    def clean(self):
        data = super().clean()
        kind, number = data.get("document_kind"), data.get("document_number")
        if bool(kind) != bool(number):
            self.add_error(
                "document_number", _("Give both the kind and the number of the document.")
            )
        if kind and not data.get("document_country"):
            self.add_error("document_country", _("Which country issued the document?"))
        return data

    def documents(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("document_kind"):
            return []
        return [
            {
                "kind": data["document_kind"],
                "number": data["document_number"],
                "issuing_country": data["document_country"],
            }
        ]

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PersonForm.Meta.fields}


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("file"))
    description = forms.CharField(label=_("description"), max_length=500, required=False)


class GrantForm(StyledFormMixin, forms.Form):
    user = UserChoiceField(label=_("officer"), queryset=User.objects.none(), required=False)
    agency = forms.ModelChoiceField(
        label=_("or a whole agency"), queryset=Agency.objects.all(), required=False
    )
    levels = forms.MultipleChoiceField(
        label=_("access"),
        choices=AccessLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[AccessLevel.VIEW],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, agency__isnull=False)
            .select_related("agency")
            .order_by("agency__country", "last_name")
        )
        self.fields["levels"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("agency")):
            raise forms.ValidationError(_("Choose one officer or one agency."))
        return data


class LinkProposeForm(StyledFormMixin, forms.Form):
    identifier = forms.CharField(
        label=_("the other country's case"),
        max_length=40,
        help_text=_("Its portal reference (e.g. KZ-2026-00012) or its register number."),
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)
