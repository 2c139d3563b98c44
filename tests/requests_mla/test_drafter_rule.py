"""The drafter's rule: those who may change the requesting case, of the request's own side.

Said on the request's agency column as well as on its case, the rule lets PostgreSQL narrow the
drafts by the (requesting agency, status) index; within what each officer sees, it is the case
rule itself.
"""

from __future__ import annotations

import pytest

from cases import services as case_services
from cases.models import Case
from cases.querysets import case_access_q
from requests_mla import services
from requests_mla.models import MLARequest
from requests_mla.workflow import DRAFTER, MLA_WORKFLOW
from tests.requests_mla.conftest import complete_fields, complete_relations

pytestmark = pytest.mark.django_db


def test_within_what_each_officer_sees_the_drafter_is_who_may_change_the_case(personas, kr_case):
    draft = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr_case),
    )
    # An officer of the other country given "change" of the case: the case rule lets them
    # change it, but the draft is the requesting side's until sent — neither seen nor drafted.
    kz = personas["kz_investigator"]
    case_services.case_grant(
        case=kr_case, actor=personas["kg_coordinator"], levels=["view", "change"], user=kz
    )
    assert Case.objects.visible_to(kz, "change").filter(pk=kr_case.pk).exists()
    assert not MLARequest.objects.filter(DRAFTER.q(kz)).exists()
    assert not MLARequest.objects.visible_to(kz).exists()

    for user in personas.values():
        seen = MLARequest.objects.visible_to(user)
        by_case = set(seen.filter(case_access_q(user, "change", prefix="case__")))
        assert set(seen.filter(DRAFTER.q(user))) == by_case, user.username
    for username in ("kg_investigator", "kg_coordinator"):
        assert "submit" in MLA_WORKFLOW.allowed(personas[username], draft), username
    assert "submit" not in MLA_WORKFLOW.allowed(personas["kg_prosecutor"], draft)
