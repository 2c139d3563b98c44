"""Joint teams on the one workflow mechanism: the holes the scattered tables let through."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from deadlines.models import Deadline, DeadlineState
from teams import services
from teams.models import Task, TeamMember
from teams.workflow import TASK_WORKFLOW, TEAM_WORKFLOW
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def new_task(personas, team, assignee="kz_investigator"):
    kr, _kz = list(team.cases.order_by("pk"))
    return services.task_create(
        team=team,
        actor=personas["kg_coordinator"],
        title="Допросить потерпевшую",
        case=kr,
        assignee=personas[assignee],
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )


def clock_state(task) -> str:
    return Deadline.objects.for_subject(task).get().state


def test_a_done_task_taken_up_again_runs_its_clock_again(personas, team):
    task = new_task(personas, team)
    actor = personas["kz_investigator"]
    services.task_move(task=task, actor=actor, status="in_progress")
    services.task_move(task=task, actor=actor, status="done", result="Допрошена.")
    assert clock_state(task) == DeadlineState.MET
    services.task_move(task=task, actor=actor, status="in_progress")
    clock = Deadline.objects.for_subject(task).get()
    assert clock.state == DeadlineState.RUNNING and clock.next_check_at is not None


def test_a_cancelled_task_restored_runs_its_clock_again(personas, team):
    task = new_task(personas, team)
    services.task_move(task=task, actor=personas["kg_coordinator"], status="cancelled")
    assert clock_state(task) == DeadlineState.CANCELLED
    services.task_move(task=task, actor=personas["kg_coordinator"], status="todo")
    assert clock_state(task) == DeadlineState.RUNNING


def test_member_roles_come_only_from_the_list(client, personas, team):
    client.force_login(personas["kg_coordinator"])
    response = client.post(
        f"/teams/{team.pk}/member/",
        {"user": personas["kz_prosecutor"].pk, "role": "boss"},
        follow=True,
    )
    assert response.status_code == 200
    assert not TeamMember.objects.filter(team=team, user=personas["kz_prosecutor"]).exists()
    with pytest.raises(Exception, match="role"):
        services.member_add(
            team=team,
            actor=personas["kg_coordinator"],
            user=personas["kz_prosecutor"],
            role="boss",
            joined_on=timezone.localdate(),
        )
    client.post(
        f"/teams/{team.pk}/member/", {"user": personas["kz_prosecutor"].pk, "role": "expert"}
    )
    assert TeamMember.objects.get(team=team, user=personas["kz_prosecutor"]).role == "expert"


def test_a_member_leaves_the_team_from_its_page(client, personas, team):
    expert = personas["kz_prosecutor"]  # sees the team only as its member
    member = services.member_add(
        team=team,
        actor=personas["kg_coordinator"],
        user=expert,
        role="expert",
        joined_on=timezone.localdate(),
    )
    client.force_login(expert)
    assert client.get(f"/teams/{team.pk}/").status_code == 200
    assert client.post(f"/teams/{team.pk}/members/{member.pk}/leave/").status_code == 403
    client.force_login(personas["kg_coordinator"])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert f"/teams/{team.pk}/members/{member.pk}/leave/" in page
    client.post(f"/teams/{team.pk}/members/{member.pk}/leave/")
    member.refresh_from_db()
    # The day in the calendar of the coordinator who recorded it (Bishkek's, here).
    assert member.left_on == timezone.localdate(timezone=personas["kg_coordinator"].zone)
    assert AuditEvent.objects.for_object(member).filter(action="update").exists()
    client.force_login(expert)
    assert client.get(f"/teams/{team.pk}/").status_code == 404


def test_a_file_is_attached_to_a_task_from_the_task_page(client, personas, team):
    task = new_task(personas, team)
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/teams/{team.pk}/tasks/{task.pk}/").content.decode()
    assert 'data-testid="task-file-form"' in page
    upload = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 protocol", "application/pdf")
    client.post(f"/teams/{team.pk}/tasks/{task.pk}/files/new/", {"file": upload})
    assert task.files.get().original_name == "protocol.pdf"
    assert "protocol.pdf" in client.get(f"/teams/{team.pk}/tasks/{task.pk}/").content.decode()


def test_the_board_draws_its_moves_and_filters_on_the_first_render(client, personas, team):
    mine = new_task(personas, team, assignee="kz_investigator")
    other = new_task(personas, team, assignee="kg_investigator")
    Task.objects.filter(pk=other.pk).update(title="Установить водителя")
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    # The card of my own task carries its move buttons before any htmx swap.
    assert f"/teams/{team.pk}/tasks/{mine.pk}/move/" in page
    assert f"/teams/{team.pk}/tasks/{other.pk}/move/" not in page
    filtered = client.get(
        f"/teams/{team.pk}/", {"assignee": personas["kg_investigator"].pk}
    ).content.decode()
    assert "Установить водителя" in filtered
    assert f'data-task="{mine.pk}"' not in filtered


def test_allowed_steps_match_the_rule_for_one_object_and_for_a_list(personas, team):
    task = new_task(personas, team)
    for key in ("kz_investigator", "kg_investigator", "kg_coordinator", "kz_prosecutor"):
        user = personas[key]
        one = TASK_WORKFLOW.allowed(user, task)
        row = TASK_WORKFLOW.annotate_allowed(Task.objects.filter(pk=task.pk), user).get()
        assert one == [n for n in TASK_WORKFLOW.names() if getattr(row, f"may_{n}")], key
    assert TASK_WORKFLOW.allowed(personas["kg_investigator"], task) == []
    assert "close" in TEAM_WORKFLOW.allowed(personas["kg_coordinator"], team)
    assert TEAM_WORKFLOW.allowed(personas["kz_investigator"], team) == []


def test_a_step_refuses_unknown_fields(personas, team):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        TEAM_WORKFLOW.perform(
            team, "close", personas["kg_coordinator"], {"note": "", "status": "active"}
        )
    assert "status" in error.value.message_dict
    team.refresh_from_db()
    assert team.status != "closed"


def test_task_api_steps_answer_403_409_and_400(personas, team):
    task = new_task(personas, team)
    assert (
        api_as(personas["kg_investigator"]).post(f"/api/tasks/{task.pk}/start/").status_code == 403
    )
    owner = api_as(personas["kz_investigator"])
    assert owner.post(f"/api/tasks/{task.pk}/done/", {"result": "x"}).status_code == 409
    assert owner.post(f"/api/tasks/{task.pk}/block/", {"reason": ""}).status_code == 400
    assert owner.post(f"/api/tasks/{task.pk}/start/", {"bogus": 1}).status_code == 400
    assert owner.post(f"/api/tasks/{task.pk}/start/").status_code == 200
