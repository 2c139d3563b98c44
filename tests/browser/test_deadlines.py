"""In real headless Chromium: the countdown of "My deadlines" and a reminder reaching the bell."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from deadlines import sweep
from deadlines.computation import reminder_points
from deadlines.models import Deadline
from tests.browser.test_case_workflow import sign_in
from tests.requests_mla.conftest import complete_fields, complete_relations
from tests.requests_mla.test_documents import send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_prosecutor_sees_the_countdown_and_a_reminder_arriving(
    page: Page, live_server, personas, output_path
):
    from requests_mla import services
    from tests.cases.conftest import make_case

    case = make_case(personas["kg_investigator"], number="24-001-2026-008001")
    mla = services.mla_request_create(
        case=case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(case),
    )
    send(personas, mla)
    clock = Deadline.objects.for_subject(mla).get()

    page.clock.install()
    sign_in(page, live_server.url, "kz_prosecutor")
    page.goto(f"{live_server.url}/deadlines/")
    row = page.get_by_role("row").filter(has_text=mla.reference)
    countdown = row.locator(".countdown")
    expect(countdown).to_be_visible()
    before = countdown.inner_text()
    page.clock.run_for(3000)
    expect(countdown).not_to_have_text(before)  # it counts down, in the browser
    # The request's arrival was told when it was sent (an event notification, not a reminder).
    from deadlines.models import Notification

    told = Notification.objects.filter(recipient=personas["kz_prosecutor"], read_at=None).count()
    assert told >= 1
    expect(page.get_by_test_id("bell-count")).to_have_text(str(told))

    # A week before the end, the sweep owes the prosecutor a reminder...
    lead_7 = dict(reminder_points(clock.due_at, clock.reminder_lead_days, clock.country))["lead-7"]
    assert sweep.sweep(now=lead_7, dispatch=False).notifications >= 1
    # ...and the bell's next poll (every 30 s) shows it, without reloading the page.
    page.clock.run_for(31_000)
    expect(page.get_by_test_id("bell-count")).to_have_text(str(told + 1))
    page.get_by_test_id("bell").click()
    expect(page.locator("main")).to_contain_text(mla.reference)

    shot = Path(output_path) / "deadlines.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
