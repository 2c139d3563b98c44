"""The select boxes written in Python are the same markup as Django's templates make."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.renderers import PortalFormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", '"quoted" <b>')])
    grouped = forms.ChoiceField(
        choices=[("Кыргызстан", [("kg1", "УК КР ст. 166")]), ("x", "вне групп")],
        required=False,
    )
    several = forms.MultipleChoiceField(
        choices=[(1, "один"), (2, "два"), (3, "три")],
        widget=forms.SelectMultiple(attrs={"class": "form-select", "data-x": 'a"b'}),
    )
    flag = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=[("z", "Z")], disabled=True)


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "b", "grouped": "kg1", "several": ["1", "3"], "flag": "true"}],
)
def test_python_select_is_byte_identical_to_the_template(data):
    for name in Sample.base_fields:
        django_html = str(Sample(data, renderer=DjangoTemplates())[name])
        portal_html = str(Sample(data, renderer=PortalFormRenderer())[name])
        assert portal_html == django_html, name


def test_the_portal_uses_it(settings):
    assert settings.FORM_RENDERER == "core.renderers.PortalFormRenderer"
