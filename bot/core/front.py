"""The small front of the core that channels call: one Reply per update, never the engine's parts.

The language is decided once per update, by the caller's `ChatState` (Runtime.state fills it from the stored
choice, else the phone's language); every reply carries it on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core import buttons
from bot.core.engine import LUXEMBOURG_TZ, Engine, Incoming
from bot.core.reply import Reply
from bot.core.state import ChatState


class Front:
    def __init__(self, engine: Engine, staff: bool = False) -> None:
        self.engine = engine
        self.actions = engine.actions
        self.staff = staff  # a staff group takes hand-offs ("talk to a person")

    # What arrives --------------------------------------------------------------------------------------

    def message(self, text: str, state: ChatState) -> Reply:
        reply = self.engine.answer(Incoming(text=text), state, self._now())
        if reply.kind != "emergency" and self._asks_for_person(text, reply.lang):
            central = self.engine.kb.central_id
            reply = self.actions.person(central, reply.state, reply.lang, self._now(), self.staff)
        return _closing(state, reply)

    def _asks_for_person(self, text: str, lang: str) -> bool:
        """'je veux parler à quelqu'un', in any of the five languages (knowledge/replies: person_phrases)."""
        words = " " + " ".join(self.engine.normalize(text).words) + " "
        for code in {lang, *self.languages()}:
            for phrase in self.engine.compose.t(code, "person_phrases").split("|"):
                folded = " ".join(self.engine.normalize(phrase).words)
                if folded and f" {folded} " in words:
                    return True
        return False

    def location(self, point: tuple[float, float], state: ChatState) -> Reply:
        return _closing(state, self.engine.answer(Incoming(location=point), state, self._now()))

    def unreadable(self, state: ChatState) -> Reply:
        return self.engine.answer(Incoming(other="media"), state, self._now())

    def press(self, data: str, state: ChatState) -> Reply:
        """The reply to a pressed button. Data not made by this bot, or no longer valid, gets the menu."""
        lang = self.lang(state)
        press = buttons.decode(data)
        kb = self.engine.kb
        reply: Reply | None = None
        if press.kind == "topic":
            offset = int(press.extra) if press.extra.isdigit() else 0
            reply = self.actions.topic(press.value, state, lang, self._now(), offset)
        elif press.kind == "service":
            reply = self.actions.service(press.value, state, lang, self._now())
        elif press.kind == "details":
            reply = self.actions.details(press.value, state, lang)
        elif press.kind == "lang" and press.value in self.languages():
            reply = self.actions.set_language(state, press.value)
        elif press.kind == "person" and kb.has_service(press.value):
            reply = self.actions.person(press.value, state, lang, self._now(), self.staff)
        elif press.kind == "consent" and kb.has_service(press.value) and self.staff:
            reply = self.actions.consent(press.value, state, lang)
        elif press.kind == "sos":
            reply = self.actions.sos(state, lang)
        elif press.kind == "menu":
            reply = self.actions.menu(state, lang, greeting=False)
        elif press.kind == "vote" and kb.has_service(press.value):
            reply = self.actions.vote(press.value, press.extra, state, lang)
        return reply if reply is not None else self.actions.stale(state, lang)

    # Commands ------------------------------------------------------------------------------------------

    def start(self, state: ChatState, arg: str | None = None) -> list[Reply]:
        """The welcome with the menu and the language choice; `/start <service-id>` opens that card."""
        lang = self.lang(state)
        if arg:
            reply = self.actions.service(arg[:64], state, lang, self._now())
            if reply is not None:
                return [reply]
        return [self.actions.menu(state, lang, greeting=True), self.actions.choose_language(state, lang)]

    def help(self, state: ChatState) -> Reply:
        return self.actions.info(state, self.lang(state), "help", menu=True)

    def contact(self, state: ChatState) -> Reply:
        return self.actions.contact(state, self.lang(state), self._now())

    def choose_language(self, state: ChatState) -> Reply:
        return self.actions.choose_language(state, self.lang(state))

    def info(self, state: ChatState, key: str) -> Reply:
        """A one-sentence reply from the templates: privacy, forget_done, rate_limited..."""
        return self.actions.info(state, self.lang(state), key)

    # Words for the channel -----------------------------------------------------------------------------

    def text(self, lang: str, key: str, **values: object) -> str:
        """A template, for what the channel says outside a reply (admin reports, the bot's description)."""
        return self.engine.compose.t(lang, key, **values)

    def staff_header(self, person_lang: str, topic: str | None) -> str:
        return self.actions.staff_header(self.engine.default_lang, person_lang, topic)

    def languages(self) -> tuple[str, ...]:
        return self.engine.languages()

    def lang(self, state: ChatState) -> str:
        return state.lang or self.engine.default_lang

    def words(self, text: str) -> str:
        """The message folded to its words (for the opt-in unanswered log): never the text as written."""
        return " ".join(self.engine.normalize(text).words)

    @staticmethod
    def _now() -> dt.datetime:
        return dt.datetime.now(LUXEMBOURG_TZ)


def _closing(before: ChatState, reply: Reply) -> Reply:
    """A place was asked for (the location keyboard is up) and this reply no longer asks: take it away."""
    if before.pending_topic and reply.location is None:
        return replace(reply, remove_keyboard=True)
    return reply
