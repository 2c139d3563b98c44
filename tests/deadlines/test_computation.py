"""deadlines.computation: when a legal clock ends, table by table.

DOMAIN.md, "Deadline rules" and "Clock rules": a clock is computed in the zone of the
jurisdiction whose law sets it (Asia/Bishkek UTC+6; Asia/Almaty UTC+5 since 2024-03-01, UTC+6
before), stored in UTC; counted in hours it ends exactly N hours after its start, otherwise at
23:59:59 local time on its last day; the day of the event is not counted; months are calendar
months clamped at the end of the month; working days are Monday to Friday less the `holidays`
package's public holidays and the registry's extra days off, plus decreed working days.

Every expected value below is written out by hand (not recomputed with the code under test).
Holidays used are those of the installed `holidays` package; `test_holiday_premises` pins them
so that a package upgrade that moves one fails there, not somewhere obscure.
"""

from __future__ import annotations

import datetime
import zoneinfo

import holidays
import pytest

from deadlines.computation import (
    Calendar,
    compute_due,
    counts_from_moment,
    due_on_date,
    escalation_point,
    hour_reminder_points,
    next_escalation,
    reminder_points,
    zone_of,
)

UTC = datetime.UTC
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ZONE = {"KZ": ALMATY, "KG": BISHKEK}
D = datetime.date


def utc(y, m, d, hh=0, mm=0, ss=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=UTC)


def local(country, y, m, d, hh=0, mm=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=ZONE[country])


def due(country, started_at, length, unit="days", day_kind="calendar", calendar=None):
    return compute_due(
        started_at=started_at,
        length=length,
        unit=unit,
        day_kind=day_kind,
        calendar=calendar or Calendar(country),
    )


def assert_utc(moment: datetime.datetime) -> None:
    assert moment.tzinfo is not None
    assert moment.utcoffset() == datetime.timedelta(0)


# --- Premises: the calendars the tables rely on ----------------------------------------------
@pytest.mark.parametrize(
    ("country", "day", "is_holiday"),
    [
        pytest.param("KZ", D(2026, 1, 1), True, id="KZ-2026-01-01-Thu-new-year"),
        pytest.param("KZ", D(2026, 1, 2), True, id="KZ-2026-01-02-Fri-new-year"),
        pytest.param("KZ", D(2026, 3, 23), True, id="KZ-2026-03-23-Mon-nauryz"),
        pytest.param("KZ", D(2026, 3, 24), True, id="KZ-2026-03-24-Tue-nauryz-observed"),
        pytest.param("KZ", D(2026, 3, 25), True, id="KZ-2026-03-25-Wed-nauryz-observed"),
        pytest.param("KZ", D(2026, 3, 26), False, id="KZ-2026-03-26-Thu-ordinary"),
        pytest.param("KZ", D(2026, 5, 1), True, id="KZ-2026-05-01-Fri-unity-day"),
        pytest.param("KZ", D(2026, 5, 7), True, id="KZ-2026-05-07-Thu-defender-day"),
        pytest.param("KZ", D(2026, 5, 11), True, id="KZ-2026-05-11-Mon-victory-observed"),
        pytest.param("KZ", D(2026, 7, 6), True, id="KZ-2026-07-06-Mon-capital-day"),
        pytest.param("KZ", D(2026, 8, 31), False, id="KZ-2026-08-31-Mon-ordinary"),
        pytest.param("KZ", D(2027, 5, 7), True, id="KZ-2027-05-07-Fri-defender-day"),
        pytest.param("KZ", D(2027, 5, 10), True, id="KZ-2027-05-10-Mon-victory-observed"),
        pytest.param("KG", D(2026, 1, 7), True, id="KG-2026-01-07-Wed-christmas"),
        pytest.param("KG", D(2026, 1, 8), False, id="KG-2026-01-08-Thu-ordinary"),
        pytest.param("KG", D(2026, 3, 20), True, id="KG-2026-03-20-Fri-eid-al-fitr"),
        pytest.param("KG", D(2026, 3, 23), False, id="KG-2026-03-23-Mon-ordinary"),
        pytest.param("KG", D(2026, 5, 1), True, id="KG-2026-05-01-Fri-labour-day"),
        pytest.param("KG", D(2026, 5, 8), True, id="KG-2026-05-08-Fri-may-holidays"),
        pytest.param("KG", D(2026, 5, 11), False, id="KG-2026-05-11-Mon-ordinary"),
        pytest.param("KG", D(2026, 8, 31), True, id="KG-2026-08-31-Mon-independence-day"),
        pytest.param("KG", D(2026, 4, 20), False, id="KG-2026-04-20-Mon-ordinary"),
        pytest.param("KZ", D(2026, 4, 20), False, id="KZ-2026-04-20-Mon-ordinary"),
    ],
)
def test_holiday_premises(country, day, is_holiday):
    assert (day in holidays.country_holidays(country, years=day.year)) is is_holiday


@pytest.mark.parametrize(
    ("zone_name", "day", "offset_hours"),
    [
        pytest.param("Asia/Almaty", D(2024, 2, 20), 6, id="almaty-before-2024-03-01-utc+6"),
        pytest.param("Asia/Almaty", D(2024, 3, 20), 5, id="almaty-after-2024-03-01-utc+5"),
        pytest.param("Asia/Almaty", D(2026, 6, 13), 5, id="almaty-2026-utc+5"),
        pytest.param("Asia/Bishkek", D(2024, 2, 20), 6, id="bishkek-2024-utc+6"),
        pytest.param("Asia/Bishkek", D(2026, 6, 13), 6, id="bishkek-2026-utc+6"),
    ],
)
def test_zone_premises(zone_name, day, offset_hours):
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo(zone_name))
    assert moment.utcoffset() == datetime.timedelta(hours=offset_hours)


@pytest.mark.parametrize(
    ("country", "zone_name"),
    [pytest.param("KG", "Asia/Bishkek", id="KG"), pytest.param("KZ", "Asia/Almaty", id="KZ")],
)
def test_zone_of(country, zone_name):
    assert zone_of(country) == zoneinfo.ZoneInfo(zone_name)


