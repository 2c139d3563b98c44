from __future__ import annotations

import pytest

from statreports import services
from statreports.forms import last_full_quarter


def prepare(personas, key="kz_coordinator", note="Квартальный отчёт"):
    year, quarter = last_full_quarter()
    return services.statreport_prepare(
        actor=personas[key], period_kind="quarter", year=year, quarter=quarter, note=note
    )


def sent_report(personas, country="KZ"):
    side = country.lower()
    report = prepare(personas, f"{side}_coordinator")
    services.statreport_step(report=report, actor=personas[f"{side}_prosecutor"], step="approve")
    return services.statreport_step(
        report=report, actor=personas[f"{side}_coordinator"], step="send"
    )


@pytest.fixture
def draft(personas):
    return prepare(personas)
