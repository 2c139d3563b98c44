"""In real headless Chromium at 1366×768: the statistics page draws its charts (no console
error, under the strict CSP), fits the width, and its XLSX download holds the API's numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from stats.figures import FIGURES
from tests.browser.test_case_workflow import sign_in
from tests.stats.world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

Q1 = "date_from=2025-01-01&date_to=2025-03-31"


@pytest.fixture
def world(personas, agencies):
    return build_world(personas, agencies)


def test_coordinator_reads_the_charts_and_downloads_a_figure(
    page: Page, live_server, personas, world, output_path
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "kg_coordinator")
    page.goto(f"{live_server.url}/statistics/?{Q1}")
    expect(page.locator("h1")).to_be_visible()
    # Every figure with rows has its chart drawn by the static script (Chart.js from JSON).
    charts = page.locator("canvas[data-figure]")
    expect(page.locator("canvas[data-drawn=true]")).to_have_count(charts.count())
    assert charts.count() >= len(FIGURES) - 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    table = page.get_by_test_id("table-victims-by-sex-age")
    expect(table).to_contain_text("<3")
    shot = Path(output_path) / "statistics.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)

    figure = page.get_by_test_id("figure-requests-by-direction")
    figure.scroll_into_view_if_needed()
    with page.expect_download() as download_info:
        page.get_by_test_id("xlsx-requests-by-direction").click()
    download = download_info.value
    assert download.suggested_filename == (
        "statistics-requests-by-direction-2025-01-01_2025-03-31.xlsx"
    )
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    xlsx_rows = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    api = page.request.get(f"{live_server.url}/api/statistics/requests-by-direction/?{Q1}")
    assert api.ok
    assert xlsx_rows == api.json()["rows"]
    assert xlsx_rows == [["2025-01", 1], ["2025-02", 1], ["2025-03", 2]]


def test_bad_filter_is_shown_in_the_form(page: Page, live_server, personas):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "auditor")
    page.goto(f"{live_server.url}/statistics/")
    page.locator("#id_date_from").fill("2025-03-01")
    page.locator("#id_date_to").fill("2025-01-01")
    page.get_by_test_id("stats-filters").locator("button[type=submit]").click()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