# --- 1. Hours --------------------------------------------------------------------------------
HOURS_CASES = [
    pytest.param(
        "KZ",
        local("KZ", 2026, 3, 10, 22, 30),
        72,
        utc(2026, 3, 13, 17, 30),
        id="KZ-72h-from-22:30-Almaty-crosses-midnight",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 3, 10, 22, 30),
        72,
        utc(2026, 3, 13, 16, 30),
        id="KG-72h-from-22:30-Bishkek-crosses-midnight",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 4, 29, 20, 0),
        72,
        utc(2026, 5, 2, 15, 0),
        id="KZ-72h-crosses-april-end",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 3, 30, 20, 0),
        72,
        utc(2026, 4, 2, 14, 0),
        id="KG-72h-crosses-march-end",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2028, 2, 28, 10, 0),
        48,
        utc(2028, 3, 1, 5, 0),
        id="KZ-48h-crosses-leap-day",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 12, 31, 12, 0),
        24,
        utc(2027, 1, 1, 7, 0),
        id="KZ-24h-crosses-year-end",
    ),
    pytest.param(
        "KZ",
        utc(2026, 5, 4, 10, 0),
        72,
        utc(2026, 5, 7, 10, 0),
        id="KZ-72h-started-in-utc",
    ),
    pytest.param(
        "KG",
        local("KZ", 2026, 5, 4, 10, 0),
        72,
        utc(2026, 5, 7, 5, 0),
        id="KG-clock-started-with-an-Almaty-timestamp",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 3, 20, 18, 0),
        72,
        utc(2026, 3, 23, 13, 0),
        id="KZ-72h-ignores-nauryz-holidays-and-weekend",
    ),
    pytest.param("KG", utc(2026, 6, 1, 23, 59), 1, utc(2026, 6, 2, 0, 59), id="KG-1h"),
    pytest.param(
        "KZ",
        local("KZ", 2026, 1, 1, 0, 0),
        24 * 365,
        utc(2026, 12, 31, 19, 0),
        id="KZ-8760h-a-year-of-hours",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2024, 2, 20, 12, 0),
        72,
        utc(2024, 2, 23, 6, 0),
        id="KZ-72h-in-2024-before-the-offset-change",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2024, 2, 29, 12, 0),
        72,
        utc(2024, 3, 3, 6, 0),
        id="KZ-72h-across-2024-03-01-offset-change",
    ),
    pytest.param(
        "KZ",
        datetime.datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN),
        72,
        utc(2026, 3, 31, 11, 0),
        id="KZ-72h-started-with-a-Berlin-timestamp-across-DST",
    ),
]


@pytest.mark.parametrize(("country", "started_at", "length", "expected"), HOURS_CASES)
@pytest.mark.parametrize("day_kind", ["calendar", "working"])
def test_hours_clock_is_exactly_n_hours_in_utc(country, started_at, length, expected, day_kind):
    result = due(country, started_at, length, unit="hours", day_kind=day_kind)
    assert result == expected
    assert_utc(result)
    assert result - started_at == datetime.timedelta(hours=length)


def test_hours_example_from_the_brief_reads_22_30_local():
    result = due("KZ", local("KZ", 2026, 3, 10, 22, 30), 72, unit="hours")
    local_end = result.astimezone(ALMATY)
    assert (local_end.date(), local_end.time()) == (D(2026, 3, 13), datetime.time(22, 30))


# --- 1a. Сутки: whole 24-hour periods from the moment ----------------------------------------
# KZ CPC 588(1): custody pending the request runs forty сутки *from the moment of detention*:
# it ends at the minute it started, forty times 24 hours later, never at the end of a day.
FULL_DAYS_CASES = [
    pytest.param(
        "KZ",
        local("KZ", 2026, 11, 25, 17, 37),
        40,
        utc(2027, 1, 4, 12, 37),
        id="KZ-40-sutki-from-17:37-ends-17:37-almaty-on-4-january",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 11, 25, 17, 37),
        40,
        utc(2027, 1, 4, 11, 37),
        id="KG-40-sutki-from-17:37-ends-17:37-bishkek",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 12, 31, 23, 50),
        1,
        utc(2027, 1, 1, 18, 50),
        id="KZ-1-sutki-across-new-year-is-24h-not-end-of-day",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2024, 2, 20, 12, 0),  # UTC+6 then: 06:00 UTC
        40,
        utc(2024, 3, 31, 6, 0),  # 11:00 Almaty (UTC+5): elapsed hours, not wall-clock ones
        id="KZ-40-sutki-across-the-2024-offset-change-are-960-elapsed-hours",
    ),
]


@pytest.mark.parametrize(("country", "started_at", "length", "expected"), FULL_DAYS_CASES)
@pytest.mark.parametrize("day_kind", ["calendar", "working"])
def test_full_days_end_at_the_same_minute_n_times_24_hours_later(
    country, started_at, length, expected, day_kind
):
    result = due(country, started_at, length, unit="full_days", day_kind=day_kind)
    assert result == expected
    assert_utc(result)
    assert result - started_at == datetime.timedelta(hours=24 * length)


def test_forty_sutki_from_the_brief_read_in_both_zones():
    result = due("KZ", local("KZ", 2026, 11, 25, 17, 37), 40, unit="full_days")
    assert result.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M") == "04.01.2027 17:37"
    assert result.astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M") == "04.01.2027 18:37"
    assert result.astimezone(UTC).strftime("%H:%M:%S") == "12:37:00"
    # The same forty counted as calendar days would end six hours later: the old, wrong clock.
    as_days = due("KZ", local("KZ", 2026, 11, 25, 17, 37), 40, unit="days")
    assert as_days - result == datetime.timedelta(hours=6, minutes=22, seconds=59)


@pytest.mark.parametrize(
    ("unit", "by_moment"),
    [
        ("hours", True),
        ("full_days", True),
        ("days", False),
        ("months", False),
        ("set_by_party", False),
    ],
)
def test_which_units_count_from_a_moment(unit, by_moment):
    assert counts_from_moment(unit) is by_moment


