"""A clock is its jurisdiction's: the KZ custody clock is the KZ prosecutors' to extend."""

from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from deadlines.models import Deadline
from extradition.services import custody_lapsed
from tests.conftest import api_as
from tests.extradition.test_custody_clocks import AFTER, clock, detain, held  # noqa: F401

pytestmark = pytest.mark.django_db

CUSTODY = "detention-pending-extradition-request-40d"


def extend(user, deadline: Deadline, days: int = 10):
    new_end = deadline.due_at + datetime.timedelta(days=days)
    return api_as(user).post(
        f"/api/deadlines/{deadline.pk}/extend/",
        {"new_due_at": new_end.isoformat(), "reason": "Постановление суда о продлении"},
        format="json",
    )


def test_a_kg_investigator_cannot_extend_the_kz_custody_clock(personas, held):  # noqa: F811
    custody = clock(held, CUSTODY)
    before = custody.due_at
    kg = personas["kg_investigator"]  # may change the KR case the file serves
    assert api_as(kg).get(f"/api/deadlines/{custody.pk}/").status_code == 200
    assert extend(kg, custody).status_code == 403
    assert extend(personas["kg_prosecutor"], custody).status_code == 403
    custody.refresh_from_db()
    assert custody.due_at == before
    # The KZ prosecutor, whose state's law counts the clock, may — with a reason.
    assert extend(personas["kz_prosecutor"], custody).status_code == 200
    custody.refresh_from_db()
    assert custody.due_at > before


def test_a_lapsed_custody_is_not_unblocked_by_the_other_state(client, personas, held):  # noqa: F811
    custody = clock(held, CUSTODY)
    with freeze_time(custody.due_at + datetime.timedelta(hours=1)):
        assert custody_lapsed(held)
        assert extend(personas["kg_investigator"], custody, days=30).status_code == 403
        assert custody_lapsed(held)


def test_the_panel_offers_the_actions_to_the_jurisdiction_only(client, personas, held):  # noqa: F811
    custody = clock(held, CUSTODY)
    url = f"/deadlines/{custody.pk}/extend/"
    client.force_login(personas["kg_investigator"])
    assert url not in client.get(f"/extradition/{held.pk}/").content.decode()
    client.force_login(personas["kz_prosecutor"])
    assert url in client.get(f"/extradition/{held.pk}/").content.decode()
