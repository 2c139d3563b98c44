"""The demo holds a sent report in each direction for the last full quarter, idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from statreports.forms import last_full_quarter
from statreports.models import StatReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("migration_data")]


def test_seed_demo_sends_a_report_each_way(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="Пароль-демо-1")
    call_command("seed_demo", password="Пароль-демо-1")
    year, quarter = last_full_quarter()
    reports = StatReport.objects.order_by("country")
    assert [(r.country, r.status, r.year, r.quarter) for r in reports] == [
        ("KG", "sent", year, quarter),
        ("KZ", "sent", year, quarter),
    ]
    # The figures are real: the demo's cases opened in the quarter are counted.
    kz = reports.get(country="KZ")
    assert any(row for f in kz.figures for row in f["rows"])