# --- 2. Calendar days ------------------------------------------------------------------------
# Almaty is UTC+5 (since 2024-03-01): 23:59:59 local = 18:59:59 UTC.
# Bishkek is UTC+6: 23:59:59 local = 17:59:59 UTC.
CALENDAR_DAY_CASES = [
    pytest.param(
        "KZ",
        local("KZ", 2026, 3, 10, 23, 30),
        1,
        D(2026, 3, 11),
        utc(2026, 3, 11, 18, 59, 59),
        id="KZ-23:30-local-is-still-the-10th",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 3, 11, 0, 10),
        1,
        D(2026, 3, 12),
        utc(2026, 3, 12, 18, 59, 59),
        id="KZ-00:10-local-is-the-11th-though-utc-says-10th",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 3, 10, 23, 30),
        1,
        D(2026, 3, 11),
        utc(2026, 3, 11, 17, 59, 59),
        id="KG-23:30-local-is-still-the-10th",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 3, 11, 0, 10),
        1,
        D(2026, 3, 12),
        utc(2026, 3, 12, 17, 59, 59),
        id="KG-00:10-local-is-the-11th-though-utc-says-10th",
    ),
    # One UTC instant, 2026-03-10 18:30 UTC: 23:30 on the 10th in Almaty, 00:30 on the 11th
    # in Bishkek.
    pytest.param(
        "KZ",
        utc(2026, 3, 10, 18, 30),
        10,
        D(2026, 3, 20),
        utc(2026, 3, 20, 18, 59, 59),
        id="KZ-utc-18:30-is-23:30-almaty-same-day",
    ),
    pytest.param(
        "KG",
        utc(2026, 3, 10, 18, 30),
        10,
        D(2026, 3, 21),
        utc(2026, 3, 21, 17, 59, 59),
        id="KG-utc-18:30-is-00:30-bishkek-next-day",
    ),
    pytest.param(
        "KZ",
        utc(2026, 3, 10, 19, 10),
        1,
        D(2026, 3, 12),
        utc(2026, 3, 12, 18, 59, 59),
        id="KZ-utc-19:10-is-00:10-almaty-next-day",
    ),
    # DOMAIN.md: a 40-day clock from a detention on 1 March ends 23:59:59 local on 10 April.
    pytest.param(
        "KZ",
        local("KZ", 2026, 3, 1, 10, 0),
        40,
        D(2026, 4, 10),
        utc(2026, 4, 10, 18, 59, 59),
        id="KZ-40d-from-1-march-ends-10-april",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 3, 1, 10, 0),
        40,
        D(2026, 4, 10),
        utc(2026, 4, 10, 17, 59, 59),
        id="KG-40d-from-1-march-ends-10-april",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 3, 20, 10, 0),
        3,
        D(2026, 3, 23),
        utc(2026, 3, 23, 18, 59, 59),
        id="KZ-calendar-days-ignore-nauryz",
    ),
    pytest.param(
        "KG",
        local("KG", 2026, 8, 28, 10, 0),
        3,
        D(2026, 8, 31),
        utc(2026, 8, 31, 17, 59, 59),
        id="KG-calendar-days-end-on-independence-day",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 12, 25, 10, 0),
        10,
        D(2027, 1, 4),
        utc(2027, 1, 4, 18, 59, 59),
        id="KZ-10d-crosses-year-end",
    ),
    pytest.param(
        "KG",
        local("KG", 2028, 2, 20, 10, 0),
        10,
        D(2028, 3, 1),
        utc(2028, 3, 1, 17, 59, 59),
        id="KG-10d-leap-february-2028",
    ),
    pytest.param(
        "KG",
        local("KG", 2027, 2, 20, 10, 0),
        10,
        D(2027, 3, 2),
        utc(2027, 3, 2, 17, 59, 59),
        id="KG-10d-common-february-2027",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2026, 1, 1, 0, 0),
        365,
        D(2027, 1, 1),
        utc(2027, 1, 1, 18, 59, 59),
        id="KZ-365d",
    ),
    # Kazakhstan moved from UTC+6 to UTC+5 on 2024-03-01.
    pytest.param(
        "KZ",
        local("KZ", 2024, 2, 10, 10, 0),
        10,
        D(2024, 2, 20),
        utc(2024, 2, 20, 17, 59, 59),
        id="KZ-ends-2024-02-20-at-utc+6",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2024, 3, 10, 10, 0),
        10,
        D(2024, 3, 20),
        utc(2024, 3, 20, 18, 59, 59),
        id="KZ-ends-2024-03-20-at-utc+5",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2024, 2, 25, 12, 0),
        10,
        D(2024, 3, 6),
        utc(2024, 3, 6, 18, 59, 59),
        id="KZ-starts-at-utc+6-ends-at-utc+5",
    ),
    pytest.param(
        "KG",
        local("KG", 2024, 2, 10, 10, 0),
        10,
        D(2024, 2, 20),
        utc(2024, 2, 20, 17, 59, 59),
        id="KG-ends-2024-02-20-at-utc+6",
    ),
    pytest.param(
        "KG",
        local("KG", 2024, 3, 10, 10, 0),
        10,
        D(2024, 3, 20),
        utc(2024, 3, 20, 17, 59, 59),
        id="KG-ends-2024-03-20-still-utc+6",
    ),
    pytest.param(
        "KZ",
        local("KZ", 2024, 2, 19, 10, 0),
        10,
        D(2024, 2, 29),
        utc(2024, 2, 29, 18, 59, 59),
        id="KZ-ends-2024-02-29-the-day-with-two-23h-hours",
    ),
]


@pytest.mark.parametrize(
    ("country", "started_at", "length", "last_day", "expected"), CALENDAR_DAY_CASES
)
@pytest.mark.parametrize("unit", ["days", "set_by_party"])
def test_calendar_days_end_at_23_59_59_local(country, started_at, length, last_day, expected, unit):
    result = due(country, started_at, length, unit=unit)
    assert result == expected
    assert_utc(result)
    local_end = result.astimezone(ZONE[country])
    assert local_end.date() == last_day
    assert local_end.time() == datetime.time(23, 59, 59)


# --- 3. Months -------------------------------------------------------------------------------
MONTH_CASES = [
    pytest.param(D(2028, 1, 31), 1, D(2028, 2, 29), id="31-jan-2028+1m=29-feb-leap"),
    pytest.param(D(2027, 1, 31), 1, D(2027, 2, 28), id="31-jan-2027+1m=28-feb"),
    pytest.param(D(2026, 1, 30), 1, D(2026, 2, 28), id="30-jan-2026+1m=28-feb"),
    pytest.param(D(2026, 3, 31), 1, D(2026, 4, 30), id="31-mar+1m=30-apr"),
    pytest.param(D(2026, 5, 31), 1, D(2026, 6, 30), id="31-may+1m=30-jun"),
    pytest.param(D(2026, 11, 30), 3, D(2027, 2, 28), id="30-nov-2026+3m=28-feb-2027"),
    pytest.param(D(2027, 11, 30), 3, D(2028, 2, 29), id="30-nov-2027+3m=29-feb-2028"),
    pytest.param(D(2026, 12, 31), 2, D(2027, 2, 28), id="31-dec-2026+2m=28-feb-2027"),
    pytest.param(D(2026, 8, 31), 6, D(2027, 2, 28), id="31-aug+6m=28-feb"),
    pytest.param(D(2026, 1, 15), 1, D(2026, 2, 15), id="15-jan+1m=15-feb"),
    pytest.param(D(2026, 5, 4), 1, D(2026, 6, 4), id="4-may+1m=4-jun"),
    pytest.param(D(2026, 2, 28), 1, D(2026, 3, 28), id="28-feb+1m=28-mar-not-month-end"),
    pytest.param(D(2026, 4, 30), 1, D(2026, 5, 30), id="30-apr+1m=30-may-not-31"),
    pytest.param(D(2026, 1, 31), 12, D(2027, 1, 31), id="31-jan+12m=31-jan"),
    pytest.param(D(2028, 2, 29), 12, D(2029, 2, 28), id="29-feb-2028+12m=28-feb-2029"),
    pytest.param(D(2026, 10, 31), 4, D(2027, 2, 28), id="31-oct+4m=28-feb"),
]


