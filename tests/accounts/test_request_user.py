"""The user of each request is read in one query with what every page asks of it: its agency,
its roles and whether an authenticator guards the account — and each request reads them anew."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.backends import with_request_facts
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_page_reads_the_user_its_roles_and_its_authenticator_in_one_query(client, personas):
    client.force_login(personas["kg_coordinator"])
    client.get("/cases/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cases/").status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in sqls if sql.startswith('SELECT "accounts_user"."id"')]) == 1
    assert not any(sql.startswith('SELECT "auth_group"."name"') for sql in sqls)
    assert not any(sql.startswith('SELECT 1 AS "a" FROM "otp_totp_totpdevice"') for sql in sqls)


def test_roles_read_along_are_the_user_s_groups(personas):
    officer = personas["kg_coordinator"]
    officer.groups.add(Group.objects.get_or_create(name="auditor")[0])
    loaded = with_request_facts(User.objects.filter(pk=officer.pk)).get()
    assert set(loaded.loaded_roles.split("\n")) == {"coordinator", "auditor"}
    assert loaded.loaded_has_authenticator is False
    nobody = User.objects.create_user("no-roles", password="x" * 12)
    assert with_request_facts(User.objects.filter(pk=nobody.pk)).get().loaded_roles is None


def test_a_role_taken_away_counts_from_the_next_request(client, personas):
    auditor = personas["auditor"]
    client.force_login(auditor)
    assert client.get("/audit/").status_code == 200
    auditor.groups.remove(Group.objects.get(name="auditor"))
    assert client.get("/audit/").status_code == 403


def test_an_authenticator_confirmed_meanwhile_asks_for_the_second_step(client, personas):
    officer = personas["kg_investigator"]
    client.force_login(officer)
    assert client.get("/cases/").status_code == 200
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")
