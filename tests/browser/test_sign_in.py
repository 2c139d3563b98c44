"""In real headless Chromium: sign in, see the Russian interface, switch to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_investigator_signs_in_in_russian_and_switches_to_english(
    page: Page, live_server, personas, output_path
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.get_by_label("Имя пользователя").fill("kg_investigator")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Вход").click()

    expect(page.get_by_test_id("whoami")).to_contain_text("МВД Кыргызской Республики")
    nav = page.get_by_role("navigation", name="Основная навигация")
    expect(nav.get_by_role("link", name="Реестр договоров")).to_be_visible()

    page.get_by_test_id("whoami").get_by_role("button").first.click()  # the user's menu
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Registry").click()
    expect(page.get_by_role("heading", name="Treaty registry")).to_be_visible()
    expect(page.get_by_role("cell", name="Chisinau Convention", exact=False).first).to_be_visible()

    shot = Path(output_path) / "registry-en.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
