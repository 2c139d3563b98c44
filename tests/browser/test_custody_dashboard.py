"""In real headless Chromium: the prosecutor's custody dashboard, least time left first."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Agency
from extradition import services
from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case
from tests.extradition.conftest import open_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def held(personas, case, days_ago: int):
    file = open_file(personas, case)
    kz = personas["kz_prosecutor"]
    detained = timezone.now() - datetime.timedelta(days=days_ago)
    services.extradition_step(
        file=file,
        actor=kz,
        step="detain",
        data={
            "detention_place": "ИВС ДП г. Алматы",
            "detained_at": detained,
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )
    services.extradition_step(
        file=file,
        actor=kz,
        step="order_custody",
        data={
            "custody_court": "Суд",
            "custody_ordered_on": detained.date() + datetime.timedelta(days=2),
        },
    )
    return file


def test_prosecutor_sees_who_is_held_and_for_how_long(
    page: Page, live_server, personas, output_path
):
    case = make_case(personas["kg_investigator"], number="24-001-2026-009001")
    urgent = held(personas, case, days_ago=37)  # three days left of forty
    calm = held(personas, case, days_ago=2)

    sign_in(page, live_server.url, "kz_prosecutor")
    page.goto(f"{live_server.url}/extradition/custody/")
    rows = page.get_by_test_id("custody-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(urgent.reference)  # least time left first
    expect(rows.nth(1)).to_contain_text(calm.reference)
    expect(rows.nth(0)).to_have_class("table-danger")  # under five days: red
    expect(rows.nth(1)).not_to_have_class("table-danger")

    rows.nth(0).get_by_role("link", name=urgent.reference).click()
    expect(page.get_by_test_id("stage")).to_be_visible()
    expect(page.locator(".countdown").first).to_be_visible()
    shot = Path(output_path) / "custody.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
