from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from operations import services
from operations.workflow import OPERATION_WORKFLOW
from tests.cases.conftest import make_case


def plan(personas, *, kr, kz, h_hour=None, name="Операция «Караван»"):
    """An operation planned by the KR coordinator: the two coordinators lead it, the two
    investigators take part."""
    return services.operation_create(
        actor=personas["kg_coordinator"],
        name=name,
        purpose="Одновременные обыски и освобождение потерпевших в Оше и Алматы.",
        h_hour=h_hour or timezone.now() + datetime.timedelta(days=7),
        kg_leader=personas["kg_coordinator"],
        kz_leader=personas["kz_coordinator"],
        cases=[kr, kz],
        participants=[personas["kg_investigator"], personas["kz_investigator"]],
        kg_tasks="Обыск в г. Ош, задержание вербовщика.",
        kz_tasks="Освобождение потерпевших в г. Алматы.",
    )


@pytest.fixture
def cases_pair(personas):
    kr = make_case(personas["kg_investigator"], number="24-001-2026-003100")
    kz = make_case(personas["kz_investigator"], number="261500031003100")
    return kr, kz


@pytest.fixture
def operation(personas, cases_pair):
    kr, kz = cases_pair
    return plan(personas, kr=kr, kz=kz)


def decide_go(operation, personas):
    OPERATION_WORKFLOW.perform(operation, "go", personas["kg_coordinator"], {})
    return OPERATION_WORKFLOW.perform(operation, "go", personas["kz_coordinator"], {})


@pytest.fixture
def went(operation, personas):
    """The operation decided "go" by both leaders, its H-hour passed."""
    from operations.models import Operation

    decide_go(operation, personas)
    Operation.objects.filter(pk=operation.pk).update(
        h_hour=timezone.now() - datetime.timedelta(hours=2)
    )
    operation.refresh_from_db()
    return operation
