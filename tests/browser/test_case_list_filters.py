"""In real headless Chromium: the case list's drop-downs of officers and registry entries
are read when the user reaches for them, and filter the list as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture
def two_leads(personas):
    """Two cases of the KR agency, each led by another of its officers."""
    own = make_case(
        personas["kg_investigator"], number="24-001-2026-000101", title="Вербовка в Оше"
    )
    other = make_case(
        personas["kg_coordinator"], number="24-001-2026-000102", title="Притон в Бишкеке"
    )
    return own, other


def test_the_lead_drop_down_is_read_when_reached_for_and_filters_the_list(
    page: Page, live_server, personas, two_leads, output_path
):
    own, other = two_leads
    foreign = make_case(personas["kz_investigator"], number="261500031000103", title="Притон")
    page.set_viewport_size(VIEWPORT)
    sign_in(page, live_server.url, "kg_coordinator")
    page.goto(f"{live_server.url}/cases/")
    lead = page.locator("#id_lead_investigator")
    expect(lead.locator("option")).to_have_count(1)  # "all": the officers are not read yet
    # The pointer over the drop-down reads the officers of the cases this user sees.
    lead.hover()
    expect(lead.locator("option")).to_have_count(3)
    expect(lead.locator("option")).to_contain_text(
        ["все", personas["kg_coordinator"].display_name, personas["kg_investigator"].display_name],
        ignore_case=True,
    )
    assert foreign.lead_investigator.display_name not in lead.inner_text()
    lead.select_option(label=personas["kg_investigator"].display_name)
    table = page.get_by_test_id("case-table")
    expect(table).to_contain_text(own.reference)
    expect(table).not_to_contain_text(other.reference)
    expect(page).to_have_url(re.compile(rf"lead_investigator={own.lead_investigator_id}"))
    page.screenshot(path=str(Path(output_path) / "case-list-lead-filter.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Opened filtered: the chosen officer is shown; the focus (the keyboard's way in) reads
    # the others, and the choice and the focus stay.
    page.reload()
    expect(lead.locator("option")).to_have_count(2)
    expect(lead).to_have_value(str(own.lead_investigator_id))
    lead.focus()
    expect(lead.locator("option")).to_have_count(3)
    expect(lead).to_have_value(str(own.lead_investigator_id))
    expect(lead).to_be_focused()
    # The article's drop-down is read the same way.
    article = page.locator("#id_article")
    expect(article.locator("option")).to_have_count(1)
    article.hover()
    expect(article.locator("option").nth(1)).to_be_attached()
    assert article.locator("option").count() > 10


def test_without_javascript_the_page_shows_every_choice_on_request(
    browser: Browser, live_server, personas, two_leads, output_path
):
    own, other = two_leads
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "kg_coordinator")
        page.goto(f"{live_server.url}/cases/?status=open")
        lead = page.locator("#id_lead_investigator")
        expect(lead.locator("option")).to_have_count(1)
        # Nothing would read the officers: the page says how to have them all.
        expect(page.get_by_test_id("all-choices")).to_be_visible()
        page.screenshot(path=str(Path(output_path) / "case-list-no-js-link.png"))
        page.get_by_test_id("all-choices").click()
        expect(lead.locator("option")).to_have_count(3)
        expect(page.locator("#id_status")).to_have_value("open")  # the filter kept
        lead.select_option(label=personas["kg_investigator"].display_name)
        page.locator("main form[role=search] button[type=submit]").click()
        table = page.get_by_test_id("case-table")
        expect(table).to_contain_text(own.reference)
        expect(table).not_to_contain_text(other.reference)
        # The next page of choices stays whole: the form carried the request along.
        expect(lead.locator("option")).to_have_count(3)
        expect(lead).to_have_value(str(own.lead_investigator_id))
        page.screenshot(path=str(Path(output_path) / "case-list-no-js.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
