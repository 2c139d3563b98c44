from __future__ import annotations

import pytest
from django.core.management import call_command

from documents.models import Document
from requests_mla.models import MLARequest

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_requests_in_several_states_and_is_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="demo-password-1")
    call_command("seed_demo", password="demo-password-1")
    statuses = dict(MLARequest.objects.values_list("reference", "status"))
    assert set(statuses.values()) == {"executed", "draft", "received", "submitted"}
    assert len(statuses) == 4
    executed = MLARequest.objects.get(status="executed")
    assert Document.objects.for_subject(executed, "mla_request").get().frozen
    assert Document.objects.for_subject(executed, "execution_report").exists()
    directions = {
        r.requesting_agency.country for r in MLARequest.objects.select_related("requesting_agency")
    }
    assert directions == {"KG", "KZ"}
