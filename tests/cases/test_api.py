"""Cases API: create, read, edit, status, children; bad input is a 400 with field errors."""

from __future__ import annotations

import io

import pytest
from freezegun import freeze_time

from audit.models import AuditAction, AuditEvent
from cases.models import Attachment, Case
from tests.cases.conftest import kr_article, kz_article
from tests.conftest import api_as, api_with_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _payload(**extra):
    return {
        "national_register": "kg_erp",
        "national_number": "24-001-2026-009999",
        "title": "Вербовка в Нарыне",
        "opened_on": "2026-05-10",
        "articles": [kr_article().pk],
        "exploitation_forms": ["sexual-exploitation", "forced-labour"],
        "route": [{"role": "origin", "country": "KG", "locality": "г. Нарын"}],
        **extra,
    }


def test_create_retrieve_and_close(personas):
    client = api_as(personas["kg_investigator"])
    created = client.post("/api/cases/", _payload(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["reference"].startswith("KG-2026-")
    assert body["country"] == "KG"
    assert body["lead_investigator"] == personas["kg_investigator"].pk
    assert [q["citation"] for q in body["qualifications"]] == [kr_article().citation]
    assert body["route"] == [{"role": "origin", "country": "KG", "locality": "г. Нарын"}]
    case_id = body["id"]
    assert AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(case_id), action="create"
    ).exists()

    no_reason = client.post(f"/api/cases/{case_id}/status/", {"status": "closed"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    closed = client.post(
        f"/api/cases/{case_id}/status/",
        {"status": "closed", "reason": "Истёк срок давности"},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    illegal = client.post(
        f"/api/cases/{case_id}/status/", {"status": "sent_to_court"}, format="json"
    )
    assert illegal.status_code == 409
    assert Case.objects.get(pk=case_id).status == "closed"


def test_delete_is_405(personas, kg_case):
    response = api_as(personas["kg_coordinator"]).delete(f"/api/cases/{kg_case.pk}/")
    assert response.status_code == 405
    assert Case.objects.filter(pk=kg_case.pk).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"articles": [999999]}, "articles"),
        ({"national_number": "12-34"}, "national_number"),
        ({"national_number": "1234567890123456789012345"}, "national_number"),
        ({"national_number": "абв12345678"}, "national_number"),
        ({"national_register": "kz_erdr"}, "national_register"),
        ({"title": "Т" * 300}, "title"),
        ({"opened_on": "2999-01-01"}, "opened_on"),
        ({"opened_on": "вчера"}, "opened_on"),
        ({"exploitation_forms": ["tourism"]}, "exploitation_forms"),
        ({"route": [{"role": "origin", "country": "ZZ", "locality": "x"}]}, "route"),
        ({"reference": "KG-2026-00001"}, "reference"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_400_with_the_field(personas, extra, field):
    response = api_as(personas["kg_investigator"]).post(
        "/api/cases/", _payload(**extra), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Case.objects.exists()


def test_an_article_of_the_other_country_is_refused(personas):
    response = api_as(personas["kg_investigator"]).post(
        "/api/cases/", _payload(articles=[kz_article().pk]), format="json"
    )
    assert response.status_code == 400
    assert "qualifications" in response.json()


def test_a_foreign_agency_officer_cannot_be_lead_investigator(personas):
    response = api_as(personas["kg_investigator"]).post(
        "/api/cases/", _payload(lead_investigator=personas["kz_investigator"].pk), format="json"
    )
    assert response.status_code == 400
    assert "lead_investigator" in response.json()
    foreign_helper = api_as(personas["kg_investigator"]).post(
        "/api/cases/", _payload(investigators=[personas["kz_investigator"].pk]), format="json"
    )
    assert foreign_helper.status_code == 400 and "investigators" in foreign_helper.json()


def test_duplicate_national_number_is_400(personas, kg_case):
    response = api_as(personas["kg_investigator"]).post(
        "/api/cases/", _payload(national_number="24 001 2026 000001"), format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["kg_prosecutor", "auditor", "registry_admin", "outsider"])
def test_roles_without_cases_cannot_open_one(personas, persona):
    response = api_as(personas[persona]).post("/api/cases/", _payload(), format="json")
    assert response.status_code == 403


def test_participants_add_and_list(personas, kg_case):
    client = api_as(personas["kg_investigator"])
    response = client.post(
        f"/api/cases/{kg_case.pk}/participants/",
        {
            "role": "victim",
            "surname": "Жээнбекова",
            "given_name": "Бермет",
            "birth_date": "2007-03-08",
            "documents": [{"kind": "passport", "number": "ID123", "issuing_country": "KG"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["pseudonym"] == "Потерпевший 3" or body["pseudonym"] == "Victim 3"
    assert body["surname"] == "Жээнбекова"
    bad = client.post(
        f"/api/cases/{kg_case.pk}/participants/",
        {"role": "boss", "surname": "", "birth_date": "2999-01-01", "documents": [{"kind": "x"}]},
        format="json",
    )
    assert bad.status_code == 400
    assert {"role", "surname", "given_name", "documents"} <= set(bad.json())
    future = client.post(
        f"/api/cases/{kg_case.pk}/participants/",
        {"role": "witness", "surname": "А", "given_name": "Б", "birth_date": "2999-01-01"},
        format="json",
    )
    assert future.status_code == 400 and "birth_date" in future.json()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_upload_versions_and_download(personas, kg_case):
    client = api_as(personas["kg_investigator"])
    for _ in range(2):
        upload = io.BytesIO(PDF)
        upload.name = "Протокол допроса.pdf"
        response = client.post(
            f"/api/cases/{kg_case.pk}/attachments/", {"file": upload}, format="multipart"
        )
        assert response.status_code == 201, response.json()
    listed = client.get(f"/api/cases/{kg_case.pk}/attachments/").json()
    assert [a["version"] for a in listed] == [2, 1]
    assert listed[0]["sha256"] == listed[1]["sha256"]
    download = client.get(listed[0]["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("evil.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable", 400),
        ("page.html", b"\x00\x01\x02 binary garbage", 400),
        ("empty.txt", b"", 400),
        ("note.txt", "Справка об установлении личности".encode(), 201),
    ],
)
def test_attachment_type_is_checked_by_content(personas, kg_case, name, content, status):
    upload = io.BytesIO(content)
    upload.name = name
    response = api_as(personas["kg_investigator"]).post(
        f"/api/cases/{kg_case.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert response.status_code == status, response.content
    assert Attachment.objects.filter(case=kg_case).count() == (1 if status == 201 else 0)


def test_attachment_too_large(personas, kg_case, settings):
    settings.UPLOAD_KINDS = {
        name: {**kind, "max_bytes": 10} for name, kind in settings.UPLOAD_KINDS.items()
    }
    upload = io.BytesIO(PDF)
    upload.name = "big.pdf"
    response = api_as(personas["kg_investigator"]).post(
        f"/api/cases/{kg_case.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert (
        "limit" in str(response.json())
        or "предел" in str(response.json())
        or "лимит" in str(response.json())
    )


def test_links_propose_accept_and_summary(personas, kg_case, kz_case):
    kg = api_as(personas["kg_investigator"])
    proposed = kg.post(
        f"/api/cases/{kg_case.pk}/links/", {"identifier": kz_case.national_number}, format="json"
    )
    assert proposed.status_code == 201, proposed.json()
    link_id = proposed.json()["id"]
    assert "qualifications" not in proposed.json()["other_case"]
    # The KZ investigator cannot decide; the KZ coordinator can.
    assert (
        api_as(personas["kz_investigator"])
        .post(f"/api/cases/{kz_case.pk}/links/{link_id}/accept/", {}, format="json")
        .status_code
        == 403
    )
    accepted = api_as(personas["kz_coordinator"]).post(
        f"/api/cases/{kz_case.pk}/links/{link_id}/accept/", {}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = api_as(personas["kz_coordinator"]).post(
        f"/api/cases/{kz_case.pk}/links/{link_id}/accept/", {}, format="json"
    )
    assert again.status_code == 409
    summary = kg.get(f"/api/cases/{kg_case.pk}/links/").json()[0]["other_case"]
    assert summary["reference"] == kz_case.reference
    assert summary["qualifications"] == [kz_article().citation]
    # The link shows a summary, not the other case itself.
    assert kg.get(f"/api/cases/{kz_case.pk}/").status_code == 404
    assert kg.get(f"/api/cases/{kz_case.pk}/participants/").status_code == 404


def test_link_to_unknown_or_same_country_case_is_400(personas, kg_case):
    kg = api_as(personas["kg_investigator"])
    assert (
        kg.post(
            f"/api/cases/{kg_case.pk}/links/", {"identifier": "KZ-2026-99999"}, format="json"
        ).status_code
        == 400
    )
    assert (
        kg.post(
            f"/api/cases/{kg_case.pk}/links/", {"identifier": kg_case.reference}, format="json"
        ).status_code
        == 400
    )


def test_criminal_articles_are_listed_for_everyone(personas):
    body = (
        api_as(personas["outsider"]).get("/api/criminal-articles/", {"code__country": "KZ"}).json()
    )
    assert len(body["results"]) >= 5
    assert {a["country"] for a in body["results"]} == {"KZ"}
    assert (
        api_as(personas["kg_investigator"])
        .post("/api/criminal-articles/", {}, format="json")
        .status_code
        == 403
    )


def test_investigators_are_from_the_owning_agency(personas):
    colleague = UserFactory(agency=personas["kg_investigator"].agency, roles=["investigator"])
    response = api_as(personas["kg_investigator"]).post(
        "/api/cases/", _payload(investigators=[colleague.pk]), format="json"
    )
    assert response.status_code == 201
    assert response.json()["investigators"] == [colleague.pk]


@freeze_time("2026-12-01 18:30:00")  # UTC: the 2nd in Bishkek (UTC+6), still the 1st in Almaty
def test_a_token_client_s_today_is_its_officer_s(personas):
    """A case opened today is opened today in the officer's calendar, whether the officer signs
    in with a session or, as here, a token (which the zone middleware cannot see)."""
    kg = api_with_token(personas["kg_investigator"])
    today_in_bishkek = kg.post("/api/cases/", _payload(opened_on="2026-12-02"), format="json")
    assert today_in_bishkek.status_code == 201, today_in_bishkek.json()
    # The dates shown are the officer's too: the creation time, with Bishkek's offset.
    assert today_in_bishkek.json()["created_at"].startswith("2026-12-02T00:30:00")
    assert today_in_bishkek.json()["created_at"].endswith("+06:00")
    kz = api_with_token(personas["kz_investigator"])
    tomorrow_in_almaty = kz.post(
        "/api/cases/",
        _payload(
            national_register="kz_erdr",
            national_number="261500031000777",
            opened_on="2026-12-02",
            articles=[kz_article().pk],
            route=[{"role": "origin", "country": "KZ", "locality": "г. Алматы"}],
        ),
        format="json",
    )
    assert tomorrow_in_almaty.status_code == 400
    assert "opened_on" in tomorrow_in_almaty.json()
