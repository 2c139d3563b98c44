"""Validation of a step's data, shared by the pages and the API (one place for each rule)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core.forms import StyledFormMixin
from treaties.models import RefusalGround

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StepForm(StyledFormMixin, forms.Form):
    """Every field a step may take; each step's service says which it requires."""

    note = forms.CharField(
        label=_("note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    located_place = forms.CharField(label=_("where located"), required=False, max_length=255)
    detention_place = forms.CharField(label=_("place of detention"), required=False, max_length=255)
    detained_at = forms.DateTimeField(
        label=_("detained at (date and hour)"), required=False, widget=DATETIME
    )
    detaining_agency = forms.ModelChoiceField(
        label=_("detaining agency"), queryset=Agency.objects.all(), required=False
    )
    custody_court = forms.CharField(
        label=_("court ordering custody"), required=False, max_length=255
    )
    custody_ordered_on = forms.DateField(label=_("custody ordered on"), required=False, widget=DATE)
    request_received_on = forms.DateField(
        label=_("request received on"), required=False, widget=DATE
    )
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("", "—"),
            ("granted", _("extradition granted")),
            ("refused", _("extradition refused")),
        ],
        required=False,
    )
    decision_on = forms.DateField(
        label=_("decision of the General Prosecutor's Office"), required=False, widget=DATE
    )
    grounds = forms.ModelMultipleChoiceField(
        label=_("grounds for refusal"),
        queryset=RefusalGround.objects.filter(request_kind="extradition").select_related(
            "instrument"
        ),
        required=False,
    )
    appeal_court = forms.CharField(label=_("court of appeal"), required=False, max_length=255)
    appeal_outcome = forms.CharField(
        label=_("outcome of the appeal"), required=False, max_length=500
    )
    surrender_on = forms.DateField(label=_("surrender date"), required=False, widget=DATE)
    surrendered_on = forms.DateField(label=_("surrendered on"), required=False, widget=DATE)
    transfer_accepted_on = forms.DateField(
        label=_("transfer accepted on"), required=False, widget=DATE
    )
    release_reason = forms.CharField(label=_("reason for release"), required=False, max_length=500)

    # The fields each step shows on the page.
    FIELDS = {
        "locate": ["located_place", "note"],
        "detain": ["detention_place", "detained_at", "detaining_agency", "note"],
        "order_custody": ["custody_court", "custody_ordered_on", "note"],
        "receive_request": ["request_received_on", "note"],
        "request_supplement": ["note"],
        "supplement": ["note"],
        "arrest": ["note"],
        "decide": ["decision", "decision_on", "grounds", "note"],
        "appeal": ["appeal_court", "note"],
        "appeal_decided": ["decision", "appeal_outcome", "grounds", "note"],
        "fix_surrender": ["surrender_on", "note"],
        "postpone_surrender": ["surrender_on", "note"],
        "surrender": ["surrendered_on", "note"],
        "request_transfer": ["note"],
        "accept_transfer": ["transfer_accepted_on", "note"],
        "release": ["release_reason", "note"],
        "close": ["note"],
    }

    def __init__(self, *args, step: str, file=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if file is not None and "grounds" in self.fields:
            # Only the grounds of the instruments the file is founded on.
            self.fields["grounds"].queryset = self.fields["grounds"].queryset.filter(
                instrument__in=file.instruments.all()
            )
        for name in list(self.fields):
            if name not in self.FIELDS[step]:
                del self.fields[name]