@pytest.mark.parametrize(("start_day", "length", "last_day"), MONTH_CASES)
@pytest.mark.parametrize("country", ["KZ", "KG"])
def test_months_clamp_to_month_end(country, start_day, length, last_day):
    started_at = datetime.datetime.combine(start_day, datetime.time(12), tzinfo=ZONE[country])
    result = due(country, started_at, length, unit="months")
    assert_utc(result)
    assert result == datetime.datetime.combine(
        last_day, datetime.time(23, 59, 59), tzinfo=ZONE[country]
    ).astimezone(UTC)


@pytest.mark.parametrize(
    ("country", "started_at", "expected"),
    [
        pytest.param(
            "KG",
            local("KG", 2026, 1, 31, 23, 30),
            utc(2026, 2, 28, 17, 59, 59),
            id="KG-23:30-on-31-jan-counts-from-31-jan",
        ),
        pytest.param(
            "KZ",
            utc(2026, 1, 31, 19, 30),
            utc(2026, 3, 1, 18, 59, 59),
            id="KZ-utc-19:30-on-31-jan-is-1-feb-local",
        ),
        pytest.param(
            "KZ",
            utc(2026, 1, 31, 18, 30),
            utc(2026, 2, 28, 18, 59, 59),
            id="KZ-utc-18:30-on-31-jan-is-23:30-local-31-jan",
        ),
    ],
)
def test_months_start_from_the_local_date(country, started_at, expected):
    assert due(country, started_at, 1, unit="months") == expected


# --- 4. Working days -------------------------------------------------------------------------
SAT_2026_04_18 = D(2026, 4, 18)
MON_2026_04_20 = D(2026, 4, 20)
FRI_2026_04_24 = D(2026, 4, 24)

WORKING_DAY_CASES = [
    # Nauryz 2026 in KZ: Sat 21 – Wed 25 March (23 Mon, 24–25 observed).
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 3, 20, 10),
        1,
        D(2026, 3, 26),
        id="KZ-fri-20-mar+1wd=thu-26-mar-after-nauryz",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 3, 20, 10),
        3,
        D(2026, 3, 30),
        id="KZ-fri-20-mar+3wd=mon-30-mar",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 3, 19, 10),
        1,
        D(2026, 3, 20),
        id="KZ-thu-19-mar+1wd=fri-20-mar",
    ),
    # KG: Fri 20 March 2026 is Eid al-Fitr, Sat 21 Nooruz; Mon 23 is working.
    pytest.param(
        Calendar("KG"),
        local("KG", 2026, 3, 19, 10),
        1,
        D(2026, 3, 23),
        id="KG-thu-19-mar+1wd=mon-23-mar-holiday-friday-before-weekend",
    ),
    pytest.param(
        Calendar("KG"),
        local("KG", 2026, 3, 20, 10),
        1,
        D(2026, 3, 23),
        id="KG-fri-20-mar+1wd=mon-23-mar",
    ),
    # KG Independence Day, Mon 31 Aug 2026; not a holiday in KZ.
    pytest.param(
        Calendar("KG"),
        local("KG", 2026, 8, 28, 19, 0),
        1,
        D(2026, 9, 1),
        id="KG-fri-evening-28-aug+1wd=tue-1-sep-independence-monday",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 8, 28, 19, 0),
        1,
        D(2026, 8, 31),
        id="KZ-fri-evening-28-aug+1wd=mon-31-aug",
    ),
    # New Year across the year boundary: KZ 1–2 Jan, KG 1–7 Jan 2026.
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2025, 12, 31, 10),
        1,
        D(2026, 1, 5),
        id="KZ-wed-31-dec+1wd=mon-5-jan",
    ),
    pytest.param(
        Calendar("KG"),
        local("KG", 2025, 12, 31, 10),
        1,
        D(2026, 1, 8),
        id="KG-wed-31-dec+1wd=thu-8-jan",
    ),
    # Holiday Fridays before a weekend.
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 4, 30, 10),
        1,
        D(2026, 5, 4),
        id="KZ-thu-30-apr+1wd=mon-4-may-holiday-friday-1-may",
    ),
    pytest.param(
        Calendar("KG"),
        local("KG", 2026, 4, 30, 10),
        1,
        D(2026, 5, 11),
        id="KG-thu-30-apr+1wd=mon-11-may-after-may-holidays",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2027, 5, 6, 10),
        1,
        D(2027, 5, 11),
        id="KZ-thu-6-may-2027+1wd=tue-11-may-holiday-fri-and-mon",
    ),
    pytest.param(
        Calendar("KG", extra_days_off=frozenset({FRI_2026_04_24})),
        local("KG", 2026, 4, 23, 10),
        1,
        D(2026, 4, 27),
        id="KG-constructed-day-off-friday-24-apr+1wd=mon-27-apr",
    ),
    # Ten working days through May.
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 5, 4, 10),
        10,
        D(2026, 5, 20),
        id="KZ-mon-4-may+10wd=wed-20-may",
    ),
    pytest.param(
        Calendar("KG"),
        local("KG", 2026, 5, 4, 10),
        10,
        D(2026, 5, 22),
        id="KG-mon-4-may+10wd=fri-22-may",
    ),
    # Friday evening: one working day is Monday (Tuesday if Monday is a holiday).
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 4, 17, 23, 30),
        1,
        MON_2026_04_20,
        id="KZ-fri-23:30-17-apr+1wd=mon-20-apr",
    ),
    pytest.param(
        Calendar("KG"),
        local("KG", 2026, 4, 17, 20, 0),
        1,
        MON_2026_04_20,
        id="KG-fri-20:00-17-apr+1wd=mon-20-apr",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 7, 3, 19, 0),
        1,
        D(2026, 7, 7),
        id="KZ-fri-evening-3-jul+1wd=tue-7-jul-capital-day-monday",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 4, 18, 10),
        1,
        MON_2026_04_20,
        id="KZ-started-on-saturday+1wd=mon",
    ),
    pytest.param(
        Calendar("KZ"),
        local("KZ", 2026, 4, 13, 10),
        5,
        MON_2026_04_20,
        id="KZ-mon-13-apr+5wd=mon-20-apr",
    ),
    # Thursday 19:30 UTC is already Friday 00:30 in Almaty: Friday is not counted.
    pytest.param(
        Calendar("KZ"),
        utc(2026, 4, 16, 19, 30),
        1,
        MON_2026_04_20,
        id="KZ-utc-thu-19:30-is-fri-local+1wd=mon",
    ),
    pytest.param(
        Calendar("KZ"),
        utc(2026, 4, 16, 18, 30),
        1,
        D(2026, 4, 17),
        id="KZ-utc-thu-18:30-is-thu-23:30-local+1wd=fri",
    ),
    # Registry decrees.
    pytest.param(
        Calendar("KZ", extra_working_days=frozenset({SAT_2026_04_18})),
        local("KZ", 2026, 4, 17, 19),
        1,
        SAT_2026_04_18,
        id="KZ-decreed-working-saturday-counts",
    ),
    pytest.param(
        Calendar("KZ", extra_working_days=frozenset({SAT_2026_04_18})),
        local("KZ", 2026, 4, 17, 19),
        2,
        MON_2026_04_20,
        id="KZ-decreed-working-saturday-then-monday",
    ),
    pytest.param(
        Calendar("KG", extra_working_days=frozenset({SAT_2026_04_18})),
        local("KG", 2026, 4, 16, 10),
        2,
        SAT_2026_04_18,
        id="KG-decreed-working-saturday-counts",
    ),
    pytest.param(
        Calendar("KZ", extra_days_off=frozenset({MON_2026_04_20})),
        local("KZ", 2026, 4, 17, 19),
        1,
        D(2026, 4, 21),
        id="KZ-extra-day-off-monday-skipped",
    ),
    pytest.param(
        Calendar("KG", extra_days_off=frozenset({MON_2026_04_20})),
        local("KG", 2026, 4, 17, 19),
        2,
        D(2026, 4, 22),
        id="KG-extra-day-off-monday-skipped-2wd",
    ),
    pytest.param(
        Calendar(
            "KZ",
            extra_days_off=frozenset({MON_2026_04_20}),
            extra_working_days=frozenset({SAT_2026_04_18}),
        ),
        local("KZ", 2026, 4, 17, 19),
        2,
        D(2026, 4, 21),
        id="KZ-day-off-moved-from-monday-to-saturday",
    ),
]


