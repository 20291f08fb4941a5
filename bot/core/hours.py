"""Open now? Opening hours from HSDS schedules, counting Luxembourg's public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from knowledge.model import Schedule

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@lru_cache(maxsize=32)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Luxembourg's legal public holidays in `year` (Code du travail, art. L.232-2; Europe Day since 2019).

    From the `holidays` package, which keeps the law's changes by year and computes Easter and the feasts after it.
    """
    return frozenset(holidays.country_holidays("LU", years=year))


@dataclass(frozen=True)
class OpenStatus:
    open_now: bool
    until: dt.time | None = None  # when open
    next_day: dt.date | None = None  # when closed: the next opening
    next_time: dt.time | None = None


def regular(schedules: tuple[Schedule, ...]) -> tuple[Schedule, ...]:
    """The schedules of ordinary weeks: school-period hours where a service has both."""
    return tuple(s for s in schedules if s.period in (None, "school"))


def _open_ranges(schedules: tuple[Schedule, ...], day: dt.date) -> list[tuple[dt.time, dt.time]]:
    if day in public_holidays(day.year):
        return []
    code = DAYS[day.weekday()]
    return sorted(
        (s.opens_at, s.closes_at)
        for s in schedules
        if code in s.byday
        and (s.valid_from is None or s.valid_from <= day)
        and (s.valid_to is None or day <= s.valid_to)
    )


def open_status(schedules: tuple[Schedule, ...], now: dt.datetime) -> OpenStatus | None:
    """Whether the service is open at `now` (Luxembourg local time), else when it opens next (within 2 weeks)."""
    schedules = regular(schedules)
    if not schedules:
        return None
    for opens, closes in _open_ranges(schedules, now.date()):
        if opens <= now.time() < closes:
            return OpenStatus(True, until=closes)
    for offset in range(15):
        day = now.date() + dt.timedelta(days=offset)
        for opens, _ in _open_ranges(schedules, day):
            if offset > 0 or opens > now.time():
                return OpenStatus(False, next_day=day, next_time=opens)
    return OpenStatus(False)
