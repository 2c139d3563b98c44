"""When a legal clock ends, from its rule alone. Pure functions: no database, no clock.

Conventions (the registry's rules carry the numbers, this module the arithmetic):
- a clock is computed in the zone of the jurisdiction whose law sets it and stored in UTC;
- counted in hours or in сутки (whole 24-hour periods) from a moment, it ends exactly that many
  hours (or 24-hour periods) after that moment, to the minute: never rounded up to the end of a
  day (custody clocks are such clocks: a late end can mean an unlawful detention);
- counted in days or months, the day of the event is not counted and the clock ends at
  23:59:59 local time on its last day;
- days are calendar days unless the rule says working days: Monday to Friday, less the
  country's public holidays (the `holidays` package) and the registry's extra days off, plus the
  weekend days a decree made working days;
- months are calendar months, clamped at the end of the month (31 Jan + 1 month = 28/29 Feb).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

END_OF_DAY = datetime.time(23, 59, 59)
ZONES = {"KG": "Asia/Bishkek", "KZ": "Asia/Almaty"}
# Units counted from a moment in elapsed time (hours, сутки); the others count calendar dates.
MOMENT_UNITS = frozenset({"hours", "full_days"})
HOURS_PER_UNIT = {"hours": 1, "full_days": 24}


def counts_from_moment(unit: str) -> bool:
    """Whether a clock in ``unit`` ends at the same minute it started (hours, сутки)."""
    return unit in MOMENT_UNITS


def zone_of(country: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(ZONES[country])


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


@dataclass(frozen=True)
class Calendar:
    """A country's working days: public holidays, plus the registry's decreed changes."""

    country: str
    extra_days_off: frozenset[datetime.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[datetime.date] = field(default_factory=frozenset)

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day.weekday() >= 5:
            return False
        return day not in _public_holidays(self.country, day.year)

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        day, counted = start, 0
        while counted < count:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day


def _end_of_local_day(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    # fold=1: on a day whose 23:59:59 happens twice (clocks turned back), the later one.
    end = datetime.datetime.combine(day, END_OF_DAY, tzinfo=zone).replace(fold=1)
    return end.astimezone(datetime.UTC)


def compute_due(
    *,
    started_at: datetime.datetime,
    length: int,
    unit: str,
    day_kind: str,
    calendar: Calendar,
) -> datetime.datetime:
    """The end of a clock started at ``started_at`` (aware), as an aware UTC datetime."""
    if started_at.tzinfo is None:
        raise ValueError("started_at must be timezone-aware")
    if length <= 0:
        raise ValueError("a clock runs for a positive length")
    zone = zone_of(calendar.country)
    if counts_from_moment(unit):
        # In UTC: adding hours to a local time would count wall-clock, not elapsed, hours
        # across an offset change (Kazakhstan's on 2024-03-01). Сутки are 24 elapsed hours each.
        hours = length * HOURS_PER_UNIT[unit]
        return started_at.astimezone(datetime.UTC) + datetime.timedelta(hours=hours)
    local_day = started_at.astimezone(zone).date()
    if unit == "months":
        last_day = local_day + relativedelta(months=length)
    elif unit in ("days", "set_by_party"):
        if day_kind == "working":
            last_day = calendar.add_working_days(local_day, length)
        else:
            last_day = local_day + datetime.timedelta(days=length)
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return _end_of_local_day(last_day, zone)


def due_on_date(day: datetime.date, country: str) -> datetime.datetime:
    """A clock that ends on a date a party set (the requester's date, a task's due date)."""
    return _end_of_local_day(day, zone_of(country))


def reminder_points(
    due_at: datetime.datetime, lead_days: Iterable[int], country: str
) -> list[tuple[str, datetime.datetime]]:
    """(key, moment) of each reminder of a day clock: 9:00 local time ``n`` days before the
    last day, never after the end.

    The key ("lead-7", …, "lead-0") makes each reminder unique per deadline and recipient.
    """
    zone = zone_of(country)
    last_day = due_at.astimezone(zone).date()
    points = []
    for days in sorted(set(lead_days), reverse=True):
        moment = datetime.datetime.combine(
            last_day - datetime.timedelta(days=days), datetime.time(9, 0), tzinfo=zone
        ).astimezone(datetime.UTC)
        points.append((f"lead-{days}", min(moment, due_at)))
    return points


def hour_reminder_points(
    due_at: datetime.datetime, lead_hours: Iterable[int]
) -> list[tuple[str, datetime.datetime]]:
    """(key, moment) of each reminder of an hour or сутки clock: exactly ``n`` hours before
    its end (keys "lead-24h", …, "lead-0h"), earliest first. Never at a time of day: a
    "09:00 on the day" reminder can come after a clock that ends at 05:00 has run out."""
    end = due_at.astimezone(datetime.UTC)
    return [
        (f"lead-{hours}h", end - datetime.timedelta(hours=hours))
        for hours in sorted({h for h in lead_hours if h >= 0}, reverse=True)
    ]


def escalation_point(due_at: datetime.datetime, now: datetime.datetime, country: str):
    """(key, moment) of the overdue escalation due by ``now``: one per local calendar day."""
    zone = zone_of(country)
    if now < due_at:
        return None
    day = now.astimezone(zone).date()
    return f"overdue-{day.isoformat()}", now


def next_escalation(now: datetime.datetime, country: str) -> datetime.datetime:
    """9:00 local time on the next day: when the following daily escalation is due."""
    zone = zone_of(country)
    tomorrow = now.astimezone(zone).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(9, 0), tzinfo=zone).astimezone(
        datetime.UTC
    )
