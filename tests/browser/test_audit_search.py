"""In real headless Chromium at 1366×768: an auditor finds a request's events by its reference."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from requests_mla import services as mla_services
from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case
from tests.requests_mla.conftest import complete_fields, complete_relations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_auditor_finds_a_request_by_its_reference(page: Page, live_server, personas):
    case = make_case(personas["kg_investigator"], number="24-001-2026-009300")
    request = mla_services.mla_request_create(
        case=case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(case),
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "auditor")
    page.goto(f"{live_server.url}/audit/")
    page.locator("#id_reference").fill(request.reference)
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_test_id("audit-found")).to_contain_text(request.reference)
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text(f"requests_mla.mlarequest#{request.pk}")
    expect(page.locator("table")).not_to_contain_text(f"cases.case#{case.pk}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
