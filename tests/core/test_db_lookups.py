"""core.db.AnyOf: "among these values" as one array on PostgreSQL, an IN list elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from treaties.models import Instrument

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("migration_data")]


def test_values_select_the_rows_among_them_once_each():
    instruments = list(Instrument.objects.order_by("pk")[:3])
    assert len(instruments) == 3
    wanted = [instruments[0].pk, instruments[2].pk, instruments[0].pk, None]

    with CaptureQueriesContext(connection) as captured:
        found = set(Instrument.objects.filter(pk__any_of=wanted).values_list("pk", flat=True))

    assert found == {instruments[0].pk, instruments[2].pk}
    sql = captured.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        # One array parameter, however many values: planning a long IN list costs per element.
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql


def test_no_values_select_nothing_without_a_query():
    with CaptureQueriesContext(connection) as captured:
        assert list(Instrument.objects.filter(pk__any_of=[])) == []
    assert captured.captured_queries == []


def test_a_subquery_still_works():
    subquery = Instrument.objects.filter(short_name__isnull=False).values("pk")
    assert Instrument.objects.filter(pk__any_of=subquery).count() == Instrument.objects.count()
