"""The stages of an extradition file, each clock opened and closed at the right instant."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from deadlines import sweep
from deadlines.models import Deadline, Notification
from extradition.models import ExtraditionFile
from tests.conftest import api_as
from tests.extradition.conftest import kz_today, open_file
from treaties.models import RefusalGround

pytestmark = pytest.mark.django_db


def step(user, file, name, **data):
    return api_as(user).post(f"/api/extraditions/{file.pk}/{name}/", data, format="json")


def clock(file, kind, rule=None) -> Deadline:
    clocks = Deadline.objects.for_subject(file).filter(kind=kind)
    return clocks.get(rule__code=rule) if rule else clocks.get()


def stage(file) -> str:
    return ExtraditionFile.objects.get(pk=file.pk).stage


def detain(personas, file, hours_ago=2):
    detained = timezone.now() - datetime.timedelta(hours=hours_ago)
    response = step(
        personas["kz_prosecutor"],
        file,
        "detain",
        detention_place="ИВС ДП г. Алматы",
        detained_at=detained.isoformat(),
        detaining_agency=personas["kz_investigator"].agency_id,
    )
    assert response.status_code == 200, response.json()
    return detained


def test_from_wanted_to_surrendered(personas, file):
    kz, kg = personas["kz_prosecutor"], personas["kg_prosecutor"]
    assert file.reference.startswith("EXT-KG-")
    assert step(kg, file, "locate", located_place="г. Алматы").status_code == 200
    detained = detain(personas, file)
    hours_72 = clock(file, "person_detained", "kz-detention-72h")
    assert hours_72.due_at == detained.astimezone(datetime.UTC) + datetime.timedelta(hours=72)
    assert hours_72.country == "KZ"
    motion = clock(file, "person_detained", "kz-custody-motion-60h")
    assert motion.due_at == detained.astimezone(datetime.UTC) + datetime.timedelta(hours=60)

    today = kz_today().isoformat()
    assert (
        step(
            kz,
            file,
            "order-custody",
            custody_court="Медеуский районный суд",
            custody_ordered_on=today,
        ).status_code
        == 200
    )
    hours_72.refresh_from_db()
    motion.refresh_from_db()
    assert hours_72.state == motion.state == "met"
    forty = clock(file, "custody_ordered")
    # Forty сутки from the moment of detention: the same minute forty days later, never the
    # end of the fortieth day (the old clock ran up to six hours too long).
    assert forty.due_at == detained.astimezone(datetime.UTC) + datetime.timedelta(days=40)
    assert forty.started_at == detained

    assert step(kz, file, "receive-request", request_received_on=today).status_code == 200
    forty.refresh_from_db()
    assert forty.state == "met"
    assert step(kz, file, "arrest").status_code == 200
    assert step(kz, file, "decide", decision="granted", decision_on=today).status_code == 200
    assert step(kz, file, "fix-surrender", surrender_on=today).status_code == 200
    fifteen = clock(file, "surrender_date_fixed")
    assert fifteen.due_at.astimezone(fifteen.zone).date() == kz_today() + datetime.timedelta(
        days=15
    )
    assert step(kz, file, "surrender", surrendered_on=today).status_code == 200
    assert stage(file) == "surrendered"
    fifteen.refresh_from_db()
    assert fifteen.state == "met"
    assert not Deadline.objects.for_subject(file).open().exists()


def test_own_national_is_refused_and_prosecution_transferred(personas, kr_case):
    file = open_file(personas, kr_case, citizenship="KZ")
    kz, kg = personas["kz_prosecutor"], personas["kg_prosecutor"]
    today = kz_today().isoformat()
    step(kz, file, "receive-request", request_received_on=today)
    granted = step(kz, file, "decide", decision="granted", decision_on=today)
    assert granted.status_code == 400 and "decision" in granted.json()
    ground = RefusalGround.objects.filter(code="own-national").first()
    refused = step(kz, file, "decide", decision="refused", decision_on=today, grounds=[ground.pk])
    assert refused.status_code == 200, refused.json()
    assert step(kg, file, "request-transfer").status_code == 200
    assert step(kz, file, "accept-transfer", transfer_accepted_on=today).status_code == 200
    assert stage(file) == "transfer_accepted"


def test_a_missed_40_day_clock_blocks_custody_steps_until_release(personas, file):
    kz = personas["kz_prosecutor"]
    detain(personas, file)
    today = kz_today().isoformat()
    step(kz, file, "order-custody", custody_court="Суд", custody_ordered_on=today)
    forty = clock(file, "custody_ordered")
    # The receipt is recorded as a date: the day after the clock's end is unambiguously late.
    later = forty.due_at + datetime.timedelta(days=1)
    with freeze_time(later):
        page = api_as(kz).get(f"/api/extraditions/{file.pk}/").json()
        assert page["custody_lapsed"] is True
        late_day = later.astimezone(forty.zone).date().isoformat()
        step(kz, file, "receive-request", request_received_on=late_day)
        forty.refresh_from_db()
        assert forty.state == "missed"  # the request came after the clock ran out
        assert step(kz, file, "arrest").status_code == 409
        assert step(kz, file, "release", release_reason="Срок истёк").status_code == 200


def test_an_overdue_custody_clock_notifies_prosecutors_and_blocks(personas, file):
    kz = personas["kz_prosecutor"]
    detain(personas, file, hours_ago=80)  # the 72-hour clock has already run out
    assert (
        step(
            kz,
            file,
            "order-custody",
            custody_court="Суд",
            custody_ordered_on=kz_today().isoformat(),
        ).status_code
        == 200
    )
    forty = clock(file, "custody_ordered")
    with freeze_time(forty.due_at + datetime.timedelta(days=1)):
        sweep.sweep(dispatch=False)
        notified = set(
            Notification.objects.filter(deadline=forty, kind__startswith="overdue").values_list(
                "recipient__username", flat=True
            )
        )
        assert {"kz_prosecutor", "kg_prosecutor"} <= notified
        today = kz_today().isoformat()
        blocked = step(kz, file, "receive-request", request_received_on=today)
        assert blocked.status_code == 200  # receiving is always possible
        assert step(kz, file, "arrest").status_code == 409
        assert (
            step(
                kz, file, "release", release_reason="Истёк срок содержания под стражей"
            ).status_code
            == 200
        )
    assert stage(file) == "released"


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        (
            "detain",
            {
                "detention_place": "ИВС",
                "detained_at": "2999-01-01T10:00:00+05:00",
                "detaining_agency": 1,
            },
            "detained_at",
        ),
        ("detain", {"detention_place": "ИВС"}, "detained_at"),
        ("detain", {"detention_place": "ИВС", "detained_at": "вчера"}, "detained_at"),
        ("locate", {"located_place": "Алматы", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_400(personas, file, name, data, field):
    if data.get("detaining_agency") == 1:
        data["detaining_agency"] = personas["kz_investigator"].agency_id
    response = step(personas["kz_prosecutor"], file, name, **data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert stage(file) == "wanted"


def test_surrender_date_before_the_decision_is_refused(personas, file):
    kz = personas["kz_prosecutor"]
    today = kz_today()
    step(kz, file, "receive-request", request_received_on=today.isoformat())
    step(kz, file, "decide", decision="granted", decision_on=today.isoformat())
    early = step(
        kz, file, "fix-surrender", surrender_on=(today - datetime.timedelta(days=3)).isoformat()
    )
    assert early.status_code == 400 and "surrender_on" in early.json()


def test_wrong_side_and_wrong_stage(personas, file):
    assert step(personas["kg_prosecutor"], file, "detain", detention_place="x").status_code == 403
    assert step(
        personas["kz_prosecutor"], file, "surrender", surrendered_on="2026-01-01"
    ).status_code in (403, 409)
    assert step(personas["kz_investigator"], file, "locate", located_place="x").status_code == 404


def test_unknown_person_or_foreign_articles_are_400(personas, kr_case):
    from tests.extradition.conftest import kg_166, kz_128
    from treaties.models import Instrument

    basis = Instrument.objects.get(short_name="KR–KZ Extradition Agreement").pk
    client = api_as(personas["kg_investigator"])
    payload = {
        "case": kr_case.pk,
        "person": 999999,
        "requested_state": "KZ",
        "purpose": "prosecution",
        "requesting_articles": [kg_166().pk],
        "instruments": [basis],
    }
    assert "person" in client.post("/api/extraditions/", payload, format="json").json()
    suspect = kr_case.participants.get(role="suspect")
    wrong = client.post(
        "/api/extraditions/",
        {**payload, "person": suspect.pk, "requesting_articles": [kz_128().pk]},
        format="json",
    )
    assert wrong.status_code == 400 and "requesting_articles" in wrong.json()


def test_dual_criminality_against_the_registry_threshold(personas, file):
    body = api_as(personas["kg_investigator"]).get(f"/api/extraditions/{file.pk}/").json()
    # KR 166(1) and KZ 128(1) both carry their penalties in the registry.
    assert body["dual_criminality"]["satisfied"] is True
    assert body["requesting_articles"] and body["requested_articles"]


def test_visible_to_both_general_prosecutors_once_exchanged(personas, kr_case):
    file = open_file(personas, kr_case, notice_number="")
    assert (
        not ExtraditionFile.objects.visible_to(personas["kz_prosecutor"])
        .filter(pk=file.pk)
        .exists()
    )
    step(personas["kg_prosecutor"], file, "locate", located_place="Алматы")
    for persona in ("kz_prosecutor", "kg_prosecutor", "kg_investigator"):
        assert ExtraditionFile.objects.visible_to(personas[persona]).filter(pk=file.pk).exists()
    for persona in ("kz_investigator", "auditor", "outsider"):
        assert not ExtraditionFile.objects.visible_to(personas[persona]).filter(pk=file.pk).exists()
