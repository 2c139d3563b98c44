"""The library's forms: a new document, a new version, the search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from library.models import DocumentKind, Language
from treaties.models import Instrument


class DocumentForm(StyledFormMixin, forms.Form):
    title_ru = forms.CharField(label=_("title (Russian)"), max_length=500)
    title_en = forms.CharField(label=_("title (English)"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("language"), choices=Language.choices)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tags = forms.CharField(
        label=_("tags"), required=False, max_length=500, help_text=_("Separated by commas.")
    )
    instrument = forms.ModelChoiceField(
        label=_("instrument of the registry"),
        queryset=Instrument.objects.order_by("precedence", "short_name"),
        required=False,
    )
    own_country_only = forms.BooleanField(label=_("for my country only"), required=False)
    file = forms.FileField(label=_("file (PDF, text or office document)"))
    note = forms.CharField(label=_("note on the version"), max_length=500, required=False)

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class VersionForm(forms.Form):
    file = forms.FileField(label=_("file"))
    note = forms.CharField(label=_("what changed"), max_length=500, required=False)


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("any kind")), *DocumentKind.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("language"), choices=[("", _("any language")), *Language.choices], required=False
    )
    tag = forms.CharField(label=_("tag"), required=False, max_length=60)
