"""The requested side routes an incoming request: central authority → executing agency →
executor, with only officers who may execute offered; each page says whose step comes next."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.choices import Role
from audit.models import AuditAction, AuditEvent
from requests_mla.forms import StartExecutionForm
from requests_mla.models import MLARequest, StatusChange
from tests.conftest import api_as
from tests.factories import UserFactory
from tests.requests_mla.conftest import today

pytestmark = pytest.mark.django_db


def step(user, mla, name, **data):
    return api_as(user).post(f"/api/mla-requests/{mla.pk}/{name}/", data, format="json")


@pytest.fixture
def received(personas, draft):
    """Sent by the KR side and registered by the KZ General Prosecutor's Office."""
    kg_inv, kg_pros, kz_pros = (
        personas["kg_investigator"],
        personas["kg_prosecutor"],
        personas["kz_prosecutor"],
    )
    assert step(kg_inv, draft, "submit").status_code == 200
    assert step(kg_pros, draft, "approve").status_code == 200
    sent = step(
        kg_pros,
        draft,
        "send",
        outgoing_number="12/3",
        outgoing_date=today(),
        channel="central_authority",
    )
    assert sent.status_code == 200, sent.json()
    got = step(kz_pros, draft, "receive", incoming_number="ВХ-1", incoming_date=today())
    assert got.status_code == 200, got.json()
    return draft


def visible(user, mla) -> bool:
    return MLARequest.objects.visible_to(user).filter(pk=mla.pk).exists()


def test_central_authority_routes_to_the_executing_agency_whose_officers_then_see_it(
    personas, agencies, received
):
    kz_inv, kz_pros = personas["kz_investigator"], personas["kz_prosecutor"]
    assert not visible(kz_inv, received)
    assert api_as(kz_inv).get(f"/api/mla-requests/{received.pk}/").status_code == 404

    routed = step(kz_pros, received, "route", executing_agency=agencies["kz_mvd"].pk, note="")
    assert routed.status_code == 200, routed.json()
    mla = MLARequest.objects.get(pk=received.pk)
    assert mla.executing_agency == agencies["kz_mvd"]
    assert mla.status == "received"
    assert visible(kz_inv, mla)
    body = api_as(kz_inv).get(f"/api/mla-requests/{mla.pk}/").json()
    assert body["executing_agency"] == agencies["kz_mvd"].pk
    # The step is written in the history and the audit trail, with the agency.
    last = StatusChange.objects.filter(request=mla).order_by("-occurred_at", "-pk").first()
    assert agencies["kz_mvd"].name_ru in last.note
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(mla.pk)).latest(
        "pk"
    )
    assert event.changes["executing_agency"] == [None, agencies["kz_mvd"].pk]


def test_routing_refuses_another_country_the_same_office_and_the_wrong_role(
    personas, agencies, received
):
    kz_pros = personas["kz_prosecutor"]
    for agency in ("kg_mvd", "kz_gpo"):
        refused = step(kz_pros, received, "route", executing_agency=agencies[agency].pk)
        assert refused.status_code == 400
        assert "executing_agency" in str(refused.json())
    # An investigator of the receiving side registers, a coordinator or prosecutor routes.
    other = UserFactory(agency=agencies["kz_gpo"], roles=[Role.INVESTIGATOR])
    assert step(other, received, "route", executing_agency=agencies["kz_mvd"].pk).status_code == 403
    assert MLARequest.objects.get(pk=received.pk).executing_agency is None


def test_executor_choices_are_officers_with_a_case_role_of_the_executing_agency(
    personas, agencies, received
):
    before = set(StartExecutionForm(subject=received).fields["executing_officer"].queryset)
    assert personas["kz_prosecutor"] in before
    assert personas["auditor"] not in before  # same office, no case role
    step(personas["kz_prosecutor"], received, "route", executing_agency=agencies["kz_mvd"].pk)
    mla = MLARequest.objects.get(pk=received.pk)
    after = set(StartExecutionForm(subject=mla).fields["executing_officer"].queryset)
    assert after == {personas["kz_investigator"], personas["kz_coordinator"]}
    # Nobody outside the list is accepted, whatever the API is sent.
    assert step(personas["kz_coordinator"], mla, "accept").status_code == 200
    wrong = step(
        personas["kz_coordinator"], mla, "start-execution", executing_officer=personas["auditor"].pk
    )
    assert wrong.status_code == 400


