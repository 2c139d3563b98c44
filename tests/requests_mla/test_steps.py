"""The request's workflow table: notes kept, rules as conditions, buttons from the table."""

from __future__ import annotations

import pytest
from django.utils import translation

from audit.models import AuditAction, AuditEvent
from requests_mla import services
from requests_mla.models import MLARequest, StatusChange
from requests_mla.workflow import MLA_WORKFLOW
from tests.conftest import api_as
from tests.requests_mla.conftest import today
from tests.requests_mla.test_documents import send

pytestmark = pytest.mark.django_db


def step(user, mla, name, **data):
    return api_as(user).post(f"/api/mla-requests/{mla.pk}/{name}/", data, format="json")


def recorded_note(mla, to_status: str) -> tuple[str, str]:
    """The note of the step into ``to_status``: in the history and in the audit row."""
    change = StatusChange.objects.get(request=mla, to_status=to_status)
    event = AuditEvent.objects.filter(
        action=AuditAction.TRANSITION,
        object_type="requests_mla.mlarequest",
        object_id=str(mla.pk),
        changes__status__1=to_status,
    ).get()
    return change.note, event.note


def test_the_note_typed_with_submit_and_accept_is_recorded(personas, draft):
    kz_pros = personas["kz_prosecutor"]
    response = step(personas["kg_investigator"], draft, "submit", note="Прошу согласовать")
    assert response.status_code == 200, response.json()
    assert recorded_note(draft, "submitted") == ("Прошу согласовать", "Прошу согласовать")
    step(personas["kg_prosecutor"], draft, "approve", note="Согласовано")
    assert recorded_note(draft, "approved") == ("Согласовано", "Согласовано")
    step(
        personas["kg_prosecutor"],
        draft,
        "send",
        outgoing_number="12/3-456",
        outgoing_date=today(),
        channel="central_authority",
    )
    step(kz_pros, draft, "receive", incoming_number="ВХ-77", incoming_date=today())
    response = step(kz_pros, draft, "accept", note="Поручено УВД Алматы")
    assert response.status_code == 200, response.json()
    assert recorded_note(draft, "accepted") == ("Поручено УВД Алматы", "Поручено УВД Алматы")
    history = api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{draft.pk}/history/")
    assert "Поручено УВД Алматы" in [h["note"] for h in history.json()]


def test_the_note_typed_on_the_page_is_in_the_timeline(client, personas, draft):
    client.force_login(personas["kg_investigator"])
    response = client.post(
        f"/requests/{draft.pk}/steps/submit/", {"note": "Проверено старшим"}, follow=True
    )
    assert MLARequest.objects.get(pk=draft.pk).status == "submitted"
    assert "Проверено старшим" in response.content.decode()
    assert recorded_note(draft, "submitted") == ("Проверено старшим", "Проверено старшим")


def test_the_services_take_the_note_too(personas, draft):
    services.mla_request_submit(request=draft, actor=personas["kg_investigator"], note="Срочно")
    assert recorded_note(draft, "submitted") == ("Срочно", "Срочно")


def test_every_step_moves_the_version(personas, draft):
    before = MLARequest.objects.get(pk=draft.pk).version
    services.mla_request_submit(request=draft, actor=personas["kg_investigator"])
    assert MLARequest.objects.get(pk=draft.pk).version == before + 1


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("kz_prosecutor", ["receive"]),  # the requested agency's manager
        ("kz_investigator", []),  # another agency of the requested country
        ("kg_investigator", ["withdraw"]),  # the drafter
        ("kg_prosecutor", ["withdraw"]),  # the approver
        ("kg_coordinator", ["withdraw"]),  # may change the case
        ("outsider", []),
    ],
)
def test_who_may_act_on_a_sent_request(personas, draft, persona, expected):
    send(personas, draft)
    user = personas[persona]
    mla = MLARequest.objects.get(pk=draft.pk)
    assert MLA_WORKFLOW.allowed(user, mla) == expected
    # The list's annotation answers the same as the single check.
    annotated = MLA_WORKFLOW.annotate_allowed(MLARequest.objects.filter(pk=mla.pk), user).get()
    assert [n for n in MLA_WORKFLOW.names() if getattr(annotated, f"may_{n}")] == expected


def test_the_executing_officer_reports_but_does_not_refuse(personas, draft):
    kz_pros, kz_inv = personas["kz_prosecutor"], personas["kz_investigator"]
    kz_inv.agency = kz_pros.agency
    kz_inv.save(update_fields=["agency"])
    send(personas, draft)
    step(kz_pros, draft, "receive", incoming_number="1", incoming_date=today())
    step(kz_pros, draft, "accept")
    assert step(kz_inv, draft, "accept").status_code == 403  # managers accept
    step(kz_pros, draft, "start-execution", executing_officer=kz_inv.pk)
    mla = MLARequest.objects.get(pk=draft.pk)
    assert MLA_WORKFLOW.allowed(kz_inv, mla) == ["execute"]
    assert step(kz_inv, draft, "refuse", grounds=[]).status_code == 403
    done = step(kz_inv, draft, "execute", result_summary="Допрошена.", partially=True)
    assert done.status_code == 200, done.json()
    assert MLARequest.objects.get(pk=draft.pk).status == "partially_executed"


def test_destructive_steps_ask_for_confirmation_on_the_page(client, personas, draft):
    services.mla_request_submit(request=draft, actor=personas["kg_investigator"])
    client.force_login(personas["kg_prosecutor"])
    page = client.get(f"/requests/{draft.pk}/").content.decode()
    assert 'data-step="return"' in page and 'data-step="withdraw"' in page
    with translation.override("ru"):
        for name in ("return", "withdraw"):
            assert str(MLA_WORKFLOW[name].confirm) in page
        assert str(MLA_WORKFLOW["approve"].button) in page
    assert all(MLA_WORKFLOW[name].confirm for name in ("refuse", "withdraw", "return"))


def test_a_refused_step_on_the_page_names_the_field(client, personas, draft):
    services.mla_request_submit(request=draft, actor=personas["kg_investigator"])
    client.force_login(personas["kg_prosecutor"])
    response = client.post(
        f"/requests/{draft.pk}/steps/return/", {"remarks": "", "confirmed": "1"}, follow=True
    )
    assert MLARequest.objects.get(pk=draft.pk).status == "submitted"
    page = response.content.decode()
    with translation.override("ru"):
        label = str(MLA_WORKFLOW.field_labels("return")["remarks"])
    assert "alert-danger" in page and f"Укажите: {label}." in page


def test_the_step_page_refuses_what_the_user_cannot_see(client, personas, draft):
    client.force_login(personas["kz_prosecutor"])
    assert client.post(f"/requests/{draft.pk}/steps/withdraw/", {"reason": "x"}).status_code == 404
    assert MLARequest.objects.get(pk=draft.pk).status == "draft"
