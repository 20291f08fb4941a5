"""Turning decisions into replies a phone can use, every sentence from knowledge/replies.

A single service is a card whose first line names it and says how to reach it; several services are a short
list (name, distance, a button each; the card opens on a tap). The central contact is named once per reply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from bot.core import buttons as data
from bot.core.hours import open_status, regular
from bot.core.reply import Block, Button, Card, Listing, LocationRequest, PhoneLine, Phones, Reply, Text, Venue
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds
from knowledge.model import Helpline, Knowledge, Place, Service
from knowledge.rules import phone_digits

# Crisis kinds of earlier detectors, read as the current ones.
_KIND_ALIASES = {"suicide": "self", "self_harm": "self"}
YOUNG = "child_abuse"  # the help-line that takes this kind is the one for children and teenagers


class Composer:
    def __init__(self, knowledge: Knowledge, thresholds: Thresholds | None = None) -> None:
        self.kb = knowledge
        self.limits = thresholds or Thresholds()
        self._places: dict[str, Place] = {}
        for place in knowledge.places:
            self._places.setdefault(place.name, place)

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

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.kb.text(lang, key, **values)

    # Buttons -------------------------------------------------------------------------------------------

    def menu_buttons(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        topics = [
            Button(f"{t.icon} {t.name.pick(lang)}".strip(), data.encode("topic", t.id))
            for t in self.kb.topics
            if t.menu
        ]
        rows = [tuple(topics[i : i + 2]) for i in range(0, len(topics), 2)]
        rows.append((Button(self.t(lang, "menu_danger"), data.encode("sos")),))
        return tuple(rows)

    def language_buttons(self) -> tuple[tuple[Button, ...], ...]:
        buttons = [
            Button(self.t(code, "language_name"), data.encode("lang", code))
            for code in ("fr", "lb", "de", "en", "pt")
            if code in self.kb.replies
        ]
        return (tuple(buttons[:3]), tuple(buttons[3:]))

    def person_button(self, lang: str, service_id: str) -> Button:
        return Button(self.t(lang, "person_button"), data.encode("person", service_id))

    def menu_button(self, lang: str) -> Button:
        return Button(self.t(lang, "menu_button"), data.encode("menu"))

    def vote_buttons(self, service_id: str) -> tuple[Button, ...]:
        return (
            Button("👍", data.encode("vote", service_id, "+")),
            Button("👎", data.encode("vote", service_id, "-")),
        )

    def service_buttons(self, lang: str, services: list[Service]) -> tuple[tuple[Button, ...], ...]:
        """One button per service, two a row, their labels told apart within the first characters."""
        labels = distinct_labels([s.name.pick(lang) for s in services], self.limits.label_prefix_chars)
        row = [Button(label, data.encode("service", s.id)) for label, s in zip(labels, services, strict=True)]
        return tuple(tuple(row[i : i + 2]) for i in range(0, len(row), 2))

    def location_request(self, lang: str) -> LocationRequest:
        return LocationRequest(
            text=self.t(lang, "ask_location"),
            button=self.t(lang, "share_location_button"),
            text_only=self.t(lang, "ask_place"),
        )

    # Cards ---------------------------------------------------------------------------------------------

    def reach(self, service: Service, lang: str) -> tuple[str, tuple[PhoneLine, ...]]:
        """How to reach the service: its own phone, else the central one, said so (from the templates)."""
        own = [p for p in service.phones if p.type != "fax"]
        central = [p for p in self.kb.central.phones if p.type != "fax"]
        phones = own or central
        lines = tuple(self.phone_line(p.number, self.t(lang, "label_phone")) for p in phones)
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
        loc = service.location
        where = self.where(service, lang, distance_km, exact_origin)
        if where:
            lines.append(where)
        if service.transferred:
            lines.append(service.transferred.message.pick(lang))  # it says since when, and who can help
        if service.minimum_age is not None and service.maximum_age is not None:
            lines.append(self.t(lang, "label_ages", min=service.minimum_age, max=service.maximum_age))
        for extra in (service.eligibility_description, service.fees_description, service.application_process):
            if extra:
                lines.append(extra.pick(lang))
        lines.extend(self.hours(service, lang, now))
        checked = self._checked(service, now)
        if checked:
            lines.append(self.t(lang, "label_checked", date=checked))
        reach, phones = self.reach(service, lang)
        title, address = service.name.pick(lang), _own_address(service)
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
            distance_km=distance_km,
            point=loc.point if loc else None,
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
        if exact_origin and _own_address(service):
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

    @staticmethod
    def _checked(service: Service, now: dt.datetime) -> str | None:
        """The date of the oldest shown practical fact (hours, ages, address) when it is over two years old."""
        practical = ("schedules", "minimum_age", "maximum_age", "address", "location", "phones", "eligibility")
        dates = [s.assured_date for s in service.sources if s.assured_date and s.field.startswith(practical)]
        oldest = min(dates, default=None)
        if oldest is None or (now.date() - oldest).days < 2 * 365:
            return None
        return oldest.strftime("%m/%Y")

    @staticmethod
    def phone_line(number: str, label: str, note: str = "") -> PhoneLine:
        return PhoneLine(label=label, number=number, dial=phone_digits(number) or number, note=note)

    def venue(self, service: Service, lang: str) -> Venue | None:
        """A map pin only where the service's own address is sourced: a quarter's centre is nobody's door."""
        address = _own_address(service)
        loc = service.location
        if address is None or loc is None or loc.point is None:
            return None
        return Venue(loc.point[0], loc.point[1], service.name.pick(lang), address)

    # Crisis --------------------------------------------------------------------------------------------

    def emergency(
        self, lang: str, kinds: tuple[str, ...], state: ChatState, young: bool = False, person: bool = False
    ) -> Reply:
        """112 and 113 on the first line, then at most two help-lines picked for the situation. `person`: the
        numbers again after a crisis, with a person of the association to talk to."""
        first = Text(self.t(lang, "crisis_first", numbers=self._always(lang)))
        lines = tuple(self._helpline(h, lang) for h in self.helplines_for(kinds, young))
        blocks: tuple[Block, ...] = (first, Phones(lines)) if lines else (first,)
        buttons = ((self.person_button(lang, self.kb.central_id),),) if person else ()
        return Reply(kind="emergency", lang=lang, state=state, confidence=1.0, blocks=blocks, buttons=buttons)

    def helpline_header(self, lang: str, kinds: tuple[str, ...] = (), young: bool = False) -> str:
        """One line a practical answer can carry on top when a message may speak of a crisis."""
        numbers = {h.id: h.number for h in self.kb.helplines}
        return self.t(
            lang,
            "crisis_header",
            emergency=numbers.get("emergency-112", "112"),
            police=numbers.get("police-113", "113"),
            adults=numbers.get("sos-detresse-454545", ""),
            young=numbers.get("kanner-jugendtelefon-116111", ""),
        )

    def with_helpline_header(self, reply: Reply, kinds: tuple[str, ...] = (), young: bool = False) -> Reply:
        return replace(reply, header=self.helpline_header(reply.lang, kinds, young))

    def helplines_for(self, kinds: tuple[str, ...], young: bool = False) -> list[Helpline]:
        """The help-lines for these crisis kinds, most fitting first: for a child or teenager (or child abuse) the
        line for the young first; for an adult the other lines before it. Never 112/113 (they come first anyway)."""
        kinds = tuple(_KIND_ALIASES.get(k, k) for k in kinds)
        young = young or "child_abuse" in kinds
        lines = [h for h in self.kb.helplines if not h.always]
        chosen = [h for h in lines if young and YOUNG in h.topics]
        for kind in kinds:
            matching = [h for h in lines if kind in h.topics]
            chosen += sorted(matching, key=lambda h: (YOUNG in h.topics) != young)
        return list(dict.fromkeys(chosen))[: self.limits.crisis_lines]

    def _always(self, lang: str) -> str:
        return " · ".join(f"{h.number} {h.name.pick(lang)}" for h in self.kb.helplines if h.always)

    def _helpline(self, helpline: Helpline, lang: str) -> PhoneLine:
        note = helpline.hours.pick(lang) if helpline.hours else ""
        return self.phone_line(helpline.number, helpline.name.pick(lang), note)

    # Whole replies -------------------------------------------------------------------------------------

    def services_reply(
        self,
        kind: str,
        lang: str,
        state: ChatState,
        services: list[tuple[Service, float | None]],
        confidence: float,
        now: dt.datetime,
        topic: str | None,
        intro: str | None = None,
        place: str | None = None,
        ask_location: bool = False,
    ) -> Reply:
        """One service: its card. Several: a short list, nearest or best first, a button each."""
        if not services:
            return self.fallback(lang, state, confidence)
        first = services[0][0]
        exact_origin = kind == "nearest"  # a shared location; a named place is only its centre
        votes = self.vote_buttons(first.id) if kind in ("answer", "nearest") else ()
        after = self._after_answer(lang, first, topic, {s.id for s, _ in services})
        rows: list[tuple[Button, ...]] = []
        if len(services) == 1:
            blocks: list[Block] = [Text(intro)] if intro else []
            blocks.append(self.card(first, lang, now, services[0][1], exact_origin))
        else:
            room = self.limits.max_buttons - len(after) - len(votes)
            shown = services[: min(self.limits.list_items, room)]
            blocks = [self.listing(lang, intro or self.t(lang, "list_intro"), shown, exact_origin)]
            rows = list(self.service_buttons(lang, [s for s, _ in shown]))
        if place is not None or any(d is not None for _, d in services[:1]):
            blocks.append(Text(self.t(lang, "attribution")))  # the distances come from OSM/GeoNames data
        rows.append(after)
        return Reply(
            kind=kind,
            lang=lang,
            state=state,
            services=tuple(s.id for s, _ in services),
            confidence=confidence,
            blocks=tuple(blocks),
            buttons=tuple(r for r in rows if r),
            feedback=votes,
            location=self.location_request(lang) if ask_location else None,
            venue=self.venue(first, lang) if kind == "nearest" or place is not None else None,
            topic=topic,
            place=place,
        )

    def _after_answer(self, lang: str, service: Service, topic: str | None, shown: set[str]) -> tuple[Button, ...]:
        """'Talk to a person', and 'other services of this type' only when the topic has others than these."""
        row = [self.person_button(lang, service.id)]
        found = self.kb.topic(topic) if topic else None
        if found is not None and set(found.services) - shown:
            row.append(Button(self.t(lang, "more_button"), data.encode("topic", found.id)))
        return tuple(row)

    def listing(
        self, lang: str, intro: str, services: list[tuple[Service, float | None]], exact_origin: bool = False
    ) -> Listing:
        """A heading with the one contact for all of them, then a line each: name and where or how far."""
        items = []
        reaches = {self.reach(s, lang)[0] for s, _ in services}
        shared = next(iter(reaches)) if len(reaches) == 1 else None
        for service, km in services:
            where = self.where(service, lang, km, exact_origin, street=True)
            line = service.name.pick(lang) + (f" — {where}" if where else "")
            own = self.reach(service, lang)[0]
            if shared is None and own:
                line += f" · {own}"
            items.append(line)
        heading = f"{intro} {shared}" if shared else intro
        return Listing(heading=heading, items=tuple(items))

    def topic_list(
        self,
        lang: str,
        state: ChatState,
        topic_id: str,
        title: str,
        services: list[Service],
        confidence: float,
        ask_location: bool,
        offset: int = 0,
    ) -> Reply:
        """A topic's services as a short list, a page at a time, with a button each: the cards open on a tap."""
        size = self.limits.list_items
        page = services[offset : offset + size]
        intro = self.t(lang, "category_intro", topic=title)
        rows = list(self.service_buttons(lang, page))
        if offset + size < len(services):
            rows.append((Button(self.t(lang, "more_list_button"), data.encode("topic", topic_id, str(offset + size))),))
        return Reply(
            kind="answer",
            lang=lang,
            state=state,
            services=tuple(s.id for s in services),
            confidence=confidence,
            blocks=(self.listing(lang, intro, [(s, None) for s in page]),),
            buttons=tuple(rows),
            location=self.location_request(lang) if ask_location else None,
            topic=topic_id,
        )

    def clarify(self, lang: str, state: ChatState, services: list[Service], confidence: float) -> Reply:
        return Reply(
            kind="clarify",
            lang=lang,
            state=state,
            services=tuple(s.id for s in services),
            confidence=confidence,
            blocks=(Text(self.t(lang, "clarify")),),
            buttons=tuple((b,) for row in self.service_buttons(lang, services) for b in row),
        )

    def simple(
        self, kind: str, lang: str, state: ChatState, key: str, menu: bool = False, confidence: float = 0.0
    ) -> Reply:
        return Reply(
            kind=kind,
            lang=lang,
            state=state,
            confidence=confidence,
            blocks=(Text(self.t(lang, key)),),
            buttons=self.menu_buttons(lang) if menu else (),
        )

    def fallback(self, lang: str, state: ChatState, confidence: float, key: str = "fallback") -> Reply:
        central = self.kb.central
        phones = tuple(self.phone_line(p.number, central.name.pick(lang)) for p in central.phones if p.type != "fax")
        return Reply(
            kind="fallback",
            lang=lang,
            state=state,
            confidence=confidence,
            blocks=(Text(self.t(lang, key)), Phones(phones)),
            buttons=self.menu_buttons(lang),
        )


