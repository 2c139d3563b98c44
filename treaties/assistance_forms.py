"""Forms of the kinds of assistance: a kind, and an instrument that provides it (its article)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from treaties.models import AssistanceKind, Instrument, InstrumentAssistance, Provision


class AssistanceKindForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AssistanceKind
        fields = ["code", "name_ru", "name_en", "order", "is_active", "source", "confidence"]
        help_texts = {
            "code": _("Stable key stored in requests; it cannot change once a request uses it."),
        }

    def clean_code(self):
        code = self.cleaned_data["code"]
        stored = self.instance.code if self.instance.pk else None
        if stored and code != stored:
            # Requests store the code (not a key): renaming it would orphan their actions.
            from requests_mla.models import RequestedAction

            if RequestedAction.objects.filter(kind=stored).exists():
                raise forms.ValidationError(
                    _("Requests name this kind by its code: deactivate it and add a new one.")
                )
        return code


class ProvisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, provision: Provision) -> str:
        return f"{provision.instrument.name}, {provision.citation}: {provision.subject}"


class InstrumentAssistanceForm(StyledFormMixin, forms.ModelForm):
    provision = ProvisionChoiceField(
        label=_("article"),
        queryset=Provision.objects.none(),
        required=False,
        help_text=_("Leave empty while the registry does not hold the article that provides it."),
    )

    class Meta:
        model = InstrumentAssistance
        fields = ["instrument", "provision", "source", "confidence"]

    def __init__(self, *args, kind: AssistanceKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        self.fields["instrument"].queryset = Instrument.objects.order_by("precedence", "short_name")
        self.fields["instrument"].label_from_instance = lambda i: i.name
        self.fields["provision"].queryset = Provision.objects.select_related("instrument").order_by(
            "instrument__precedence", "instrument_id", "id"
        )

    def clean(self):
        data = super().clean()
        instrument, provision = data.get("instrument"), data.get("provision")
        if instrument and provision and provision.instrument_id != instrument.pk:
            self.add_error("provision", _("Choose an article of the instrument that provides it."))
        return data
