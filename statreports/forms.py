"""Input of the exchange's steps: preparing a report, approving it, reopening it, sending it."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from statreports.choices import PeriodKind
from statreports.models import period_bounds

FIRST_YEAR = 2000


def last_full_quarter(today: datetime.date | None = None) -> tuple[int, int]:
    """(year, quarter) of the last quarter that has ended."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3  # the running quarter is quarter + 1
    return (today.year, quarter) if quarter else (today.year - 1, 4)


class PrepareForm(StyledFormMixin, forms.Form):
    """The period of a new report: a quarter or a year that has ended."""

    period_kind = forms.ChoiceField(label=_("period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR, max_value=2100)
    quarter = forms.IntegerField(
        label=_("quarter"),
        min_value=1,
        max_value=4,
        required=False,
        help_text=_("For a quarter's report: 1 to 4."),
    )
    note = forms.CharField(
        label=_("covering note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        kind, year, quarter = data.get("period_kind"), data.get("year"), data.get("quarter")
        if kind is None or year is None:
            return data
        if kind == PeriodKind.QUARTER and not quarter:
            self.add_error("quarter", _("Choose the quarter."))
            return data
        if kind == PeriodKind.YEAR:
            if quarter:
                self.add_error("quarter", _("A year's report has no quarter."))
                return data
            data["quarter"] = 0
        _first, last = period_bounds(kind, year, data["quarter"])
        if last >= timezone.localdate():
            self.add_error(
                "year" if kind == PeriodKind.YEAR else "quarter",
                _("The period has not ended yet: a report covers a finished quarter or year."),
            )
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )
