"""Cases built through the services, as users build them."""

from __future__ import annotations

import datetime

import pytest

from cases import services
from cases.choices import NationalRegister, ParticipantRole
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
