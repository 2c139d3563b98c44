"""In real headless Chromium: a Bishkek prosecutor reads a custody clock set by Kazakh law —
its end in Almaty time and in their own, UTC on hover, its mark, the stage with the rule's length,
and the detention in Kyrgyzstan flagged as "to be confirmed" rather than given Kazakh law."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Agency
from extradition import services
from tests.browser.test_case_workflow import sign_in
from tests.extradition.conftest import open_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def test_a_kg_prosecutor_reads_the_custody_clock_in_both_zones(page: Page, live_server, personas):
    from tests.cases.conftest import make_case

    case = make_case(personas["kg_investigator"], number="24-001-2026-009377")
    file = open_file(personas, case)
    kz = personas["kz_prosecutor"]
    detained = datetime.datetime(2026, 11, 25, 17, 37, tzinfo=ALMATY)
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
        data={"custody_court": "Суд", "custody_ordered_on": datetime.date(2026, 11, 26)},
    )

    sign_in(page, live_server.url, "kg_prosecutor")
    page.goto(f"{live_server.url}/extradition/{file.pk}/")
    expect(page.get_by_test_id("stage")).to_contain_text("(40 суток)")
    row = page.get_by_test_id("deadline-row").filter(has_text="04.01.2027")
    expect(row).to_have_count(1)
    moment = row.get_by_test_id("moment-in-zones")
    expect(moment).to_have_text("04.01.2027 17:37 (Алматы) · 04.01.2027 18:37 (Бишкек)")
    expect(moment).to_have_attribute("title", "04.01.2027 12:37 UTC")
    expect(row.get_by_test_id("deadline-mark")).to_have_text("требует подтверждения")
    expect(row.get_by_test_id("deadline-length")).to_have_text("(40 суток)")
