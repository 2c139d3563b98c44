"""In real headless Chromium: a coordinator assigns a task to a KZ member, who finishes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_case_workflow import sign_in
from tests.teams.conftest import mirror, team  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_coordinator_assigns_investigator_finishes_coordinator_sees_it_done(
    page: Page,
    live_server,
    personas,
    team,  # noqa: F811
    output_path,
):
    sign_in(page, live_server.url, "kg_coordinator")
    page.goto(f"{live_server.url}/teams/{team.pk}/")
    form = page.get_by_test_id("task-form")
    form.locator("#id_title").fill("Допросить свидетеля Садыкова")
    form.locator("#id_case").select_option(index=1)
    form.locator("#id_assignee").select_option(str(personas["kz_investigator"].pk))
    form.locator("button[type=submit]").click()
    expect(page.locator('[data-column="todo"]')).to_contain_text("Допросить свидетеля Садыкова")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "kz_investigator")
    page.goto(f"{live_server.url}/teams/my-tasks/")
    page.get_by_test_id("my-tasks").get_by_text("Допросить свидетеля Садыкова").click()
    move = page.get_by_test_id("move-form")
    move.locator("#status").select_option("in_progress")
    move.locator("button[type=submit]").click()
    move = page.get_by_test_id("move-form")
    move.locator("#status").select_option("done")
    move.locator("#result").fill("Свидетель допрошен 01.12.2026, протокол приобщён.")
    move.locator("button[type=submit]").click()
    expect(page.get_by_test_id("task-result")).to_contain_text("Свидетель допрошен")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "kg_coordinator")
    page.goto(f"{live_server.url}/teams/{team.pk}/")
    expect(page.locator('[data-column="done"]')).to_contain_text("Допросить свидетеля Садыкова")
    shot = Path(output_path) / "board.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
