"""A country's year of non-working days as the portal counts them, and where each comes from.

Fixed public holidays come from the `holidays` package; decreed transfers and religious holidays
on a moving date come from the registry (NonWorkingDay, with their source and mark). Whether a
day is a working day is answered by the very calendar the deadline engine uses, so this page
shows what the clocks count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import holidays
from django.utils.translation import get_language

from deadlines.services import calendar_for
from treaties.models import NonWorkingDay

# The package's names in the reader's language where it has them (it has no Russian for KZ).
_PACKAGE_LANGUAGES = {("KG", "ru"): "ru_KG", ("KZ", "ru"): "kk"}


@dataclass(frozen=True)
class CalendarDay:
    """One date that the package or the registry makes special."""

    date: datetime.date
    package_name: str
    registry: NonWorkingDay | None
    is_working_day: bool

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5


def package_holidays(country: str, year: int) -> dict[datetime.date, str]:
    language = (get_language() or "ru")[:2]
    names = holidays.country_holidays(
        country, years=year, language=_PACKAGE_LANGUAGES.get((country, language), "en_US")
    )
    return dict(names.items())


def calendar_year(country: str, year: int) -> list[CalendarDay]:
    """Every date of ``year`` that is a public holiday or is changed by the registry."""
    package = package_holidays(country, year)
    registry = {row.date: row for row in NonWorkingDay.objects.of_country(country).of_year(year)}
    calendar = calendar_for(country)
    return [
        CalendarDay(
            date=day,
            package_name=package.get(day, ""),
            registry=registry.get(day),
            is_working_day=calendar.is_working_day(day),
        )
        for day in sorted(set(package) | set(registry))
    ]
