"""The workflow of a statistical report as a table for core.workflow.

Who may (decided here, once): a country's **coordinators** prepare its report and send it — they
are the channel to the other country's central authority; a coordinator **or a prosecutor** of
the country approves it (the prosecutor's office answers for the figures it signs off), and
either may reopen an approved report before it is sent. Nobody of the other country acts on it;
once sent, nobody acts on it at all (the report is frozen: a correction is a new exchange).

Approving freezes the figures as data (``services.report_figures``); sending renders the PDF
from the frozen data and stores it as a frozen document (SHA-256 and QR verification), and tells
the receiving country's coordinators.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Country, Role
from core.workflow import NOTHING, Notice, Rule, Step, Transition, Workflow
from statreports import forms
from statreports.choices import ReportStatus
from statreports.models import StatReport

S = ReportStatus


def own_country_q(*roles):
    """Reports of the user's own country, for users with one of ``roles`` in an agency."""

    def condition(user) -> Q:
        if not user.agency_id or not user.role_names & set(roles):
            return NOTHING
        return Q(country=user.agency.country)

    return condition


def _country_name(report: StatReport) -> str:
    return str(Country(report.country).label)


PREPARES = Rule(own_country_q(Role.COORDINATOR), "country_coordinator").held_by(
    lambda report: _("a coordinator of %(country)s") % {"country": _country_name(report)}
)
APPROVES = Rule(
    own_country_q(Role.COORDINATOR, Role.PROSECUTOR), "country_coordinator_or_prosecutor"
).held_by(
    lambda report: (
        _("a coordinator or prosecutor of %(country)s") % {"country": _country_name(report)}
    )
)


def _approve(step: Step) -> None:
    from statreports.services import report_figures

    report = step.obj
    report.data = report_figures(report, step.actor)
    report.approved_by, report.approved_at = step.actor, step.now
    step.changes["figures"] = [None, len(report.data["figures"])]


def _reopen(step: Step) -> None:
    report = step.obj
    step.changes["figures"] = [len(report.figures), None]
    report.data = {}
    report.approved_by = report.approved_at = None


def _send(step: Step) -> None:
    from statreports.services import report_freeze_document

    report = step.obj
    report.sent_by, report.sent_at = step.actor, step.now
    document = report_freeze_document(report=report, actor=step.actor)
    step.changes["document"] = [None, document.sha256]


def _receivers(report: StatReport) -> list[int]:
    """The receiving country's coordinators."""
    from accounts.models import User

    return list(
        User.objects.filter(is_active=True, groups__name=Role.COORDINATOR, agency__isnull=False)
        .exclude(agency__country=report.country)
        .values_list("pk", flat=True)
        .distinct()
    )


def _tell_sent(step: Step) -> list[Notice]:
    report = step.obj
    return [
        Notice(
            _receivers(report),
            "statreport_arrived",
            _("Statistical report %(reference)s of %(country)s has arrived")
            % {"reference": report.reference, "country": _country_name(report)},
            reverse("statreports:detail", kwargs={"pk": report.pk}),
            report.note,
        )
    ]


STATREPORT_WORKFLOW = Workflow(
    model=StatReport,
    state_label=lambda value: ReportStatus(value).label,
    visible=lambda user: StatReport.objects.visible_to(user),
    transitions=[
        Transition(
            "approve",
            frozenset({S.DRAFT}),
            S.APPROVED,
            APPROVES,
            form=forms.NoteForm,
            effect=_approve,
            label=gettext_lazy("approved"),
            button=gettext_lazy("Approve the figures"),
        ),
        Transition(
            "reopen",
            frozenset({S.APPROVED}),
            S.DRAFT,
            APPROVES,
            form=forms.ReasonForm,
            effect=_reopen,
            label=gettext_lazy("reopened"),
            button=gettext_lazy("Reopen"),
            confirm=gettext_lazy(
                "The frozen figures are discarded: the report must be approved again."
            ),
            note_field="reason",
        ),
        Transition(
            "send",
            frozenset({S.APPROVED}),
            S.SENT,
            PREPARES,
            form=forms.NoteForm,
            effect=_send,
            label=gettext_lazy("sent"),
            button=gettext_lazy("Send to the other country"),
            confirm=gettext_lazy(
                "The report goes to the other country's central authority as it stands: its "
                "PDF is frozen and the report can no longer be changed."
            ),
            notify=_tell_sent,
        ),
    ],
)
