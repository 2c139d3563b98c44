"""The statistical exchange: who prepares, approves, sends and reads; what is frozen; audit."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditAction, AuditEvent
from core.exceptions import IllegalTransition
from deadlines.models import Notification
from documents.models import Document
from statreports import services
from statreports.choices import DOCUMENT_KIND
from statreports.forms import PrepareForm
from statreports.models import StatReport, StatReportRead
from stats.figures import FIGURES
from tests.conftest import api_as
from tests.statreports.conftest import prepare, sent_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("migration_data")]


def test_a_coordinator_prepares_the_draft_of_the_countrys_report(personas, draft):
    assert draft.country == "KZ" and draft.status == "draft"
    assert draft.reference.startswith("STAT-KZ-")
    event = AuditEvent.objects.for_object(draft).get()
    assert event.action == AuditAction.CREATE and event.actor == personas["kz_coordinator"]


@pytest.mark.parametrize("key", ["kz_investigator", "kz_prosecutor", "auditor", "outsider"])
def test_only_a_coordinator_prepares(personas, key):
    with pytest.raises(PermissionDenied):
        prepare(personas, key)


def test_one_report_per_country_and_period(personas, draft):
    with pytest.raises(ValidationError):
        prepare(personas)
    # The other country's report of the same period is its own.
    assert prepare(personas, "kg_coordinator").country == "KG"


def test_the_period_must_be_a_finished_quarter_or_year():
    from django.utils import timezone

    this_year = timezone.localdate().year
    assert not PrepareForm({"period_kind": "year", "year": this_year}).is_valid()
    assert not PrepareForm({"period_kind": "quarter", "year": this_year - 1}).is_valid()
    assert not PrepareForm({"period_kind": "year", "year": this_year - 1, "quarter": 2}).is_valid()
    form = PrepareForm({"period_kind": "year", "year": this_year - 1})
    assert form.is_valid() and form.cleaned_data["quarter"] == 0


def test_approval_freezes_every_figure_for_the_country_and_period(personas, draft):
    report = services.statreport_step(report=draft, actor=personas["kz_prosecutor"], step="approve")
    assert report.status == "approved" and report.approved_by == personas["kz_prosecutor"]
    assert [f["name"] for f in report.figures] == list(FIGURES)
    assert report.data["period"]["date_from"] == report.date_from.isoformat()
    assert report.data["country"] == "KZ"
    # Reopening discards them.
    report = services.statreport_step(
        report=report, actor=personas["kz_coordinator"], step="reopen", data={"reason": "Уточнить"}
    )
    assert report.status == "draft" and report.data == {} and report.approved_by is None


def test_the_other_country_cannot_see_or_act_on_a_draft(personas, draft):
    with pytest.raises(Http404):
        services.statreport_step(report=draft, actor=personas["kg_coordinator"], step="approve")
    assert not StatReport.objects.visible_to(personas["kg_prosecutor"]).exists()
    assert not StatReport.objects.visible_to(personas["kz_investigator"]).exists()


def test_a_prosecutor_approves_but_only_a_coordinator_sends(personas, draft):
    services.statreport_step(report=draft, actor=personas["kz_prosecutor"], step="approve")
    with pytest.raises(PermissionDenied):
        services.statreport_step(report=draft, actor=personas["kz_prosecutor"], step="send")


def test_sending_freezes_the_pdf_tells_the_receiving_coordinators_and_is_final(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = sent_report(personas, "KZ")
    assert report.status == "sent" and report.sent_by == personas["kz_coordinator"]
    document = Document.objects.for_subject(report, DOCUMENT_KIND).get()
    assert document.frozen and len(document.sha256) == 64
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document.file.read())).pages
    )
    assert report.reference in text and "Республика Казахстан" in text
    told = Notification.objects.filter(kind="statreport_arrived")
    assert set(told.values_list("recipient__username", flat=True)) == {"kg_coordinator"}
    transitions = AuditEvent.objects.for_object(report).filter(action=AuditAction.TRANSITION)
    assert [e.changes["status"] for e in transitions.order_by("seq")] == [
        ["draft", "approved"],
        ["approved", "sent"],
    ]
    with pytest.raises(IllegalTransition):
        services.statreport_step(report=report, actor=personas["kz_coordinator"], step="send")


def test_once_sent_the_other_countrys_coordinators_and_prosecutors_read_it(personas):
    report = sent_report(personas, "KZ")
    for key in ("kg_coordinator", "kg_prosecutor"):
        assert StatReport.objects.visible_to(personas[key]).filter(pk=report.pk).exists()
    for key in ("kg_investigator", "registry_admin", "outsider"):
        assert not StatReport.objects.visible_to(personas[key]).exists()


def test_the_first_reading_per_officer_is_recorded_and_audited(client, personas):
    report = sent_report(personas, "KZ")
    client.force_login(personas["kg_coordinator"])
    url = reverse("statreports:detail", kwargs={"pk": report.pk})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    read = StatReportRead.objects.get()
    assert read.user == personas["kg_coordinator"]
    assert (
        AuditEvent.objects.filter(
            object_type="statreports.statreportread", action=AuditAction.CREATE
        ).count()
        == 1
    )
    # The sending side's own readings are no receipt; it sees who read it.
    client.force_login(personas["kz_coordinator"])
    page = client.get(url).content.decode()
    assert StatReportRead.objects.count() == 1
    assert "Тестов kg_coordinator" in page


def test_pages_answer_by_role_and_country(client, personas, draft):
    detail = reverse("statreports:detail", kwargs={"pk": draft.pk})
    expected = {
        "kz_coordinator": 200,
        "kz_prosecutor": 200,
        "kg_coordinator": 404,
        "kg_prosecutor": 404,
        "kz_investigator": 403,
        "auditor": 403,
    }
    for key, status in expected.items():
        client.force_login(personas[key])
        assert client.get(detail).status_code == status, key
    client.force_login(personas["kg_prosecutor"])
    assert client.get(reverse("statreports:create")).status_code == 403


def test_page_steps_and_the_side_by_side_view(client, personas, draft):
    client.force_login(personas["kz_prosecutor"])
    step = reverse("statreports:step", kwargs={"pk": draft.pk, "step": "approve"})
    assert client.post(step, {"note": "Сверено"}).status_code == 302
    client.force_login(personas["kz_coordinator"])
    send = reverse("statreports:step", kwargs={"pk": draft.pk, "step": "send"})
    # Sending asks first (a page naming the report and the consequence), then sends.
    assert "confirm-page" in client.post(send, {}).content.decode()
    assert client.post(send, {"confirmed": "1"}).status_code == 302
    sent_report(personas, "KG")
    client.force_login(personas["kg_prosecutor"])
    kz = StatReport.objects.get(country="KZ")
    page = client.get(
        reverse("statreports:compare"),
        {"period_kind": "quarter", "year": kz.year, "quarter": kz.quarter},
    ).content.decode()
    assert "STAT-KZ-" in page and "STAT-KG-" in page
    assert page.count('data-testid="compare-figure"') == len(FIGURES)


def test_the_pdf_is_served_frozen_once_sent_and_none_for_a_draft(client, personas, draft):
    client.force_login(personas["kz_coordinator"])
    url = reverse("statreports:document", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 404
    report = sent_report(personas, "KG")
    client.force_login(personas["kz_prosecutor"])
    response = client.get(reverse("statreports:document", kwargs={"pk": report.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).count() == 1


def test_api(personas):
    from statreports.forms import last_full_quarter

    year, quarter = last_full_quarter()
    kz = api_as(personas["kz_coordinator"])
    created = kz.post(
        "/api/stat-reports/", {"period_kind": "quarter", "year": year, "quarter": quarter}, "json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["allowed_transitions"] == ["approve"]
    assert (
        kz.post("/api/stat-reports/", {"period_kind": "quarter", "year": year}).status_code == 400
    )
    assert kz.post(f"/api/stat-reports/{pk}/send/", {}, "json").status_code == 409
    assert kz.post(f"/api/stat-reports/{pk}/approve/", {"bogus": 1}, "json").status_code == 400
    assert kz.post(f"/api/stat-reports/{pk}/approve/", {}, "json").status_code == 200
    kg = api_as(personas["kg_coordinator"])
    assert kg.get(f"/api/stat-reports/{pk}/").status_code == 404
    assert kz.post(f"/api/stat-reports/{pk}/send/", {}, "json").status_code == 200
    body = kg.get(f"/api/stat-reports/{pk}/").json()
    assert body["status"] == "sent" and len(body["data"]["figures"]) == len(FIGURES)
    assert StatReportRead.objects.filter(user=personas["kg_coordinator"]).count() == 1
    assert api_as(personas["kz_investigator"]).get("/api/stat-reports/").json()["results"] == []