def test_executing_agency_coordinator_assigns_and_the_investigator_executes(
    client, personas, agencies, received
):
    kz_coord, kz_inv = personas["kz_coordinator"], personas["kz_investigator"]
    step(personas["kz_prosecutor"], received, "route", executing_agency=agencies["kz_mvd"].pk)
    assert step(kz_coord, received, "accept", note="Принять в МВД").status_code == 200
    assigned = step(kz_coord, received, "start-execution", executing_officer=kz_inv.pk)
    assert assigned.status_code == 200, assigned.json()

    # A colleague in the same ministry sees the request but is told why the step is not theirs.
    colleague = UserFactory(agency=agencies["kz_mvd"], roles=[Role.INVESTIGATOR])
    client.force_login(colleague)
    page = client.get(reverse("requests_mla:detail", args=[received.pk])).content.decode()
    assert "вы не назначены исполнителем" in page
    assert 'data-step="execute"' not in page
    assert step(colleague, received, "execute", result_summary="x").status_code == 403

    done = step(kz_inv, received, "execute", result_summary="Допрошена.", partially=False)
    assert done.status_code == 200, done.json()
    assert MLARequest.objects.get(pk=received.pk).status == "executed"


def panel(client, user, mla) -> str:
    """The next-step panel as read: its text, with each line's data-mine kept as a word."""
    client.force_login(user)
    page = client.get(reverse("requests_mla:detail", args=[mla.pk])).content.decode()
    start = page.index('data-testid="next-step"')
    html = page[start : page.index("</ul>", start)]
    html = re.sub(r'<li [^>]*data-mine="(yes|no)"[^>]*>', r' data-mine="\1" ', html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace(" :", ":").split())


def test_next_step_panel_says_what_and_whose_in_each_state(client, personas, agencies, draft):
    kg_inv, kg_pros = personas["kg_investigator"], personas["kg_prosecutor"]
    kz_pros, kz_coord, kz_inv = (
        personas["kz_prosecutor"],
        personas["kz_coordinator"],
        personas["kz_investigator"],
    )
    kg_gpo, kz_gpo, kz_mvd = agencies["kg_gpo"], agencies["kz_gpo"], agencies["kz_mvd"]

    text = panel(client, kg_inv, draft)
    assert "Ждёт: Направить на согласование" in text and 'data-mine="yes"' in text

    step(kg_inv, draft, "submit")
    text = panel(client, kg_inv, draft)
    assert f"Ждёт: Согласовать — прокурор ({kg_gpo.name_ru})" in text
    assert "Не ваш шаг" in text
    assert 'data-mine="yes"' in panel(client, kg_pros, draft)

    step(kg_pros, draft, "approve")
    assert f"Ждёт: Направить — прокурор ({kg_gpo.name_ru})" in panel(client, kg_inv, draft)

    step(
        kg_pros,
        draft,
        "send",
        outgoing_number="1",
        outgoing_date=today(),
        channel="central_authority",
    )
    text = panel(client, kg_inv, draft)
    assert f"Зарегистрировать как полученный — сотрудник ({kz_gpo.name_ru})" in text

    step(kz_pros, draft, "receive", incoming_number="ВХ-1", incoming_date=today())
    text = panel(client, kz_pros, draft)
    assert f"Направить в исполняющее ведомство — координатор или прокурор ({kz_gpo.name_ru})" in (
        text
    )
    assert f"Принять к исполнению — координатор или прокурор ({kz_gpo.name_ru})" in text

    step(kz_pros, draft, "route", executing_agency=kz_mvd.pk)
    text = panel(client, kg_inv, draft)
    assert f"Принять к исполнению — координатор или прокурор ({kz_mvd.name_ru})" in text

    step(kz_coord, draft, "accept")
    assert f"координатор или прокурор ({kz_mvd.name_ru})" in panel(client, kz_inv, draft)

    step(kz_coord, draft, "start-execution", executing_officer=kz_inv.pk)
    text = panel(client, kg_inv, draft)
    assert f"Ждёт: Сообщить об исполнении — исполнитель {kz_inv.display_name}" in text
    assert 'data-mine="yes"' in panel(client, kz_inv, draft)

    step(kz_inv, draft, "execute", result_summary="Готово.", partially=False)
    assert "Дальнейших шагов нет: запрос — «исполнен»" in panel(client, kg_inv, draft)


def test_api_lists_the_pending_steps_with_their_holders(personas, agencies, received):
    body = api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{received.pk}/").json()
    pending = {p["step"]: p for p in body["pending_steps"]}
    assert {"route", "accept", "refuse"} <= set(pending)
    assert pending["accept"]["mine"] is False
    assert agencies["kz_gpo"].name_ru in pending["accept"]["holder"]