def distinct_labels(labels: list[str], chars: int) -> list[str]:
    """Labels that differ within their first `chars` characters: labels that begin alike ("Maison des jeunes
    Gare", "Maison des jeunes Grund") lose the words they share, as do labels that all begin alike, so that
    two columns of buttons on a phone, cut after a few characters, still tell them apart."""
    out = _drop_shared_words(labels) if len(labels) > 1 else list(labels)
    for _ in range(3):  # a group stripped may still share a start with another: a few rounds settle it
        groups: dict[str, list[int]] = {}
        for i, label in enumerate(out):
            groups.setdefault(label[:chars].lower(), []).append(i)
        alike = [members for members in groups.values() if len(members) > 1]
        if not alike:
            break
        for members in alike:
            stripped = _drop_shared_words([out[i] for i in members])
            for i, label in zip(members, stripped, strict=True):
                out[i] = label
    return out


def _drop_shared_words(labels: list[str]) -> list[str]:
    split = [label.split() for label in labels]
    common = 0
    while all(len(words) > common + 1 for words in split) and len({w[common].lower() for w in split}) == 1:
        common += 1
    return [" ".join(words[common:]) for words in split] if common else labels


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


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


def _own_address(service: Service) -> str | None:
    """The service's own sourced street address; never the central office's (the wrong door)."""
    loc = service.location
    if not loc or not loc.address_1:
        return None
    return ", ".join(x for x in (loc.address_1, " ".join(filter(None, (loc.postal_code, loc.city)))) if x)
