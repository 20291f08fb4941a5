"""Replies to what is chosen rather than typed: menu, topic, service, language, votes, 'talk to a person', SOS."""

from __future__ import annotations

import datetime as dt

from bot.core import buttons as data
from bot.core.cards import notes
from bot.core.compose import Composer
from bot.core.hours import open_status
from bot.core.reply import Block, Button, Handoff, Phones, Reply, Text
from bot.core.state import ChatState

SOS_KINDS = ("self", "violence")  # "I am in danger" pressed: 112 · 113, then the lines for those


class Actions:
    def __init__(self, compose: Composer) -> None:
        self.c = compose
        self.kb = compose.kb

    def menu(self, state: ChatState, lang: str, greeting: bool = True) -> Reply:
        key = "greeting" if greeting else "menu_title"
        return Reply(
            kind="info",
            lang=lang,
            state=state.with_(lang=lang),
            blocks=(Text(self.c.t(lang, key)),),
            buttons=self.c.menu_buttons(lang),
        )

    def info(self, state: ChatState, lang: str, key: str, menu: bool = False, **values: object) -> Reply:
        buttons = self.c.menu_buttons(lang) if menu else ()
        return Reply(
            kind="info",
            lang=lang,
            state=state,
            blocks=(Text(self.c.t(lang, key, **values)),),
            buttons=buttons,
        )

    def choose_language(self, state: ChatState, lang: str) -> Reply:
        return Reply(
            kind="info",
            lang=lang,
            state=state,
            blocks=(Text(self.c.t(lang, "choose_language")),),
            buttons=self.c.language_buttons(),
        )

    def set_language(self, state: ChatState, lang: str) -> Reply:
        new_state = state.with_(lang=lang, lang_chosen=True)
        return Reply(
            kind="info",
            lang=lang,
            state=new_state,
            blocks=(Text(self.c.t(lang, "language_saved")),),
            buttons=self.c.menu_buttons(lang),
        )

    def topic(self, topic_id: str, state: ChatState, lang: str, now: dt.datetime, offset: int = 0) -> Reply | None:
        topic = self.kb.topic(topic_id)
        if topic is None:
            return None
        services = [self.kb.service(sid) for sid in topic.services]
        new_state = state.with_(pending_topic=topic.id if topic.location_bound else None, last_topic=topic.id)
        if len(services) == 1:
            return self.service(services[0].id, new_state, lang, now, topic=topic.id)
        offset = offset if 0 <= offset < len(services) else 0
        return self.c.topic_list(
            lang,
            new_state,
            topic.id,
            topic.name.pick(lang),
            services,
            1.0,
            ask_location=topic.location_bound and offset == 0,
            offset=offset,
        )

    def service(
        self, service_id: str, state: ChatState, lang: str, now: dt.datetime, topic: str | None = None
    ) -> Reply | None:
        if not self.kb.has_service(service_id):
            return None
        service = self.kb.service(service_id)
        topic = topic or next((t.id for t in self.kb.topics if service_id in t.services), None)
        new_state = state.with_(last_topic=topic)
        return self.c.services_reply("answer", lang, new_state, [(service, None)], 1.0, now, topic)

    def details(self, service_id: str, state: ChatState, lang: str) -> Reply | None:
        """All of a service's description, which its card cut to fit a phone screen."""
        if not self.kb.has_service(service_id):
            return None
        service = self.kb.service(service_id)
        text = "\n\n".join([service.name.pick(lang), service.description.pick(lang), *notes(service, lang)])
        return Reply(kind="detail", lang=lang, state=state, services=(service_id,), blocks=(Text(text),))

    def person(self, service_id: str, state: ChatState, lang: str, now: dt.datetime, staff: bool = False) -> Reply:
        """'Talk to a person': with a staff group and within the office hours the knowledge base gives (or none
        given), consent first; otherwise the phone, with the hours where sourced and honest words where not."""
        service = self.kb.service(service_id) if self.kb.has_service(service_id) else self.kb.central
        office = service if service.phones else self.kb.central
        _, phones = self.c.reach(office, lang)
        status = open_status(office.schedules, now)
        hours = " ".join(self.c.hours(office, lang, now))
        if status is None:
            when = Text(self.c.t(lang, "person_no_hours"))
        elif status.open_now:
            when = Text(self.c.t(lang, "person_hours", hours=hours))
        else:
            when = Text(self.c.t(lang, "person_closed", hours=hours))
        menu = (self.c.menu_button(lang),)
        if staff and (status is None or status.open_now):
            consent = Button(self.c.t(lang, "person_consent_button"), data.encode("consent", service.id))
            blocks: tuple[Block, ...] = (Text(self.c.t(lang, "person_offer")), when, Phones(phones[:1]))
            buttons: tuple[tuple[Button, ...], ...] = ((consent,), menu)
        else:
            blocks, buttons = (when, Phones(phones[:1])), (menu,)
        return Reply(kind="info", lang=lang, state=state, blocks=blocks, buttons=buttons, services=(service.id,))

    def consent(self, service_id: str, state: ChatState, lang: str) -> Reply:
        """The person agreed: their next messages go to the staff group, with the topic they were reading."""
        own = next((t.id for t in self.kb.topics if service_id in t.services), None)
        topic = state.last_topic if service_id == self.kb.central_id else own  # asked in general: the last topic
        return Reply(
            kind="handoff",
            lang=lang,
            state=state,
            blocks=(Text(self.c.t(lang, "person_started")),),
            handoff=Handoff(topic),
            services=(service_id,),
        )

    def staff_header(self, staff_lang: str, person_lang: str, topic_id: str | None) -> str:
        """What the staff group reads above a relayed message: the language and the topic, never who."""
        topic = self.kb.topic(topic_id) if topic_id else None
        name = topic.name.pick(staff_lang) if topic else self.c.t(staff_lang, "topic_none")
        return self.c.t(staff_lang, "staff_header", language=self.c.t(person_lang, "language_name"), topic=name)

    def sos(self, state: ChatState, lang: str) -> Reply:
        return self.c.emergency(lang, SOS_KINDS, state)

    def contact(self, state: ChatState, lang: str, now: dt.datetime) -> Reply:
        reply = self.service(self.kb.central_id, state, lang, now, topic="contact")
        assert reply is not None
        return reply

    def vote(self, service_id: str, vote: str, state: ChatState, lang: str) -> Reply:
        """Thanks as a toast on the button, the vote buttons taken away; after 👎, a person and the menu."""
        if vote == "+":
            return Reply(kind="info", lang=lang, state=state, toast=self.c.t(lang, "feedback_thanks"), clear_votes=True)
        buttons: tuple[Button, ...] = (self.c.person_button(lang, service_id), self.c.menu_button(lang))
        return Reply(
            kind="info",
            lang=lang,
            state=state,
            blocks=(Text(self.c.t(lang, "feedback_sorry")),),
            buttons=(buttons,),
            toast=self.c.t(lang, "feedback_thanks"),
            clear_votes=True,
        )

    def stale(self, state: ChatState, lang: str) -> Reply:
        return self.info(state, lang, "stale_button", menu=True)
