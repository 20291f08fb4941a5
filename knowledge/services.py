"""Services from `services/*.yaml` into Service records, with every rule on contact facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from knowledge.contacts import in_luxembourg, is_email, is_phone, is_url
from knowledge.fields import Fields
from knowledge.model import CATEGORIES, Location, Phone, Schedule, Service, Source, Transfer
from knowledge.problems import Report
from knowledge.sources import parse_review, parse_sources
from knowledge.yamlsource import LineDict, YamlError, read_yaml

SERVICE_FIELDS = {
    "id",
    "category",
    "status",
    "name",
    "alternate_name",
    "description",
    "year_founded",
    "minimum_age",
    "maximum_age",
    "school_cycles",
    "routing_ages",
    "season",
    "eligibility_description",
    "fees_description",
    "application_process",
    "languages",
    "location",
    "contact_ref",
    "phones",
    "email",
    "url",
    "schedules",
    "transferred",
    "sources",
    "review",
    "examples",
    "keywords",
}
LOCATION_FIELDS = {"city", "quarter", "address_1", "postal_code", "latitude", "longitude"}
PHONE_FIELDS = {"number", "type", "description"}
SCHEDULE_FIELDS = {"byday", "opens_at", "closes_at", "valid_from", "valid_to", "description", "period"}
PERIODS = ("school", "holidays")
STATUSES = {"active", "transferred"}
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EXAMPLE_MINIMUM = {"fr": 8, "lb": 8, "de": 4, "en": 4, "pt": 4}
# Fields that are facts about the world: each must name its source.
SOURCED_FIELDS = (
    "phones",
    "email",
    "url",
    "schedules",
    "year_founded",
    "transferred",
    "minimum_age",
    "maximum_age",
    "school_cycles",
    "season",
)


def load_services(folder: Path, report: Report) -> list[tuple[Service, Path, int]]:
    """Every service of every file in `folder`, with the file and line it was defined at."""
    out: list[tuple[Service, Path, int]] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = read_yaml(path)
        except YamlError as exc:
            report.error(path, exc.line, "", exc.message)
            continue
        if not isinstance(data, LineDict) or not isinstance(data.get("services"), list):
            report.error(path, getattr(data, "line", 1), "", "must have a top-level list `services:`")
            continue
        top = Fields(data, path, "", report)
        top.unknown_keys({"services"})
        for _, fields in top.items("services"):
            service = _parse_service(fields)
            if service is not None:
                out.append((service, path, fields.data.line))
    return out


def _parse_service(f: Fields) -> Service | None:
    sid = f.text("id")
    if sid is None:
        f.error("id", "missing: every service needs an id")
        return None
    f.entry = sid
    f.unknown_keys(SERVICE_FIELDS)
    category = f.text("category", required=True) or ""
    if category and category not in CATEGORIES:
        f.error("category", f"unknown category {category!r} (allowed: {', '.join(CATEGORIES)})")
    status = f.text("status") or "active"
    if status not in STATUSES:
        f.error("status", f"must be one of {', '.join(sorted(STATUSES))}, not {status!r}")
    transferred = _parse_transfer(f)
    if status == "transferred" and transferred is None:
        f.error("transferred", "a transferred service needs `transferred: {date, message}`")
    sources = parse_sources(f)
    require_sources(f, sources)
    return Service(
        id=sid,
        category=category,
        status=status,
        name=f.localized("name"),
        description=f.localized("description"),
        alternate_name=f.strings("alternate_name"),
        year_founded=f.integer("year_founded", 1900, dt.date.today().year),
        minimum_age=f.integer("minimum_age", 0, 120),
        maximum_age=f.integer("maximum_age", 0, 120),
        school_cycles=_school_cycles(f),
        routing_ages=f.age_range("routing_ages"),
        season=_season(f),
        eligibility_description=f.localized("eligibility_description", required=False),
        fees_description=f.localized("fees_description", required=False),
        application_process=f.localized("application_process", required=False),
        languages=f.strings("languages"),
        location=_parse_location(f),
        contact_ref=f.text("contact_ref"),
        phones=tuple(parse_phones(f)),
        email=checked(f, "email", is_email, "is not a valid e-mail address"),
        url=checked(f, "url", is_url, "is not a valid http(s) web address"),
        schedules=tuple(_parse_schedules(f)),
        transferred=transferred,
        sources=sources,
        review=parse_review(f),
        examples=f.per_language_lists("examples", EXAMPLE_MINIMUM),
        keywords=f.per_language_lists("keywords"),
    )


def _school_cycles(f: Fields) -> tuple[int, ...]:
    """The cycles of Luxembourg's fundamental school (1 to 4) a service takes children of, where it takes only some."""
    value = f.data.get("school_cycles")
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(type(c) is int and 1 <= c <= 4 for c in value):
        f.error("school_cycles", f"must be a list of school cycles from 1 to 4, like [3, 4], not {value!r}")
        return ()
    return tuple(sorted(set(value)))


