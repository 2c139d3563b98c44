"""In real headless Chromium: the pages work under the Content-Security-Policy, and a script the
policy refuses is caught (the `context` fixture fails any test whose pages log an error)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case
from tests.conftest import browser_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

INJECT_INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineScriptRan = true";
    document.head.appendChild(script);
    return window.inlineScriptRan === true;
}"""


def test_an_inline_script_is_refused_and_reported(browser, live_server, personas):
    context = browser.new_context()
    errors = browser_errors(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    assert page.evaluate(INJECT_INLINE_SCRIPT) is False
    page.wait_for_timeout(200)  # the console message comes asynchronously
    context.close()
    assert any("Content Security Policy" in error for error in errors), errors


def test_pages_htmx_and_the_api_docs_work_under_the_policy(page: Page, live_server, personas):
    make_case(personas["kg_investigator"], number="24-001-2026-000321", title="Вербовка в Таласе")
    make_case(personas["kg_investigator"], number="24-001-2026-000322", title="Вербовка в Нарыне")
    sign_in(page, live_server.url, "kg_investigator")

    # htmx: the list filters as one types, without a page load and without an injected <style>.
    page.goto(f"{live_server.url}/cases/")
    rows = page.locator("#case-table tbody tr")
    expect(rows).to_have_count(2)
    page.locator("#id_q").press_sequentially("000321")  # keys with keyup events: ASCII
    expect(rows).to_have_count(1)
    assert page.locator("head style").count() == 0
    expect(page.locator("#case-table")).to_contain_text("Вербовка в Таласе")

    # The menu's collapse and the other pages' scripts and styles load.
    for path in ("/", "/deadlines/", "/registry/", "/documents/verify/", "/account/preferences/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_test_id("whoami")).to_be_visible()

    # The two-factor set-up page's QR code is a data: image (img-src allows data:).
    page.goto(f"{live_server.url}/account/two-factor/setup/")
    qr = page.get_by_test_id("totp-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    # Swagger UI: its set-up script is a file, so it runs and lists the API's operations.
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/cases/")
