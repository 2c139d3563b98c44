"""The names a case is searched by, kept on the case row (cases.names): written where a
participant is added or a person's names change, the victims' apart, and searched by one word."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import names, services
from cases.choices import ParticipantRole
from cases.models import Case, Participant
from tests.cases.conftest import make_case
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def lines(text: str) -> set[str]:
    return set(text.split(names.SEPARATOR)) - {""}


def test_adding_people_writes_their_names_on_the_case(personas):
    case = make_case(personas["kg_investigator"], number="24-001-2026-000801", victims=("Ёлкина",))
    case.refresh_from_db()
    # Folded (lower case, ё as е), every spelling; the victim's name apart from the others'.
    assert lines(case.participant_names) == {"абдрахманов тимур abdrakhmanov"}
    assert lines(case.victim_names) == {"елкина айгуль елкина-lat"}
    assert Case.objects.get(pk=case.pk).version == case.version  # derived: not an edit


def test_names_match_the_participants_of_every_case(personas, kg_case):
    """What the services keep equals what a rewrite of every case from its participants gives
    (the migration's and seed_scale's fill)."""
    kept = dict(Case.objects.values_list("pk", "victim_names"))
    Case.objects.update(participant_names="", victim_names="")
    names.refresh()
    assert dict(Case.objects.values_list("pk", "victim_names")) == kept
    case = Case.objects.get(pk=kg_case.pk)
    victims = Participant.objects.filter(case=case, role=ParticipantRole.VICTIM)
    assert lines(case.victim_names) == {p.person.search_name for p in victims}
    assert len(lines(case.victim_names)) == 2


def test_a_corrected_name_is_searched_by_its_new_spelling(personas, kg_case):
    user = personas["kg_investigator"]
    suspect = kg_case.participants.get(role=ParticipantRole.SUSPECT)
    services.person_update(
        participant=suspect,
        actor=user,
        expected_version=suspect.person.version,
        fields={"surname": "Абдыкадыров"},
    )
    case = Case.objects.get(pk=kg_case.pk)
    assert "абдыкадыров" in case.participant_names
    assert "абдрахманов" not in case.participant_names
    found = api_as(user).get("/api/cases/", {"q": "Абдыкадыров"}).json()["results"]
    assert [row["id"] for row in found] == [kg_case.pk]
    assert api_as(user).get("/api/cases/", {"q": "Абдрахманов"}).json()["results"] == []


def test_the_names_are_not_in_the_audit_trail_nor_the_api(personas, kg_case):
    """The victims' names on the case row are a search key, never shown: not in the case's
    audit events, not in the API's case."""
    from audit.models import AuditEvent

    for event in AuditEvent.objects.filter(object_type="cases.case", object_id=str(kg_case.pk)):
        assert "victim_names" not in (event.changes or {})
        assert "participant_names" not in (event.changes or {})
    body = api_as(personas["kg_investigator"]).get(f"/api/cases/{kg_case.pk}/").content.decode()
    assert "мамытова" not in body.lower()


def test_one_word_reads_the_case_rows_not_the_participants(personas, kg_case):
    """A one-word search reads the names kept on the case; several words must match one
    participant's name and so still read the participants."""
    user = personas["kg_coordinator"]
    client = api_as(user)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/cases/", {"q": "абдрахманов"}).json()["results"]
    with CaptureQueriesContext(connection) as several:
        assert client.get("/api/cases/", {"q": "абдрахманов тимур"}).json()["results"]

    def searches(captured) -> list[str]:
        found = [q["sql"] for q in captured.captured_queries if "LIKE" in q["sql"]]
        assert found
        return found

    assert not any('"cases_participant"' in sql for sql in searches(one))
    assert any('"cases_participant"' in sql for sql in searches(several))
