"""The two-sided workflow through the API: every step, every refusal."""

from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent
from documents.models import Document
from requests_mla.models import MLARequest, StatusChange
from tests.conftest import api_as
from tests.requests_mla.conftest import today

pytestmark = pytest.mark.django_db


def step(user, mla, name, **data):
    return api_as(user).post(f"/api/mla-requests/{mla.pk}/{name}/", data, format="json")


def status(mla) -> str:
    return MLARequest.objects.get(pk=mla.pk).status


def test_happy_path_across_both_countries(personas, draft):
    kg_inv, kg_pros, kz_pros = (
        personas["kg_investigator"],
        personas["kg_prosecutor"],
        personas["kz_prosecutor"],
    )
    assert draft.reference.startswith("MLA-KG-")
    assert step(kg_inv, draft, "submit").status_code == 200
    assert step(kg_pros, draft, "approve", note="Согласовано").status_code == 200
    sent = step(
        kg_pros,
        draft,
        "send",
        outgoing_number="12/3-456",
        outgoing_date=today(),
        channel="central_authority",
    )
    assert sent.status_code == 200, sent.json()
    assert Document.objects.for_subject(draft, "mla_request").get().frozen
    # The KZ side now sees it as incoming.
    incoming = api_as(kz_pros).get(f"/api/mla-requests/{draft.pk}/").json()
    assert incoming["direction"] == "incoming"
    assert incoming["case_reference"] is None
    assert "receive" in incoming["allowed_transitions"]
    assert (
        step(kz_pros, draft, "receive", incoming_number="ВХ-77", incoming_date=today()).status_code
        == 200
    )
    assert step(kz_pros, draft, "accept").status_code == 200
    started = step(kz_pros, draft, "start-execution", executing_officer=kz_pros.pk)
    assert started.status_code == 200, started.json()
    done = step(
        kz_pros,
        draft,
        "execute",
        result_summary="Потерпевшая допрошена 12.06.2026.",
        partially=False,
    )
    assert done.status_code == 200, done.json()
    # The KR side sees the results and the frozen execution report.
    seen = api_as(kg_inv).get(f"/api/mla-requests/{draft.pk}/").json()
    assert seen["status"] == "executed"
    assert seen["result_summary"] == "Потерпевшая допрошена 12.06.2026."
    assert Document.objects.for_subject(draft, "execution_report").get().frozen
    history = [h.to_status for h in StatusChange.objects.filter(request=draft)]
    assert history == [
        "draft",
        "submitted",
        "approved",
        "sent",
        "received",
        "accepted",
        "in_execution",
        "executed",
    ]
    transitions = AuditEvent.objects.filter(
        action=AuditAction.TRANSITION,
        object_type="requests_mla.mlarequest",
        object_id=str(draft.pk),
    )
    assert transitions.count() == 7


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("approve", {}),
        ("send", {"outgoing_number": "1", "outgoing_date": "2026-01-01", "channel": "police"}),
        ("receive", {"incoming_number": "1", "incoming_date": "2026-01-01"}),
        ("accept", {}),
        ("execute", {"result_summary": "x"}),
        ("supplement", {"text": "x"}),
    ],
)
def test_illegal_steps_from_draft_answer_409_and_change_nothing(personas, draft, name, data):
    user = {
        "approve": "kg_prosecutor",
        "send": "kg_prosecutor",
        "receive": "kg_investigator",
        "accept": "kg_investigator",
        "execute": "kg_investigator",
        "supplement": "kg_investigator",
    }[name]
    before = (status(draft), StatusChange.objects.count(), AuditEvent.objects.count())
    response = step(personas[user], draft, name, **data)
    expected = {
        "approve": 404,  # prosecutors do not see drafts at all
        "send": 404,
        "receive": 403,  # the requesting side cannot act for the requested one
        "accept": 403,
        "execute": 403,
        "supplement": 409,  # the right side, the wrong moment
    }[name]
    assert response.status_code == expected
    assert (status(draft), StatusChange.objects.count(), AuditEvent.objects.count()) == before


def test_the_right_side_at_the_wrong_moment_gets_409(personas, draft):
    step(personas["kg_investigator"], draft, "submit")
    assert step(personas["kg_investigator"], draft, "submit").status_code == 409
    send = step(
        personas["kg_prosecutor"],
        draft,
        "send",
        outgoing_number="1",
        outgoing_date=today(),
        channel="central_authority",
    )
    assert send.status_code == 409
    assert status(draft) == "submitted"


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("kg_investigator", "approve"),  # only a prosecutor approves
        ("kz_prosecutor", "approve"),  # not of the requesting country
        ("kg_coordinator", "approve"),  # formal MLA needs a prosecutor
    ],
)
def test_wrong_role_answers_403(personas, draft, persona, name):
    step(personas["kg_investigator"], draft, "submit")
    response = step(personas[persona], draft, name)
    assert response.status_code in (403, 404)
    assert status(draft) == "submitted"


def test_requested_side_cannot_act_before_it_is_sent_and_cannot_see_drafts(personas, draft):
    kz = api_as(personas["kz_prosecutor"])
    assert kz.get(f"/api/mla-requests/{draft.pk}/").status_code == 404
    assert kz.post(f"/api/mla-requests/{draft.pk}/receive/", {}, format="json").status_code == 404


