"""All writes of the statistical exchange, audited: prepare a report, take its steps, record
the first reading by each officer of the receiving country; and the figures it freezes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Country, Role
from audit.models import AuditAction
from audit.services import audit_record
from statreports.choices import DOCUMENT_KIND, PeriodKind
from statreports.models import StatReport, StatReportRead

# Frozen documents and figures are in Russian, the working language of both authorities.
REPORT_LANGUAGE = "ru"
REPORT_TEMPLATE = "statreports/documents/report.html"


def report_figures(report: StatReport, user) -> dict[str, Any]:
    """Every figure of the statistics page for the report's country and period, as the API
    gives them (small person counts already masked), computed as ``user`` may see them."""
    from stats.figures import FIGURES, Filters, compute, figure_json

    filters = Filters(country=report.country, date_from=report.date_from, date_to=report.date_to)
    with translation.override(REPORT_LANGUAGE):
        figures = [figure_json(compute(name, user, filters)) for name in FIGURES]
    return {
        "figures": figures,
        "period": {
            "kind": report.period_kind,
            "year": report.year,
            "quarter": report.quarter,
            "date_from": report.date_from.isoformat(),
            "date_to": report.date_to.isoformat(),
        },
        "country": report.country,
        "computed_at": timezone.now().isoformat(),
    }


@transaction.atomic
def statreport_prepare(
    *, actor, period_kind: str, year: int, quarter: int = 0, note: str = ""
) -> StatReport:
    """A draft report of the actor's country for a finished quarter or year (its coordinators
    prepare it; one report per country and period)."""
    if not actor.agency_id or not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied(_("Only a coordinator prepares the country's statistical report."))
    if period_kind == PeriodKind.YEAR:
        quarter = 0
    report = StatReport(
        country=actor.agency.country,
        period_kind=period_kind,
        year=year,
        quarter=quarter or 0,
        note=(note or "").strip(),
        prepared_by=actor,
    )
    if StatReport.objects.filter(
        country=report.country, period_kind=period_kind, year=year, quarter=report.quarter
    ).exists():
        raise ValidationError(
            {
                "year": _("The report of %(country)s for %(period)s already exists.")
                % {"country": Country(report.country).label, "period": report.period_label}
            }
        )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # RACE: a second coordinator preparing the same period
        raise ValidationError(
            {"year": _("The report for this period has just been prepared by someone else.")}
        ) from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        changes={
            "country": [None, report.country],
            "period": [None, report.reference],
            "note": [None, report.note],
        },
    )
    return report


def statreport_step(*, report: StatReport, actor, step: str, data=None) -> StatReport:
    """Take a step of the report's workflow (approve, reopen, send): see statreports.workflow."""
    from statreports.workflow import STATREPORT_WORKFLOW

    return STATREPORT_WORKFLOW.perform(report, step, actor, data or {})


def report_render(report: StatReport):
    """The report's PDF from its frozen figures (a preview until it is sent)."""
    from documents.services import document_render

    with translation.override(REPORT_LANGUAGE):
        return document_render(
            template=REPORT_TEMPLATE,
            context={
                "report": report,
                "figures": report.figures,
                "country_name": Country(report.country).label,
                "other_country_name": Country(other_country(report.country)).label,
            },
            reference=report.reference,
        )


def report_freeze_document(*, report: StatReport, actor):
    """Store the sent report's PDF as a frozen document (SHA-256, verification code)."""
    from documents.services import document_store

    with translation.override(REPORT_LANGUAGE):
        title = _("Statistical report %(reference)s") % {"reference": report.reference}
    return document_store(
        subject=report,
        kind=DOCUMENT_KIND,
        title=title,
        rendered=report_render(report),
        actor=actor,
        frozen=True,
    )


def other_country(country: str) -> str:
    return Country.KZ if country == Country.KG else Country.KG


def statreport_read(*, report: StatReport, actor) -> StatReportRead | None:
    """Record that an officer of the receiving country read a sent report — the first reading
    per officer, audited; later readings and the sending country's own readers change nothing."""
    if report.status != "sent" or not actor.agency_id or actor.agency.country == report.country:
        return None
    if StatReportRead.objects.filter(report=report, user=actor).exists():
        return None
    with transaction.atomic():
        read, created = StatReportRead.objects.get_or_create(
            report=report, user=actor, defaults={"read_at": timezone.now()}
        )
        if not created:
            return None
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=read,
            object_repr=_("%(reference)s read") % {"reference": report.reference},
            changes={"read_at": [None, read.read_at.isoformat()]},
            scope=report,
        )
    return read