@pytest.mark.parametrize(("calendar", "started_at", "length", "last_day"), WORKING_DAY_CASES)
@pytest.mark.parametrize("unit", ["days", "set_by_party"])
def test_working_days(calendar, started_at, length, last_day, unit):
    result = compute_due(
        started_at=started_at, length=length, unit=unit, day_kind="working", calendar=calendar
    )
    assert_utc(result)
    zone = ZONE[calendar.country]
    assert result == datetime.datetime.combine(
        last_day, datetime.time(23, 59, 59), tzinfo=zone
    ).astimezone(UTC)


@pytest.mark.parametrize(
    ("calendar", "day", "working"),
    [
        pytest.param(Calendar("KZ"), D(2026, 4, 17), True, id="KZ-ordinary-friday"),
        pytest.param(Calendar("KZ"), SAT_2026_04_18, False, id="KZ-saturday"),
        pytest.param(Calendar("KZ"), D(2026, 4, 19), False, id="KZ-sunday"),
        pytest.param(Calendar("KZ"), D(2026, 3, 23), False, id="KZ-nauryz-monday"),
        pytest.param(Calendar("KG"), D(2026, 3, 23), True, id="KG-same-monday-works"),
        pytest.param(Calendar("KG"), D(2026, 8, 31), False, id="KG-independence-day"),
        pytest.param(Calendar("KZ"), D(2026, 8, 31), True, id="KZ-same-day-works"),
        pytest.param(
            Calendar("KZ", extra_working_days=frozenset({SAT_2026_04_18})),
            SAT_2026_04_18,
            True,
            id="KZ-decreed-working-saturday",
        ),
        pytest.param(
            Calendar("KZ", extra_days_off=frozenset({MON_2026_04_20})),
            MON_2026_04_20,
            False,
            id="KZ-extra-day-off",
        ),
        pytest.param(
            Calendar("KG", extra_days_off=frozenset({FRI_2026_04_24})),
            FRI_2026_04_24,
            False,
            id="KG-extra-day-off-friday",
        ),
    ],
)
def test_is_working_day(calendar, day, working):
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    ("calendar", "start", "count", "expected"),
    [
        pytest.param(Calendar("KZ"), D(2026, 4, 17), 0, D(2026, 4, 17), id="zero-is-the-start"),
        pytest.param(Calendar("KZ"), D(2026, 4, 17), 1, MON_2026_04_20, id="KZ-fri+1"),
        pytest.param(Calendar("KZ"), D(2026, 3, 20), 1, D(2026, 3, 26), id="KZ-nauryz"),
        pytest.param(Calendar("KG"), D(2025, 12, 31), 1, D(2026, 1, 8), id="KG-new-year"),
        pytest.param(Calendar("KG"), D(2026, 8, 28), 1, D(2026, 9, 1), id="KG-independence"),
    ],
)
def test_add_working_days(calendar, start, count, expected):
    assert calendar.add_working_days(start, count) == expected


