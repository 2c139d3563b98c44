"""A KZ case and a KG case, and an H1 message with a file from KZ's ministry to KG's."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from exchange import services
from exchange.models import HandlingCode
from tests.cases.conftest import make_case


def code(value: str) -> HandlingCode:
    return HandlingCode.objects.get(code=value)


def pdf(name: str = "справка.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4 operational report", name=name)


def send(personas, sender="kz_investigator", to="kg_investigator", **extra):
    fields = {
        "actor": personas[sender],
        "recipient_agency": personas[to].agency,
        "subject": "Сведения о вербовщике Абдрахманове",
        "text": "По оперативным данным, Абдрахманов Т. 12.11.2026 выехал из г. Алматы в г. Ош.",
        "category": "operational",
        "handling_code": code("H1"),
        **extra,
    }
    return services.message_send(**fields)


@pytest.fixture
def kz_case(personas):
    return make_case(personas["kz_investigator"], number="261500031000777", title="Алматы")


@pytest.fixture
def kg_case(personas):
    return make_case(personas["kg_investigator"], number="24-001-2026-000777", title="Ош")


@pytest.fixture
def message(personas, kz_case):
    return send(personas, cases=[kz_case], uploads=[pdf()])
