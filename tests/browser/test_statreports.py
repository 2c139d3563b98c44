"""In real headless Chromium at 1366x768: a KZ coordinator prepares and sends the quarterly
statistical report, a KG coordinator reads it as an incoming report."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from statreports import services
from statreports.models import StatReport, StatReportRead
from tests.browser.test_case_workflow import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def shot(page: Page, output_path, name: str) -> None:
    path = Path(output_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_kz_coordinator_sends_the_quarterly_report_and_kg_coordinator_reads_it(
    page: Page, live_server, personas, output_path
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "kz_coordinator")
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("nav-group").click()
    page.get_by_role("link", name="Обмен статистикой").click()
    page.get_by_test_id("prepare").click()
    # The form proposes the last finished quarter.
    page.locator("#id_note").fill("Сведения за квартал направляются в порядке обмена.")
    page.get_by_test_id("prepare-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("проект")
    expect(page.get_by_test_id("preview-note")).to_be_visible()
    report = StatReport.objects.get()

    # The KZ prosecutor's approval freezes the figures (the coordinator could approve as well).
    services.statreport_step(report=report, actor=personas["kz_prosecutor"], step="approve")
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("утверждён")
    page.locator("form[data-step=send] button[type=submit]").click()
    modal = page.get_by_test_id("confirm-modal")
    expect(modal).to_be_visible()
    expect(modal.get_by_test_id("confirm-object")).to_have_text(report.reference)
    no_horizontal_scroll(page)
    modal.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("status")).to_have_text("направлен")
    expect(page.get_by_test_id("document-code")).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, output_path, "statreport-sent.png")

    # The KG coordinator: the report waits on the start page, one click opens it.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "kg_coordinator")
    page.goto(f"{live_server.url}/")
    received = page.get_by_test_id("home-statreports")
    expect(received.get_by_test_id("home-statreports-count")).to_have_text("1")
    received.get_by_role("link", name=report.reference).click()
    expect(page.locator("h1")).to_have_text(report.reference)
    expect(page.get_by_text("входящий").first).to_be_visible()
    expect(page.get_by_test_id("figure").first).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, output_path, "statreport-incoming.png")
    assert StatReportRead.objects.filter(report=report, user=personas["kg_coordinator"]).exists()

    page.get_by_role("link", name="Обе страны за этот период").click()
    expect(page.get_by_test_id("compare-figure").first).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, output_path, "statreport-compare.png")
