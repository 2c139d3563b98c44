from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin


def _code_field(label, help_text="", numeric=False, autofocus=True) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code", "autofocus": autofocus, "spellcheck": "false"}
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.CharField(
        label=label, max_length=32, help_text=help_text, widget=forms.TextInput(attrs=attrs)
    )


class EnrollForm(StyledFormMixin, forms.Form):
    code = _code_field(_("Code from the app"), numeric=True)


class CodeForm(StyledFormMixin, forms.Form):
    code = _code_field(
        _("Code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


class DisableForm(StyledFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = _code_field(
        _("Code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        autofocus=False,
    )
