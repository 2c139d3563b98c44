from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from audit.models import AuditEvent
from core.exceptions import IllegalTransition
from deadlines.models import Deadline, DeadlineState
from operations import services
from operations.choices import DDAY_RULE_CODE
from operations.models import Operation, OperationHistory
from operations.stats import results
from operations.workflow import OPERATION_WORKFLOW
from tests.operations.conftest import decide_go, plan

pytestmark = pytest.mark.django_db

FIGURES = {
    "persons_detained": 3,
    "victims_identified": 5,
    "victims_assisted": 4,
    "items_seized": 12,
    "summary": "Задержаны трое вербовщиков.",
}


def test_planning_opens_a_dday_clock_per_side_in_its_zone(operation, personas):
    clocks = {c.country: c for c in Deadline.objects.for_subject(operation)}
    assert set(clocks) == {"KG", "KZ"}
    assert all(c.rule.code == DDAY_RULE_CODE for c in clocks.values())
    assert clocks["KG"].reminder_lead_days == [7, 3, 1, 0]
    # Both clocks end at the H-hour itself, not at the end of D-day: one instant, two zones.
    assert clocks["KG"].due_at == clocks["KZ"].due_at == operation.h_hour
    assert set(clocks["KG"].responsible.all()) == {
        personas["kg_coordinator"],
        personas["kg_investigator"],
    }
    assert set(clocks["KZ"].responsible.all()) == {
        personas["kz_coordinator"],
        personas["kz_investigator"],
    }
    assert AuditEvent.objects.for_object(operation).filter(action="create").exists()


def test_only_coordinators_plan(personas, cases_pair):
    kr, _kz = cases_pair
    with pytest.raises(PermissionDenied):
        services.operation_create(
            actor=personas["kg_investigator"],
            name="x",
            purpose="x",
            h_hour=timezone.now() + datetime.timedelta(days=2),
            kg_leader=personas["kg_coordinator"],
            kz_leader=personas["kz_coordinator"],
            cases=[kr],
        )


def test_leaders_must_belong_to_their_side_and_dday_be_ahead(personas, cases_pair):
    kr, kz = cases_pair
    with pytest.raises(ValidationError) as exc:
        plan(personas, kr=kr, kz=kz, h_hour=timezone.now() - datetime.timedelta(hours=1))
    assert "d_day" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.operation_create(
            actor=personas["kg_coordinator"],
            name="x",
            purpose="x",
            h_hour=timezone.now() + datetime.timedelta(days=2),
            kg_leader=personas["kz_coordinator"],
            kz_leader=personas["kz_coordinator"],
            cases=[kr],
        )
    assert "kg_leader" in exc.value.message_dict


def test_go_needs_both_leaders(operation, personas):
    operation = OPERATION_WORKFLOW.perform(operation, "go", personas["kg_coordinator"], {})
    assert operation.status == "planned" and operation.kg_go_at and operation.kz_go_at is None
    # The Kyrgyz leader has decided: the step is no longer theirs.
    assert "go" not in OPERATION_WORKFLOW.allowed(personas["kg_coordinator"], operation)
    with pytest.raises(PermissionDenied):
        OPERATION_WORKFLOW.perform(operation, "go", personas["kg_coordinator"], {})
    operation = OPERATION_WORKFLOW.perform(operation, "go", personas["kz_coordinator"], {})
    assert operation.status == "go"
    assert list(operation.history.values_list("step", "target")) == [
        ("go", "planned"),
        ("go", "go"),
    ]


def test_participants_who_do_not_lead_may_not_decide(operation, personas):
    with pytest.raises(PermissionDenied):
        OPERATION_WORKFLOW.perform(operation, "go", personas["kg_investigator"], {})


