"""In real headless Chromium: an investigator opens a case, adds a victim and a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("whoami")).to_be_visible()


def test_investigator_opens_a_case_with_a_victim_and_a_file(
    page: Page, live_server, personas, output_path, tmp_path
):
    sign_in(page, live_server.url, "kg_investigator")
    page.goto(f"{live_server.url}/cases/new/")
    page.locator("#id_national_number").fill("24-001-2026-004242")
    page.locator("#id_title").fill("Вербовка девушек в Баткене")
    page.locator("#id_summary").fill("Потерпевшие вывезены в г. Алматы под видом работы.")
    page.locator("#id_articles").select_option(label="ст. 166 УК КР 2021 — Торговля людьми")
    page.get_by_label("Сексуальная эксплуатация").check()
    page.locator("#id_route-0-locality").fill("г. Баткен")
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("KG-2026-")
    expect(page.get_by_test_id("qualifications")).to_contain_text("ст. 166 УК КР 2021")
    reference = Case.objects.get().reference

    page.get_by_role("link", name="Участники").click()
    page.locator("summary").click()
    page.locator("#id_role").select_option("victim")
    page.locator("#id_surname").fill("Жумабаева")
    page.locator("#id_given_name").fill("Асель")
    page.locator("#id_birth_date").fill("2006-04-17")
    page.get_by_role("button", name="Добавить участника").click()
    participants = page.get_by_test_id("participants")
    expect(participants).to_contain_text("Жумабаева Асель")
    expect(participants).to_contain_text("потерпевший")

    document = tmp_path / "Объяснение потерпевшей.txt"
    document.write_text("Объяснение получено 20.05.2026.", encoding="utf-8")
    page.get_by_role("link", name="Вложения").click()
    page.locator("#id_file").set_input_files(str(document))
    page.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("Объяснение потерпевшей.txt")

    page.get_by_role("navigation", name="Основная навигация").get_by_role(
        "link", name="Уголовные дела"
    ).click()
    row = page.get_by_test_id("case-table").get_by_role("row", name=reference)
    expect(row).to_contain_text("Вербовка девушек в Баткене")
    expect(row).to_contain_text("ст. 166 УК КР 2021")
    expect(row.locator("td").nth(4)).to_have_text("1")  # victims, derived from participants

    shot = Path(output_path) / "case-list.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
