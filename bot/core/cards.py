"""One service as a phone shows it: its card, how to reach it, where it is and how far, when it is open.

The first line of a card names the service and how to reach it: its own phone, else the central one, said so.
Only a service's own sourced address is shown or pinned; a quarter's centre is nobody's door.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.hours import open_status, regular
from bot.core.normalize import fold
from bot.core.reply import Card, PhoneLine, Venue
from bot.core.thresholds import Thresholds
from knowledge.contacts import dial_form, display_form
from knowledge.model import Knowledge, Place, Service


class Templates:
    """The knowledge, the thresholds and the templates every part of the composer speaks from."""

    def __init__(self, knowledge: Knowledge, thresholds: Thresholds | None = None) -> None:
        self.kb = knowledge
        self.limits = thresholds or Thresholds()
        self._places: dict[str, Place] = {}
        for place in knowledge.places:
            self._places.setdefault(place.name, place)

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.kb.text(lang, key, **values)


class Cards(Templates):
    """A service's card and the pieces lists are made of: how to reach it, where it is, how far, its hours."""

    def place_label(self, name: str, lang: str) -> str:
        """A place as people say it in this language: "Esch-Uelzecht" in Luxembourgish, the town rather than
        one of its quarters ("Esch-sur-Alzette", not "Al Esch"), "Neudorf" rather than "Neudorf/Weimershof"."""
        place = self._places.get(name)
        if place is None:
            return name
        if place.kind == "quarter" and place.commune not in ("", "Luxembourg") and place.commune in self._places:
            place = self._places[place.commune]
        spoken = next((alias for alias, code in place.alias_langs if code == lang), None)
        short = next(
            (a for a in place.aliases if place.kind == "quarter" and place.name.startswith(a) and a != place.name),
            None,
        )
        return spoken or short or place.name.split("/")[0]

    def near_place(self, name: str, lang: str) -> str:
        """The line before the services near a place: "Près de Bonnevoie :", "Près d'Esch-sur-Alzette :"."""
        label = self.place_label(name, lang)
        vowel = fold(label[:1]) in ("a", "e", "i", "o", "u", "y")
        return self.t(lang, "near_place_vowel" if vowel else "near_place", place=label)

    def reach(self, service: Service, lang: str) -> tuple[str, tuple[PhoneLine, ...]]:
        """How to reach the service: its own phone, else the central one, said so (from the templates)."""
        own = [p for p in service.phones if p.type != "fax"]
        central = [p for p in self.kb.central.phones if p.type != "fax"]
        phones = own or central
        lines = tuple(phone_line(p.number, self.t(lang, "label_phone")) for p in phones)
        if not phones:
            return (self.t(lang, "reach_email", email=service.email) if service.email else ""), lines
        if own or service.id == self.kb.central_id:
            return self.t(lang, "reach_own", phone=phones[0].number), lines
        return self.t(lang, "reach_central", phone=phones[0].number), lines

    def card(
        self,
        service: Service,
        lang: str,
        now: dt.datetime,
        distance_km: float | None = None,
        exact_origin: bool = False,
    ) -> Card:
        lines: list[str] = []
        where = self.where(service, lang, distance_km, exact_origin)
        if where:
            lines.append(where)
        if service.transferred:
            lines.append(service.transferred.message.pick(lang))  # it says since when, and who can help
        if service.minimum_age is not None and service.maximum_age is not None:
            lines.append(self.t(lang, "label_ages", min=service.minimum_age, max=service.maximum_age))
        for note in notes(service, lang):  # a long one keeps its first sentences on the card; all of it is a tap away
            lines.append(fit_sentences(note, self.limits.card_line_chars))
        lines.extend(self.hours(service, lang, now))
        checked = self._checked(service, now)
        if checked:
            lines.append(self.t(lang, "label_checked", date=checked))
        reach, phones = self.reach(service, lang)
        title, address = service.name.pick(lang), own_address(service)
        rest = [title, reach, *lines, address or "", service.email or "", service.url or ""]
        budget = self.limits.card_chars - sum(len(x) + 4 for x in rest if x)
        return Card(
            service_id=service.id,
            title=title,
            description=fit_sentences(service.description.pick(lang), budget),
            reach=reach,
            lines=tuple(lines),
            address=address,
            phones=phones,
            email=service.email,
            url=service.url,
        )

    def where(
        self,
        service: Service,
        lang: str,
        distance_km: float | None,
        exact_origin: bool = False,
        street: bool = False,
    ) -> str:
        """'Gasperich, Luxembourg · à environ 1 km': the area (or, with `street`, the service's own street
        address), and the distance as precise as the data is."""
        loc = service.location
        parts = []
        own = loc.address_1 if loc and loc.address_1 else None
        if own and street:
            parts.append(own)
        elif loc and (loc.quarter or loc.city) and not own:
            names = (self.place_label(x, lang) for x in (loc.quarter, loc.city) if x)
            parts.append(", ".join(dict.fromkeys(names)))
        if distance_km is not None:
            parts.append(self.distance(service, lang, distance_km, exact_origin))
        return " · ".join(parts)

    def distance(self, service: Service, lang: str, km: float, exact_origin: bool = False) -> str:
        """Exact only between a shared location and a service's own address; wherever a quarter's centre stands
        in for one end, 'about N km' (never '0.0 km')."""
        if exact_origin and own_address(service):
            text = f"{max(km, 0.1):.1f}" if km < 10 else f"{km:.0f}"
            return self.t(lang, "distance", km=text if lang == "en" else text.replace(".", ","))
        return self.t(lang, "distance_about", km=max(1, round(km)))

    def hours(self, service: Service, lang: str, now: dt.datetime) -> list[str]:
        status = open_status(service.schedules, now)
        if status is None:
            return []
        periods = [s.description.pick(lang) for s in regular(service.schedules) if s.description]

        def with_period(text: str) -> str:
            return f"{text.rstrip('.')} ({periods[0]})." if periods else text

        if status.open_now and status.until:
            return [with_period(self.t(lang, "open_now", time=status.until.strftime("%H:%M")))]
        if status.next_day and status.next_time:
            offset = (status.next_day - now.date()).days
            day = (
                self.t(lang, "day_today")
                if offset == 0
                else self.t(lang, "day_tomorrow")
                if offset == 1
                else self.t(lang, "day_" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[status.next_day.weekday()])
            )
            return [with_period(self.t(lang, "opens_at", day=day, time=status.next_time.strftime("%H:%M")))]
        return []

    def _checked(self, service: Service, now: dt.datetime) -> str | None:
        """The date of the oldest shown practical fact (hours, ages, address), when it is old enough to be
        confirmed by phone (Thresholds.confirm_after_days)."""
        practical = ("schedules", "minimum_age", "maximum_age", "address", "location", "phones", "eligibility")
        dates = [s.assured_date for s in service.sources if s.assured_date and s.field.startswith(practical)]
        oldest = min(dates, default=None)
        if oldest is None or (now.date() - oldest).days < self.limits.confirm_after_days:
            return None
        return oldest.strftime("%m/%Y")

    def trimmed(self, card: Card, service: Service, lang: str) -> bool:
        """Whether the card left out part of the service's text (its details button then shows all of it)."""
        full = notes(service, lang)
        return card.description != service.description.pick(lang) or any(text not in card.lines for text in full)

    def venue(self, service: Service, lang: str) -> Venue | None:
        """A map pin only where the service's own address is sourced: a quarter's centre is nobody's door."""
        address = own_address(service)
        loc = service.location
        if address is None or loc is None or loc.point is None:
            return None
        return Venue(loc.point[0], loc.point[1], service.name.pick(lang), address)


def phone_line(number: str, label: str, note: str = "") -> PhoneLine:
    return PhoneLine(label=label, number=display_form(number), dial=dial_form(number) or number, note=note)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def notes(service: Service, lang: str) -> list[str]:
    """The practical notes of a service, in full: who it is for, what it costs, how to apply."""
    fields = (service.eligibility_description, service.fees_description, service.application_process)
    return [field.pick(lang) for field in fields if field]


def fit_sentences(text: str, budget: int) -> str:
    """As many whole sentences as fit in `budget` characters, always the first (cut at a word if it is long)."""
    sentences = _SENTENCE_END.split(text.strip())
    kept = sentences[0]
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > budget:
            break
        kept = f"{kept} {sentence}"
    if len(kept) > max(budget, 80):
        kept = kept[: max(budget, 80)].rsplit(" ", 1)[0] + "…"
    return kept


def own_address(service: Service) -> str | None:
    """The service's own sourced street address; never the central office's (the wrong door)."""
    loc = service.location
    if not loc or not loc.address_1:
        return None
    return ", ".join(x for x in (loc.address_1, " ".join(filter(None, (loc.postal_code, loc.city)))) if x)
