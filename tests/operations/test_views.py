from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from operations.models import Operation
from operations.workflow import moment_from_local
from tests.conftest import PERSONA_KEYS, api_as
from tests.operations.conftest import decide_go, plan

pytestmark = pytest.mark.django_db

NAMED = {"kg_investigator", "kz_investigator", "kg_coordinator", "kz_coordinator"}
REPORT = {
    "persons_detained": 2,
    "victims_identified": 3,
    "victims_assisted": 3,
    "items_seized": 7,
    "summary": "Освобождены трое потерпевших.",
}


def test_only_named_participants_see_the_operation(operation, personas, client):
    for key in PERSONA_KEYS:
        client.force_login(personas[key])
        page = client.get(reverse("operations:detail", args=[operation.pk]))
        api = api_as(personas[key]).get(f"/api/operations/{operation.pk}/")
        expected = 200 if key in NAMED else 404
        assert (page.status_code, api.status_code) == (expected, expected), key
        listed = client.get(reverse("operations:list")).content.decode()
        assert (operation.name in listed) == (key in NAMED), key


def test_each_side_reads_its_own_local_h_hour(personas, cases_pair, client):
    kr, kz = cases_pair
    day = timezone.localdate() + datetime.timedelta(days=8)
    # 05:00 in Bishkek (UTC+6) is 04:00 in Almaty (UTC+5).
    operation = plan(personas, kr=kr, kz=kz, h_hour=moment_from_local(day, datetime.time(5), "KG"))
    client.force_login(personas["kz_investigator"])
    page = client.get(reverse("operations:detail", args=[operation.pk])).content.decode()
    stamp = day.strftime("%d.%m.%Y")
    assert f"{stamp} 05:00 (Бишкек)" in page
    assert f"{stamp} 04:00 (Алматы)" in page
    body = api_as(personas["kz_investigator"]).get(f"/api/operations/{operation.pk}/").json()
    assert body["h_hour_local"]["KG"].startswith(f"{day.isoformat()}T05:00:00+06:00")
    assert body["h_hour_local"]["KZ"].startswith(f"{day.isoformat()}T04:00:00+05:00")


def test_plan_page_creates_an_operation(personas, cases_pair, client):
    kr, _kz = cases_pair
    client.force_login(personas["kg_coordinator"])
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(
        reverse("operations:create"),
        {
            "name": "Операция «Рассвет»",
            "purpose": "Освобождение потерпевших",
            "d_day": day.isoformat(),
            "h_hour": "06:00",
            "zone": "KG",
            "cases": [kr.pk],
            "kg_leader": personas["kg_coordinator"].pk,
            "kz_leader": personas["kz_coordinator"].pk,
            "participants": [personas["kz_investigator"].pk],
        },
    )
    operation = Operation.objects.get(name="Операция «Рассвет»")
    assert response.status_code == 302
    assert operation.participants.count() == 3


def test_plan_page_with_bad_input_shows_errors(personas, client):
    client.force_login(personas["kg_coordinator"])
    response = client.post(reverse("operations:create"), {"name": ""})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode() or "invalid" in response.content.decode()


def test_investigators_may_not_plan(personas, client):
    client.force_login(personas["kg_investigator"])
    assert client.get(reverse("operations:create")).status_code == 403


def test_both_reports_and_totals_on_the_page(went, personas, client):
    for key, detained in (("kg_investigator", 2), ("kz_investigator", 4)):
        client.force_login(personas[key])
        response = client.post(
            reverse("operations:report", args=[went.pk]),
            {**REPORT, "persons_detained": detained},
        )
        assert response.status_code == 302
    page = client.get(reverse("operations:detail", args=[went.pk])).content.decode()
    assert 'data-testid="total-detained">6<' in page
    for side in ("KG", "KZ"):
        section = page.split(f'data-testid="report-{side}"')[1].split("</section>")[0]
        assert "Освобождены трое потерпевших." in section


def test_bad_report_is_a_form_error_not_a_500(went, personas, client):
    client.force_login(personas["kz_investigator"])
    response = client.post(
        reverse("operations:report", args=[went.pk]),
        {**REPORT, "victims_assisted": 9},
    )
    assert response.status_code == 400
    assert not went.reports.exists()


def test_step_page_and_api(operation, personas, client):
    client.force_login(personas["kg_coordinator"])
    client.post(reverse("operations:step", args=[operation.pk, "go"]))
    operation.refresh_from_db()
    assert operation.kg_go_at is not None
    response = api_as(personas["kz_coordinator"]).post(
        f"/api/operations/{operation.pk}/go/", {}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "go"
    # An investigator may not decide: 403; an illegal step: 409; unknown field: 400.
    response = api_as(personas["kz_investigator"]).post(
        f"/api/operations/{operation.pk}/cancel/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    api = api_as(personas["kz_coordinator"])
    response = api.post(
        f"/api/operations/{operation.pk}/cancel/", {"reason": "x", "bogus": 1}, format="json"
    )
    assert response.status_code == 400
    response = api.post(f"/api/operations/{operation.pk}/cancel/", {"reason": "Утечка"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    response = api.post(f"/api/operations/{operation.pk}/complete/", {}, format="json")
    assert response.status_code == 409


def test_api_report_and_results(went, personas):
    response = api_as(personas["kz_investigator"]).post(
        f"/api/operations/{went.pk}/report/", REPORT, format="json"
    )
    assert response.status_code == 200, response.json()
    totals = api_as(personas["kz_coordinator"]).get("/api/operations/results/").json()
    assert totals["items_seized"] == 7 and totals["reports"] == 1
    # Someone who takes no part sees no figures of it.
    outsider = api_as(personas["kz_prosecutor"]).get("/api/operations/results/").json()
    assert outsider["reports"] == 0


def test_api_creates_an_operation(personas, cases_pair):
    kr, kz = cases_pair
    response = api_as(personas["kz_coordinator"]).post(
        "/api/operations/",
        {
            "name": "Операция API",
            "purpose": "Обыски",
            "d_day": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "h_hour": "07:30",
            "zone": "KZ",
            "cases": [kr.pk, kz.pk],
            "kg_leader": personas["kg_coordinator"].pk,
            "kz_leader": personas["kz_coordinator"].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["h_hour_local"]["KZ"].endswith("07:30:00+05:00")


def test_list_query_count_is_constant(personas, cases_pair, client, django_assert_max_num_queries):
    kr, kz = cases_pair
    for index in range(12):
        plan(personas, kr=kr, kz=kz, name=f"Операция {index}")
    client.force_login(personas["kz_investigator"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("operations:list"))
    assert response.content.decode().count('data-testid="operation-row"') == 12


def test_detail_page_after_go_offers_the_report_form(went, personas, client):
    client.force_login(personas["kz_investigator"])
    page = client.get(reverse("operations:detail", args=[went.pk])).content.decode()
    assert 'data-testid="report-form"' in page
    client.force_login(personas["kg_coordinator"])
    decide_go  # noqa: B018  (the fixture already decided go for both sides)
    page = client.get(reverse("operations:detail", args=[went.pk])).content.decode()
    assert 'data-step="complete"' in page


def test_api_list_query_count_is_constant(personas, cases_pair, django_assert_max_num_queries):
    kr, kz = cases_pair
    for index in range(8):
        plan(personas, kr=kr, kz=kz, name=f"Операция {index}")
    client = api_as(personas["kz_coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get("/api/operations/")
    assert len(response.json()["results"]) == 8
