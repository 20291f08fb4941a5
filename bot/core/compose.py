"""Turning decisions into replies a phone can use, every sentence from knowledge/replies.

A single service is a card (bot.core.cards) whose first line names it and says how to reach it; several
services are a short list (name, distance, a button each; the card opens on a tap); a crisis is the crisis
reply (bot.core.crisis_reply). The central contact is named once per reply.
"""

from __future__ import annotations

import datetime as dt

from bot.core import buttons as data
from bot.core.cards import Cards, phone_line
from bot.core.crisis_reply import CrisisReplies
from bot.core.reply import Block, Button, Card, Listing, LocationRequest, Phones, Reply, Text
from bot.core.state import ChatState
from knowledge.model import Partner, Service


class Composer(Cards, CrisisReplies):
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
            card = self.card(first, lang, now, services[0][1], exact_origin)
            blocks.append(card)
            if self.trimmed(card, first, lang):  # cut to fit a phone: the rest on a tap
                rows.append((Button(self.t(lang, "details_button"), data.encode("details", first.id)),))
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
        if found is not None and any(s not in shown for s in found.services):  # stops at the first other one
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

    def introduction(self, lang: str, state: ChatState, central: Service, now: dt.datetime) -> Reply:
        """ "Who are you?": small talk that says who answers (a program) and gives the association behind it, its
        card; a follow-up ("le numéro ?") then asks about the association."""
        return Reply(
            kind="smalltalk",
            lang=lang,
            state=state,
            services=(central.id,),
            confidence=1.0,
            blocks=(Text(self.t(lang, "smalltalk_who")), self.card(central, lang, now)),
            buttons=((self.person_button(lang, central.id),), *self.menu_buttons(lang)),
        )

    def referral(self, lang: str, state: ChatState, partner: Partner) -> Reply:
        """Not ours: who can help instead, with the partner's own sourced contact."""
        phones = tuple(phone_line(p.number, self.t(lang, "label_phone")) for p in partner.phones)
        card = Card(
            service_id=partner.id,
            title=partner.name.pick(lang),
            description=partner.description.pick(lang),
            reach=self.t(lang, "reach_own", phone=phones[0].number) if phones else "",
            phones=phones,
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
        phones = tuple(phone_line(p.number, central.name.pick(lang)) for p in central.phones if p.type != "fax")
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
