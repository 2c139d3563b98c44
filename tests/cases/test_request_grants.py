"""The signed-in user's grants are read once per request and the rule carries their ids; any
other user object asks the grant tables in each query. Both say the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import with_request_facts
from accounts.models import User
from cases import services
from cases.models import Case
from cases.querysets import ACTIONS, request_grants
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(personas):
    """KZ cases shared with a KG officer and with the KG agency, at several levels."""
    kz_lead, kz_coordinator = personas["kz_investigator"], personas["kz_coordinator"]
    cases = [make_case(kz_lead, number=f"26100000097{n}", victims=()) for n in range(4)]
    kg_investigator, kg_coordinator = personas["kg_investigator"], personas["kg_coordinator"]
    services.case_grant(case=cases[0], actor=kz_coordinator, levels=["view"], user=kg_investigator)
    services.case_grant(
        case=cases[1], actor=kz_coordinator, levels=["change"], user=kg_investigator
    )
    services.case_grant(
        case=cases[2], actor=kz_coordinator, levels=["view"], agency=kg_coordinator.agency
    )
    make_case(kg_investigator, number="24-001-2026-000970")
    return cases


def test_the_request_user_s_rule_sees_what_the_tables_say(personas, shared):
    for name in ("kg_investigator", "kg_coordinator", "kg_prosecutor", "kz_coordinator"):
        plain = personas[name]
        loaded = with_request_facts(User.objects.filter(pk=plain.pk)).get()
        loaded.__dict__["role_names"] = plain.role_names
        assert request_grants(plain) is None
        assert request_grants(loaded) is not None
        for action in ACTIONS:
            expected = set(Case.objects.visible_to(plain, action).values_list("pk", flat=True))
            seen = set(Case.objects.visible_to(loaded, action).values_list("pk", flat=True))
            assert seen == expected, (name, action)


def test_a_page_reads_the_grants_once_and_its_queries_carry_ids(client, personas, shared):
    client.force_login(personas["kg_investigator"])
    client.get("/cases/")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/cases/").content.decode()
    assert shared[0].reference in body and shared[1].reference in body
    grant_reads = [q["sql"] for q in queries.captured_queries if "objectpermission" in q["sql"]]
    assert len(grant_reads) == 1
    assert grant_reads[0].startswith("SELECT vis_p")


def test_a_grant_and_its_revocation_count_from_the_next_request(client, personas, shared):
    officer, kz_coordinator = personas["kg_investigator"], personas["kz_coordinator"]
    client.force_login(officer)
    page = f"/cases/{shared[3].pk}/"
    assert client.get(page).status_code == 404
    services.case_grant(case=shared[3], actor=kz_coordinator, levels=["view"], user=officer)
    assert client.get(page).status_code == 200
    services.case_revoke(case=shared[3], actor=kz_coordinator, user=officer)
    assert client.get(page).status_code == 404
