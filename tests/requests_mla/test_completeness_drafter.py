"""What only the approval adds is not the drafter's gap: the check turns green for the drafter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import api_as
from treaties.models import RequiredElement

pytestmark = pytest.mark.django_db


def test_the_seeded_signature_and_seal_are_added_on_approval():
    element = RequiredElement.objects.get(code="signature-and-seal")
    assert element.supplied_by == "approval"
    assert element.get_supplied_by_display() == "добавляется при согласовании"


def test_complete_draft_is_green_for_its_drafter_with_the_seal_added_on_approval(
    client, personas, draft
):
    body = api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{draft.pk}/completeness/")
    items = {item["code"]: item for item in body.json()["items"]}
    seal = items["signature-and-seal"]
    assert seal["satisfied"] is False
    assert seal["added_on_approval"] is True
    assert seal["missing"] == ""
    assert all(i["satisfied"] or i["added_on_approval"] for i in items.values())

    client.force_login(personas["kg_investigator"])
    page = client.get(reverse("requests_mla:detail", args=[draft.pk])).content.decode()
    assert 'data-complete="yes"' in page
    assert 'data-testid="added-on-approval"' in page
    assert "добавляется при согласовании" in page
    assert "не хватает" not in page


def test_the_registry_decides_who_supplies_an_element(client, personas, draft):
    """An element the registry marks as the drafter's is a gap again: no code list decides."""
    RequiredElement.objects.filter(code="signature-and-seal").update(supplied_by="drafter")
    client.force_login(personas["kg_investigator"])
    page = client.get(reverse("requests_mla:detail", args=[draft.pk])).content.decode()
    assert 'data-complete="no"' in page
    assert 'data-testid="added-on-approval"' not in page
