"""The rules page: each rule shows the instrument it sits under; registry administrators get
an edit link on each rule, to the audited edit page."""

from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent
from tests.conftest import PERSONA_KEYS
from treaties.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_every_rule_names_its_instrument(client, personas):
    client.force_login(personas["kg_investigator"])
    page = client.get("/registry/rules/").content.decode()
    rules = list(DeadlineRule.objects.select_related("instrument"))
    assert rules and any(r.instrument is None for r in rules)
    assert page.count('data-testid="rule-instrument"') == len(rules)
    for rule in rules:
        if rule.instrument is not None:
            assert f'href="/registry/{rule.instrument.pk}/"' in page


@pytest.mark.parametrize("key", PERSONA_KEYS)
def test_edit_links_only_for_registry_admins(client, personas, key):
    client.force_login(personas[key])
    page = client.get("/registry/rules/").content.decode()
    rules = DeadlineRule.objects.all()
    links = [f'href="/registry/rule/{rule.pk}/edit/"' for rule in rules]
    if key == "registry_admin":
        assert all(link in page for link in links)
        assert page.count('data-testid="rule-edit"') == rules.count()
    else:
        assert not any(link in page for link in links)
        response = client.get(f"/registry/rule/{rules.first().pk}/edit/")
        assert response.status_code == 403


def _form_data(response) -> dict:
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        data[field.html_name] = "on" if value is True else value
    return data


def test_a_rule_under_no_instrument_is_edited_and_back_on_the_rules_page(client, personas):
    client.force_login(personas["registry_admin"])
    rule = DeadlineRule.objects.filter(instrument__isnull=True).first()
    url = f"/registry/rule/{rule.pk}/edit/"
    data = _form_data(client.get(url))
    data["name_en"] = rule.name_en + " (checked)"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == "/registry/rules/"
    rule.refresh_from_db()
    assert rule.name_en.endswith("(checked)")
    assert AuditEvent.objects.for_object(rule).filter(action=AuditAction.UPDATE).exists()
