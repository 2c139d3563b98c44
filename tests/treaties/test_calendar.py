"""Non-working days: the registry's religious holidays and decrees count in working-day clocks;
the calendar page shows what comes from the package and what from the registry; a registry
administrator adds a decree's dates in one form, audited."""

from __future__ import annotations

import datetime
import re

import pytest

from audit.models import AuditEvent
from deadlines.computation import Calendar, compute_due
from deadlines.services import calendar_for
from treaties.models import NonWorkingDay

pytestmark = pytest.mark.django_db

D = datetime.date


def _row(page: str, day: D) -> str:
    match = re.search(rf'<tr data-date="{day.isoformat()}">(.*?)</tr>', page, re.S)
    assert match, day
    return match.group(1)


def _cell(row: str, source: str) -> str:
    return re.search(rf'data-source="{source}">(.*?)</td>', row, re.S).group(1).strip()


def test_a_registry_holiday_is_not_a_working_day():
    day = D(2031, 6, 18)  # a Wednesday without a public holiday in the package
    assert Calendar(country="KG").is_working_day(day)
    NonWorkingDay.objects.create(
        country="KG", date=day, kind=NonWorkingDay.Kind.HOLIDAY, note="Курман айт"
    )
    assert not calendar_for("KG").is_working_day(day)


def test_a_holiday_added_to_the_registry_moves_a_working_day_clock():
    day = D(2031, 6, 18)
    start = datetime.datetime(2031, 6, 16, 10, 0, tzinfo=datetime.UTC)

    def due():
        return compute_due(
            started_at=start, length=3, unit="days", day_kind="working", calendar=calendar_for("KG")
        )

    before = due()
    NonWorkingDay.objects.create(country="KG", date=day, kind="holiday", note="Орозо айт")
    assert due() - before == datetime.timedelta(days=1)


def test_seeded_moving_holidays_and_their_monday_are_days_off():
    kg = calendar_for("KG")
    assert not kg.is_working_day(D(2026, 3, 20))  # Orozo ait 2026, a Friday
    assert not kg.is_working_day(D(2025, 3, 31))  # the Monday after Orozo ait on a Sunday
    assert not calendar_for("KZ").is_working_day(D(2025, 6, 6))


def test_a_decreed_working_saturday_is_a_working_day():
    assert calendar_for("KG").is_working_day(D(2025, 1, 11))
    assert not calendar_for("KG").is_working_day(D(2025, 1, 3))


def test_calendar_page_tells_the_package_from_the_registry(client, personas):
    client.force_login(personas["kz_investigator"])
    page = client.get("/registry/calendar/", {"country": "KG", "year": "2025"}).content.decode()
    new_year = _row(page, D(2025, 1, 1))
    assert _cell(new_year, "package") != "—" and _cell(new_year, "registry") == "—"
    saturday = _row(page, D(2025, 1, 11))
    assert _cell(saturday, "package") == "—"
    assert "рабочий день вместо 02.01.2025" in _cell(saturday, "registry")
    assert "30.12.2024" in saturday  # the decree, as the source
    assert "вероятно" in saturday.lower() or "likely" in saturday.lower()  # its mark
    kurman = _row(page, D(2025, 6, 6))
    assert _cell(kurman, "package") != "—" and "Курман айт" in _cell(kurman, "registry")
    assert "Add a decree" not in page and "Добавить постановление" not in page


def test_calendar_page_of_kazakhstan_shows_its_own_days(client, personas):
    client.force_login(personas["kg_prosecutor"])
    page = client.get("/registry/calendar/", {"country": "KZ", "year": "2027"}).content.decode()
    estimated = _row(page, D(2027, 5, 16))
    assert "Курбан айт" in _cell(estimated, "registry")
    assert "расчётная" in estimated
    assert 'data-date="2027-03-09"' not in page  # KG's Orozo ait is not Kazakhstan's


def _decree(country="KG", rows=(), **extra):
    data = {
        "country": country,
        "source": "Постановление Кабинета Министров КР о переносе выходных дней в 2027 году",
        "confidence": "L",
        "days-TOTAL_FORMS": "8",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "40",
        **extra,
    }
    for index, (day, kind, note) in enumerate(rows):
        data.update(
            {f"days-{index}-date": day, f"days-{index}-kind": kind, f"days-{index}-note": note}
        )
    for index in range(len(rows), 8):
        data[f"days-{index}-kind"] = "day_off"
    return data


def test_registry_admin_adds_a_decree_in_one_submit_audited(client, personas):
    admin = personas["registry_admin"]
    client.force_login(admin)
    assert client.get("/registry/calendar/decree/", {"country": "KG"}).status_code == 200
    rows = [
        ("2027-01-08", "day_off", "перенос с субботы 16.01.2027"),
        ("2027-01-16", "working_day", "рабочий день вместо 08.01.2027"),
        ("2027-03-10", "day_off", "Орозо айт (второй день)"),
    ]
    response = client.post("/registry/calendar/decree/", _decree(rows=rows))
    assert response.status_code == 302
    assert response["Location"] == "/registry/calendar/?country=KG&year=2027"
    stored = NonWorkingDay.objects.filter(country="KG", source__contains="2027 году")
    assert sorted(str(r.date) for r in stored) == ["2027-01-08", "2027-01-16", "2027-03-10"]
    assert {r.confidence for r in stored} == {"L"}
    assert stored.get(date=D(2027, 1, 16)).kind == NonWorkingDay.Kind.WORKING_DAY
    events = AuditEvent.objects.filter(object_type="treaties.nonworkingday", action="create")
    assert sorted(int(e.object_id) for e in events) == sorted(r.pk for r in stored)
    assert all(e.actor_id == admin.pk for e in events)
    assert not calendar_for("KG").is_working_day(D(2027, 1, 8))
    assert calendar_for("KG").is_working_day(D(2027, 1, 16))


def test_a_date_already_in_the_registry_is_a_form_error(client, personas):
    client.force_login(personas["registry_admin"])
    rows = [("2027-01-08", "day_off", "новая дата"), ("2025-01-11", "day_off", "уже есть")]
    count = NonWorkingDay.objects.count()
    response = client.post("/registry/calendar/decree/", _decree(rows=rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "11.01.2025" in page and "invalid-feedback" in page
    assert NonWorkingDay.objects.count() == count  # nothing of the decree is stored


def test_a_date_given_twice_is_a_form_error(client, personas):
    client.force_login(personas["registry_admin"])
    rows = [("2027-02-01", "day_off", ""), ("2027-02-01", "working_day", "")]
    count = NonWorkingDay.objects.count()
    response = client.post("/registry/calendar/decree/", _decree(rows=rows))
    assert response.status_code == 200
    assert response.context["days"].forms[1].errors["date"]
    assert NonWorkingDay.objects.count() == count


def test_a_decree_without_dates_or_source_is_refused(client, personas):
    client.force_login(personas["registry_admin"])
    response = client.post("/registry/calendar/decree/", _decree(rows=[], source=""))
    assert response.status_code == 200
    assert response.context["form"].errors["source"]
    assert response.context["days"].non_form_errors()


@pytest.mark.parametrize("persona", ["kg_prosecutor", "kz_coordinator", "auditor"])
def test_only_registry_admins_add_decrees(client, personas, persona):
    client.force_login(personas[persona])
    count = NonWorkingDay.objects.count()
    response = client.post(
        "/registry/calendar/decree/", _decree(rows=[("2027-01-08", "day_off", "")])
    )
    assert response.status_code == 403
    assert NonWorkingDay.objects.count() == count
