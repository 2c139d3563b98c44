"""A small world of hand-counted statistics: cases, victims, requests, files and tasks.

Dates are chosen away from midnight and month ends, so that every zone puts them in the same
month. The expected figures are written out in the tests beside what they count.
"""

from __future__ import annotations

import datetime
import itertools

from cases import services
from cases.choices import ParticipantRole
from cases.models import Case, Participant
from tests.cases.conftest import make_case

UTC = datetime.UTC
_numbers = itertools.count(1)


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def add_victim(case, actor, *, sex, born, citizenship):
    return services.participant_add(
        case=case,
        actor=actor,
        role=ParticipantRole.VICTIM,
        person_fields={
            "surname": f"Потерпевшая{next(_numbers)}",
            "given_name": "Айгуль",
            "sex": sex,
            "birth_date": datetime.date.fromisoformat(born),
            "citizenship": citizenship,
        },
    )


def kg_case(personas, opened_on: str, number: str):
    case = make_case(personas["kg_investigator"], number=number, victims=())
    Case.objects.filter(pk=case.pk).update(opened_on=datetime.date.fromisoformat(opened_on))
    case.refresh_from_db()
    return case


def kz_case(personas, opened_on: str, number: str):
    case = make_case(personas["kz_investigator"], number=number, victims=())
    Case.objects.filter(pk=case.pk).update(opened_on=datetime.date.fromisoformat(opened_on))
    case.refresh_from_db()
    return case


def make_request(
    case, *, requesting, requested, instruments, sent, steps=(), status="sent", actor, grounds=()
):
    from requests_mla.models import MLARequest, StatusChange

    request = MLARequest.objects.create(
        reference=f"ST-{next(_numbers)}",
        case=case,
        request_type="formal_mla",
        requesting_agency=requesting,
        requested_agency=requested,
        status=status,
        sent_at=at(sent),
        created_by=actor,
    )
    request.instruments.set(instruments)
    request.refusal_grounds.set(grounds)
    history = [("sent", at(sent)), *[(s, at(d)) for s, d in steps]]
    StatusChange.objects.bulk_create(
        StatusChange(request=request, to_status=s, actor=actor, occurred_at=when)
        for s, when in history
    )
    return request


