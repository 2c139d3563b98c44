"""The sweep and the delivery: each reminder once per recipient, each e-mail sent once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import User
from config.celery import app as celery_app
from deadlines import delivery, sweep
from deadlines.computation import reminder_points
from deadlines.models import Deadline, DeliveryState, Notification
from requests_mla import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def points(clock) -> dict[str, datetime.datetime]:
    return dict(reminder_points(clock.due_at, clock.reminder_lead_days, clock.country))


def kinds() -> list[str]:
    return sorted(Notification.objects.values_list("kind", flat=True).distinct())


def test_sending_a_request_opens_its_execution_clock(personas, clock, sent):
    assert clock.rule.code == "mla-execution-target"
    assert clock.country == "KZ"  # the requested state's law and zone
    # The rule's citation with its mark, as it stood when the clock opened.
    assert clock.citation == f"{clock.rule.citation} [{clock.rule.confidence}]"
    assert clock.confidence == clock.rule.confidence
    # No execution date was asked: the practice target applies, and says so.
    assert clock.is_practice
    local_end = clock.due_at.astimezone(clock.zone)
    assert (local_end.hour, local_end.minute, local_end.second) == (23, 59, 59)
    assert (local_end.date() - sent.sent_at.astimezone(clock.zone).date()).days == clock.rule.length
    assert personas["kz_prosecutor"] in clock.responsible.all()


def test_the_requesters_date_sets_the_clock(personas, kr_case):
    from tests.requests_mla.conftest import complete_fields, complete_relations
    from tests.requests_mla.test_documents import send

    wanted = timezone.localdate() + datetime.timedelta(days=12)
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas, execution_requested_by=wanted),
        relations=complete_relations(kr_case),
    )
    send(personas, mla)
    clock = Deadline.objects.for_subject(mla).get()
    assert clock.due_at.astimezone(clock.zone).date() == wanted
    assert not clock.is_practice


def test_one_reminder_per_lead_time_per_recipient(personas, clock):
    recipients = clock.responsible.count()
    at = points(clock)
    assert sweep.sweep(now=at["lead-7"] - datetime.timedelta(minutes=1)).notifications == 0
    assert sweep.sweep(now=at["lead-7"]).notifications == recipients
    assert sweep.sweep(now=at["lead-7"] + datetime.timedelta(hours=1)).notifications == 0
    assert sweep.sweep(now=at["lead-3"]).notifications == recipients
    assert sweep.sweep(now=at["lead-0"]).notifications == 2 * recipients  # lead-1 and lead-0
    assert kinds() == ["lead-0", "lead-1", "lead-3", "lead-7"]
    for kind in kinds():
        assert Notification.objects.filter(kind=kind).count() == recipients


def test_overdue_escalates_once_a_day_to_the_coordinators(personas, clock):
    day_after = clock.due_at + datetime.timedelta(hours=20)
    sweep.sweep(now=day_after)
    sweep.sweep(now=day_after + datetime.timedelta(hours=1))
    overdue = Notification.objects.filter(kind__startswith="overdue-")
    coordinators = set(clock.escalation.values_list("pk", flat=True))
    responsible = set(clock.responsible.values_list("pk", flat=True))
    assert set(overdue.values_list("recipient", flat=True)) == coordinators | responsible
    assert overdue.values("kind").distinct().count() == 1
    sweep.sweep(now=day_after + datetime.timedelta(days=1, hours=2))
    assert overdue.values("kind").distinct().count() == 2


def test_closing_the_request_stops_the_clock(personas, clock, sent):
    from tests.requests_mla.test_workflow import step

    kz = personas["kz_prosecutor"]
    step(kz, sent, "receive", incoming_number="1", incoming_date=timezone.localdate().isoformat())
    step(kz, sent, "accept")
    step(kz, sent, "start-execution", executing_officer=kz.pk)
    step(kz, sent, "execute", result_summary="Исполнено")
    clock.refresh_from_db()
    assert clock.state == "met" and clock.next_check_at is None
    assert sweep.sweep(now=clock.due_at + datetime.timedelta(days=3)).notifications == 0


def test_supplement_pauses_execution_and_runs_the_requesters_clock(personas, clock, sent):
    from tests.requests_mla.test_workflow import step

    kz = personas["kz_prosecutor"]
    step(kz, sent, "receive", incoming_number="1", incoming_date=timezone.localdate().isoformat())
    step(kz, sent, "request-supplement", text="Уточните адрес")
    clock.refresh_from_db()
    assert clock.state == "paused"
    supplement = Deadline.objects.for_subject(sent).get(kind="mla_returned_for_supplement")
    assert supplement.country == "KG" and supplement.state == "running"
    step(personas["kg_investigator"], sent, "supplement", text="г. Ош")
    clock.refresh_from_db()
    supplement.refresh_from_db()
    assert clock.state == "running" and supplement.state == "met"
    assert clock.due_at >= Deadline.objects.get(pk=clock.pk).started_at


def test_withdrawal_cancels_the_clocks(personas, clock, sent):
    services.mla_request_withdraw(
        request=sent, actor=personas["kg_investigator"], reason="Дело прекращено"
    )
    clock.refresh_from_db()
    assert clock.state == "cancelled"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_two_sweeps_at_once_create_each_reminder_once(personas, clock):
    now = points(clock)["lead-7"]
    errors = []

    def run():
        try:
            sweep.sweep(now=now)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Notification.objects.filter(kind="lead-7").count() == clock.responsible.count()


def test_delivery_sends_each_email_once(personas, clock, eager, django_capture_on_commit_callbacks):
    User.objects.filter(pk__in=clock.responsible.all()).update(email="officer@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        sweep.sweep(now=points(clock)["lead-7"])
    sent_count = Notification.objects.filter(delivery=DeliveryState.SENT).count()
    assert sent_count == clock.responsible.count() == len(mail.outbox)
    # A retried task, a second dispatch: nothing more.
    for notification in Notification.objects.all():
        assert delivery.deliver(notification.pk) is False
    with django_capture_on_commit_callbacks(execute=True):
        sweep.dispatch_pending()
    assert len(mail.outbox) == sent_count
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {
        f"<notification-{n.pk}@portal>" for n in Notification.objects.all()
    }


def test_a_lapsed_claim_is_delivered_again_but_a_live_one_is_not(personas, clock):
    User.objects.filter(pk__in=clock.responsible.all()).update(email="officer@example.kz")
    sweep.sweep(now=points(clock)["lead-7"])
    notification = Notification.objects.first()
    Notification.objects.filter(pk=notification.pk).update(
        delivery=DeliveryState.SENDING, claimed_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert delivery.deliver(notification.pk) is False  # another worker is on it
    Notification.objects.filter(pk=notification.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert delivery.deliver(notification.pk) is True  # that worker died before sending
    assert len(mail.outbox) == 1


def test_users_without_email_or_with_a_digest(personas, clock):
    kz = personas["kz_prosecutor"]
    User.objects.filter(pk=kz.pk).update(email="", notification_mode="immediate")
    others = clock.responsible.exclude(pk=kz.pk)
    User.objects.filter(pk__in=others).update(notification_mode="digest", email="x@example.kz")
    sweep.sweep(now=points(clock)["lead-7"])
    mine = Notification.objects.get(recipient=kz)
    delivery.deliver(mine.pk)
    mine.refresh_from_db()
    assert mine.delivery == DeliveryState.SKIPPED
    assert all(
        n.delivery == DeliveryState.DIGEST for n in Notification.objects.exclude(recipient=kz)
    )


def test_daily_digest_at_eight_local_time(personas, clock):
    kz = personas["kz_prosecutor"]
    User.objects.filter(pk=kz.pk).update(notification_mode="digest", email="kz@example.kz")
    at = points(clock)
    sweep.sweep(now=at["lead-7"])
    sweep.sweep(now=at["lead-3"])
    ten_local = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=kz.zone)
    assert delivery.send_digests(now=ten_local) == 0
    eight_local = datetime.datetime(2026, 12, 1, 8, 5, tzinfo=kz.zone)
    assert delivery.send_digests(now=eight_local) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kz@example.kz"]
    assert delivery.send_digests(now=eight_local) == 0


def test_users_who_chose_no_email_get_no_digest_either(personas, clock):
    kz = personas["kz_prosecutor"]
    User.objects.filter(pk__in=clock.responsible.all()).update(
        notification_mode="none", email="nobody@example.kz"
    )
    sweep.sweep(now=points(clock)["lead-7"])
    mine = Notification.objects.get(recipient=kz)
    assert mine.delivery == DeliveryState.IN_PORTAL
    eight_local = datetime.datetime(2026, 12, 1, 8, 5, tzinfo=kz.zone)
    assert delivery.send_digests(now=eight_local) == 0
    # A notice kept for the digest before the user switched to "none" is not mailed either.
    Notification.objects.filter(pk=mine.pk).update(delivery=DeliveryState.DIGEST)
    assert delivery.send_digests(now=eight_local) == 0
    assert mail.outbox == []
    # Positive control: the same user with the digest chosen gets it.
    User.objects.filter(pk=kz.pk).update(notification_mode="digest")
    assert delivery.send_digests(now=eight_local) == 1


# --- Hour clocks: reminders hours before the end, and whose law ------------------------------
def test_an_event_opens_every_rule_of_the_state_where_it_happened(personas, kr_case, draft):
    from deadlines.services import deadlines_open

    start = timezone.now()

    def opened(country):
        return deadlines_open(
            subject=draft,
            case=kr_case,
            trigger="person_detained",
            started_at=start,
            country=country,
            responsible=[personas["kz_prosecutor"]],
        )

    in_kz = {d.rule.code: d for d in opened("KZ")}
    assert set(in_kz) == {"kz-detention-72h", "kz-custody-motion-60h"}
    assert in_kz["kz-custody-motion-60h"].due_at == start + datetime.timedelta(hours=60)
    in_kr = opened("KG")
    assert [d.rule.code for d in in_kr] == ["kg-detention-wanted-person"]
    assert in_kr[0].confidence == "U"


def test_an_hour_clock_is_checked_at_its_hour_leads_and_never_reminds_after_its_end(
    personas, kr_case, draft
):
    from deadlines.services import deadlines_open

    start = timezone.now()
    motion = next(
        d
        for d in deadlines_open(
            subject=draft,
            case=kr_case,
            trigger="person_detained",
            started_at=start,
            country="KZ",
            responsible=[personas["kz_prosecutor"]],
        )
        if d.rule.code == "kz-custody-motion-60h"
    )
    leads = sorted(motion.reminder_lead_hours, reverse=True)
    expected = [(f"lead-{h}h", motion.due_at - datetime.timedelta(hours=h)) for h in leads]
    assert motion.reminder_points() == expected
    assert motion.next_check_at == expected[0][1]  # the first hour lead, not 09:00 of a day
    for key, moment in expected:
        sweep.sweep(now=moment, dispatch=False)
        motion.refresh_from_db()
        assert Notification.objects.filter(deadline=motion, kind=key).count() == 1
        assert motion.next_check_at > moment
    assert motion.next_check_at == motion.due_at  # then the end itself
    after = motion.due_at + datetime.timedelta(minutes=1)
    sweep.sweep(now=after, dispatch=False)
    kinds = set(Notification.objects.filter(deadline=motion).values_list("kind", flat=True))
    assert kinds == {key for key, _ in expected} | {
        f"overdue-{after.astimezone(motion.zone).date().isoformat()}"
    }