# --- 5. Dates set by a party -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        pytest.param(D(2026, 6, 13), "KZ", utc(2026, 6, 13, 18, 59, 59), id="KZ-2026-utc+5"),
        pytest.param(D(2026, 6, 13), "KG", utc(2026, 6, 13, 17, 59, 59), id="KG-2026-utc+6"),
        pytest.param(D(2026, 3, 22), "KZ", utc(2026, 3, 22, 18, 59, 59), id="KZ-holiday-kept"),
        pytest.param(D(2026, 1, 1), "KG", utc(2026, 1, 1, 17, 59, 59), id="KG-new-year-kept"),
        pytest.param(D(2026, 12, 31), "KZ", utc(2026, 12, 31, 18, 59, 59), id="KZ-year-end"),
        pytest.param(D(2024, 2, 20), "KZ", utc(2024, 2, 20, 17, 59, 59), id="KZ-2024-utc+6"),
        pytest.param(D(2024, 3, 20), "KZ", utc(2024, 3, 20, 18, 59, 59), id="KZ-2024-utc+5"),
        pytest.param(D(2028, 2, 29), "KG", utc(2028, 2, 29, 17, 59, 59), id="KG-leap-day"),
        pytest.param(
            D(2024, 2, 29),
            "KZ",
            utc(2024, 2, 29, 18, 59, 59),
            id="KZ-2024-02-29-two-23h-hours",
        ),
    ],
)
def test_due_on_date_ends_at_23_59_59_local(day, country, expected):
    result = due_on_date(day, country)
    assert result == expected
    assert_utc(result)
    assert result.astimezone(ZONE[country]).date() == day
    assert result.astimezone(ZONE[country]).time() == datetime.time(23, 59, 59)


# --- 6. Reminder points ----------------------------------------------------------------------
KZ_DUE_13_JUNE = utc(2026, 6, 13, 18, 59, 59)  # 23:59:59 Almaty
KG_DUE_13_JUNE = utc(2026, 6, 13, 17, 59, 59)  # 23:59:59 Bishkek
KZ_72H_ENDING_05_00 = utc(2026, 3, 13, 0, 0)  # 05:00 Almaty on 13 March
KZ_72H_ENDING_00_30 = utc(2026, 3, 12, 19, 30)  # 00:30 Almaty on 13 March

REMINDER_CASES = [
    pytest.param(
        KZ_DUE_13_JUNE,
        [7, 3, 1, 0],
        "KZ",
        [
            ("lead-7", utc(2026, 6, 6, 4)),
            ("lead-3", utc(2026, 6, 10, 4)),
            ("lead-1", utc(2026, 6, 12, 4)),
            ("lead-0", utc(2026, 6, 13, 4)),
        ],
        id="KZ-default-leads-09:00-almaty-is-04:00-utc",
    ),
    pytest.param(
        KG_DUE_13_JUNE,
        [7, 3, 1, 0],
        "KG",
        [
            ("lead-7", utc(2026, 6, 6, 3)),
            ("lead-3", utc(2026, 6, 10, 3)),
            ("lead-1", utc(2026, 6, 12, 3)),
            ("lead-0", utc(2026, 6, 13, 3)),
        ],
        id="KG-default-leads-09:00-bishkek-is-03:00-utc",
    ),
    pytest.param(
        KZ_DUE_13_JUNE,
        [0, 7, 1, 3],
        "KZ",
        [
            ("lead-7", utc(2026, 6, 6, 4)),
            ("lead-3", utc(2026, 6, 10, 4)),
            ("lead-1", utc(2026, 6, 12, 4)),
            ("lead-0", utc(2026, 6, 13, 4)),
        ],
        id="KZ-unsorted-leads-sorted-from-earliest",
    ),
    pytest.param(
        KZ_DUE_13_JUNE,
        [7, 7, 3, 0, 0, 3],
        "KZ",
        [
            ("lead-7", utc(2026, 6, 6, 4)),
            ("lead-3", utc(2026, 6, 10, 4)),
            ("lead-0", utc(2026, 6, 13, 4)),
        ],
        id="KZ-duplicate-leads-collapse",
    ),
    pytest.param(
        KZ_DUE_13_JUNE,
        [10, 7, 3, 1, 0],
        "KZ",
        [
            ("lead-10", utc(2026, 6, 3, 4)),
            ("lead-7", utc(2026, 6, 6, 4)),
            ("lead-3", utc(2026, 6, 10, 4)),
            ("lead-1", utc(2026, 6, 12, 4)),
            ("lead-0", utc(2026, 6, 13, 4)),
        ],
        id="KZ-40d-rule-leads-10-7-3-1-0",
    ),
    pytest.param(KZ_DUE_13_JUNE, [], "KZ", [], id="no-leads-no-reminders"),
    pytest.param(
        KZ_72H_ENDING_05_00,
        [1, 0],
        "KZ",
        [("lead-1", utc(2026, 3, 12, 4)), ("lead-0", KZ_72H_ENDING_05_00)],
        id="KZ-72h-ending-05:00-lead-0-clamped-to-the-due-moment",
    ),
    pytest.param(
        KZ_72H_ENDING_05_00,
        [7, 3, 1, 0],
        "KZ",
        [
            ("lead-7", utc(2026, 3, 6, 4)),
            ("lead-3", utc(2026, 3, 10, 4)),
            ("lead-1", utc(2026, 3, 12, 4)),
            ("lead-0", KZ_72H_ENDING_05_00),
        ],
        id="KZ-72h-ending-05:00-default-leads",
    ),
    pytest.param(
        KZ_72H_ENDING_00_30,
        [1, 0],
        "KZ",
        [("lead-1", utc(2026, 3, 12, 4)), ("lead-0", KZ_72H_ENDING_00_30)],
        id="KZ-due-00:30-local-last-day-is-the-local-date",
    ),
    pytest.param(
        utc(2026, 3, 2, 18, 59, 59),
        [7, 1],
        "KZ",
        [("lead-7", utc(2026, 2, 23, 4)), ("lead-1", utc(2026, 3, 1, 4))],
        id="KZ-leads-cross-february",
    ),
    pytest.param(
        utc(2024, 3, 3, 18, 59, 59),
        [7, 0],
        "KZ",
        [("lead-7", utc(2024, 2, 25, 3)), ("lead-0", utc(2024, 3, 3, 4))],
        id="KZ-leads-across-the-2024-offset-change",
    ),
]


@pytest.mark.parametrize(("due_at", "lead_days", "country", "expected"), REMINDER_CASES)
def test_reminder_points(due_at, lead_days, country, expected):
    points = reminder_points(due_at, lead_days, country)
    assert points == expected
    moments = [moment for _key, moment in points]
    assert moments == sorted(moments)
    assert all(moment <= due_at for moment in moments)
    for moment in moments:
        assert_utc(moment)


def test_reminder_points_accept_any_iterable():
    assert reminder_points(KZ_DUE_13_JUNE, (d for d in (1, 0)), "KZ") == [
        ("lead-1", utc(2026, 6, 12, 4)),
        ("lead-0", utc(2026, 6, 13, 4)),
    ]


