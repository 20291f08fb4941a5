"""Replies to what is chosen rather than typed: menu, topic, service, language, votes, 'talk to a person', SOS."""

from __future__ import annotations

import datetime as dt

from bot.core.compose import Composer
from bot.core.reply import Button, Phones, Reply, Text
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

    def person(self, service_id: str, state: ChatState, lang: str, now: dt.datetime) -> Reply:
        """A phone to call, with the office hours only where the knowledge base has them."""
        service = self.kb.service(service_id) if self.kb.has_service(service_id) else self.kb.central
        _, phones = self.c.reach(service, lang)
        hours = self.c.hours(service if service.phones else self.kb.central, lang, now)
        key = "person_hours" if hours else "person_no_hours"
        blocks = (
            Text(self.c.t(lang, key, hours=" ".join(hours))),
            Phones(phones[:1]),
        )
        return Reply(kind="info", lang=lang, state=state, blocks=blocks, services=(service.id,))

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
