"""In real headless Chromium at 1366x768: both leaders say "go" for a coordinated operation,
each side reads its own local H-hour, both sides file their results and see the totals."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from operations.models import Operation
from operations.workflow import moment_from_local
from tests.browser.test_case_workflow import sign_in
from tests.browser.test_layout import assert_fits
from tests.operations.conftest import cases_pair, plan  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def as_user(page: Page, live_server, username: str, path: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server.url, username)
    page.goto(f"{live_server.url}{path}")


def file_results(page: Page, detained: str, identified: str, summary: str) -> None:
    form = page.get_by_test_id("report-form")
    form.locator("#id_persons_detained").fill(detained)
    form.locator("#id_victims_identified").fill(identified)
    form.locator("#id_victims_assisted").fill(identified)
    form.locator("#id_items_seized").fill("3")
    form.locator("#id_summary").fill(summary)
    form.locator("button[type=submit]").click()


def test_two_leaders_decide_and_both_sides_report(
    page: Page,
    live_server,
    personas,
    cases_pair,  # noqa: F811
    output_path,
):
    page.set_viewport_size({"width": 1366, "height": 768})
    out = Path(output_path) / "operations"
    out.mkdir(parents=True, exist_ok=True)
    kr, kz = cases_pair
    day = timezone.localdate() + datetime.timedelta(days=7)
    operation = plan(personas, kr=kr, kz=kz, h_hour=moment_from_local(day, datetime.time(5), "KG"))
    path = f"/operations/{operation.pk}/"
    stamp = day.strftime("%d.%m.%Y")

    as_user(page, live_server, "kg_coordinator", path)
    expect(page.get_by_test_id("h-hour-KG")).to_have_text(f"{stamp} 05:00 (Бишкек)")
    expect(page.get_by_test_id("h-hour-KZ")).to_have_text(f"{stamp} 04:00 (Алматы)")
    expect(page.get_by_test_id("deadline-panel")).to_contain_text("День «Д»")
    page.locator('form[data-step="go"] button[type=submit]').click()
    expect(page.get_by_test_id("go-KG")).to_contain_text("проводим")
    expect(page.get_by_test_id("go-KZ")).to_have_text("решение не принято")
    assert_fits(page, "operation (KG leader)")
    # The "Cooperation" dropdown of the header holds the operations and the library.
    page.get_by_test_id("nav-group").first.click()
    expect(page.get_by_role("link", name="Библиотека")).to_be_visible()
    page.screenshot(path=str(out / "kg-leader.png"), full_page=True)

    as_user(page, live_server, "kz_coordinator", path)
    page.locator('form[data-step="go"] button[type=submit]').click()
    expect(page.get_by_test_id("operation-status")).to_have_text("решение о проведении принято")

    # D-day comes (the clock of the test moves the operation into the past).
    Operation.objects.filter(pk=operation.pk).update(
        h_hour=timezone.now() - datetime.timedelta(hours=3)
    )
    as_user(page, live_server, "kg_investigator", path)
    file_results(page, "2", "0", "Задержаны два вербовщика в г. Ош.")
    expect(page.get_by_test_id("report-KG")).to_contain_text("Задержаны два вербовщика")

    as_user(page, live_server, "kz_investigator", path)
    file_results(page, "1", "5", "Освобождены пять потерпевших в г. Алматы.")
    expect(page.get_by_test_id("report-KZ")).to_contain_text("Освобождены пять потерпевших")
    expect(page.get_by_test_id("report-KG")).to_contain_text("Задержаны два вербовщика")
    expect(page.get_by_test_id("total-detained")).to_have_text("3")
    assert_fits(page, "operation with both reports")
    page.screenshot(path=str(out / "both-reports.png"), full_page=True)

    # Someone not named in it does not know it exists.
    as_user(page, live_server, "kz_prosecutor", "/operations/")
    expect(page.get_by_test_id("operations")).not_to_contain_text(operation.name)