def test_postpone_moves_the_clocks_and_asks_both_leaders_again(operation, personas):
    decide_go(operation, personas)
    new_day = (timezone.now() + datetime.timedelta(days=14)).date()
    operation = OPERATION_WORKFLOW.perform(
        operation,
        "postpone",
        personas["kz_coordinator"],
        {"d_day": new_day.isoformat(), "h_hour": "05:00", "zone": "KZ", "reason": "Погода"},
    )
    assert operation.status == "planned"
    assert operation.kg_go_at is None and operation.kz_go_at is None
    # 05:00 in Almaty (UTC+5) is 00:00 UTC, 06:00 in Bishkek.
    assert operation.h_hour.astimezone(datetime.UTC).hour == 0
    clocks = Deadline.objects.for_subject(operation)
    assert clocks.filter(state=DeadlineState.CANCELLED).count() == 2
    running = clocks.filter(state=DeadlineState.RUNNING)
    assert {c.country for c in running} == {"KG", "KZ"}
    assert {c.due_at for c in running} == {operation.h_hour}
    event = AuditEvent.objects.for_object(operation).filter(action="transition").order_by("-pk")[0]
    assert event.note == "Погода" and "h_hour" in event.changes


def test_postpone_needs_a_reason_and_a_future_time(operation, personas):
    with pytest.raises(ValidationError):
        OPERATION_WORKFLOW.perform(
            operation,
            "postpone",
            personas["kg_coordinator"],
            {"d_day": "2020-01-01", "h_hour": "05:00", "zone": "KG", "reason": "x"},
        )


def test_cancelled_operation_refuses_go_with_409(operation, personas):
    OPERATION_WORKFLOW.perform(
        operation, "cancel", personas["kg_coordinator"], {"reason": "Утечка"}
    )
    with pytest.raises(IllegalTransition):
        OPERATION_WORKFLOW.perform(operation, "go", personas["kz_coordinator"], {})
    assert not Deadline.objects.for_subject(operation).open().exists()


def test_each_side_files_its_report_and_the_totals_add_up(went, personas):
    services.operation_report_file(operation=went, actor=personas["kg_investigator"], **FIGURES)
    services.operation_report_file(
        operation=went,
        actor=personas["kz_coordinator"],
        **{**FIGURES, "persons_detained": 2, "items_seized": 1},
    )
    totals = results(Operation.objects.filter(pk=went.pk))
    assert totals == {
        "operations": 1,
        "reports": 2,
        "persons_detained": 5,
        "victims_identified": 10,
        "victims_assisted": 8,
        "items_seized": 13,
    }
    by_country = results(Operation.objects.all(), by_country=True)
    assert [row["country"] for row in by_country] == ["KG", "KZ"]
    operation = OPERATION_WORKFLOW.perform(went, "complete", personas["kg_coordinator"], {})
    assert operation.status == "completed"
    assert not Deadline.objects.for_subject(operation).open().exists()


def test_a_second_filing_corrects_the_report_audited(went, personas):
    services.operation_report_file(operation=went, actor=personas["kg_investigator"], **FIGURES)
    services.operation_report_file(
        operation=went, actor=personas["kg_investigator"], **{**FIGURES, "persons_detained": 4}
    )
    assert went.reports.get().persons_detained == 4
    event = AuditEvent.objects.filter(object_type="operations.operationreport", action="update")
    assert event.get().changes["persons_detained"] == [3, 4]


def test_complete_needs_both_reports(went, personas):
    services.operation_report_file(operation=went, actor=personas["kg_investigator"], **FIGURES)
    with pytest.raises(ValidationError):
        OPERATION_WORKFLOW.perform(went, "complete", personas["kg_coordinator"], {})


def test_report_refused_before_go_and_to_outsiders(operation, personas):
    with pytest.raises(IllegalTransition):
        services.operation_report_file(
            operation=operation, actor=personas["kg_investigator"], **FIGURES
        )
    with pytest.raises(Http404):
        services.operation_report_file(
            operation=operation, actor=personas["kg_prosecutor"], **FIGURES
        )


def test_more_assisted_than_identified_is_refused(went, personas):
    with pytest.raises(ValidationError):
        services.operation_report_file(
            operation=went,
            actor=personas["kg_investigator"],
            **{**FIGURES, "victims_assisted": 9},
        )


def test_history_rows_follow_the_steps(operation, personas):
    decide_go(operation, personas)
    assert OperationHistory.objects.filter(operation=operation).count() == 2
