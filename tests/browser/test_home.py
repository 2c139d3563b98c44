"""In real headless Chromium at 1366x768: a prosecutor's start page says what needs attention."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case
from tests.core.test_home import held, submitted_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_prosecutor_home_lists_custody_and_approval_and_opens_the_request(
    page: Page, live_server, personas, output_path
):
    case = make_case(personas["kg_investigator"], number="24-001-2026-009301")
    request = submitted_request(personas, case)
    file = held(personas, case, days_ago=37)  # three days of forty left

    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "kg_prosecutor")
    page.goto(f"{live_server.url}/")
    requests = page.get_by_test_id("home-requests")
    expect(requests.get_by_test_id("home-requests-count")).to_have_text("1")
    expect(requests).to_contain_text("Согласовать")
    custody = page.get_by_test_id("home-custody")
    expect(custody.get_by_test_id("home-custody-count")).to_have_text("1")
    expect(custody.locator(".countdown")).to_be_visible()
    # Empty sections say what to do next.
    expect(page.get_by_test_id("home-tasks-empty")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot = Path(output_path) / "home-prosecutor.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)

    # The custody clock opens its extradition file, the request its page: one click each.
    expect(custody.locator(f'a[href="/extradition/{file.pk}/"]')).to_have_count(1)
    requests.get_by_role("link", name=request.reference).click()
    expect(page).to_have_url(f"{live_server.url}/requests/{request.pk}/")
    expect(page.locator("h1")).to_contain_text(request.reference)