def build_world(personas, agencies):
    """KG: three cases of МВД КР (Jan, Jan, Mar 2025) with victims; KZ: one of МВД РК (Feb).

    Victims (sex, age on the day the case was opened, citizenship):
      c1 (2025-01-10): 3 × female 20 KG, 1 × male 16 UZ;  c2 (2025-01-20): female 30 KG;
      k1 (2025-02-01): 2 × female 21 KZ.
    Requests (sent → received → executed):
      r1 KG→KZ under A: 01-15 → 01-17 → 02-14 (30 / 28 days), its clock met after its end;
      r2 KG→KZ under A: 02-01 → 02-02 → 02-11 (10 / 9 days);
      r3 KG→KZ under A: 03-01 → executed 03-21 (20 days), no receipt recorded;
      r4 KG→KZ under B: 03-10, supplement asked 03-12, refused on ground G;
      r5 KZ→KG under A: 02-20, in execution, its clock running past its end.
    """
    from deadlines.models import Deadline
    from extradition.models import ExtraditionFile
    from teams.models import JointTeam, Task
    from treaties.models import Instrument, RefusalGround

    kg_inv = personas["kg_investigator"]
    c1 = kg_case(personas, "2025-01-10", "24-001-2025-000001")
    c2 = kg_case(personas, "2025-01-20", "24-001-2025-000002")
    c3 = kg_case(personas, "2025-03-05", "24-001-2025-000003")
    k1 = kz_case(personas, "2025-02-01", "251500031000001")
    for _ in range(3):
        add_victim(c1, kg_inv, sex="female", born="2004-06-01", citizenship="KG")
    add_victim(c1, kg_inv, sex="male", born="2008-05-01", citizenship="UZ")
    add_victim(c2, kg_inv, sex="female", born="1994-06-01", citizenship="KG")
    for _ in range(2):
        add_victim(
            k1, personas["kz_investigator"], sex="female", born="2003-06-01", citizenship="KZ"
        )

    # Routes: c1 Ош → Бишкек → Алматы; c2 Ош → Бишкек.
    from cases.models import RoutePoint

    for case, places in (
        (c1, [("KG", "г. Ош"), ("KG", "г. Бишкек"), ("KZ", "г. Алматы")]),
        (c2, [("KG", "г. Ош"), ("KG", "г. Бишкек")]),
    ):
        RoutePoint.objects.bulk_create(
            RoutePoint(case=case, order=i, role="transit", country=c, locality=place)
            for i, (c, place) in enumerate(places)
        )

    a = Instrument.objects.get(short_name="UNTOC")
    b = Instrument.objects.exclude(pk=a.pk).filter(kind="bilateral").first() or (
        Instrument.objects.exclude(pk=a.pk).first()
    )
    ground = RefusalGround.objects.filter(instrument=b).first() or RefusalGround.objects.first()
    kg_gpo, kz_gpo = agencies["kg_gpo"], agencies["kz_gpo"]
    r1 = make_request(
        c1,
        requesting=kg_gpo,
        requested=kz_gpo,
        instruments=[a],
        actor=kg_inv,
        sent="2025-01-15",
        steps=[("received", "2025-01-17"), ("executed", "2025-02-14")],
        status="executed",
    )
    make_request(
        c1,
        requesting=kg_gpo,
        requested=kz_gpo,
        instruments=[a],
        actor=kg_inv,
        sent="2025-02-01",
        steps=[("received", "2025-02-02"), ("executed", "2025-02-11")],
        status="executed",
    )
    make_request(
        c2,
        requesting=kg_gpo,
        requested=kz_gpo,
        instruments=[a],
        actor=kg_inv,
        sent="2025-03-01",
        steps=[("partially_executed", "2025-03-21")],
        status="partially_executed",
    )
    make_request(
        c3,
        requesting=kg_gpo,
        requested=kz_gpo,
        instruments=[b],
        actor=kg_inv,
        sent="2025-03-10",
        steps=[
            ("received", "2025-03-11"),
            ("supplement_requested", "2025-03-12"),
            ("refused", "2025-03-25"),
        ],
        status="refused",
        grounds=[ground],
    )
    r5 = make_request(
        k1,
        requesting=kz_gpo,
        requested=kg_gpo,
        instruments=[a],
        actor=personas["kz_investigator"],
        sent="2025-02-20",
        steps=[("received", "2025-02-21")],
        status="in_execution",
    )
    Deadline.objects.create(
        case=c1,
        subject_type="requests_mla.mlarequest",
        subject_id=str(r1.pk),
        kind="mla_sent",
        title="Исполнение",
        country="KZ",
        started_at=at("2025-01-15"),
        due_at=at("2025-02-10"),
        state="met",
        closed_at=at("2025-02-14"),
    )
    Deadline.objects.create(
        case=k1,
        subject_type="requests_mla.mlarequest",
        subject_id=str(r5.pk),
        kind="mla_sent",
        title="Исполнение",
        country="KG",
        started_at=at("2025-02-20"),
        due_at=at("2025-03-20"),
    )

    # Extradition: three persons surrendered KG→KZ, one refused (files of c1, KG requesting).
    suspect = Participant.objects.filter(case=c1, role="suspect").first()
    for stage in ("surrendered", "surrendered", "surrendered", "refused"):
        ExtraditionFile.objects.create(
            reference=f"EX-{next(_numbers)}",
            case=c1,
            person=suspect,
            requesting_state="KG",
            requested_state="KZ",
            purpose="prosecution",
            stage=stage,
            created_by=kg_inv,
            notice_number="A-1",
        )
    ExtraditionFile.objects.filter(reference__startswith="EX-").update(created_at=at("2025-02-05"))

    # A joint team on c1: two tasks done, one open past its due date (KG); one open (KZ).
    team = JointTeam.objects.create(
        name="ССГ",
        purpose="Расследование",
        kg_leader=personas["kg_coordinator"],
        kz_leader=personas["kz_coordinator"],
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        status="active",
        created_by=personas["kg_coordinator"],
    )
    team.cases.set([c1])
    for status, due, agency in (
        ("done", "2025-02-01", "kg_mvd"),
        ("done", "2025-02-01", "kg_mvd"),
        ("todo", "2025-02-01", "kg_mvd"),
        ("todo", "2099-01-01", "kz_mvd"),
    ):
        Task.objects.create(
            team=team,
            case=c1,
            title="Задача",
            assignee_agency=agencies[agency],
            status=status,
            due_on=datetime.date.fromisoformat(due),
            created_by=personas["kg_coordinator"],
        )
    Task.objects.filter(team=team).update(created_at=at("2025-02-01"))
    return {"c1": c1, "c2": c2, "c3": c3, "k1": k1, "a": a, "b": b, "ground": ground}