def _season(f: Fields) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """`season: {from: "11-15", to: "04-15"}`: the month and day a service that is open part of each year opens and
    closes (it may run over the new year)."""
    value = f.data.get("season")
    if value is None:
        return None
    ends = [value.get(key) if isinstance(value, dict) else None for key in ("from", "to")]
    days = [_month_day(end) for end in ends]
    if not isinstance(value, dict) or set(value) != {"from", "to"} or None in days:
        f.error("season", f'must be {{from: "MM-DD", to: "MM-DD"}}, like {{from: "11-15", to: "04-15"}}, not {value!r}')
        return None
    return days[0], days[1]  # type: ignore[return-value]  # neither is None (checked above)


def _month_day(text: object) -> tuple[int, int] | None:
    month, _, day = str(text).partition("-") if isinstance(text, str) else ("", "", "")
    try:
        dt.date(2024, int(month), int(day))  # a leap year: "02-29" is a day
    except ValueError:
        return None
    return int(month), int(day)


def checked(f: Fields, key: str, rule, message: str) -> str | None:
    value = f.text(key)
    if value is not None and not rule(value):
        f.error(key, f"{value!r} {message}")
        return None
    return value


def _parse_location(f: Fields) -> Location | None:
    loc = f.sub("location")
    if loc is None:
        return None
    loc.unknown_keys(LOCATION_FIELDS)
    lat, lon = loc.number("latitude"), loc.number("longitude")
    if (lat is None) != (lon is None):
        loc.error("latitude", "latitude and longitude go together")
    if lat is not None and lon is not None and not in_luxembourg(lat, lon):
        loc.error("latitude", f"coordinates {lat}, {lon} are outside Luxembourg")
    return Location(
        city=loc.text("city"),
        quarter=loc.text("quarter"),
        address_1=loc.text("address_1"),
        postal_code=loc.text("postal_code"),
        latitude=lat,
        longitude=lon,
    )


def parse_phones(f: Fields) -> list[Phone]:
    phones = []
    for _, p in f.items("phones"):
        p.unknown_keys(PHONE_FIELDS)
        number = p.text("number", required=True)
        if number is not None and not is_phone(number):
            p.error("number", f"{number!r} is not a Luxembourg or international phone number")
            continue
        if number is not None:
            phones.append(
                Phone(
                    number=number,
                    type=p.text("type") or "voice",
                    description=p.localized("description", required=False, mandatory=()),
                )
            )
    return phones


def _parse_schedules(f: Fields) -> list[Schedule]:
    schedules = []
    for _, s in f.items("schedules"):
        s.unknown_keys(SCHEDULE_FIELDS)
        days = s.strings("byday")
        for day in days:
            if day not in DAYS:
                s.error("byday", f"unknown day {day!r} (allowed: {', '.join(DAYS)})")
        opens, closes = s.time("opens_at"), s.time("closes_at")
        if opens and closes and opens >= closes:
            s.error("closes_at", "must be after opens_at")
        period = s.text("period")
        if period is not None and period not in PERIODS:
            s.error("period", f"must be one of {', '.join(PERIODS)}, not {period!r}")
        if opens and closes and days:
            schedules.append(
                Schedule(
                    byday=days,
                    opens_at=opens,
                    closes_at=closes,
                    description=s.localized("description", required=False, mandatory=()),
                    valid_from=s.date("valid_from"),
                    valid_to=s.date("valid_to"),
                    period=period,
                )
            )
    return schedules


def _parse_transfer(f: Fields) -> Transfer | None:
    t = f.sub("transferred")
    if t is None:
        return None
    t.unknown_keys({"date", "message"})
    date, message = t.date("date"), t.localized("message")
    if date is None:
        t.error("date", "missing")
        return None
    return Transfer(date=date, message=message) if message is not None else None


def require_sources(f: Fields, sources: tuple[Source, ...], keys: tuple[str, ...] = SOURCED_FIELDS) -> None:
    """Each fact in `keys` that the entry gives must be named by an item of its `sources:`."""
    named = {s.field.split(".")[0] for s in sources}
    for key in keys:
        if f.data.get(key) not in (None, [], "") and key not in named:
            f.error(key, "has no source: add an item to `sources:` with field " + repr(key))
    loc = f.data.get("location")
    if isinstance(loc, dict) and loc.get("address_1") and "location" not in named:
        f.error("location", "the address has no source: add an item to `sources:` with field 'location'")
