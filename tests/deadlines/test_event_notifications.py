"""Notifications of workflow events: the right people, once each, after the commit, audited,
e-mailed through the reminders' delivery, in the digest and in the bell."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditEvent
from config.celery import app as celery_app
from deadlines import delivery, sweep
from deadlines.models import DeliveryState, Notification
from deadlines.notify import notify
from requests_mla.workflow import MLA_WORKFLOW
from teams.workflow import task_url
from tests.conftest import api_as
from tests.factories import UserFactory
from tests.requests_mla.conftest import today
from tests.teams.conftest import mirror, team  # noqa: F401  (fixtures)
from treaties.choices import RequestKind
from treaties.models import RefusalGround

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def step(user, mla, name, **data):
    response = api_as(user).post(f"/api/mla-requests/{mla.pk}/{name}/", data, format="json")
    assert response.status_code == 200, response.json()
    return response


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def kz_executor(personas):
    """An investigator of the requested office, whom its prosecutor assigns."""
    return UserFactory(
        username="kz_gpo_investigator",
        agency=personas["kz_prosecutor"].agency,
        roles=[Role.INVESTIGATOR],
    )


def test_each_request_step_tells_the_right_people_once(
    personas, draft, kz_executor, django_capture_on_commit_callbacks
):
    kg_inv, kg_pros, kz_pros = (
        personas["kg_investigator"],
        personas["kg_prosecutor"],
        personas["kz_prosecutor"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        step(kg_inv, draft, "submit")
        assert not Notification.objects.exists()
        step(kg_pros, draft, "approve", note="Согласовано")
        step(
            kg_pros,
            draft,
            "send",
            outgoing_number="12/3-456",
            outgoing_date=today(),
            channel="central_authority",
        )
        step(kz_pros, draft, "receive", incoming_number="ВХ-77", incoming_date=today())
        step(kz_pros, draft, "accept")
        step(kz_pros, draft, "start-execution", executing_officer=kz_executor.pk)
        step(kz_executor, draft, "execute", result_summary="Допрошена.", partially=False)
    assert told("mla_approved") == {"kg_investigator"}
    assert told("mla_sent") == {"kg_investigator"}
    # The requested office's officers register it; its auditor and the sender are not told.
    assert told("mla_arrived") == {"kz_prosecutor", "kz_gpo_investigator"}
    assert told("mla_accepted") == {"kg_investigator"}
    assert told("mla_assigned") == {"kz_gpo_investigator"}
    assert told("mla_executed") == {"kg_investigator"}
    arrived = Notification.objects.get(kind="mla_arrived", recipient=kz_pros)
    assert arrived.title == f"Запрос {draft.reference} поступил"
    assert arrived.url == f"/requests/{draft.pk}/"
    assert arrived.deadline is None and arrived.event_key
    # Each notification has its audit row, scoped to the case.
    for notification in Notification.objects.all():
        event = AuditEvent.objects.for_object(notification).get()
        assert event.scope_id == str(draft.case_id)


def test_refusal_and_supplement_tell_the_requesting_side(
    personas, draft, django_capture_on_commit_callbacks
):
    from tests.requests_mla.test_documents import send

    send(personas, draft)
    kz_pros = personas["kz_prosecutor"]
    with django_capture_on_commit_callbacks(execute=True):
        step(kz_pros, draft, "receive", incoming_number="ВХ-1", incoming_date=today())
        step(kz_pros, draft, "request-supplement", text="Приложите копию паспорта.")
    note = Notification.objects.get(kind="mla_supplement_requested")
    assert note.recipient == personas["kg_investigator"]
    assert "Приложите копию паспорта." in note.body
    with django_capture_on_commit_callbacks(execute=True):
        step(personas["kg_investigator"], draft, "supplement", text="Копия приложена.")
    # The supplement arrives again: a second event, told again (the first came with the send,
    # outside this capture).
    assert Notification.objects.filter(kind="mla_arrived", recipient=kz_pros).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        step(kz_pros, draft, "receive", incoming_number="ВХ-2", incoming_date=today())
        ground = RefusalGround.objects.filter(
            instrument__in=draft.instruments.all(), request_kind=RequestKind.MLA
        ).first()
        step(kz_pros, draft, "refuse", grounds=[ground.pk], note="Не подлежит исполнению.")
    refusal = Notification.objects.get(kind="mla_refused")
    assert refusal.recipient == personas["kg_investigator"]
    assert refusal.title == f"В исполнении запроса {draft.reference} отказано"


def test_the_same_event_notifies_once_and_never_the_actor(
    personas, django_capture_on_commit_callbacks
):
    kg_inv, kz_pros = personas["kg_investigator"], personas["kz_prosecutor"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(2):
            notify(
                [kg_inv, kz_pros],
                kind="test",
                title="Событие",
                url="/cases/",
                event_key="test:1",
                actor=kz_pros,
            )
    # A callback run again (a retry) finds the rows and adds nothing.
    for callback in callbacks:
        callback()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [kg_inv.pk]
    assert AuditEvent.objects.filter(object_type="deadlines.notification").count() == 1


def test_inactive_users_are_not_told(personas, django_capture_on_commit_callbacks):
    kg_inv = personas["kg_investigator"]
    User.objects.filter(pk=kg_inv.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([kg_inv], kind="test", title="Событие", url="/", event_key="test:2")
    assert not Notification.objects.exists()


def test_a_rolled_back_step_tells_nobody(personas, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        MLA_WORKFLOW.perform(draft, "submit", personas["kg_investigator"], {})
        with pytest.raises(RuntimeError), transaction.atomic():
            MLA_WORKFLOW.perform(draft, "approve", personas["kg_prosecutor"], {})
            raise RuntimeError("the step's transaction fails")
    assert callbacks == []
    assert not Notification.objects.exists()


def test_the_email_is_sent_once_through_the_delivery(
    personas, draft, eager, django_capture_on_commit_callbacks
):
    kg_inv = personas["kg_investigator"]
    User.objects.filter(pk=kg_inv.pk).update(email="kg@example.kg")
    with django_capture_on_commit_callbacks(execute=True):
        MLA_WORKFLOW.perform(draft, "submit", kg_inv, {})
        MLA_WORKFLOW.perform(draft, "approve", personas["kg_prosecutor"], {})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kg@example.kg"]
    assert message.subject == f"Запрос {draft.reference} согласован"
    assert f"/requests/{draft.pk}/" in message.body
    notification = Notification.objects.get()
    assert notification.delivery == DeliveryState.SENT
    # The sweep's redispatch and a repeated task send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        sweep.dispatch_pending()
    assert delivery.deliver(notification.pk) is False
    assert len(mail.outbox) == 1


def test_the_digest_includes_events(personas, draft, django_capture_on_commit_callbacks):
    kg_inv = personas["kg_investigator"]
    User.objects.filter(pk=kg_inv.pk).update(email="kg@example.kg", notification_mode="digest")
    kg_inv.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        MLA_WORKFLOW.perform(draft, "submit", kg_inv, {})
        MLA_WORKFLOW.perform(draft, "approve", personas["kg_prosecutor"], {})
    assert Notification.objects.get().delivery == DeliveryState.DIGEST
    assert mail.outbox == []
    eight = datetime.datetime(2026, 12, 1, 8, 5, tzinfo=kg_inv.zone)
    assert delivery.send_digests(now=eight) == 1
    assert f"Запрос {draft.reference} согласован" in mail.outbox[0].body
    assert f"/requests/{draft.pk}/" in mail.outbox[0].body


def test_the_bell_and_the_page_show_events_with_their_link(
    client, personas, draft, django_capture_on_commit_callbacks
):
    kg_inv = personas["kg_investigator"]
    with django_capture_on_commit_callbacks(execute=True):
        MLA_WORKFLOW.perform(draft, "submit", kg_inv, {})
        MLA_WORKFLOW.perform(draft, "approve", personas["kg_prosecutor"], {})
    client.force_login(kg_inv)
    bell = client.get("/deadlines/bell/")
    assert 'data-testid="bell-count">1<' in bell.content.decode()
    page = client.get("/deadlines/notifications/").content.decode()
    assert f'<a href="/requests/{draft.pk}/">Запрос {draft.reference} согласован</a>' in page


def test_a_share_tells_the_officer_or_the_agencys_coordinators(
    personas, kr_case, django_capture_on_commit_callbacks
):
    from cases import services as case_services

    kg_coord = personas["kg_coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_grant(
            case=kr_case, actor=kg_coord, user=personas["kz_investigator"], levels=["view"]
        )
        case_services.case_grant(
            case=kr_case, actor=kg_coord, agency=personas["kz_coordinator"].agency, levels=["view"]
        )
    assert told("case_shared") == {"kz_investigator", "kz_coordinator"}
    shared = Notification.objects.get(kind="case_shared", recipient=personas["kz_investigator"])
    assert shared.title == f"Вам открыт доступ к делу {kr_case.reference}"
    assert shared.url == f"/cases/{kr_case.pk}/"


def test_a_task_tells_its_assignee_and_a_comment_the_others_once(
    personas,
    team,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from teams import services as team_services

    kr, _kz = list(team.cases.order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        task = team_services.task_create(
            team=team,
            actor=personas["kg_coordinator"],
            title="Допросить потерпевшую",
            case=kr,
            assignee=personas["kz_investigator"],
        )
    assert told("assigned") == {"kz_investigator"}
    with django_capture_on_commit_callbacks(execute=True):
        team_services.task_comment(task=task, actor=personas["kz_investigator"], text="Сделаю.")
    # The creator is told; the commenter (the assignee) is not.
    assert told("comment") == {"kg_coordinator"}
    assert Notification.objects.get(kind="comment").url == task_url(task)


def test_an_extradition_step_tells_the_other_side_when_the_file_waits_for_it(
    personas, django_capture_on_commit_callbacks
):
    from extradition.workflow import EXTRADITION_WORKFLOW
    from tests.cases.conftest import make_case
    from tests.extradition.conftest import open_file

    kg, kz = personas["kg_prosecutor"], personas["kz_prosecutor"]
    file = open_file(personas, make_case(personas["kg_investigator"], number="24-001-2026-000901"))
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        EXTRADITION_WORKFLOW.perform(file, "receive_request", kz, {"request_received_on": today})
    # The file waits for the requested side itself: nobody else is told.
    assert not Notification.objects.filter(kind="extradition_turn").exists()
    with django_capture_on_commit_callbacks(execute=True):
        EXTRADITION_WORKFLOW.perform(file, "request_supplement", kz, {"note": "Нужен перевод."})
    turn = Notification.objects.get(kind="extradition_turn")
    assert turn.recipient == kg
    assert turn.url == f"/extradition/{file.pk}/"
    assert turn.title.startswith(f"Дело об экстрадиции {file.reference} ждёт вашего действия")
    with django_capture_on_commit_callbacks(execute=True):
        EXTRADITION_WORKFLOW.perform(file, "supplement", kg, {"note": "Перевод приложен."})
    # The supplement sends the file back to the requested side: its prosecutor is told.
    assert told("extradition_turn") == {"kg_prosecutor", "kz_prosecutor"}
