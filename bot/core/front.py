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
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.actions = engine.actions

    # What arrives --------------------------------------------------------------------------------------

    def message(self, text: str, state: ChatState) -> Reply:
        return _closing(state, self.engine.answer(Incoming(text=text), state, self._now()))

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
        elif press.kind == "lang" and press.value in self.languages():
            reply = self.actions.set_language(state, press.value)
        elif press.kind == "person" and kb.has_service(press.value):
            reply = self.actions.person(press.value, state, lang, self._now())
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

    def languages(self) -> tuple[str, ...]:
        return self.engine.languages()

    def lang(self, state: ChatState) -> str:
        return state.lang or self.engine.default_lang

    def has_service(self, service_id: str) -> bool:
        return self.engine.kb.has_service(service_id)

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
