"""The start page: what needs each role's attention, each record a link, counts at constant cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency
from core.home import home_sections
from deadlines.models import Notification
from extradition import services as extradition_services
from requests_mla import services as mla_services
from tests.cases.conftest import make_case
from tests.conftest import api_as
from tests.extradition.conftest import open_file
from tests.requests_mla.conftest import complete_fields, complete_relations
from tests.test_route_matrix import build_case_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("migration_data")]

# The whole page of the busiest role (a coordinator), whatever the number of records.
BUDGET = 40


@pytest.fixture
def world(personas):
    build_case_world(personas)
    return personas


def sections_of(user) -> dict:
    return {s.key: s for s in home_sections(user)}


def submitted_request(personas, case):
    request = mla_services.mla_request_create(
        case=case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(case),
    )
    return mla_services.mla_request_submit(request=request, actor=personas["kg_investigator"])


def held(personas, case, days_ago: int):
    """A person detained in KZ ``days_ago`` days ago and held in temporary custody (40 сутки)."""
    file = open_file(personas, case)
    kz = personas["kz_prosecutor"]
    detained = timezone.now() - datetime.timedelta(days=days_ago)
    extradition_services.extradition_step(
        file=file,
        actor=kz,
        step="detain",
        data={
            "detention_place": "ИВС ДП г. Алматы",
            "detained_at": detained,
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )
    extradition_services.extradition_step(
        file=file,
        actor=kz,
        step="order_custody",
        data={
            "custody_court": "Суд",
            "custody_ordered_on": detained.date() + datetime.timedelta(days=2),
        },
    )
    return file


def test_prosecutor_sees_the_request_waiting_for_approval_with_its_link(client, world):
    from requests_mla.models import MLARequest

    request = MLARequest.objects.get()
    client.force_login(world["kg_prosecutor"])
    page = client.get(reverse("home")).content.decode()
    assert request.reference in page
    assert reverse("requests_mla:detail", kwargs={"pk": request.pk}) in page
    assert "Согласовать" in page  # the step the request waits for, as its button says it
    section = sections_of(world["kg_prosecutor"])["requests"]
    assert section.count == 1


def test_an_approved_request_waits_for_the_prosecutor_to_send_it(world):
    # Sending asks for confirmation (it cannot be undone), yet it is the way forward: the
    # approved request stays on the prosecutor's home until it is sent.
    from requests_mla.models import MLARequest

    request = MLARequest.objects.get()
    mla_services.mla_request_approve(request=request, actor=world["kg_prosecutor"])
    section = sections_of(world["kg_prosecutor"])["requests"]
    assert section.count == 1
    assert section.items[0].label == request.reference


def test_the_other_country_does_not_see_a_request_before_it_is_sent(world):
    # The KZ prosecutor's clock is on the same request, but the request is not theirs to act on.
    assert sections_of(world["kz_prosecutor"])["requests"].count == 0
    assert sections_of(world["kz_coordinator"])["requests"].count == 0


def test_drafter_is_not_waited_for_once_submitted(world):
    assert sections_of(world["kg_investigator"])["requests"].count == 0


def test_coordinator_decides_on_the_proposed_mirror_link(world):
    links = sections_of(world["kz_coordinator"])["links"]
    assert links.count == 1
    assert "→" in links.items[0].label
    # The proposing side waits for nobody of its own.
    assert sections_of(world["kg_coordinator"])["links"].count == 0


def test_investigator_sees_the_task_assigned_and_the_team_overdue_tasks_go_to_its_coordinator(
    world,
):
    from teams.models import Task

    tasks = sections_of(world["kz_investigator"])["tasks"]
    assert [i.label for i in tasks.items] == ["Задача"]
    Task.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    overdue = sections_of(world["kg_coordinator"])["team_tasks"]
    assert overdue.count == 1 and overdue.items[0].badge == "danger"
    assert "team_tasks" not in sections_of(world["kz_investigator"])


def test_unread_notifications_are_the_users_own(world):
    assert sections_of(world["kz_prosecutor"])["notifications"].count == 1
    assert sections_of(world["kg_prosecutor"])["notifications"].count == 0
    Notification.objects.update(read_at=timezone.now())
    assert sections_of(world["kz_prosecutor"])["notifications"].count == 0


def test_my_clocks_are_split_by_urgency(world):
    from deadlines.models import Deadline

    now = timezone.now()
    prosecutor = world["kz_prosecutor"]
    clock = Deadline.objects.get(responsible=prosecutor)
    for delta in (datetime.timedelta(hours=-5), datetime.timedelta(minutes=30)):
        clock.pk = None
        clock.due_at = now + delta
        clock.save()
        clock.responsible.add(prosecutor)
    clocks = sections_of(prosecutor)["clocks"]
    # The matrix's own clock ends in 10 days: not this week.
    assert clocks.parts["overdue"] == 1
    assert clocks.parts["today"] + clocks.parts["week"] == 1
    assert clocks.count == 2
    assert clocks.items[0].badge == "danger"


def test_custody_under_five_days_is_on_the_prosecutors_home(personas):
    case = make_case(personas["kg_investigator"], number="24-001-2026-009101")
    urgent = held(personas, case, days_ago=37)  # three days left of forty
    held(personas, case, days_ago=2)
    custody = sections_of(personas["kz_prosecutor"])["custody"]
    assert custody.count == 1
    assert custody.items[0].url == reverse("extradition:detail", kwargs={"pk": urgent.pk})
    # The requesting side's prosecutors are responsible too (they must send the request).
    assert sections_of(personas["kg_prosecutor"])["custody"].count == 1
    assert "custody" not in sections_of(personas["kg_investigator"])


def test_recent_changes_on_my_cases_by_others(world):
    from cases.models import Case

    case = Case.objects.get(country="KG")
    recent = sections_of(world["kg_investigator"])["recent"]
    # The prosecutor and the coordinator acted on the investigator's case (team, file, clock).
    assert all(i.url == reverse("cases:detail", kwargs={"pk": case.pk}) for i in recent.items)
    assert recent.count <= 10
    assert all("kg_investigator" not in i.detail for i in recent.items)


def test_auditor_and_registry_admin_see_their_own_blocks(world):
    auditor = sections_of(world["auditor"])
    assert set(auditor) == {"audit", "notifications"}
    assert "chain" in auditor["audit"].items[0].label.lower() or auditor["audit"].items
    registry = sections_of(world["registry_admin"])
    assert set(registry) == {"registry", "notifications"}
    # The seed marks some values "to be confirmed" (DOMAIN.md's [U]).
    assert registry["registry"].count > 0
    assert registry["registry"].items[0].badge == "danger"


def test_outsider_sees_only_notifications_with_what_to_do(client, world):
    assert [s.key for s in home_sections(world["outsider"])] == ["notifications"]
    client.force_login(world["outsider"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-notifications-empty"' in page


@pytest.mark.parametrize(
    "persona", ["kg_prosecutor", "kz_coordinator", "kg_investigator", "auditor", "registry_admin"]
)
def test_the_page_costs_the_same_for_more_records(client, world, persona):
    from cases.models import Case

    user = world[persona]
    client.force_login(user)
    case = Case.objects.get(country="KG")

    def more():
        submitted_request(world, case)
        held(world, case, days_ago=38)
        Notification.objects.bulk_create(
            Notification(recipient=user, kind="x", title=f"Событие {n}") for n in range(4)
        )

    counts = []
    for _ in range(2):
        more()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= BUDGET


@pytest.mark.parametrize(("unread", "shown"), [(99, "99"), (100, "99+"), (250, "99+")])
def test_a_section_reads_its_rows_once_and_caps_the_count(world, unread, shown):
    from core.home import COUNT_CAP, SHOWN

    user = world["kg_investigator"]
    Notification.objects.filter(recipient=user).update(read_at=timezone.now())
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="x", title=f"Событие {n}") for n in range(unread)
    )
    with CaptureQueriesContext(connection) as queries:
        section = sections_of(user)["notifications"]
    assert (section.count, section.count_display) == (min(unread, COUNT_CAP), shown)
    assert [i.label for i in section.items] == [f"Событие {n}" for n in range(unread)][::-1][:SHOWN]
    # One read of at most COUNT_CAP + 1 narrow rows: no separate count, no whole row.
    reads = [q["sql"] for q in queries if "deadlines_notification" in q["sql"]]
    assert len(reads) == 1 and "COUNT(" not in reads[0].upper()
    assert f"LIMIT {COUNT_CAP + 1}" in reads[0] and '"body"' not in reads[0]


def test_a_notification_is_titled_in_the_reader_s_language(world):
    from django.utils import translation

    user = world["kz_coordinator"]
    Notification.objects.create(
        recipient=user,
        kind="x",
        title="Срок истекает",
        titles={"ru": "Срок истекает", "en": "The clock runs out"},
    )
    for language, title in [("en", "The clock runs out"), ("ru", "Срок истекает")]:
        with translation.override(language):
            assert sections_of(user)["notifications"].items[0].label == title


def test_the_step_shown_is_the_first_forward_step_the_workflow_allows(world):
    """``waiting_step`` asks only the rules that tell a state's steps apart; in every state, for
    every persona, it names what the workflow's own check names first."""
    from cases.models import Case
    from core.home import forward_steps, waiting_q, waiting_step
    from extradition.workflow import EXTRADITION_WORKFLOW
    from requests_mla.workflow import MLA_WORKFLOW

    case = Case.objects.get(country="KG")
    records = [
        (MLA_WORKFLOW, submitted_request(world, case)),
        (EXTRADITION_WORKFLOW, open_file(world, case)),
    ]
    checked = 0
    for workflow, record in records:
        model = type(record)
        forward = {t.name for t in forward_steps(workflow)}
        states = {s for t in workflow.transitions.values() for s in t.sources}
        for state in sorted(states):
            model.objects.filter(pk=record.pk).update(**{workflow.state_field: state})
            record.refresh_from_db()
            for user in world.values():
                expected = [n for n in workflow.allowed(user, record) if n in forward][:1]
                shown = list(
                    model.objects.filter(pk=record.pk)
                    .filter(waiting_q(workflow, user))
                    .annotate(step=waiting_step(workflow, user))
                    .values_list("step", flat=True)
                )
                assert shown == expected, (model.__name__, state, user.username)
                checked += bool(expected)
    assert checked >= 10


