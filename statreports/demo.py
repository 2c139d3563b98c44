"""Demo: each country's statistical report of the last full quarter, sent to the other (the
exchange and the start page show something real at once). Idempotent: a period's report that
exists is left as it is."""

from __future__ import annotations

from accounts.models import User
from statreports import services
from statreports.choices import PeriodKind
from statreports.forms import last_full_quarter
from statreports.models import StatReport

NOTES = {
    "KG": (
        "Направляем статистические сведения Кыргызской Республики о противодействии торговле "
        "людьми за отчётный квартал в порядке обмена информацией между центральными органами."
    ),
    "KZ": (
        "Направляем статистические сведения Республики Казахстан о выявленных фактах торговли "
        "людьми и о взаимодействии по запросам за отчётный квартал."
    ),
}


def seed_statreports() -> list[StatReport]:
    users = {u.username: u for u in User.objects.select_related("agency")}
    year, quarter = last_full_quarter()
    reports = []
    for side in ("kg", "kz"):
        coordinator, prosecutor = users[f"{side}_coordinator"], users[f"{side}_prosecutor"]
        existing = StatReport.objects.for_period(PeriodKind.QUARTER, year, quarter).filter(
            country=coordinator.agency.country
        )
        if existing.exists():
            reports.append(existing.get())
            continue
        report = services.statreport_prepare(
            actor=coordinator,
            period_kind=PeriodKind.QUARTER,
            year=year,
            quarter=quarter,
            note=NOTES[coordinator.agency.country],
        )
        services.statreport_step(report=report, actor=prosecutor, step="approve")
        reports.append(services.statreport_step(report=report, actor=coordinator, step="send"))
    return reports
