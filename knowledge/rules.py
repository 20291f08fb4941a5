"""The checks a contact fact must pass before the bot may show it to someone."""

from __future__ import annotations

import re
from urllib.parse import urlparse

# Luxembourg's bounding box with a small margin (the country spans 49.447-50.183 N, 5.734-6.531 E).
LUXEMBOURG_BBOX = (49.44, 50.19, 5.72, 6.54)

_PHONE_CHARS = re.compile(r"[\s.\-/()]")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
_HOST = re.compile(r"^[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def phone_digits(number: str) -> str | None:
    """The dialable form of a Luxembourg or international number ("+35249266" style), or None if it is not one.

    Luxembourg numbers have no area codes and 4 to 11 digits; emergency and social short numbers (112, 113,
    116 111) have 3 to 6. International numbers follow E.164: a country code and at most 15 digits in all.
    """
    compact = _PHONE_CHARS.sub("", number.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        digits = compact[1:]
        if not digits.isdigit():
            return None
        if digits.startswith("352"):
            return compact if 4 <= len(digits) - 3 <= 11 else None
        return compact if 8 <= len(digits) <= 15 else None
    if not compact.isdigit() or not 3 <= len(compact) <= 11:
        return None
    return compact if len(compact) <= 6 else "+352" + compact


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def is_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(_HOST.match(parsed.hostname or ""))


def in_luxembourg(latitude: float, longitude: float) -> bool:
    south, north, west, east = LUXEMBOURG_BBOX
    return south <= latitude <= north and west <= longitude <= east