def test_the_counts_fragment_is_polled_and_is_no_activity(client, world):
    client.force_login(world["kg_prosecutor"])
    response = client.get(reverse("home_counts"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="home-sections"' in body and 'hx-trigger="every 60s"' in body
    assert "<html" not in body
    from accounts.middleware import BACKGROUND_ROUTES

    assert "home_counts" in BACKGROUND_ROUTES


def test_api_home(world):
    from requests_mla.models import MLARequest

    request = MLARequest.objects.get()
    body = api_as(world["kg_prosecutor"]).get("/api/home/").json()
    sections = {s["key"]: s for s in body["sections"]}
    assert sections["requests"]["count"] == 1
    item = sections["requests"]["items"][0]
    assert item["label"] == request.reference
    assert item["url"] == reverse("requests_mla:detail", kwargs={"pk": request.pk})
    assert set(sections["clocks"]["parts"]) == {"overdue", "today", "week"}
    assert sections["notifications"]["empty"]


def test_api_home_needs_a_signed_in_user(api_client):
    assert api_client.get("/api/home/").status_code == 401


def test_statistical_reports_received_until_read(client, personas):
    from statreports.services import statreport_read
    from tests.statreports.conftest import sent_report

    report = sent_report(personas, "KZ")
    received = sections_of(personas["kg_prosecutor"])["statreports"]
    assert [i.label for i in received.items] == [report.reference]
    assert sections_of(personas["kz_coordinator"])["statreports"].count == 0
    statreport_read(report=report, actor=personas["kg_prosecutor"])
    assert sections_of(personas["kg_prosecutor"])["statreports"].count == 0
    assert sections_of(personas["kg_coordinator"])["statreports"].count == 1
