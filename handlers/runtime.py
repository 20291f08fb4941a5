"""What every handler needs, kept in `application.bot_data["runtime"]` (no module-level state).

Handlers stay synchronous about state: before an update is handled its chat's state is loaded (`begin`), handlers
read it and stage changes through the Runtime, and after the handlers ran the changes are written (`finish`), with
a version check so two replicas never lose each other's changes.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.engine import Engine
from bot.core.front import Front
from bot.core.state import ChatState
from bot.privacy import ChatHasher, LogHasher, scrub
from bot.settings import Settings
from bot.store import Store, merge

log = logging.getLogger("hellef.state")
Write = Callable[[Store], Awaitable[object]]
SAVE_ATTEMPTS = 5


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
    """At most `per_minute` updates a minute per chat, of every kind; one polite notice, then silence.

    The counts live in the store (shared by replicas), one counter per chat and minute; the previous minute
    counts in proportion to how much of it the sliding minute still covers.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute

    def verdict(self, this_minute: int, last_minute: int, now: float) -> str:
        """'ok', 'notice' (the first update over the limit) or 'drop'."""
        weight = 1.0 - (now % 60) / 60
        seen = this_minute + last_minute * weight  # this update included
        if seen <= self.per_minute:
            return "ok"
        return "notice" if seen - 1 <= self.per_minute else "drop"


@dataclass
class UpdateScope:
    """One update being handled: its chat's state as loaded, the staged changes, whether anything was sent."""

    key: str | None = None
    base: ChatState = field(default_factory=ChatState)
    version: int = 0
    state: ChatState | None = None
    forgotten: bool = False
    writes: list[Write] = field(default_factory=list)
    sent: bool = False
    verdict: str = "ok"  # ok | notice | drop | duplicate


CURRENT: ContextVar[UpdateScope | None] = ContextVar("hellef_update", default=None)


@dataclass
class Runtime:
    engine: Engine
    store: Store
    hasher: ChatHasher
    settings: Settings
    limiter: ChatRateLimiter
    reload: Callable[[], list[str]] | None = None  # reloads knowledge; returns the errors (empty when fine)
    stats: Stats = field(default_factory=Stats)
    log_id: LogHasher = field(default_factory=LogHasher)

    @property
    def front(self) -> Front:
        """What handlers call: the core's small front over the current engine (a reload swaps the engine)."""
        return Front(self.engine, staff=self.settings.staff_chat_id is not None)

    def key(self, chat_id: int) -> str:
        return self.hasher(chat_id)

    # Before and after the handlers -----------------------------------------------------------------

    async def begin(self, update: Update) -> UpdateScope:
        """Claim the update (once across replicas), count it against the chat's limit, load the chat's state."""
        chat = update.effective_chat
        scope = UpdateScope(key=self.key(chat.id) if chat else None)
        if not await self.store.claim_update(update.update_id):
            scope.verdict = "duplicate"
            return scope
        if scope.key is not None:
            now = time.time()
            this_minute, last_minute = await self.store.hit(scope.key, now)
            scope.verdict = self.limiter.verdict(this_minute, last_minute, now)
            scope.base, scope.version = await self.store.load(scope.key)
        return scope

    async def finish(self, scope: UpdateScope) -> None:
        """After the handlers: whatever is still staged is written."""
        await self.flush(scope)

    async def flush(self, scope: UpdateScope | None = None) -> None:
        """Write the staged state (merged with a concurrent writer's changes), then the other staged writes.

        Called before a reply is sent too: the person's next message may reach another replica as soon as they
        read the reply, and that replica must find the state this one leaves.
        """
        scope = scope or self._scope()
        if scope.key is not None and scope.state is not None and not scope.forgotten and scope.state != scope.base:
            base, state, version = scope.base, scope.state, scope.version
            for _ in range(SAVE_ATTEMPTS):
                if await self.store.save(scope.key, state, version):
                    scope.base, scope.state, scope.version = state, None, version + 1
                    break
                theirs, version = await self.store.load(scope.key)
                state, base = merge(base, state, theirs), theirs
            else:
                log.warning("chat state not saved: %d concurrent writers won", SAVE_ATTEMPTS)
        writes, scope.writes = scope.writes, []
        for write in writes:
            await write(self.store)

    # What handlers call ----------------------------------------------------------------------------

    def _scope(self) -> UpdateScope:
        scope = CURRENT.get()
        if scope is None:  # outside Application.process_update: nothing loaded, nothing kept
            scope = UpdateScope()
            CURRENT.set(scope)
        return scope

    def state(self, update: Update) -> ChatState:
        scope = self._scope()
        state = ChatState() if scope.forgotten else (scope.state or scope.base)
        if state.lang is None:
            state = state.with_(lang=self.language_of(update))
        return state

    def language_of(self, update: Update) -> str:
        """Telegram's language_code when it is one of ours, else the default (French)."""
        user = update.effective_user
        code = (user.language_code or "").split("-")[0].lower() if user else ""
        return code if code in self.engine.languages() else self.settings.default_language

    def save(self, update: Update, state: ChatState) -> None:
        scope = self._scope()
        if update.effective_chat and not scope.forgotten:
            scope.state = state

    def forget(self, update: Update) -> None:
        """Erase everything kept about this chat (state, votes, hand-off) once the update is handled."""
        scope = self._scope()
        if scope.key is not None:
            key = scope.key
            scope.forgotten, scope.state = True, None
            scope.writes.append(lambda store: store.forget(key))

    def vote(self, update: Update, service: str, lang: str, vote: str) -> None:
        scope = self._scope()
        if scope.key is not None:
            key = scope.key
            scope.writes.append(lambda store: store.vote(key, service, lang, vote))

    def log_unanswered(self, text: str) -> None:
        """With UNANSWERED_LOG=on: the normalised question without digits or e-mail addresses, and no chat key."""
        clean = scrub(self.front.words(scrub(text)))
        if clean:
            self._scope().writes.append(lambda store: store.log_unanswered(clean))

    def is_admin(self, update: Update) -> bool:
        """An admin is a listed chat AND a listed user: every member of an admin group is not an admin."""
        chat, user = update.effective_chat, update.effective_user
        admins = self.settings.admin_chat_ids
        return bool(chat and user and chat.id in admins and user.id in admins | self.settings.admin_user_ids)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]
