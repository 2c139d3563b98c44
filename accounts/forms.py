from __future__ import annotations

from django import forms

from accounts.models import User
from core.forms import StyledFormMixin


class PreferencesForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "notification_mode", "time_zone"]
