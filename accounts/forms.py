from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.lockout import is_locked_out, lockout_message
from accounts.models import User
from core.forms import StyledFormMixin


class PreferencesForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "notification_mode", "time_zone"]


class LoginForm(AuthenticationForm):
    """Django's sign-in form; a sign-in refused by the lockout says so (and for how long)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        # Same message for an unknown user, a wrong password and a disabled account.
        "invalid_login": _("Wrong username or password."),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if is_locked_out(self.request):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise

    @property
    def locked_out(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "locked_out")
