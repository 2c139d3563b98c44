"""Joint teams: who sees what, who assigns, each move of a card."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from cases import services as case_services
from deadlines.models import Deadline, Notification
from teams import services
from teams.models import JointTeam, Task
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def new_task(
    personas,
    team,
    actor="kg_coordinator",
    assignee="kz_investigator",
    title="Допросить потерпевшую",
    **extra,
):
    kr, _kz = list(team.cases.order_by("pk"))
    return services.task_create(
        team=team,
        actor=personas[actor],
        title=title,
        case=kr,
        assignee=personas[assignee],
        due_on=timezone.localdate() + datetime.timedelta(days=10),
        **extra,
    )


def test_a_kz_member_sees_the_team_not_the_kr_case(client, personas, team, mirror):
    kr, _kz = mirror
    secret = case_services.attachment_upload(
        case=kr,
        actor=personas["kg_investigator"],
        upload=ContentFile(b"%PDF-1.4 secret", name="s.pdf"),
    )
    shared = services.team_file_upload(
        team=team,
        actor=personas["kg_coordinator"],
        upload=ContentFile(b"%PDF-1.4 shared", name="plan.pdf"),
    )
    task = new_task(personas, team)
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/teams/{team.pk}/")
    assert page.status_code == 200 and task.title in page.content.decode()
    assert client.get(f"/teams/{team.pk}/files/{shared.pk}/").status_code == 200
    assert client.get(f"/cases/{kr.pk}/").status_code == 404
    assert client.get(f"/cases/{kr.pk}/attachments/{secret.pk}/download/").status_code == 404
    client.force_login(personas["kz_prosecutor"])  # not a member
    assert client.get(f"/teams/{team.pk}/").status_code == 404
    assert api_as(personas["kz_prosecutor"]).get(f"/api/teams/{team.pk}/").status_code == 404


def test_assignment_notifies_the_assignee_once_and_the_due_date_is_a_clock(
    personas, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = new_task(personas, team)
    assert (
        Notification.objects.filter(recipient=personas["kz_investigator"], kind="assigned").count()
        == 1
    )
    clock = Deadline.objects.for_subject(task).get()
    assert clock.due_at.astimezone(clock.zone).date() == task.due_on
    assert Deadline.objects.visible_to(personas["kz_investigator"]).filter(pk=clock.pk).exists()


def test_only_leaders_and_coordinators_assign(personas, team):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        new_task(personas, team, actor="kz_investigator")
    response = api_as(personas["kg_investigator"]).post(
        "/api/tasks/",
        {
            "team": team.pk,
            "case": team.cases.first().pk,
            "title": "x",
            "assignee": personas["kz_investigator"].pk,
        },
        format="json",
    )
    assert response.status_code == 403


def test_assignee_moves_own_task_not_anothers_and_illegal_moves_are_409(personas, team):
    mine = new_task(personas, team)
    other = new_task(personas, team, assignee="kg_investigator")
    kz = api_as(personas["kz_investigator"])
    assert (
        kz.post(f"/api/tasks/{mine.pk}/done/", {"result": "x"}, format="json").status_code == 409
    )  # from "to do"
    assert kz.post(f"/api/tasks/{mine.pk}/start/", {}, format="json").status_code == 200
    assert (
        kz.post(f"/api/tasks/{mine.pk}/done/", {}, format="json").status_code == 400
    )  # result needed
    assert (
        kz.post(f"/api/tasks/{mine.pk}/done/", {"result": "Допрошена"}, format="json").status_code
        == 200
    )
    assert kz.post(f"/api/tasks/{other.pk}/start/", {}, format="json").status_code == 403
    assert Task.objects.get(pk=other.pk).status == "todo"
    assert Deadline.objects.for_subject(mine).get().state == "met"


def test_comment_notifies_and_board_query_count_is_constant(
    client, personas, team, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    task = new_task(personas, team)
    kg = api_as(personas["kg_coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        posted = kg.post(f"/api/tasks/{task.pk}/comments/", {"text": "Срочно"}, format="json")
    assert posted.status_code == 201
    assert (
        Notification.objects.filter(
            recipient=personas["kz_investigator"], kind__startswith="comment"
        ).count()
        == 1
    )
    client.force_login(personas["kg_coordinator"])
    with django_assert_max_num_queries(40) as few:
        client.get(f"/teams/{team.pk}/")
    for _ in range(12):
        new_task(personas, team)
    with django_assert_max_num_queries(40) as many:
        client.get(f"/teams/{team.pk}/")
    assert len(many) == len(few)


def test_agreement_signed_extended_closed(personas, team):
    today = timezone.localdate()
    services.team_sign(team=team, actor=personas["kz_coordinator"], signed_on=today)
    team.refresh_from_db()
    assert team.status == "signed"
    from core.exceptions import IllegalTransition

    with pytest.raises(IllegalTransition):
        services.team_extend(
            team=team,
            actor=personas["kg_coordinator"],
            new_end=team.ends_on,
            amended_on=today,
            reason="x",
        )
    services.team_activate(team=team, actor=personas["kg_coordinator"])
    team.refresh_from_db()
    assert team.status == "active"
    clock = Deadline.objects.for_subject(team).get()
    services.team_extend(
        team=team,
        actor=personas["kg_coordinator"],
        new_end=team.ends_on + datetime.timedelta(days=90),
        amended_on=today,
        reason="Дополнительное соглашение № 1",
    )
    clock.refresh_from_db()
    assert clock.due_at.astimezone(clock.zone).date() == team.ends_on + datetime.timedelta(days=90)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied for a plain member
        services.team_close(team=team, actor=personas["kz_investigator"])
    services.team_close(team=team, actor=personas["kg_coordinator"])
    assert JointTeam.objects.get(pk=team.pk).status == "closed"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"due_on": "2000-01-01"}, "due_on"),
        ({"assignee": None}, "assignee"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_task_input_is_400(personas, team, payload, field):
    body = {
        "team": team.pk,
        "case": team.cases.order_by("pk").first().pk,
        "title": "Установить местонахождение",
        "assignee": personas["kz_investigator"].pk,
        **payload,
    }
    response = api_as(personas["kg_coordinator"]).post("/api/tasks/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Task.objects.exists()


def test_demo_team_has_tasks_in_every_status(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="demo-password-1")
    call_command("seed_demo", password="demo-password-1")
    team = JointTeam.objects.get()
    assert team.status == "active"
    assert set(team.tasks.values_list("status", flat=True)) == {
        "todo",
        "in_progress",
        "blocked",
        "done",
        "cancelled",
    }
    assert {m.user.country for m in team.members.select_related("user__agency")} == {"KG", "KZ"}


def test_board_moves_in_place_with_htmx_and_filters(client, personas, team):
    task = new_task(personas, team)
    client.force_login(personas["kz_investigator"])
    response = client.post(
        f"/teams/{team.pk}/tasks/{task.pk}/move/", {"status": "in_progress"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'data-column="in_progress"' in body
    assert Task.objects.get(pk=task.pk).status == "in_progress"
    refused = client.post(
        f"/teams/{team.pk}/tasks/{task.pk}/move/", {"status": "todo_x"}, HTTP_HX_REQUEST="true"
    )
    assert "alert-danger" in refused.content.decode()
    without_js = client.post(f"/teams/{team.pk}/tasks/{task.pk}/move/", {"status": "todo"})
    assert without_js.status_code == 302 and Task.objects.get(pk=task.pk).status == "todo"
    client.force_login(personas["kg_coordinator"])
    kz_case = team.cases.get(country="KZ")
    page = client.get(f"/teams/{team.pk}/", {"case": kz_case.pk}).content.decode()
    assert (
        task.title not in page.split('data-testid="board"')[1].split("New task")[0]
        or task.case_id != kz_case.pk
    )


def test_agreement_draft_pdf_from_the_team(client, personas, team):
    from tests.requests_mla.test_documents import pdf_text

    client.force_login(personas["kz_investigator"])
    response = client.get(f"/teams/{team.pk}/agreement.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "СОГЛАШЕНИЕ" in text and team.name in text
    with translation.override("ru"):
        # The legal basis in its Russian citation form (the registry's), never its key.
        for instrument in team.instruments.all():
            assert instrument.citation_form in text
            assert instrument.short_name not in text
    assert personas["kz_coordinator"].display_name in text


def test_team_timeline_and_task_activity_come_from_the_audit_trail(client, personas, team):
    task = new_task(personas, team)
    services.task_move(task=task, actor=personas["kz_investigator"], status="in_progress")
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    # the team, both members added by the coordinator, the task and its move, newest first;
    # people by their names, not their logins
    coordinator, investigator = personas["kg_coordinator"], personas["kz_investigator"]
    assert timeline.count(f"{coordinator.last_name} {coordinator.first_name[0]}.") >= 4
    assert f"{investigator.last_name} {investigator.first_name[0]}." in timeline
    assert timeline.index("Допросить потерпевшую") < timeline.index("ССГ «Ош — Алматы»")
    detail = client.get(f"/teams/{team.pk}/tasks/{task.pk}/").content.decode()
    activity = detail[detail.index('data-testid="history"') :]
    assert "к выполнению → в работе" in activity
    client.force_login(personas["kz_prosecutor"])  # not a member
    assert client.get(f"/teams/{team.pk}/").status_code == 404
