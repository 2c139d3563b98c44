"""In real headless Chromium at 1366×768: a destructive step asks first — with JavaScript as a
modal naming the file and the consequence, without JavaScript as a page saying the same."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import Agency
from extradition import services
from extradition.models import ExtraditionFile
from extradition.workflow import EXTRADITION_WORKFLOW
from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case
from tests.conftest import browser_errors
from tests.extradition.conftest import open_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

VIEWPORT = {"width": 1366, "height": 768}


def detained(personas, number: str) -> ExtraditionFile:
    file = open_file(personas, make_case(personas["kg_investigator"], number=number))
    return services.extradition_step(
        file=file,
        actor=personas["kz_prosecutor"],
        step="detain",
        data={
            "detention_place": "ИВС ДП г. Алматы",
            "detained_at": timezone.now() - datetime.timedelta(hours=2),
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shot(page: Page, output_path, name: str) -> None:
    path = Path(output_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def stage(file) -> str:
    return ExtraditionFile.objects.get(pk=file.pk).stage


def test_with_javascript_the_step_asks_in_a_modal(page: Page, live_server, personas, output_path):
    file = detained(personas, "24-001-2026-009101")
    page.set_viewport_size(VIEWPORT)
    sign_in(page, live_server.url, "kz_prosecutor")
    page.goto(f"{live_server.url}/extradition/{file.pk}/")
    no_horizontal_scroll(page)

    # Cancelled: the form goes back to the page, nothing is done.
    release = page.locator("form[data-step=release]")
    release.locator("textarea, input[type=text]").first.fill("Истёк срок")
    release.locator("button[type=submit]").click()
    modal = page.get_by_test_id("confirm-modal")
    expect(modal).to_be_visible()
    expect(modal.get_by_test_id("confirm-object")).to_have_text(file.reference)
    expect(modal.get_by_test_id("confirm-consequence")).to_have_text(
        str(EXTRADITION_WORKFLOW["release"].confirm)
    )
    modal.locator("[data-bs-dismiss=modal]").last.click()
    expect(modal).to_be_hidden()
    expect(page.locator(".col-lg-4 form[data-step=release] button[type=submit]")).to_be_visible()
    assert stage(file) == "detained"

    # Confirmed in the modal, with the reason typed there.
    page.locator("form[data-step=close] button[type=submit]").click()
    expect(modal).to_be_visible()
    expect(modal.get_by_test_id("confirm-object")).to_have_text(file.reference)
    note = modal.locator("form[data-step=close] textarea")
    expect(note).to_be_visible()
    note.fill("Розыск прекращён")
    no_horizontal_scroll(page)
    shot(page, output_path, "confirm-modal.png")
    modal.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("confirm-modal")).to_have_count(0)
    expect(page.get_by_test_id("timeline")).to_contain_text("Розыск прекращён")
    assert stage(file) == "closed"


def test_without_javascript_the_step_asks_on_a_page(
    browser: Browser, live_server, personas, output_path
):
    file = detained(personas, "24-001-2026-009102")
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    errors = browser_errors(context)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "kz_prosecutor")
        page.goto(f"{live_server.url}/extradition/{file.pk}/")
        page.locator("form[data-step=close] button[type=submit]").click()

        confirm = page.get_by_test_id("confirm-page")
        expect(confirm).to_be_visible()
        expect(confirm.get_by_test_id("confirm-object")).to_have_text(file.reference)
        expect(confirm.get_by_test_id("confirm-consequence")).to_have_text(
            str(EXTRADITION_WORKFLOW["close"].confirm)
        )
        assert stage(file) == "detained"
        no_horizontal_scroll(page)
        shot(page, output_path, "confirm-page.png")

        confirm.locator("textarea").fill("Розыск прекращён")
        confirm.get_by_test_id("confirm-submit").click()
        expect(page.get_by_test_id("timeline")).to_contain_text("Розыск прекращён")
        assert stage(file) == "closed"
        assert not errors, errors
    finally:
        context.close()
