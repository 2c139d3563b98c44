"""History tables read as people read: names instead of ids, labels instead of codes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from teams import services

pytestmark = pytest.mark.django_db


def _history(page: str) -> str:
    start = page.index('data-testid="history"')
    return re.sub(r"\s+", " ", page[start : page.index("</table>", start)])


def test_task_activity_names_the_assignee_and_labels_the_status(client, personas, team):
    kr, _kz = list(team.cases.order_by("pk"))
    kz = personas["kz_investigator"]
    task = services.task_create(
        team=team,
        actor=personas["kg_coordinator"],
        title="Допросить потерпевшую",
        case=kr,
        assignee=kz,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    services.task_move(task=task, actor=kz, status="in_progress")
    client.force_login(personas["kg_coordinator"])
    history = _history(client.get(f"/teams/{team.pk}/tasks/{task.pk}/").content.decode())
    assert f"{kz.last_name} {kz.first_name[0]}." in history  # the assignee, by name
    assert "исполнитель" in history.lower()  # the field's label, in Russian
    assert "к выполнению → в работе" in history  # the status's labels
    assert "todo" not in history and "in_progress" not in history and "∅" not in history
    assert f"→ {kz.pk} " not in history
