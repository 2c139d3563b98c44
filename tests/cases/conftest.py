"""Cases built through the services, as users build them."""

from __future__ import annotations

import datetime

import pytest

from accounts.choices import Role
from cases import services
from cases.choices import NationalRegister, ParticipantRole
from tests.factories import UserFactory
from treaties.models import CriminalArticle, ExploitationForm


def kr_article() -> CriminalArticle:
    return CriminalArticle.objects.get(code__short_name="УК КР 2021", article="166", part="")


def kz_article() -> CriminalArticle:
    return CriminalArticle.objects.get(code__short_name="УК РК 2014", article="128", part="1")


def make_case(actor, *, number: str, title: str = "Торговля людьми", victims=("Иванова",), **extra):
    register = NationalRegister.KG_ERP if actor.agency.country == "KG" else NationalRegister.KZ_ERDR
    article = kr_article() if actor.agency.country == "KG" else kz_article()
    case = services.case_create(
        actor=actor,
        national_register=register,
        national_number=number,
        title=title,
        opened_on=datetime.date(2026, 5, 4),
        articles=[article],
        exploitation_forms=ExploitationForm.objects.filter(code="sexual-exploitation"),
        **extra,
    )
    services.participant_add(
        case=case,
        actor=actor,
        role=ParticipantRole.SUSPECT,
        person_fields={
            "surname": "Абдрахманов",
            "given_name": "Тимур",
            "surname_latin": "ABDRAKHMANOV",
        },
    )
    for surname in victims:
        services.participant_add(
            case=case,
            actor=actor,
            role=ParticipantRole.VICTIM,
            person_fields={
                "surname": surname,
                "given_name": "Айгуль",
                "surname_latin": surname.upper() + "-LAT",
                "birth_date": datetime.date(2003, 2, 1),
                "address": "г. Ош, ул. Ленина, 1",
            },
            documents=[{"kind": "passport", "number": "AC0000001", "issuing_country": "KG"}],
        )
    return case


@pytest.fixture
def kg_case(personas):
    return make_case(
        personas["kg_investigator"],
        number="24-001-2026-000001",
        title="Вербовка девушек в Оше",
        victims=("Мамытова", "Турдубаева"),
    )


@pytest.fixture
def kz_case(personas):
    return make_case(
        personas["kz_investigator"],
        number="261500031000001",
        title="Притон в Алматы",
        victims=("Сапарова",),
    )


# --- The same person across both countries (tests of cases.persons) ------------------------
VICTIM = {
    "surname": "Мамытова",
    "given_name": "Айзада",
    "patronymic": "Бакытовна",
    "surname_latin": "MAMYTOVA",
    "given_name_latin": "AIZADA",
    "birth_date": datetime.date(2004, 3, 11),
}


@pytest.fixture
def kg_victim(kg_case, personas):
    return services.participant_add(
        case=kg_case,
        actor=personas["kg_investigator"],
        role=ParticipantRole.VICTIM,
        person_fields=VICTIM,
    )


@pytest.fixture
def kz_double(kz_case, personas):
    """The same woman, spelt the Kazakh way, in the KZ investigator's own case."""
    return services.participant_add(
        case=kz_case,
        actor=personas["kz_investigator"],
        role=ParticipantRole.VICTIM,
        person_fields={
            "surname": "Мамытова",
            "given_name": "Айзада",
            "patronymic": "Бақытқызы",
            "surname_latin": "MAMYTOVA",
            "given_name_latin": "AIZADA",
            "birth_date": datetime.date(2004, 3, 11),
        },
    )


@pytest.fixture
def kg_colleague(personas):
    """An investigator of the KG agency who sees its cases but is on none of them."""
    return UserFactory(
        username="kg_colleague",
        agency=personas["kg_investigator"].agency,
        roles=[Role.INVESTIGATOR],
    )
