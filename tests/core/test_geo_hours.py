import datetime as dt

from bot.core.geo import haversine_km
from bot.core.hours import easter_sunday, open_status, public_holidays
from knowledge.model import Schedule

SCHOOL = (
    Schedule(("MO", "WE", "FR"), dt.time(7), dt.time(8), period="school"),
    Schedule(("MO", "WE", "FR"), dt.time(12), dt.time(14), period="school"),
    Schedule(("TU", "TH"), dt.time(7), dt.time(8), period="school"),
    Schedule(("MO", "TU", "WE", "TH", "FR"), dt.time(7), dt.time(19), period="holidays"),
)


def test_haversine_luxembourg_to_esch_is_about_16_km():
    assert 16.0 < haversine_km((49.6111, 6.13089), (49.50062, 5.97774)) < 17.0
    assert haversine_km((49.6, 6.1), (49.6, 6.1)) == 0


def test_easter_and_luxembourg_public_holidays():
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    holidays = public_holidays(2026)
    assert dt.date(2026, 4, 6) in holidays  # Easter Monday
    assert dt.date(2026, 5, 9) in holidays  # Europe Day
    assert dt.date(2026, 5, 14) in holidays  # Ascension
    assert dt.date(2026, 6, 23) in holidays  # National Day
    assert dt.date(2026, 11, 25) not in holidays


def test_open_now_uses_school_period_hours():
    status = open_status(SCHOOL, dt.datetime(2026, 11, 25, 12, 30))  # a Wednesday
    assert status.open_now and status.until == dt.time(14)


def test_closed_at_night_opens_next_morning():
    status = open_status(SCHOOL, dt.datetime(2026, 11, 25, 21, 0))
    assert not status.open_now
    assert status.next_day == dt.date(2026, 11, 26) and status.next_time == dt.time(7)


def test_public_holiday_is_skipped():
    # Friday 2026-12-25 is Christmas: after Thursday evening the next opening is Monday 28th.
    status = open_status(SCHOOL, dt.datetime(2026, 12, 24, 20, 0))
    assert status.next_day == dt.date(2026, 12, 28)