# --- 6a. Hour reminders ----------------------------------------------------------------------
# An hour or сутки clock reminds hours before its end, never "at 09:00 on the day": the 60-hour
# motion clock of a detention at 17:37 ends at 05:37 — a 09:00 reminder would come too late.
MOTION_ENDS = local("KZ", 2026, 11, 28, 5, 37)


@pytest.mark.parametrize(
    ("lead_hours", "expected"),
    [
        pytest.param(
            [24, 12, 6, 2],
            [
                ("lead-24h", utc(2026, 11, 27, 0, 37)),
                ("lead-12h", utc(2026, 11, 27, 12, 37)),
                ("lead-6h", utc(2026, 11, 27, 18, 37)),
                ("lead-2h", utc(2026, 11, 27, 22, 37)),
            ],
            id="motion-clock-leads",
        ),
        pytest.param(
            (2, 24, 2, 12),
            [
                ("lead-24h", utc(2026, 11, 27, 0, 37)),
                ("lead-12h", utc(2026, 11, 27, 12, 37)),
                ("lead-2h", utc(2026, 11, 27, 22, 37)),
            ],
            id="unsorted-and-duplicate-leads",
        ),
        pytest.param([0], [("lead-0h", utc(2026, 11, 28, 0, 37))], id="at-the-end-itself"),
        pytest.param([-3], [], id="a-lead-after-the-end-is-dropped"),
        pytest.param([], [], id="no-leads"),
    ],
)
def test_hour_reminders_are_hours_before_the_end(lead_hours, expected):
    points = hour_reminder_points(MOTION_ENDS, lead_hours)
    assert points == expected
    assert all(moment <= MOTION_ENDS for _key, moment in points)


# --- 7. Escalation ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "country", "expected"),
    [
        pytest.param(utc(2026, 6, 14, 10), "KZ", utc(2026, 6, 15, 4), id="KZ-afternoon"),
        pytest.param(utc(2026, 6, 14, 10), "KG", utc(2026, 6, 15, 3), id="KG-afternoon"),
        pytest.param(
            utc(2026, 6, 14, 20),
            "KZ",
            utc(2026, 6, 16, 4),
            id="KZ-utc-20:00-is-01:00-local-next-day",
        ),
        pytest.param(
            utc(2026, 6, 14, 18, 30),
            "KG",
            utc(2026, 6, 16, 3),
            id="KG-utc-18:30-is-00:30-local-next-day",
        ),
        pytest.param(
            utc(2026, 6, 14, 2),
            "KZ",
            utc(2026, 6, 15, 4),
            id="KZ-07:00-local-waits-for-tomorrow-not-today",
        ),
        pytest.param(
            utc(2026, 6, 14, 4),
            "KZ",
            utc(2026, 6, 15, 4),
            id="KZ-exactly-09:00-local",
        ),
        pytest.param(utc(2026, 6, 30, 12), "KG", utc(2026, 7, 1, 3), id="KG-month-end"),
        pytest.param(utc(2026, 12, 31, 12), "KZ", utc(2027, 1, 1, 4), id="KZ-year-end"),
        pytest.param(utc(2028, 2, 28, 12), "KG", utc(2028, 2, 29, 3), id="KG-leap-day"),
        pytest.param(
            utc(2024, 2, 29, 12),
            "KZ",
            utc(2024, 3, 1, 4),
            id="KZ-across-the-2024-offset-change",
        ),
        pytest.param(
            local("KZ", 2026, 6, 14, 15),
            "KZ",
            utc(2026, 6, 15, 4),
            id="KZ-aware-local-now",
        ),
    ],
)
def test_next_escalation_is_09_00_local_next_day(now, country, expected):
    result = next_escalation(now, country)
    assert result == expected
    assert_utc(result)
    assert result.astimezone(ZONE[country]).time() == datetime.time(9, 0)


@pytest.mark.parametrize(
    ("due_at", "now", "country", "expected"),
    [
        pytest.param(KZ_DUE_13_JUNE, utc(2026, 6, 13, 12), "KZ", None, id="before-due"),
        pytest.param(
            KZ_DUE_13_JUNE,
            KZ_DUE_13_JUNE,
            "KZ",
            ("overdue-2026-06-13", KZ_DUE_13_JUNE),
            id="at-the-due-moment",
        ),
        pytest.param(
            KZ_DUE_13_JUNE,
            utc(2026, 6, 14, 10),
            "KZ",
            ("overdue-2026-06-14", utc(2026, 6, 14, 10)),
            id="KZ-next-day",
        ),
        pytest.param(
            KG_DUE_13_JUNE,
            utc(2026, 6, 14, 18, 30),
            "KG",
            ("overdue-2026-06-15", utc(2026, 6, 14, 18, 30)),
            id="KG-key-uses-local-date",
        ),
    ],
)
def test_escalation_point(due_at, now, country, expected):
    assert escalation_point(due_at, now, country) == expected


# --- 8. Errors -------------------------------------------------------------------------------
NAIVE = datetime.datetime(2026, 5, 4, 10, 0)  # noqa: DTZ001  (naive on purpose)
AWARE = utc(2026, 5, 4, 10, 0)


@pytest.mark.parametrize(
    ("started_at", "length", "unit", "day_kind"),
    [
        pytest.param(NAIVE, 72, "hours", "calendar", id="naive-hours"),
        pytest.param(NAIVE, 40, "days", "calendar", id="naive-days"),
        pytest.param(NAIVE, 5, "days", "working", id="naive-working-days"),
        pytest.param(NAIVE, 1, "months", "calendar", id="naive-months"),
        pytest.param(NAIVE, 30, "set_by_party", "calendar", id="naive-set-by-party"),
        pytest.param(AWARE, 0, "hours", "calendar", id="zero-hours"),
        pytest.param(AWARE, 0, "days", "calendar", id="zero-days"),
        pytest.param(AWARE, 0, "days", "working", id="zero-working-days"),
        pytest.param(AWARE, 0, "months", "calendar", id="zero-months"),
        pytest.param(AWARE, -1, "days", "calendar", id="negative-days"),
        pytest.param(AWARE, 3, "weeks", "calendar", id="unknown-unit-weeks"),
        pytest.param(AWARE, 3, "", "calendar", id="unknown-unit-empty"),
        pytest.param(AWARE, 3, "Hours", "calendar", id="unknown-unit-capitalised"),
        pytest.param(AWARE, 3, "day", "working", id="unknown-unit-singular"),
    ],
)
@pytest.mark.parametrize("country", ["KZ", "KG"])
def test_invalid_clocks_raise_value_error(started_at, length, unit, day_kind, country):
    with pytest.raises(ValueError):
        compute_due(
            started_at=started_at,
            length=length,
            unit=unit,
            day_kind=day_kind,
            calendar=Calendar(country),
        )


