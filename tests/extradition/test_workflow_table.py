"""The file's stages run through core.workflow: one rule per side (a condition on the file)
for the single check, the page's buttons and the lists; a form per step (unknown fields 400);
the note in the history and the audit row; confirmation on destructive steps; one FilterSet."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency
from audit.models import AuditEvent
from extradition import services
from extradition.models import ExtraditionFile, StageChange
from extradition.workflow import EXTRADITION_WORKFLOW, steps_of_row
from tests.conftest import api_as
from tests.extradition.conftest import open_file

pytestmark = pytest.mark.django_db

PERSONAS = [
    "kg_investigator",
    "kz_investigator",
    "kg_coordinator",
    "kz_coordinator",
    "kg_prosecutor",
    "kz_prosecutor",
    "outsider",
]


def detain(personas, file):
    return services.extradition_step(
        file=file,
        actor=personas["kz_prosecutor"],
        step="detain",
        data={
            "detention_place": "ИВС",
            "detained_at": timezone.now() - datetime.timedelta(hours=1),
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_annotation_and_the_single_check_agree(personas, file, persona):
    user = personas[persona]
    held = detain(personas, open_file(personas, file.case))
    rows = EXTRADITION_WORKFLOW.annotate_allowed(
        ExtraditionFile.objects.filter(pk__in=[file.pk, held.pk]), user
    )
    for row in rows:
        assert steps_of_row(row) == EXTRADITION_WORKFLOW.allowed(user, row), persona


def test_sides(personas, file):
    allowed = EXTRADITION_WORKFLOW.allowed
    # The requesting side: its prosecutors and those who may change the case.
    assert allowed(personas["kg_prosecutor"], file) == ["locate", "close"]
    assert allowed(personas["kg_investigator"], file) == ["locate", "close"]
    # The requested side: its prosecutors only.
    assert allowed(personas["kz_prosecutor"], file) == [
        "locate",
        "detain",
        "receive_request",
        "close",
    ]
    assert allowed(personas["kz_investigator"], file) == []


def test_the_note_is_kept_in_the_history_and_the_audit_row(personas, file):
    services.extradition_step(
        file=file, actor=personas["kg_prosecutor"], step="close", data={"note": "Розыск прекращён"}
    )
    change = StageChange.objects.filter(file=file).last()
    assert (change.from_stage, change.to_stage, change.note) == (
        "wanted",
        "closed",
        "Розыск прекращён",
    )
    event = AuditEvent.objects.for_object(file).filter(action="transition").get()
    assert event.note == "Розыск прекращён"
    assert event.changes["stage"] == ["wanted", "closed"]


def test_a_release_records_its_reason_as_the_note_and_stops_the_clocks(personas, file):
    from deadlines.models import Deadline

    detain(personas, file)
    response = api_as(personas["kz_prosecutor"]).post(
        f"/api/extraditions/{file.pk}/release/", {"release_reason": "Суд отказал"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert StageChange.objects.filter(file=file).last().note == "Суд отказал"
    assert not Deadline.objects.for_subject(file).open().exists()


def test_close_requires_a_note_and_refuses_fields_of_other_steps(personas, file):
    api = api_as(personas["kg_prosecutor"])
    assert api.post(f"/api/extraditions/{file.pk}/close/", {}, format="json").status_code == 400
    wrong = api.post(
        f"/api/extraditions/{file.pk}/close/",
        {"note": "x", "release_reason": "y"},
        format="json",
    )
    assert wrong.status_code == 400 and "release_reason" in wrong.json()
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "wanted"


def test_the_page_refuses_an_unknown_field_with_a_message(client, personas, file):
    client.force_login(personas["kg_prosecutor"])
    response = client.post(
        f"/extradition/{file.pk}/steps/locate/",
        {"located_place": "Алматы", "colour": "red"},
        follow=True,
    )
    assert response.status_code == 200
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "wanted"
    assert "colour" in response.content.decode().lower()
    ok = client.post(f"/extradition/{file.pk}/steps/locate/", {"located_place": "Алматы"})
    assert ok.status_code == 302
    assert ExtraditionFile.objects.get(pk=file.pk).located_place == "Алматы"


def test_the_wrong_side_gets_403_on_the_page(client, personas, file):
    client.force_login(personas["kg_prosecutor"])
    response = client.post(f"/extradition/{file.pk}/steps/detain/", {"detention_place": "x"})
    assert response.status_code == 403


def test_an_invisible_file_is_404_for_the_service(personas, file):
    with pytest.raises(Http404):
        services.extradition_step(
            file=file, actor=personas["kz_investigator"], step="locate", data={"located_place": "x"}
        )


def test_destructive_steps_ask_for_confirmation_on_the_page(client, personas, file):
    detain(personas, file)
    client.force_login(personas["kz_prosecutor"])
    page = client.get(f"/extradition/{file.pk}/").content.decode()
    for name in ("release", "close"):
        start = page.index(f'data-step="{name}"')
        form = page[start : page.index("</form>", start)]
        assert 'data-testid="confirm"' in form and "btn-outline-danger" in form, name
    start = page.index('data-step="order_custody"')
    assert 'data-testid="confirm"' not in page[start : page.index("</form>", start)]
    assert all(EXTRADITION_WORKFLOW[name].confirm for name in ("close", "release", "decide"))


def test_one_filterset_for_the_page_and_the_api(client, personas, file):
    held = detain(personas, open_file(personas, file.case))
    api = api_as(personas["kg_prosecutor"])

    def refs(response):
        body = response.json()
        return {row["reference"] for row in body.get("results", body)}

    assert refs(api.get("/api/extraditions/", {"in_custody": "true"})) == {held.reference}
    assert refs(api.get("/api/extraditions/", {"days_left": "5"})) == {held.reference}
    assert refs(api.get("/api/extraditions/", {"in_custody": "false"})) == {file.reference}
    assert api.get("/api/extraditions/", {"days_left": "many"}).status_code == 400
    client.force_login(personas["kg_prosecutor"])
    page = client.get("/extradition/", {"country": "KG"}).content.decode()
    assert held.reference not in page and file.reference not in page
    page = client.get("/extradition/", {"in_custody": "1"}).content.decode()
    assert held.reference in page and file.reference not in page


def test_the_api_serves_the_document_with_its_audit_row(personas, file):
    response = api_as(personas["kg_prosecutor"]).get(
        f"/api/extraditions/{file.pk}/document/",
        {"kind": "custody-request"},
        HTTP_ACCEPT="application/pdf",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.for_object(file).filter(action="print").exists()
    outsider = api_as(personas["kz_investigator"]).get(f"/api/extraditions/{file.pk}/document/")
    assert outsider.status_code == 404
