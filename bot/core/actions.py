"""Replies to what is chosen rather than typed: menu, topic, service, language, 'talk to a person', SOS."""

from __future__ import annotations

import datetime as dt

from bot.core.compose import Composer
from bot.core.reply import Button, Phones, Reply, Text
from bot.core.state import ChatState
from knowledge.model import CRISIS_KINDS


class Actions:
    def __init__(self, compose: Composer) -> None:
        self.c = compose
        self.kb = compose.kb

    def menu(self, state: ChatState, lang: str, greeting: bool = True) -> Reply:
        key = "greeting" if greeting else "menu_title"
        blocks = (Text(self.c.t(lang, key)),) if greeting else (Text(self.c.t(lang, "menu_title")),)
        return Reply(
            kind="info",
            lang=lang,
            state=state.with_(lang=lang),
            blocks=blocks,
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

    def topic(self, topic_id: str, state: ChatState, lang: str, now: dt.datetime) -> Reply | None:
        topic = self.kb.topic(topic_id)
        if topic is None:
            return None
        services = [self.kb.service(sid) for sid in topic.services]
        new_state = state.with_(pending_topic=topic.id if topic.location_bound else None, last_topic=topic.id)
        if len(services) == 1:
            return self.service(services[0].id, new_state, lang, now, topic=topic.id)
        return self.c.topic_list(
            lang, new_state, topic.id, topic.name.pick(lang), services, 1.0, ask_location=topic.location_bound
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

    def person(self, service_id: str, state: ChatState, lang: str) -> Reply:
        """A phone to call and honest words on when someone answers; the help-lines for nights and weekends."""
        service = self.kb.service(service_id) if self.kb.has_service(service_id) else self.kb.central
        contact = service if service.phones else self.kb.central
        phone = next((p.number for p in contact.phones if p.type != "fax"), "")
        lines = (self.c.phone_line(phone, contact.name.pick(lang)),) if phone else ()
        after = [h for h in self.kb.helplines if not h.always and ("self" in h.topics)]
        blocks = (
            Text(self.c.t(lang, "person_text", name=contact.name.pick(lang), phone=phone)),
            Phones(lines),
            Text(self.c.t(lang, "person_after_hours")),
            Phones(tuple(self.c.phone_line(h.number, h.name.pick(lang), h.description.pick(lang)) for h in after)),
        )
        return Reply(kind="info", lang=lang, state=state, blocks=blocks, services=(contact.id,))

    def sos(self, state: ChatState, lang: str) -> Reply:
        return self.c.emergency(lang, CRISIS_KINDS, state)

    def contact(self, state: ChatState, lang: str, now: dt.datetime) -> Reply:
        reply = self.service(self.kb.central_id, state, lang, now, topic="contact")
        assert reply is not None
        return reply

    def feedback_thanks(self, state: ChatState, lang: str) -> Reply:
        return self.info(state, lang, "feedback_thanks")

    def stale(self, state: ChatState, lang: str) -> Reply:
        return self.info(state, lang, "stale_button", menu=True)

    @staticmethod
    def feedback_buttons(service_id: str) -> tuple[Button, ...]:
        return (Button("👍", f"f:+:{service_id}"), Button("👎", f"f:-:{service_id}"))
