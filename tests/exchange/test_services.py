"""Sending, reading, answering, acknowledging, and drafting a request from a message."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from core.exceptions import IllegalTransition
from deadlines.models import Deadline, DeadlineState, Notification
from exchange import services
from exchange.choices import URGENT_MESSAGE
from exchange.models import MessageRead
from requests_mla.models import MLARequest
from tests.exchange.conftest import code, send

pytestmark = pytest.mark.django_db(transaction=False)


def test_sent_message_gets_a_reference_of_the_sender_country_and_its_audit_row(message):
    assert message.reference.startswith("MSG-KZ-")
    event = AuditEvent.objects.for_object(message).get()
    assert event.action == "create"
    assert event.changes["handling_code"] == [None, "H1"]
    attachment = message.attachments.get()
    assert AuditEvent.objects.for_object(attachment).get().changes["handling_code"] == [None, "H1"]


def test_arrival_is_told_to_the_receiving_agency_officers_once(
    personas, message, django_capture_on_commit_callbacks
):
    # The fixture's callbacks already ran in the test transaction? notify runs on commit.
    with django_capture_on_commit_callbacks(execute=True):
        other = send(personas)
    told = set(
        Notification.objects.filter(event_key=f"exchange.message:{other.pk}:arrived").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"kg_investigator", "kg_coordinator"}


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("recipient_agency", {"to": "kz_coordinator"}),
        ("recipients", {"recipients_of": "kg_prosecutor"}),
        ("recipients", {"restricted": True}),
        ("cases", {"urgent": True}),
        ("subject", {"subject": "  "}),
        ("category", {"category": "gossip"}),
    ],
)
def test_bad_input_is_refused_by_field(personas, field, extra):
    extra = dict(extra)
    if "recipients_of" in extra:
        extra["recipients"] = [personas[extra.pop("recipients_of")]]
    with pytest.raises(ValidationError) as refused:
        send(personas, **extra)
    assert field in refused.value.message_dict


def test_another_country_case_cannot_be_linked(personas, kg_case):
    with pytest.raises(ValidationError) as refused:
        send(personas, cases=[kg_case])
    assert "cases" in refused.value.message_dict


@pytest.mark.parametrize("persona", ["outsider", "auditor", "registry_admin"])
def test_only_officers_with_a_case_role_send(personas, persona):
    with pytest.raises(PermissionDenied):
        send(personas, sender=persona)


def test_urgent_message_opens_the_registry_practice_clock_and_acknowledgement_meets_it(
    personas, kz_case
):
    urgent = send(personas, urgent=True, cases=[kz_case], handling_code=code("H0"))
    clock = Deadline.objects.for_subject(urgent).get()
    assert clock.kind == URGENT_MESSAGE
    assert clock.is_practice
    assert clock.rule.code == "exchange-urgent-response"
    assert clock.country == "KG"
    assert (clock.due_at - clock.started_at).total_seconds() == clock.rule.length * 3600
    assert set(clock.responsible.values_list("username", flat=True)) == {
        "kg_investigator",
        "kg_coordinator",
    }
    services.message_acknowledge(message=urgent, actor=personas["kg_coordinator"])
    clock.refresh_from_db()
    assert clock.state == DeadlineState.MET
    urgent.refresh_from_db()
    assert urgent.acknowledged_by == personas["kg_coordinator"]


def test_acknowledgement_is_the_receiving_side_once(personas, message):
    with pytest.raises(PermissionDenied):
        services.message_acknowledge(message=message, actor=personas["kz_coordinator"])
    services.message_acknowledge(message=message, actor=personas["kg_investigator"])
    with pytest.raises(IllegalTransition):
        services.message_acknowledge(message=message, actor=personas["kg_coordinator"])


def test_the_receiving_side_answer_acknowledges_and_closes_the_clock(personas, kz_case):
    urgent = send(personas, urgent=True, cases=[kz_case])
    reply = services.message_reply(message=urgent, actor=personas["kg_investigator"], text="Да")
    assert reply.thread_id == urgent.pk
    assert reply.recipient_agency_id == urgent.sender_agency_id
    assert reply.handling_code.code == "H1"
    urgent.refresh_from_db()
    assert urgent.acknowledged_at is not None
    assert Deadline.objects.for_subject(urgent).get().state == DeadlineState.MET


def test_the_sender_side_answer_does_not_acknowledge(personas, message):
    services.message_reply(message=message, actor=personas["kz_coordinator"], text="Дополняем")
    message.refresh_from_db()
    assert message.acknowledged_at is None


def test_an_invisible_thread_cannot_be_answered(personas, message):
    with pytest.raises(PermissionDenied):
        services.message_reply(message=message, actor=personas["kg_prosecutor"], text="?")


def test_opening_records_one_receipt_per_user_and_audits_each_open(personas, message):
    reader = personas["kg_investigator"]
    assert len(services.message_open(message=message, actor=reader)) == 1
    assert services.message_open(message=message, actor=reader) == []
    receipt = MessageRead.objects.get(message=message, user=reader)
    assert AuditEvent.objects.for_object(receipt).get().note == "H1"
    assert AuditEvent.objects.for_object(message).filter(action="view_protected").count() == 1
    # The sender's own opening is no receipt.
    services.message_open(message=message, actor=personas["kz_investigator"])
    assert message.reads.count() == 1


def test_unread_count_of_the_receiving_officer(personas, message):
    reader = personas["kg_investigator"]
    from exchange.models import Message

    assert Message.objects.unread_by(reader).count() == 1
    assert Message.objects.unread_by(personas["kz_investigator"]).count() == 0
    services.message_open(message=message, actor=reader)
    assert Message.objects.unread_by(reader).count() == 0


def test_draft_request_carries_the_facts_and_the_handling_code(personas, message, kg_case):
    draft = services.message_mla_draft(
        message=message, actor=personas["kg_investigator"], case=kg_case
    )
    assert isinstance(draft, MLARequest)
    assert draft.status == "draft"
    assert draft.case == kg_case
    assert draft.requesting_agency == personas["kg_investigator"].agency
    assert draft.requested_agency == personas["kz_investigator"].agency
    assert message.subject in draft.facts
    assert message.text in draft.facts
    assert message.reference in draft.facts
    assert "H1" in draft.facts
    assert draft.confidentiality == "required"
    assert list(message.mla_requests.all()) == [draft]
    assert AuditEvent.objects.for_object(message).filter(action="update").exists()


def test_draft_request_only_from_a_case_the_officer_may_change(personas, message, kz_case):
    with pytest.raises(ValidationError) as refused:
        services.message_mla_draft(message=message, actor=personas["kg_investigator"], case=kz_case)
    assert "case" in refused.value.message_dict
