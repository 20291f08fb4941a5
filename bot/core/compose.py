"""Turning decisions into replies: cards, menus and crisis messages, every sentence from knowledge/replies."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.hours import open_status, regular
from bot.core.reply import Block, Button, Card, PhoneLine, Phones, Reply, Text, Venue
from bot.core.state import ChatState
from knowledge.contacts import dial_form, display_form
from knowledge.model import Helpline, Knowledge, Partner, Service

MAX_CARDS = 3


class Composer:
    def __init__(self, knowledge: Knowledge) -> None:
        self.kb = knowledge

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.kb.text(lang, key, **values)

    # Buttons -------------------------------------------------------------------------------------------

    def menu_buttons(self, lang: str) -> tuple[tuple[Button, ...], ...]:
        topics = [Button(f"{t.icon} {t.name.pick(lang)}".strip(), f"t:{t.id}") for t in self.kb.topics if t.menu]
        rows = [tuple(topics[i : i + 2]) for i in range(0, len(topics), 2)]
        rows.append((Button(self.t(lang, "menu_danger"), "sos"),))
        return tuple(rows)

    def language_buttons(self) -> tuple[tuple[Button, ...], ...]:
        names = {
            "fr": "Français",
            "lb": "Lëtzebuergesch",
            "de": "Deutsch",
            "en": "English",
            "pt": "Português",
        }
        buttons = [Button(name, f"l:{code}") for code, name in names.items() if code in self.kb.replies]
        return (tuple(buttons[:3]), tuple(buttons[3:]))

    def answer_buttons(self, lang: str, service: Service, topic: str | None) -> tuple[tuple[Button, ...], ...]:
        row = [Button(self.t(lang, "person_button"), f"p:{service.id}")]
        if topic:
            row.append(Button(self.t(lang, "more_button"), f"t:{topic}"))
        return (tuple(row),)

    # Cards ---------------------------------------------------------------------------------------------

    def card(self, service: Service, lang: str, now: dt.datetime, distance_km: float | None = None) -> Card:
        lines: list[str] = []
        loc = service.location
        if loc and (loc.quarter or loc.city):
            area = ", ".join(dict.fromkeys(x for x in (loc.quarter, loc.city) if x))
            lines.append(self.t(lang, "label_area", area=area))
        if distance_km is not None:
            lines.append(self.t(lang, "distance", km=_km(distance_km)))
        if service.transferred:
            date = service.transferred.date.strftime("%d.%m.%Y")
            lines.append(self.t(lang, "transferred", date=date))
            lines.append(service.transferred.message.pick(lang))
        elif service.year_founded:
            lines.append(self.t(lang, "label_since", year=service.year_founded))
        if service.minimum_age is not None and service.maximum_age is not None:
            lines.append(self.t(lang, "label_ages", min=service.minimum_age, max=service.maximum_age))
        for extra in (service.eligibility_description, service.fees_description, service.application_process):
            if extra:
                lines.append(extra.pick(lang))
        lines.extend(self._hours(service, lang, now))
        checked = self._checked(service, now)
        if checked:
            lines.append(self.t(lang, "label_checked", date=checked))
        own = bool(service.phones or service.email)
        contact = service if own else self.kb.central
        if not own:
            lines.append(self.t(lang, "label_central"))
        # Only the service's own sourced address: the central office's would send people to the wrong door.
        address = None
        if loc and loc.address_1:
            address = ", ".join(x for x in (loc.address_1, " ".join(filter(None, (loc.postal_code, loc.city)))) if x)
        phones = tuple(
            self.phone_line(p.number, self.t(lang, "label_phone")) for p in contact.phones if p.type != "fax"
        )
        return Card(
            service_id=service.id,
            title=service.name.pick(lang),
            description=service.description.pick(lang),
            lines=tuple(lines),
            address=address,
            phones=phones,
            email=contact.email,
            url=service.url or contact.url,
            distance_km=distance_km,
            point=loc.point if loc else None,
        )

    def _hours(self, service: Service, lang: str, now: dt.datetime) -> list[str]:
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
        return PhoneLine(label=label, number=display_form(number), dial=dial_form(number) or number, note=note)

    def venue(self, card: Card) -> Venue | None:
        if card.point is None:
            return None
        return Venue(card.point[0], card.point[1], card.title, card.address or (card.lines[0] if card.lines else ""))

    # Whole replies -------------------------------------------------------------------------------------

    def emergency(self, lang: str, kinds: tuple[str, ...], state: ChatState, person: bool = False) -> Reply:
        """`person`: the numbers again after a crisis, with a person of the association to talk to."""
        lines = tuple(self._helpline(h, lang) for h in self.helplines_for(kinds))
        blocks: tuple[Block, ...] = (
            Text(self.t(lang, "crisis_intro")),
            Phones(lines),
            Text(self.t(lang, "crisis_outro")),
        )
        buttons = ((Button(self.t(lang, "person_button"), f"p:{self.kb.central_id}"),),) if person else ()
        return Reply(kind="emergency", lang=lang, state=state, confidence=1.0, blocks=blocks, buttons=buttons)

    def with_helpline_header(self, reply: Reply) -> Reply:
        """A practical answer under one line with the emergency and listening numbers (a possible crisis)."""
        numbers = {h.id: h.number for h in self.kb.helplines}
        header = self.t(
            reply.lang,
            "crisis_header",
            emergency=numbers.get("emergency-112", "112"),
            police=numbers.get("police-113", "113"),
            adults=numbers.get("sos-detresse-454545", ""),
            young=numbers.get("kanner-jugendtelefon-116111", ""),
        )
        return replace(reply, helpline_header=True, blocks=(Text(header), *reply.blocks))

    def helplines_for(self, kinds: tuple[str, ...]) -> list[Helpline]:
        always = [h for h in self.kb.helplines if h.always]
        matching = [h for h in self.kb.helplines if not h.always and set(h.topics) & set(kinds)]
        return always + matching

    def _helpline(self, helpline: Helpline, lang: str) -> PhoneLine:
        note = helpline.description.pick(lang)
        if helpline.hours:
            note = f"{note} ({helpline.hours.pick(lang)})"
        return self.phone_line(helpline.number, helpline.name.pick(lang), note)

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
        cards = [self.card(s, lang, now, d) for s, d in services[:MAX_CARDS]]
        blocks: list[Block] = [Text(intro)] if intro else []
        blocks.extend(cards)
        if place is not None or kind == "nearest":
            blocks.append(Text(self.t(lang, "attribution")))  # the distances come from OSM/GeoNames data
        if ask_location:  # last: the location keyboard travels with it
            blocks.append(Text(self.t(lang, "ask_location")))
        buttons = self.answer_buttons(lang, services[0][0], topic) if services else ()
        if len(services) > MAX_CARDS:
            extra = tuple(Button(s.name.pick(lang), f"s:{s.id}") for s, _ in services[MAX_CARDS : MAX_CARDS + 6])
            buttons = tuple(extra[i : i + 2] for i in range(0, len(extra), 2)) + buttons
        venue = self.venue(cards[0]) if kind == "nearest" and cards else None
        return Reply(
            kind=kind,
            lang=lang,
            state=state,
            services=tuple(s.id for s, _ in services),
            confidence=confidence,
            blocks=tuple(blocks),
            buttons=buttons,
            request_location=ask_location,
            venue=venue,
            topic=topic,
            place=place,
            feedback=kind in ("answer", "nearest"),
        )

    def topic_list(
        self,
        lang: str,
        state: ChatState,
        topic_id: str,
        title: str,
        services: list[Service],
        confidence: float,
        ask_location: bool,
    ) -> Reply:
        """A topic's services as a short list with a button each: the cards open on a tap."""
        lines = [self.t(lang, "category_intro", topic=title)]
        for service in services:
            loc = service.location
            area = ", ".join(dict.fromkeys(x for x in (loc.quarter, loc.city) if x)) if loc else ""
            lines.append(f"• {service.name.pick(lang)}" + (f" ({area})" if area else ""))
        blocks: list[Block] = [Text("\n".join(lines))]
        if ask_location:
            blocks.append(Text(self.t(lang, "ask_location")))
        buttons = tuple((Button(s.name.pick(lang), f"s:{s.id}"),) for s in services)
        return Reply(
            kind="answer",
            lang=lang,
            state=state,
            services=tuple(s.id for s in services),
            confidence=confidence,
            blocks=tuple(blocks),
            buttons=buttons,
            request_location=ask_location,
            topic=topic_id,
        )

    def clarify(self, lang: str, state: ChatState, services: list[Service], confidence: float) -> Reply:
        buttons = tuple((Button(s.name.pick(lang), f"s:{s.id}"),) for s in services)
        return Reply(
            kind="clarify",
            lang=lang,
            state=state,
            services=tuple(s.id for s in services),
            confidence=confidence,
            blocks=(Text(self.t(lang, "clarify")),),
            buttons=buttons,
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

    def referral(self, lang: str, state: ChatState, partner: Partner) -> Reply:
        """Not ours: who can help instead, with the partner's own sourced contact."""
        card = Card(
            service_id=partner.id,
            title=partner.name.pick(lang),
            description=partner.description.pick(lang),
            phones=tuple(self.phone_line(p.number, self.t(lang, "label_phone")) for p in partner.phones),
            email=partner.email,
            url=partner.url,
        )
        return Reply(
            kind="fallback",
            lang=lang,
            state=state,
            confidence=0.5,
            blocks=(Text(self.t(lang, "referral_intro")), card, Text(self.t(lang, "referral_outro"))),
            buttons=self.menu_buttons(lang),
            referral=partner.id,
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


def _km(distance: float) -> str:
    return f"{distance:.1f}" if distance < 10 else f"{distance:.0f}"
