"""Two sides, one record, least exposure."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from cases import services as case_services
from requests_mla.models import MLARequest
from tests.conftest import api_as
from tests.requests_mla.test_documents import send

pytestmark = pytest.mark.django_db


def test_requested_side_sees_the_request_but_not_the_case(client, personas, draft):
    attachment = case_services.attachment_upload(
        case=draft.case,
        actor=personas["kg_investigator"],
        upload=ContentFile(b"%PDF-1.4 secret", name="agent-report.pdf"),
    )
    send(personas, draft)
    kz = personas["kz_prosecutor"]
    client.force_login(kz)
    assert client.get(f"/requests/{draft.pk}/").status_code == 200
    page = client.get(f"/requests/{draft.pk}/").content.decode()
    assert draft.reference in page
    assert draft.case.reference not in page
    assert client.get(f"/cases/{draft.case_id}/").status_code == 404
    assert (
        client.get(f"/cases/{draft.case_id}/attachments/{attachment.pk}/download/").status_code
        == 404
    )
    api = api_as(kz)
    assert api.get(f"/api/cases/{draft.case_id}/").status_code == 404
    assert api.get(f"/api/cases/{draft.case_id}/attachments/").status_code == 404
    listed = api.get("/api/mla-requests/").json()
    assert [r["reference"] for r in listed["results"]] == [draft.reference]


def test_undisclosed_victims_are_pseudonymous_to_the_requested_side(personas, kr_case):
    from requests_mla import services
    from tests.requests_mla.conftest import complete_fields, complete_relations

    relations = complete_relations(kr_case)
    relations["actions"][0]["disclosed"] = []
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=relations,
    )
    send(personas, mla)
    body = api_as(personas["kz_prosecutor"]).get(f"/api/mla-requests/{mla.pk}/").json()
    person = body["actions"][0]["persons"][0]
    assert person["identity_hidden"] is True and person["name"] == "Потерпевший 1"
    own = api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{mla.pk}/").json()
    assert own["actions"][0]["persons"][0]["name"].startswith("Мамытова")


@pytest.mark.parametrize(
    ("persona", "sees_draft", "sees_sent"),
    [
        ("kg_investigator", True, True),
        ("kg_coordinator", True, True),
        ("kg_prosecutor", False, True),  # approves from submission on
        ("kz_prosecutor", False, True),  # the requested authority, once sent
        ("kz_investigator", False, False),  # another KZ agency
        ("kz_coordinator", False, False),
        ("registry_admin", False, False),
        ("auditor", False, False),
        ("outsider", False, False),
    ],
)
def test_who_sees_a_request(personas, draft, persona, sees_draft, sees_sent):
    user = personas[persona]
    assert MLARequest.objects.visible_to(user).filter(pk=draft.pk).exists() == sees_draft
    send(personas, draft)
    assert MLARequest.objects.visible_to(user).filter(pk=draft.pk).exists() == sees_sent
