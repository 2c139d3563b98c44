"""A deadline rule's jurisdiction, counting moment and hour reminders, and its treaty sources,
are registry data a registry administrator edits (audited) — never code."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from tests.conftest import api_as
from treaties.models import DeadlineRule, DeadlineRuleSource
from treaties.services import registry_record_save

pytestmark = pytest.mark.django_db

FORTY = "detention-pending-extradition-request-40d"


def test_an_admin_sets_jurisdiction_counting_moment_and_hour_leads(personas):
    rule = DeadlineRule.objects.get(code="kg-detention-wanted-person")
    response = api_as(personas["registry_admin"]).patch(
        f"/api/deadline-rules/{rule.pk}/",
        {"country": "KG", "reminder_lead_hours": [36, 12, 2], "confidence": "L"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    rule.refresh_from_db()
    assert (rule.country, rule.reminder_lead_hours, rule.confidence) == ("KG", [36, 12, 2], "L")
    assert AuditEvent.objects.filter(object_type="treaties.deadlinerule", action="update").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reminder_lead_hours": [-1]}, "reminder_lead_hours"),
        ({"reminder_lead_hours": [9000]}, "reminder_lead_hours"),
        ({"country": "RU"}, "country"),
        ({"counted_from": "custody_ordered"}, "counted_from"),  # the rule's own trigger
    ],
)
def test_bad_rule_data_is_refused(personas, payload, field):
    rule = DeadlineRule.objects.get(code=FORTY)
    response = api_as(personas["registry_admin"]).patch(
        f"/api/deadline-rules/{rule.pk}/", payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    rule.refresh_from_db()
    assert rule.counted_from == "person_detained" and rule.country == "KZ"


def test_an_admin_confirms_a_treaty_source_and_it_is_audited(personas):
    source = DeadlineRuleSource.objects.get(
        rule__code=FORTY, provision__instrument__short_name="Chisinau Convention"
    )
    assert source.confidence == "U"
    source.confidence = "V"
    registry_record_save(actor=personas["registry_admin"], instance=source)
    assert DeadlineRuleSource.objects.get(pk=source.pk).confidence == "V"
    assert AuditEvent.objects.filter(
        object_type="treaties.deadlinerulesource", object_id=str(source.pk), action="update"
    ).exists()
    source.confidence = "L"
    with pytest.raises(PermissionDenied):
        registry_record_save(actor=personas["kz_prosecutor"], instance=source)
    assert DeadlineRuleSource.objects.get(pk=source.pk).confidence == "V"
