"""In real headless Chromium at 1366×768: a coordinator drags a card to another column of the
team board, and the task takes that workflow step; a step that needs a text opens its form."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from audit.models import AuditEvent
from teams.models import Task
from tests.browser.test_case_workflow import sign_in
from tests.teams.conftest import mirror, team  # noqa: F401  (fixtures)
from tests.teams.test_teams import new_task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_coordinator_drags_a_card_to_the_next_column(
    page: Page,
    live_server,
    personas,
    team,  # noqa: F811
    output_path,
):
    task = new_task(personas, team)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "kg_coordinator")
    page.goto(f"{live_server.url}/teams/{team.pk}/")
    card = page.locator(f'[data-task="{task.pk}"]')
    expect(page.locator('[data-column="todo"]')).to_contain_text(task.title)
    card.drag_to(page.locator('[data-drop="in_progress"]'))
    expect(page.locator('[data-column="in_progress"]')).to_contain_text(task.title)
    expect(page.locator('[data-column="todo"]')).not_to_contain_text(task.title)
    assert Task.objects.get(pk=task.pk).status == "in_progress"

    # "Done" needs a result: the drop opens the card's form instead of moving the card.
    card = page.locator(f'[data-task="{task.pk}"]')
    card.drag_to(page.locator('[data-drop="done"]'))
    result = card.locator('[data-move-details="done"] textarea')
    expect(result).to_be_visible()
    expect(result).to_be_focused()
    assert Task.objects.get(pk=task.pk).status == "in_progress"
    result.fill("Потерпевшая допрошена, протокол приобщён.")
    card.locator('[data-move-details="done"] button[type=submit]').click()
    expect(page.locator('[data-column="done"]')).to_contain_text(task.title)
    assert Task.objects.get(pk=task.pk).status == "done"
    assert AuditEvent.objects.for_object(task).filter(action="transition").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Cancelling a card is confirmed: the drop opens a modal naming the task and the
    # consequence; dismissing it leaves the card where it was, confirming moves it.
    second = new_task(personas, team, title="Установить владельца квартиры в г. Алматы")
    page.reload()
    card = page.locator(f'[data-task="{second.pk}"]')
    card.drag_to(page.locator('[data-drop="cancelled"]'))
    modal = page.get_by_test_id("confirm-modal")
    expect(modal).to_be_visible()
    expect(page.get_by_test_id("confirm-object")).to_contain_text(second.title)
    assert Task.objects.get(pk=second.pk).status == "todo"
    page.screenshot(path=str(Path(output_path) / "board-cancel-confirm.png"))
    modal.locator("[data-bs-dismiss=modal].btn").click()
    expect(modal).to_be_hidden()
    assert Task.objects.get(pk=second.pk).status == "todo"
    page.locator(f'[data-task="{second.pk}"]').drag_to(page.locator('[data-drop="cancelled"]'))
    page.get_by_test_id("confirm-submit").click()
    expect(page.locator('[data-column="cancelled"]')).to_contain_text(second.title)
    assert Task.objects.get(pk=second.pk).status == "cancelled"

    shot = Path(output_path) / "board-drag.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
