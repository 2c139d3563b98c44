"""Cards move on the board itself: a button per step that needs nothing more, a fold-out form
for the steps that ask for a result or a reason — all without JavaScript, through the workflow."""

from __future__ import annotations

import re

import pytest

from audit.models import AuditEvent
from teams.models import Task
from tests.teams.conftest import mirror, team  # noqa: F401 — fixtures
from tests.teams.test_teams import new_task

pytestmark = pytest.mark.django_db


def _card(page: str, task: Task) -> str:
    match = re.search(rf'<div class="card mb-2" data-task="{task.pk}"(.*?)</div></div>', page, re.S)
    assert match, task.pk
    return match.group(0)


def test_each_card_offers_its_allowed_moves_and_only_them(client, personas, team):  # noqa: F811
    task = new_task(personas, team)
    client.force_login(personas["kz_investigator"])
    card = _card(client.get(f"/teams/{team.pk}/").content.decode(), task)
    # From "to do": start, block (with a reason), cancel — not "done".
    assert re.findall(r'data-move="(\w+)"', card) == ["in_progress", "cancelled", "blocked"]
    assert 'data-moves="in_progress cancelled blocked"' in card and 'draggable="true"' in card
    assert 'name="reason"' in card and 'name="result"' not in card
    client.force_login(personas["kg_investigator"])  # not the assignee, does not run the team
    card = _card(client.get(f"/teams/{team.pk}/").content.decode(), task)
    assert "data-move=" not in card and "draggable" not in card


def test_block_and_finish_from_the_board_without_javascript(client, personas, team):  # noqa: F811
    task = new_task(personas, team)
    url = f"/teams/{team.pk}/tasks/{task.pk}/move/"
    client.force_login(personas["kg_investigator"])  # not the assignee: refused, nothing moves
    assert client.post(url, {"status": "in_progress"}).status_code == 403
    client.force_login(personas["kz_investigator"])
    illegal = client.post(url, {"status": "done", "result": "x"}, follow=True)  # from "to do"
    assert "alert" in illegal.content.decode()
    empty = client.post(url, {"status": "blocked", "reason": "  "}, follow=True)
    assert "Say what blocks the task." in empty.content.decode() or "Укажите" in (
        empty.content.decode()
    )
    assert Task.objects.get(pk=task.pk).status == "todo"
    response = client.post(url, {"status": "blocked", "reason": "Свидетель в отъезде"})
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).status == "blocked"
    card = _card(client.get(f"/teams/{team.pk}/").content.decode(), task)
    assert re.findall(r'data-move="(\w+)"', card) == ["in_progress", "todo", "cancelled"]
    client.post(url, {"status": "in_progress"})
    card = _card(client.get(f"/teams/{team.pk}/").content.decode(), task)
    assert 'name="result"' in card
    client.post(url, {"status": "done", "result": "Допрошен, протокол приобщён."})
    task.refresh_from_db()
    assert task.status == "done" and task.result == "Допрошен, протокол приобщён."
    moves = AuditEvent.objects.for_object(task).filter(action="transition")
    assert moves.count() == 3
