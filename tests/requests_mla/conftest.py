"""A KR case and a complete draft request to Kazakhstan, built as users build them."""

from __future__ import annotations

import pytest

from cases.models import Participant
from requests_mla import services
from tests.cases.conftest import make_case
from treaties.models import Instrument


def chisinau() -> Instrument:
    return Instrument.objects.get(short_name="Chisinau Convention")


def complete_fields(personas, **extra) -> dict:
    return {
        "request_type": "formal_mla",
        "requesting_agency": personas["kg_investigator"].agency,
        "requested_agency": personas["kz_prosecutor"].agency,
        "qualification_text": "Статья 166. Торговля людьми. 1. Вербовка, перевозка, передача…",
        "facts": "В 2026 году гражданки КР вывезены в г. Алматы и принуждены к проституции.",
        "purpose": "Доказательства для предъявления обвинения.",
        "representatives": "Представителей нет.",
        "confidentiality": "required",
        "urgent": False,
        "urgency_reason": "",
        "language": "ru",
        "execution_requested_by": None,
        **extra,
    }


def complete_relations(case, **extra) -> dict:
    victim = Participant.objects.filter(case=case, role="victim").order_by("victim_number").first()
    victim.person.citizenship = "KG"
    victim.person.save(update_fields=["citizenship"])
    return {
        "instruments": [chisinau()],
        "articles": [q.article for q in case.qualifications.all()],
        "actions": [
            {
                "kind": "interrogation",
                "details": "Допросить потерпевшую по обстоятельствам вербовки.",
                "questions": "1. Кто предложил работу?\n2. Кто оплатил дорогу?",
                "persons": [victim],
                "disclosed": [victim],
            }
        ],
        **extra,
    }


@pytest.fixture
def kr_case(personas):
    return make_case(
        personas["kg_investigator"],
        number="24-001-2026-000500",
        title="Вербовка девушек в Оше",
        victims=("Мамытова", "Турдубаева"),
    )


@pytest.fixture
def draft(personas, kr_case):
    return services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr_case),
    )


def today() -> str:
    """A date that is today, or already past, in both countries (Bishkek, UTC+6, is a day
    ahead of Almaty, UTC+5, for an hour each night): valid for a step by either side."""
    import zoneinfo

    from django.utils import timezone

    from accounts.choices import Country

    now = timezone.now()
    zones = (zoneinfo.ZoneInfo(country.zone_name) for country in Country)
    return min(timezone.localdate(now, timezone=zone) for zone in zones).isoformat()
