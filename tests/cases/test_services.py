"""Case services: references, numbering, transitions, audit."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.choices import CaseStatus
from cases.models import Case, Participant
from core.exceptions import IllegalTransition
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db


def test_references_count_per_country_and_year(personas):
    kg, kz = personas["kg_investigator"], personas["kz_investigator"]
    first = make_case(kg, number="11111111")
    second = make_case(kg, number="11111112")
    other = make_case(kz, number="22222222")
    older = services.case_create(
        actor=kg,
        national_register="kg_erp",
        national_number="33333333",
        title="Дело 2025 года",
        opened_on=datetime.date(2025, 12, 30),
    )
    assert [first.reference, second.reference, other.reference, older.reference] == [
        "KG-2026-00001",
        "KG-2026-00002",
        "KZ-2026-00001",
        "KG-2025-00001",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_concurrent_cases_never_share_a_reference(personas):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    lead = personas["kg_investigator"]
    errors: list[Exception] = []

    def open_case(n: int) -> None:
        try:
            services.case_create(
                actor=lead,
                national_register="kg_erp",
                national_number=f"4444444{n:03d}",
                title=f"Дело {n}",
                opened_on=datetime.date(2026, 3, 1),
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_case, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 8


def test_victims_keep_their_pseudonym_number(personas, kg_case):
    victims = Participant.objects.filter(case=kg_case, role="victim").order_by("victim_number")
    assert [v.victim_number for v in victims] == [1, 2]
    services.participant_add(
        case=kg_case,
        actor=personas["kg_investigator"],
        role="witness",
        person_fields={"surname": "Свидетель", "given_name": "Иван"},
    )
    third = services.participant_add(
        case=kg_case,
        actor=personas["kg_investigator"],
        role="victim",
        person_fields={"surname": "Третья", "given_name": "Анна"},
    )
    assert third.victim_number == 3
    assert Participant.objects.get(case=kg_case, role="witness").victim_number is None


# Which status may follow which (the expectation, written independently of the workflow's table).
STATUS_CHANGES = {
    ("open", "suspended"),
    ("open", "sent_to_court"),
    ("open", "closed"),
    ("suspended", "open"),
    ("suspended", "closed"),
    ("sent_to_court", "open"),
    ("sent_to_court", "closed"),
    ("closed", "open"),
}


@pytest.mark.parametrize("current", CaseStatus.values)
@pytest.mark.parametrize("new", CaseStatus.values)
def test_status_transitions_follow_the_table(personas, kg_case, current, new):
    Case.objects.filter(pk=kg_case.pk).update(status=current)
    allowed = (current, new) in STATUS_CHANGES
    if allowed:
        case = services.case_set_status(
            case=kg_case, actor=personas["kg_investigator"], status=new, reason="Основание"
        )
        assert case.status == new
    else:
        with pytest.raises(IllegalTransition):
            services.case_set_status(
                case=kg_case, actor=personas["kg_investigator"], status=new, reason="Основание"
            )
        assert Case.objects.get(pk=kg_case.pk).status == current


def test_every_change_is_audited_with_before_and_after(personas, kg_case):
    services.case_update(
        case=kg_case,
        actor=personas["kg_coordinator"],
        expected_version=kg_case.version,
        fields={"title": "Новое название", "summary": "Фабула"},
    )
    event = AuditEvent.objects.filter(object_type="cases.case", action=AuditAction.UPDATE).get()
    assert event.actor == personas["kg_coordinator"]
    assert event.changes["title"] == ["Вербовка девушек в Оше", "Новое название"]
    assert event.changes["summary"] == ["", "Фабула"]
    assert "search_title" not in event.changes and "version" not in event.changes


def test_national_number_is_normalised_for_search_and_uniqueness(personas, kg_case):
    assert kg_case.national_number == "24-001-2026-000001"
    assert kg_case.national_number_digits == "240012026000001"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_case(personas["kg_investigator"], number="24 001 2026 000001")
