from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.forms import StyledFormMixin
from core.models import Confidence
from treaties.models import (
    CriminalArticle,
    CriminalCode,
    DeadlineRule,
    Instrument,
    InstrumentParty,
    NonWorkingDay,
    Provision,
    RefusalGround,
    RequiredElement,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadDaysField(forms.CharField):
    """Reminder lead times typed as "7, 3, 1, 0"."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        try:
            days = [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter whole numbers of days separated by commas, e.g. 7, 3, 1, 0.")
            ) from exc
        return sorted(set(days), reverse=True)


class LeadHoursField(LeadDaysField):
    """Reminder lead times of an hour or сутки clock, typed as "24, 12, 2"."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("Enter whole numbers of hours separated by commas, e.g. 24, 12, 2.")
            ) from exc


class InstrumentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Instrument
        fields = [
            "short_name",
            "name_ru",
            "name_en",
            "title_ru",
            "title_en",
            "citation_ru",
            "citation_en",
            "kind",
            "place_adopted",
            "adopted_on",
            "place_signed",
            "date_signed",
            "in_force_date",
            "amends",
            "channel_ru",
            "channel_en",
            "is_legal_basis",
            "covers_mla",
            "covers_extradition",
            "precedence",
            "superseded_by",
            "notes",
            "source",
            "confidence",
        ]
        widgets = {
            "adopted_on": DATE_WIDGET,
            "date_signed": DATE_WIDGET,
            "in_force_date": DATE_WIDGET,
        }


class _ChildForm(StyledFormMixin, forms.ModelForm):
    """A record under one instrument; its provision must be one of that instrument's."""

    def __init__(self, *args, instrument: Instrument | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instrument = instrument
        if "provision" in self.fields:
            # A deadline rule of national law or practice sits under no instrument: no provision.
            self.fields["provision"].queryset = (
                instrument.provisions.all() if instrument is not None else Provision.objects.none()
            )


class PartyForm(_ChildForm):
    class Meta:
        model = InstrumentParty
        fields = [
            "country",
            "status",
            "signed_on",
            "signed_source",
            "signed_confidence",
            "ratified_on",
            "ratification_act",
            "ratified_source",
            "ratified_confidence",
            "deposited_on",
            "deposited_source",
            "deposited_confidence",
            "in_force_since",
            "in_force_source",
            "in_force_confidence",
            "competent_authority_ru",
            "competent_authority_en",
            "reservations",
            "source",
            "confidence",
        ]
        widgets = {
            "signed_on": DATE_WIDGET,
            "ratified_on": DATE_WIDGET,
            "deposited_on": DATE_WIDGET,
            "in_force_since": DATE_WIDGET,
        }
        labels = {
            "source": _("source of the status and the competent authority"),
            "confidence": _("mark of the status and the competent authority"),
        }


class ProvisionForm(_ChildForm):
    class Meta:
        model = Provision
        fields = ["article", "subject", "summary", "text", "source", "confidence"]


class DeadlineRuleForm(_ChildForm):
    reminder_lead_days = LeadDaysField(
        label=_("reminders (days before)"),
        required=False,
        help_text=_("Whole days before the end, e.g. 7, 3, 1, 0; 0 is the last day."),
    )
    reminder_lead_hours = LeadHoursField(
        label=_("reminders (hours before)"),
        required=False,
        help_text=_("For clocks counted in hours or сутки: hours before the end, e.g. 24, 12, 2."),
    )

    class Meta:
        model = DeadlineRule
        fields = [
            "code",
            "name_ru",
            "name_en",
            "provision",
            "citation",
            "citation_en",
            "trigger",
            "counted_from",
            "country",
            "length",
            "unit",
            "day_kind",
            "jurisdiction",
            "reminder_lead_days",
            "reminder_lead_hours",
            "is_practice",
            "is_active",
            "description",
            "source",
            "confidence",
        ]


class RequiredElementForm(_ChildForm):
    class Meta:
        model = RequiredElement
        fields = [
            "request_kind",
            "code",
            "label_ru",
            "label_en",
            "provision",
            "check_kind",
            "supplied_by",
            "order",
            "source",
            "confidence",
        ]


class RefusalGroundForm(_ChildForm):
    class Meta:
        model = RefusalGround
        fields = [
            "request_kind",
            "code",
            "text_ru",
            "text_en",
            "provision",
            "is_mandatory",
            "order",
            "source",
            "confidence",
        ]


class CriminalCodeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CriminalCode
        fields = [
            "country",
            "short_name",
            "short_name_en",
            "name_ru",
            "name_en",
            "act",
            "in_force_from",
            "in_force_to",
            "source",
            "confidence",
        ]
        widgets = {"in_force_from": DATE_WIDGET, "in_force_to": DATE_WIDGET}


class CriminalArticleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CriminalArticle
        fields = [
            "code",
            "article",
            "part",
            "clause",
            "title_ru",
            "title_en",
            "category",
            "text",
            "min_imprisonment_months",
            "max_imprisonment_months",
            "sanction_ru",
            "sanction_en",
            "sanction_source",
            "sanction_confidence",
            "corresponding",
            "is_active",
            "source",
            "confidence",
        ]
        widgets = {"corresponding": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corresponding"].queryset = CriminalArticle.objects.select_related("code")


class DecreeForm(StyledFormMixin, forms.Form):
    """One decree (or announcement) changing a country's calendar: its source and mark."""

    country = forms.ChoiceField(label=_("country"), choices=Country.choices)
    source = forms.CharField(
        label=_("decree or source"),
        max_length=500,
        help_text=_("E.g. the resolution's number and date, or where the date was announced."),
    )
    confidence = forms.ChoiceField(
        label=_("confidence"),
        choices=Confidence.choices,
        help_text=_("“To be confirmed” while a date is only announced or estimated."),
    )


class DecreeDayForm(StyledFormMixin, forms.Form):
    """One date the decree changes."""

    date = forms.DateField(label=_("date"), required=False, widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("kind"), choices=NonWorkingDay.Kind.choices)
    note = forms.CharField(label=_("reason"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rows are laid out as a table without visible labels.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class _DecreeDayFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen: set = set()
        dated = 0
        for form in self.forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            if day is None:
                continue
            dated += 1
            if day in seen:
                form.add_error("date", _("This date is already given above."))
            seen.add(day)
        if not dated:
            raise forms.ValidationError(_("Give at least one date."))


DecreeDayFormSet = forms.formset_factory(
    DecreeDayForm, formset=_DecreeDayFormSet, extra=8, max_num=40, validate_max=True
)
