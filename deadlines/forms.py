"""The small forms of the deadline pages: a reason for every change, a new end for extensions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateTimeField, StyledFormMixin

REASON_MAX = 2000


class ReasonForm(StyledFormMixin, forms.Form):
    """Pause or resume a clock: who did it is recorded, and why must be too."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ExtendForm(ReasonForm):
    """Move the end of a clock later (an extension granted under its rule)."""

    # A datetime-local input has no zone: Django reads it in the activated zone, the user's.
    new_due_at = DateTimeField(
        label=_("new end"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    field_order = ["new_due_at", "reason"]


class FeedForm(forms.Form):
    """Create the personal calendar address, or replace it (the old one stops working)."""

    action = forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])
