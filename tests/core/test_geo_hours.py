import datetime as dt

from bot.core.geo import haversine_km
from bot.core.hours import open_status, public_holidays
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


def test_luxembourg_public_holidays_come_from_the_holidays_package():
    days = public_holidays(2026)
    assert dt.date(2026, 4, 6) in days  # Easter Monday (Easter Sunday 2026 is 5 April)
    assert dt.date(2026, 5, 9) in days  # Europe Day
    assert dt.date(2026, 5, 14) in days  # Ascension
    assert dt.date(2026, 5, 25) in days  # Whit Monday
    assert dt.date(2026, 6, 23) in days  # National Day
    assert dt.date(2026, 12, 26) in days  # St Stephen's Day
    assert dt.date(2026, 11, 25) not in days
    assert len(days) == 11


def test_europe_day_is_a_holiday_only_since_2019():
    assert dt.date(2018, 5, 9) not in public_holidays(2018)
    assert dt.date(2019, 5, 9) in public_holidays(2019)


def test_closed_on_a_public_holiday_opens_the_next_working_day():
    status = open_status(SCHOOL, dt.datetime(2026, 5, 14, 7, 30))  # Ascension, a Thursday
    assert not status.open_now
    assert status.next_day == dt.date(2026, 5, 15) and status.next_time == dt.time(7)


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
