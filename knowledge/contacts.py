"""Checks and formats for contact facts (phone numbers, e-mail and web addresses, coordinates).

Phone numbers are parsed by `phonenumbers` (Google's libphonenumber metadata) with Luxembourg as the home region:
"49 26 60", "+352 49 26 60" and "00352 49 26 60" are one number, and emergency and social short numbers (112, 113,
116 111) are recognised as such.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlparse

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo

HOME_REGION = "LU"
# Luxembourg's bounding box with a small margin (the country spans 49.447-50.183 N, 5.734-6.531 E).
LUXEMBOURG_BBOX = (49.44, 50.19, 5.72, 6.54)

# What people write in a number besides digits; a letter ("49 26 6O") is a typo, never a number.
_PHONE_TEXT = re.compile(r"^\+?[\d\s.\-/()]+$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
_HOST = re.compile(r"^[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    text = number.strip()
    if not _PHONE_TEXT.match(text):
        return None
    try:
        return phonenumbers.parse(text, HOME_REGION)
    except phonenumbers.NumberParseException:
        return None


def _is_short(parsed: phonenumbers.PhoneNumber, number: str) -> bool:
    return not number.strip().startswith(("+", "00")) and shortnumberinfo.is_valid_short_number_for_region(
        parsed, HOME_REGION
    )


@lru_cache(maxsize=1024)  # every reply formats the same few numbers again: parsing costs 0.05 ms each
def is_phone(number: str) -> bool:
    """A valid Luxembourg or international phone number, or a Luxembourg short number (112, 116 111)."""
    parsed = _parse(number)
    return parsed is not None and (_is_short(parsed, number) or phonenumbers.is_valid_number(parsed))


@lru_cache(maxsize=1024)
def dial_form(number: str) -> str | None:
    """What a phone dials: E.164 ("+352492660"), the digits of a short number ("112"), or None if not a number."""
    parsed = _parse(number)
    if parsed is None:
        return None
    if _is_short(parsed, number):
        return str(parsed.national_number)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164) if phonenumbers.is_valid_number(parsed) else None


@lru_cache(maxsize=1024)
def display_form(number: str) -> str:
    """The number as Telegram apps make it tappable: international ("+352 49 26 60"); short numbers as written."""
    parsed = _parse(number)
    if parsed is None or _is_short(parsed, number) or not phonenumbers.is_valid_number(parsed):
        return number.strip()
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def is_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(_HOST.match(parsed.hostname or ""))


def in_luxembourg(latitude: float, longitude: float) -> bool:
    south, north, west, east = LUXEMBOURG_BBOX
    return south <= latitude <= north and west <= longitude <= east
