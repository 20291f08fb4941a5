"""What every handler needs, kept in `application.bot_data["runtime"]` (no module-level state)."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.engine import Engine
from bot.core.front import Front
from bot.core.state import ChatState
from bot.privacy import ChatHasher
from bot.settings import Settings
from bot.storage import ChatStore


@dataclass
class Stats:
    """Counts since start: kinds, languages, services. Never any text."""

    kinds: Counter = field(default_factory=Counter)
    langs: Counter = field(default_factory=Counter)
    services: Counter = field(default_factory=Counter)

    def count(self, kind: str, lang: str, services: tuple[str, ...]) -> None:
        self.kinds[kind] += 1
        self.langs[lang] += 1
        if services:
            self.services[services[0]] += 1


class ChatRateLimiter:
    """At most `per_minute` messages a minute per chat; one polite notice, then silence until it passes."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._warned: set[str] = set()

    def check(self, key: str) -> str:
        """'ok', 'notice' (first message over the limit) or 'drop'."""
        now = self.clock()
        window = self._seen.setdefault(key, deque())
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) < self.per_minute:
            window.append(now)
            self._warned.discard(key)
            return "ok"
        if key in self._warned:
            return "drop"
        self._warned.add(key)
        return "notice"


@dataclass
class Runtime:
    engine: Engine
    store: ChatStore
    hasher: ChatHasher
    settings: Settings
    limiter: ChatRateLimiter
    reload: Callable[[], list[str]] | None = None  # reloads knowledge; returns the errors (empty when fine)
    stats: Stats = field(default_factory=Stats)

    @property
    def front(self) -> Front:
        """What handlers call: the core's small front over the current engine (a reload swaps the engine)."""
        return Front(self.engine, staff=self.settings.staff_chat_id is not None)

    def key(self, chat_id: int) -> str:
        return self.hasher(chat_id)

    def state(self, update: Update) -> ChatState:
        """The chat's state, its language decided here once per update: the stored one, else the phone's."""
        chat = update.effective_chat
        state = self.store.get(self.key(chat.id)) if chat else ChatState()
        if state.lang is None:
            state = state.with_(lang=self.language_of(update))
        return state

    def language_of(self, update: Update) -> str:
        """Telegram's language_code when it is one of ours, else the default (French)."""
        user = update.effective_user
        code = (user.language_code or "").split("-")[0].lower() if user else ""
        return code if code in self.engine.languages() else self.settings.default_language

    def save(self, update: Update, state: ChatState) -> None:
        if update.effective_chat:
            self.store.put(self.key(update.effective_chat.id), state)

    def is_admin(self, update: Update) -> bool:
        chat = update.effective_chat
        return bool(chat and chat.id in self.settings.admin_chat_ids)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]
