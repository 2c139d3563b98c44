"""The input of each step of a file: one form per step, holding only the fields it takes.

The workflow (extradition/workflow.py) validates a step's data with its form, on the page and
in the API alike, and refuses any other field (400).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core.forms import DateTimeField
from treaties.choices import RequestKind
from treaties.models import RefusalGround

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StepForm(forms.Form):
    """A step's input: its own fields, then a note (recorded in the history and the audit).
    Styled for the page by core.pages.step_forms."""

    takes_subject = True
    note_required = False

    note = forms.CharField(
        label=_("note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data=None, *args, subject=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.subject = subject
        self.fields["note"].required = self.note_required
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])


class LocateForm(StepForm):
    located_place = forms.CharField(label=_("where located"), max_length=255)


class DetainForm(StepForm):
    detention_place = forms.CharField(label=_("place of detention"), max_length=255)
    detained_at = DateTimeField(label=_("detained at (date and hour)"), widget=DATETIME)
    detaining_agency = forms.ModelChoiceField(
        label=_("detaining agency"), queryset=Agency.objects.all()
    )


class CustodyOrderForm(StepForm):
    custody_court = forms.CharField(label=_("court ordering custody"), max_length=255)
    custody_ordered_on = forms.DateField(label=_("custody ordered on"), widget=DATE)


class RequestReceivedForm(StepForm):
    request_received_on = forms.DateField(label=_("request received on"), widget=DATE)


class DecisionForm(StepForm):
    """A decision on the request; a refusal names its grounds, from the file's legal basis."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("", "—"),
            ("granted", _("extradition granted")),
            ("refused", _("extradition refused")),
        ],
    )
    grounds = forms.ModelMultipleChoiceField(
        label=_("grounds for refusal"),
        queryset=RefusalGround.objects.filter(request_kind=RequestKind.EXTRADITION).select_related(
            "instrument"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.subject is not None:
            # Only the grounds of the instruments the file is founded on (issue 12, item 2).
            self.fields["grounds"].queryset = self.fields["grounds"].queryset.filter(
                instrument__in=self.subject.instruments.all()
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refused" and not cleaned.get("grounds"):
            self.add_error("grounds", _("Choose the grounds for refusal."))
        return cleaned


class DecideForm(DecisionForm):
    decision_on = forms.DateField(
        label=_("decision of the General Prosecutor's Office"), widget=DATE
    )


class AppealDecidedForm(DecisionForm):
    appeal_outcome = forms.CharField(
        label=_("outcome of the appeal"), required=False, max_length=500
    )


class AppealForm(StepForm):
    appeal_court = forms.CharField(label=_("court of appeal"), max_length=255)


class SurrenderDateForm(StepForm):
    surrender_on = forms.DateField(label=_("surrender date"), widget=DATE)


class PostponeSurrenderForm(SurrenderDateForm):
    note_required = True


class SurrenderForm(StepForm):
    surrendered_on = forms.DateField(label=_("surrendered on"), widget=DATE)


class TransferAcceptedForm(StepForm):
    transfer_accepted_on = forms.DateField(label=_("transfer accepted on"), widget=DATE)


class ReleaseForm(StepForm):
    release_reason = forms.CharField(label=_("reason for release"), max_length=500)


class NoteForm(StepForm):
    """A step that takes only a note."""


class NoteRequiredForm(StepForm):
    note_required = True
