"""Statistical reports one country's central authority sends the other's, and who read them.

The exchange of statistical information is a form of cooperation of its own: a coordinator of
one country prepares the report of a finished quarter or year (the statistics page's figures for
that country), it is approved — the figures are frozen as data at that moment — and sent to the
other country, where it arrives as an incoming report with its frozen PDF (SHA-256 and QR code).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country, Role
from core.models import TimeStampedModel
from statreports.choices import PeriodKind, ReportStatus

# Who takes part in the exchange: the coordinators and prosecutors of each country.
EXCHANGE_ROLES = frozenset({Role.COORDINATOR, Role.PROSECUTOR})


def exchange_country(user) -> str | None:
    """The country whose exchange ``user`` takes part in (a coordinator or prosecutor of one of
    its agencies), else None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
        return None
    if not user.role_names & EXCHANGE_ROLES:
        return None
    return user.agency.country


def may_exchange(user) -> bool:
    """Whether the exchange's pages are for ``user`` (the header's entry, the list's 403)."""
    return bool(getattr(user, "is_superuser", False) or exchange_country(user))


class StatReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> StatReportQuerySet:
        """SECURITY: a country's coordinators and prosecutors see its reports in every state;
        the other country's see them once sent — a draft or an approved report does not exist
        for them (404). Nobody else sees any."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        country = exchange_country(user)
        if country is None:
            return self.none()
        return self.filter(Q(country=country) | Q(status=ReportStatus.SENT))

    def for_period(self, kind: str, year: int, quarter: int) -> StatReportQuerySet:
        return self.filter(period_kind=kind, year=year, quarter=quarter)


class StatReport(TimeStampedModel):
    """One country's statistical report for a quarter or a year, sent to the other country."""

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # 1–4 for a quarter; 0 for a year's report (never null: the period's uniqueness needs it).
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    note = models.TextField(_("covering note"), blank=True)
    # The figures as approved: {"figures": [figure_json(...), ...], "period": {...}, ...}.
    data = models.JSONField(_("frozen figures"), default=dict, blank=True, editable=False)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = StatReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistical report")
        verbose_name_plural = _("statistical reports")
        ordering = ["-year", "-quarter", "country", "-id"]
        constraints = [
            # One report per country and period: a second one is refused (400), not stored.
            models.UniqueConstraint(
                fields=["country", "period_kind", "year", "quarter"],
                name="%(app_label)s_%(class)s_one_per_period",
            ),
            models.CheckConstraint(
                condition=(Q(period_kind=PeriodKind.QUARTER) & Q(quarter__gte=1, quarter__lte=4))
                | (Q(period_kind=PeriodKind.YEAR) & Q(quarter=0)),
                name="%(app_label)s_%(class)s_period_valid",
            ),
        ]
        indexes = [
            # The list: the reports of the reader's country and the sent ones, newest period first.
            models.Index(fields=["status", "-year", "-quarter"], name="statreport_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        period = f"{self.year}-Q{self.quarter}" if self.quarter else f"{self.year}"
        return f"STAT-{self.country}-{period}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTER:
            return _("Q%(quarter)d %(year)d") % {"quarter": self.quarter, "year": self.year}
        return _("year %(year)d") % {"year": self.year}

    @property
    def date_from(self) -> datetime.date:
        return period_bounds(self.period_kind, self.year, self.quarter)[0]

    @property
    def date_to(self) -> datetime.date:
        return period_bounds(self.period_kind, self.year, self.quarter)[1]

    @property
    def status_badge(self) -> str:
        return ReportStatus(self.status).badge

    @property
    def figures(self) -> list[dict]:
        return list((self.data or {}).get("figures") or [])


def period_bounds(kind: str, year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a quarter or a year."""
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    after = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


class StatReportRead(models.Model):
    """The first time an officer of the receiving country read a sent report (a receipt)."""

    report = models.ForeignKey(StatReport, on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("reading of a statistical report")
        verbose_name_plural = _("readings of statistical reports")
        constraints = [
            # RACE: two tabs opening the report at once record one first reading.
            models.UniqueConstraint(
                fields=["report", "user"], name="%(app_label)s_%(class)s_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.user_id} {self.read_at:%Y-%m-%d %H:%M}"