# --- 9. The registry's seeded rules (database) -----------------------------------------------
SEEDED_START = utc(2026, 5, 4, 10, 0)  # 15:00 in Almaty, 16:00 in Bishkek, Monday 4 May
END_OF_DAY_UTC = {"KZ": (18, 59, 59), "KG": (17, 59, 59)}
SEEDED_CODES = {
    "kz-detention-72h",
    "kz-custody-motion-60h",
    "kg-detention-wanted-person",
    "detention-pending-extradition-request-40d",
    "extradition-supplement-1m",
    "surrender-takeover-15d",
    "mla-execution-target",
    "mla-supplement-target",
    "jit-agreement-end",
    "jit-task-due",
}


def _compute_rule(rule, country):
    from deadlines.services import calendar_for

    return compute_due(
        started_at=SEEDED_START,
        length=rule.length,
        unit=rule.unit,
        day_kind=rule.day_kind,
        calendar=calendar_for(country),
    )


def _end_of(day: datetime.date, country: str) -> datetime.datetime:
    return utc(day.year, day.month, day.day, *END_OF_DAY_UTC[country])


@pytest.mark.django_db
def test_the_seeded_rules_are_the_domain_rules():
    from treaties.models import DeadlineRule

    assert set(DeadlineRule.objects.values_list("code", flat=True)) >= SEEDED_CODES


@pytest.mark.django_db
@pytest.mark.parametrize("country", ["KG", "KZ"])
def test_every_seeded_rule_computes_after_its_start(country):
    from treaties.models import DeadlineRule

    rules = list(DeadlineRule.objects.all())
    assert rules
    for rule in rules:
        result = _compute_rule(rule, country)
        assert_utc(result)
        assert result > SEEDED_START, rule.code


# (code, length, unit, expected last day or exact moment); None for length: read from the DB.
SEEDED_RULE_CASES = [
    pytest.param("kz-detention-72h", 72, "hours", utc(2026, 5, 7, 10, 0), id="kz-detention-72h"),
    # Сутки from the moment: 40 × 24 h later to the minute, never 23:59:59 of the last day.
    pytest.param(
        "detention-pending-extradition-request-40d",
        40,
        "full_days",
        utc(2026, 6, 13, 10, 0),
        id="detention-pending-extradition-request-40d",
    ),
    pytest.param(
        "kz-custody-motion-60h", 60, "hours", utc(2026, 5, 6, 22, 0), id="kz-custody-motion-60h"
    ),
    pytest.param(
        "kg-detention-wanted-person",
        48,
        "hours",
        utc(2026, 5, 6, 10, 0),
        id="kg-detention-wanted-person-unconfirmed",
    ),
    pytest.param(
        "extradition-supplement-1m", 1, "months", D(2026, 6, 4), id="extradition-supplement-1m"
    ),
    pytest.param("surrender-takeover-15d", 15, "days", D(2026, 5, 19), id="surrender-takeover-15d"),
    pytest.param("mla-execution-target", None, "set_by_party", None, id="mla-execution-target"),
    pytest.param("mla-supplement-target", None, "days", None, id="mla-supplement-target"),
    pytest.param("jit-agreement-end", None, "set_by_party", None, id="jit-agreement-end-fallback"),
    pytest.param("jit-task-due", None, "set_by_party", None, id="jit-task-due-fallback"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "length", "unit", "expected"), SEEDED_RULE_CASES)
@pytest.mark.parametrize("country", ["KG", "KZ"])
def test_seeded_rule_due(code, length, unit, expected, country):
    from treaties.models import DeadlineRule

    rule = DeadlineRule.objects.get(code=code)
    assert rule.unit == unit
    assert rule.day_kind == "calendar"
    if length is not None:
        assert rule.length == length
    if expected is None:
        # A practice target or a fallback: whatever length the registry holds, in calendar days
        # from the local start date (4 May in both zones).
        expected = _end_of(D(2026, 5, 4) + datetime.timedelta(days=rule.length), country)
    elif isinstance(expected, datetime.date) and not isinstance(expected, datetime.datetime):
        expected = _end_of(expected, country)
    assert _compute_rule(rule, country) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("started_on", "length", "with_registry", "plain"),
    [
        # Wed 15 Apr decreed a day off, Sat 18 Apr a working day.
        pytest.param(D(2026, 4, 14), 1, D(2026, 4, 16), D(2026, 4, 15), id="tue+1wd-skips-wed"),
        pytest.param(D(2026, 4, 14), 3, D(2026, 4, 18), D(2026, 4, 17), id="tue+3wd=sat"),
        pytest.param(D(2026, 4, 14), 4, D(2026, 4, 20), D(2026, 4, 20), id="tue+4wd=mon"),
        pytest.param(D(2026, 4, 17), 1, D(2026, 4, 18), D(2026, 4, 20), id="fri+1wd=sat"),
    ],
)
def test_calendar_for_honours_the_registry_calendar(started_on, length, with_registry, plain):
    from deadlines.services import calendar_for
    from treaties.models import NonWorkingDay

    NonWorkingDay.objects.create(
        country="KZ", date=D(2026, 4, 15), kind=NonWorkingDay.Kind.DAY_OFF, note="test"
    )
    NonWorkingDay.objects.create(
        country="KZ", date=SAT_2026_04_18, kind=NonWorkingDay.Kind.WORKING_DAY, note="test"
    )
    started_at = datetime.datetime.combine(started_on, datetime.time(10), tzinfo=ALMATY)

    kz = calendar_for("KZ")
    assert D(2026, 4, 15) in kz.extra_days_off
    assert SAT_2026_04_18 in kz.extra_working_days
    kg = calendar_for("KG")  # a KZ decree does not touch KG
    assert D(2026, 4, 15) not in kg.extra_days_off
    assert SAT_2026_04_18 not in kg.extra_working_days

    result = compute_due(
        started_at=started_at, length=length, unit="days", day_kind="working", calendar=kz
    )
    assert result == _end_of(with_registry, "KZ")
    assert due("KZ", started_at, length, day_kind="working") == _end_of(plain, "KZ")
