"""In real headless Chromium at 1366x768: a Kazakh investigator finds the Kyrgyz ministry's
methodology by another form of its words (PostgreSQL's Russian full-text search)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from tests.browser.test_case_workflow import sign_in
from tests.browser.test_layout import assert_fits
from tests.library.conftest import methodology  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="word forms («торговли» for «торговля») need PostgreSQL's Russian full-text "
        "configuration; on SQLite the library matches substrings only",
    ),
]


def test_search_by_another_word_form_finds_the_methodology(
    page: Page,
    live_server,
    personas,
    methodology,  # noqa: F811
    output_path,
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "kz_investigator")
    page.goto(f"{live_server.url}/library/")
    search = page.get_by_test_id("library-search")
    # The text says «торговля людьми»; the officer types the genitive «торговли».
    search.locator("#id_q").fill("торговли")
    search.locator("button[type=submit]").click()
    rows = page.get_by_test_id("document-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(methodology.title_ru)
    assert_fits(page, "library search")
    out = Path(output_path) / "library"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "search.png"), full_page=True)
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("versions")).to_contain_text(methodology.versions.get().sha256)
