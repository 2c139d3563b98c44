"""The figures on the demo data, counted by hand from cases/demo.py."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import User
from stats.figures import Filters, compute, figure_json

pytestmark = pytest.mark.django_db


def test_demo_cases_per_month_as_each_country_sees_them(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="demo-password-1")
    kg = User.objects.get(username="kg_coordinator")
    kz = User.objects.get(username="kz_coordinator")
    # KR (МВД КР): «Ош» opened 14.04.2026 under one article, «Талас» 03.06.2026 under one.
    rows = figure_json(compute("cases-by-qualification", kg, Filters()))["rows"]
    assert {r[0]: sum(r[1:]) for r in rows} == {"2026-04": 1, "2026-05": 0, "2026-06": 1}
    # KZ (МВД РК): «Алматы» in April; «Шымкент» and «Караганда» in September.
    rows = figure_json(compute("cases-by-exploitation", kz, Filters()))["rows"]
    opened = {r[0] for r in rows if any(r[1:])}
    assert opened == {"2026-04", "2026-09"}
    # Neither sees the other's cases: the months run from its own first case to its last.
    assert rows[0][0] == "2026-04" and rows[-1][0] == "2026-09"
