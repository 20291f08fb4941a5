"""How updates are served: chats concurrently, each chat's updates in order, state loaded and saved around them.

`ChatOrderedProcessor` runs updates of different chats at the same time and those of one chat one after the
other, so a chat whose reply is being retried through an outage only ever delays itself.
`HellefApplication` opens the store with the Application, and wraps every update: claimed once across replicas,
counted against the chat's limit (every kind of update), its chat's state loaded before and written after.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from handlers.runtime import CURRENT, Runtime, UpdateScope
from handlers.send import send_reply

log = logging.getLogger("hellef.serving")
MAX_ACCEPTED = 4096  # updates taken from the queue at once (most of them waiting for their chat's turn)
WORKERS = 16  # updates handled at once (each of a different chat): enough to hide the Bot API's round trips
MAX_WAITING_PER_CHAT = 30  # a chat's updates waiting behind its current one; more are dropped (a flood)
PURGE_EVERY = 600.0  # seconds between purges of expired rows


class ChatOrderedProcessor(BaseUpdateProcessor):
    """One lock per chat (or per user when there is no chat); the lock is dropped when no update waits for it.

    An update first waits for its chat's turn, and only then for one of the WORKERS: updates queued behind a
    slow chat never hold a worker, so they cannot starve other chats. A bounded number of workers keeps the
    tail latency low: the engine is CPU-bound, and interleaving hundreds of updates only makes each one slower.
    """

    def __init__(self, workers: int = WORKERS) -> None:
        super().__init__(MAX_ACCEPTED)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}
        self._workers = asyncio.Semaphore(workers)

    @staticmethod
    def chat_of(update: object) -> int | None:
        if isinstance(update, Update):
            if update.effective_chat is not None:
                return update.effective_chat.id
            if update.effective_user is not None:
                return update.effective_user.id
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = self.chat_of(update)
        if chat is None:
            async with self._workers:
                await coroutine
            return
        lock, waiting = self._locks.get(chat, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        if waiting > MAX_WAITING_PER_CHAT:
            log.warning("update dropped: %d updates of one chat already waiting", waiting)
            coroutine.close()  # type: ignore[attr-defined]
            return
        self._locks[chat] = (lock, waiting + 1)
        try:
            async with lock, self._workers:
                await coroutine
        finally:
            lock, waiting = self._locks[chat]
            if waiting <= 1:
                del self._locks[chat]
            else:
                self._locks[chat] = (lock, waiting - 1)

    def chats_in_flight(self) -> int:
        return len(self._locks)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class HellefApplication(Application):
    """python-telegram-bot's Application, with the store's life cycle and the per-update gate."""

    @property
    def runtime(self) -> Runtime:
        return self.bot_data["runtime"]

    async def initialize(self) -> None:
        await super().initialize()
        await self.runtime.store.open()
        self.bot_data["purge"] = asyncio.get_running_loop().create_task(self._purge_loop())

    async def shutdown(self) -> None:
        purge = self.bot_data.pop("purge", None)
        if purge is not None:
            purge.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purge
        await self.runtime.store.close()
        await super().shutdown()

    async def _purge_loop(self) -> None:
        """Expired rows go on a timer (not only when a new row comes): update ids, counters, old logs and state."""
        while True:
            try:
                deleted = await self.runtime.store.purge(time.time())
                if deleted:
                    log.info("purged %d expired rows", deleted)
            except Exception as exc:  # a purge must never stop the bot
                log.warning("purge failed: %s", type(exc).__name__)
            await asyncio.sleep(PURGE_EVERY)

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        rt = self.runtime
        try:
            scope = await rt.begin(update)
        except Exception as exc:  # the store failing in an unexpected way: answer anyway, keep nothing
            log.error("state not loaded: %s", type(exc).__name__)
            scope = UpdateScope()
        token = CURRENT.set(scope)
        try:
            if scope.verdict == "ok":
                await super().process_update(update)
            elif scope.verdict == "notice":
                await self._slow_down(update)
            else:
                log.debug("update not handled: %s", scope.verdict)
                return
            try:
                await rt.finish(scope)
            except Exception as exc:
                log.error("state not saved: %s", type(exc).__name__)
        finally:
            CURRENT.reset(token)

    async def _slow_down(self, update: Update) -> None:
        """The one notice a chat gets when it goes over its limit; then silence until the minute passes."""
        rt = self.runtime
        chat = update.effective_chat
        if chat is None:
            return
        if update.callback_query is not None:
            with contextlib.suppress(Exception):
                await update.callback_query.answer()
        state = rt.state(update)
        reply = rt.engine.actions.info(state, state.lang or rt.settings.default_language, "rate_limited")
        try:
            await send_reply(self.bot, chat.id, reply, rt.engine.compose.t(reply.lang, "share_location_button"))
        except Exception as exc:
            log.warning("rate-limit notice not sent: %s", type(exc).__name__)
