"""The same-person search's blocking: exact keys of two name parts or the date of birth first,
trigrams only when those find no one — and the visibility rule on every path."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from cases import services
from cases.models import Person
from cases.persons import exact_candidates, person_search, query_key_groups
from tests.cases.conftest import VICTIM

pytestmark = pytest.mark.django_db

BORN = datetime.date(1987, 2, 22)
# The exact lookups and the trigram fallback are PostgreSQL's; SQLite reads the table.
POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")


def witness(case, actor, **fields):
    return services.participant_add(case=case, actor=actor, role="witness", person_fields=fields)


@pytest.fixture
def nurbekov(personas, kg_case):
    actor = personas["kg_investigator"]
    for surname, given, patronymic in (
        ("Асанов", "Айбек", "Маратович"),  # the same given name and patronymic, not the surname
        ("Нурбеков", "Тимур", "Асанович"),  # the same surname only
        ("Сапаров", "Айбек", "Нурланович"),  # the same given name only
    ):
        witness(kg_case, actor, surname=surname, given_name=given, patronymic=patronymic)
    return witness(
        kg_case,
        actor,
        surname="Нурбеков",
        given_name="Айбек",
        patronymic="Маратович",
        birth_date=BORN,
    )


def found_ids(user, query):
    return [f.person.pk for f in person_search(user, query)]


def test_a_misspelt_surname_is_found_by_the_given_name_and_patronymic(personas, nurbekov):
    found = found_ids(personas["kg_investigator"], "Нурбков Айбек Маратович")
    assert found[0] == nurbekov.person_id


def test_a_misspelt_surname_is_found_by_the_date_of_birth_and_the_given_name(personas, nurbekov):
    query = {"surname": "Нрбеков", "given_name": "Айбек", "birth_date": BORN}
    assert found_ids(personas["kg_investigator"], query)[0] == nurbekov.person_id


def test_a_surname_alone_with_the_date_of_birth_finds_who_was_born_that_day_first(
    personas, nurbekov
):
    query = {"surname": "Нурбеков", "birth_date": BORN}
    assert found_ids(personas["kg_investigator"], query)[0] == nurbekov.person_id


def test_kazakh_letters_and_another_latin_spelling_are_found(personas, nurbekov):
    user = personas["kg_investigator"]
    assert found_ids(user, "Нұрбеков Айбек")[0] == nurbekov.person_id
    assert found_ids(user, {"surname": "NURBEKOV", "given_name": "AIBEK"})[0] == nurbekov.person_id


def test_a_record_without_the_patronymic_is_found_beside_the_full_one(personas, kg_case, nurbekov):
    actor = personas["kg_investigator"]
    shorter = witness(kg_case, actor, surname="Нурбеков", given_name="Айбек")
    found = found_ids(actor, "Нурбеков Айбек Маратович")
    assert found[0] == nurbekov.person_id
    assert shorter.person_id in found


@POSTGRESQL
def test_exact_candidates_need_two_name_parts_not_two_readings_of_one(personas, nurbekov):
    persons = Person.objects.all()
    found = set(
        exact_candidates(persons, query_key_groups("Нурбеков Айбек")).values_list("pk", flat=True)
    )
    assert nurbekov.person_id in found
    # «Сапаров Айбек» and «Нурбеков Тимур» share one part each: no exact candidates.
    assert found == {nurbekov.person_id}
    # Two readings of «Бакыт» (with and without its reduced vowel) are one part.
    assert not exact_candidates(persons, query_key_groups("Касымов Бакыт")).exists()


@POSTGRESQL
def test_the_trigram_fallback_finds_a_misspelt_name_no_key_carries(personas, nurbekov):
    query = {"surname": "Нурбекв"}
    assert not exact_candidates(Person.objects.all(), query_key_groups(query)).exists()
    found = found_ids(personas["kg_investigator"], query)
    assert nurbekov.person_id in found


def test_a_victim_is_not_confirmable_by_name_and_date_of_birth(
    personas, kg_case, kg_victim, kg_colleague
):
    # The date-of-birth lookup is one more path to the same rows: the rule still holds.
    query = {key: VICTIM[key] for key in ("surname", "given_name", "birth_date")}
    assert person_search(kg_colleague, query) == []
    assert person_search(personas["kz_investigator"], query) == []
    misspelt = {**query, "surname": "Мамтова"}
    assert person_search(kg_colleague, misspelt) == []
    assert found_ids(personas["kg_investigator"], misspelt) == [kg_victim.person_id]