def test_return_then_revise_and_resubmit(personas, draft):
    step(personas["kg_investigator"], draft, "submit")
    no_remarks = step(personas["kg_prosecutor"], draft, "return")
    assert no_remarks.status_code == 400 and "remarks" in no_remarks.json()
    assert (
        step(personas["kg_prosecutor"], draft, "return", remarks="Уточнить вопросы").status_code
        == 200
    )
    patched = api_as(personas["kg_investigator"]).patch(
        f"/api/mla-requests/{draft.pk}/",
        {
            "purpose": "Доказательства для обвинения по ст. 166",
            "version": MLARequest.objects.get(pk=draft.pk).version,
        },
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    assert step(personas["kg_investigator"], draft, "submit").status_code == 200


def test_sent_request_cannot_be_edited(personas, draft):
    step(personas["kg_investigator"], draft, "submit")
    step(personas["kg_prosecutor"], draft, "approve")
    version = MLARequest.objects.get(pk=draft.pk).version
    response = api_as(personas["kg_investigator"]).patch(
        f"/api/mla-requests/{draft.pk}/", {"facts": "подмена", "version": version}, format="json"
    )
    assert response.status_code == 409


def test_supplement_restarts_and_makes_a_new_document_version(personas, draft):
    kg_pros, kz_pros = personas["kg_prosecutor"], personas["kz_prosecutor"]
    step(personas["kg_investigator"], draft, "submit")
    step(kg_pros, draft, "approve")
    step(
        kg_pros,
        draft,
        "send",
        outgoing_number="1",
        outgoing_date=today(),
        channel="central_authority",
    )
    step(kz_pros, draft, "receive", incoming_number="2", incoming_date=today())
    assert (
        step(kz_pros, draft, "request-supplement", text="Укажите адрес потерпевшей").status_code
        == 200
    )
    assert (
        step(personas["kg_investigator"], draft, "supplement", text="Адрес: г. Ош").status_code
        == 200
    )
    assert status(draft) == "sent"
    versions = list(
        Document.objects.for_subject(draft, "mla_request").values_list("version", flat=True)
    )
    assert versions == [2, 1]


def test_refusal_needs_grounds_from_the_legal_basis(personas, draft):
    from treaties.models import RefusalGround

    kg_pros, kz_pros = personas["kg_prosecutor"], personas["kz_prosecutor"]
    step(personas["kg_investigator"], draft, "submit")
    step(kg_pros, draft, "approve")
    step(
        kg_pros,
        draft,
        "send",
        outgoing_number="1",
        outgoing_date=today(),
        channel="central_authority",
    )
    step(kz_pros, draft, "receive", incoming_number="2", incoming_date=today())
    assert step(kz_pros, draft, "refuse").status_code == 400
    foreign = RefusalGround.objects.exclude(instrument__short_name="Chisinau Convention").first()
    assert step(kz_pros, draft, "refuse", grounds=[foreign.pk]).status_code == 400
    ground = RefusalGround.objects.filter(
        instrument__short_name="Chisinau Convention", request_kind="mla"
    ).first()
    refused = step(
        kz_pros, draft, "refuse", grounds=[ground.pk], note="Противоречит законодательству"
    )
    assert refused.status_code == 200, refused.json()
    assert status(draft) == "refused"


def test_withdraw_before_execution_only(personas, draft):
    assert step(personas["kg_investigator"], draft, "withdraw").status_code == 400  # reason
    assert (
        step(personas["kg_investigator"], draft, "withdraw", reason="Дело прекращено").status_code
        == 200
    )
    assert step(personas["kg_investigator"], draft, "withdraw", reason="снова").status_code == 409


@pytest.mark.parametrize(
    "payload",
    [
        {"outgoing_number": "", "outgoing_date": "2026-01-01", "channel": "police"},
        {"outgoing_number": "1", "outgoing_date": "2999-01-01", "channel": "police"},
        {"outgoing_number": "1", "outgoing_date": "вчера", "channel": "police"},
        {"outgoing_number": "1", "outgoing_date": "2026-01-01", "channel": "pigeon"},
    ],
)
def test_bad_step_input_is_400(personas, draft, payload):
    step(personas["kg_investigator"], draft, "submit")
    step(personas["kg_prosecutor"], draft, "approve")
    response = step(personas["kg_prosecutor"], draft, "send", **payload)
    assert response.status_code == 400
    assert status(draft) == "approved"


def test_dates_are_each_side_s_calendar_dates_across_the_hour_they_differ(
    personas, draft, monkeypatch
):
    """At 18:30 UTC it is already the 2nd in Bishkek (UTC+6) and still the 1st in Almaty
    (UTC+5). The KR prosecutor dates the letter the 2nd, through the API (whose token clients
    the zone middleware does not know); the KZ office may register it the 1st, not the 30th
    (before the letter's date began) nor the 2nd (its future)."""
    import datetime

    from django.utils import timezone

    moment = datetime.datetime(2026, 12, 1, 18, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    kg_inv, kg_pros, kz_pros = (
        personas["kg_investigator"],
        personas["kg_prosecutor"],
        personas["kz_prosecutor"],
    )
    assert step(kg_inv, draft, "submit").status_code == 200
    assert step(kg_pros, draft, "approve").status_code == 200
    sent = step(
        kg_pros, draft, "send", outgoing_number="1", outgoing_date="2026-12-02", channel="police"
    )
    assert sent.status_code == 200, sent.json()
    receive = {"incoming_number": "ВХ-1"}
    early = step(kz_pros, draft, "receive", incoming_date="2026-11-30", **receive)
    assert early.status_code == 400 and "incoming_date" in early.json()
    future = step(kz_pros, draft, "receive", incoming_date="2026-12-02", **receive)
    assert future.status_code == 400 and "incoming_date" in future.json()
    assert status(draft) == "sent"
    on_time = step(kz_pros, draft, "receive", incoming_date="2026-12-01", **receive)
    assert on_time.status_code == 200, on_time.json()
    assert status(draft) == "received"
