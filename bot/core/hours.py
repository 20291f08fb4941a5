"""Open now? Opening hours from HSDS schedules, counting Luxembourg's public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from knowledge.model import Schedule

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=32)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Luxembourg's legal public holidays (Code du travail, art. L.232-2; Europe Day since 2019)."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (6, 23), (8, 15), (11, 1), (12, 25), (12, 26)]
    if year >= 2019:
        fixed.append((5, 9))
    days = {dt.date(year, m, d) for m, d in fixed}
    days |= {easter + dt.timedelta(days=n) for n in (1, 39, 50)}  # Easter Monday, Ascension, Whit Monday
    return frozenset(days)


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
