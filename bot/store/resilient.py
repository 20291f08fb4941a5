"""The store as the bot uses it: the real one when it answers, memory while it does not.

While the real store is unreachable (at start-up or later), every read and write goes to memory, so crisis and
practical questions are still answered; the writes are kept in order and replayed when the store is back.
One log line when it goes, one when it is back, never one per update.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.state import ChatState
from bot.store.base import Store, StoreUnavailable
from bot.store.memory import MemoryStore

log = logging.getLogger("hellef.store")

MAX_PENDING = 50_000  # writes kept for replay during an outage; the oldest are dropped beyond
Write = Callable[[Store], Awaitable[Any]]


class ResilientStore(Store):
    def __init__(self, primary: Store, retry_every: float = 2.0) -> None:
        self.primary = primary
        self.name = primary.name
        self.memory = MemoryStore()
        self.up = False
        self.retry_every = retry_every
        self._pending: deque[Write] = deque(maxlen=MAX_PENDING)
        self._reconnect: asyncio.Task | None = None
        self._closed = False

    # Connection -------------------------------------------------------------------------------------

    async def open(self) -> None:
        """Try once; when unreachable, say so in one line and keep trying in the background."""
        try:
            await self.primary.open()
            self.up = True
        except StoreUnavailable as exc:
            log.warning(
                "state store unreachable at start-up (%s): answering from memory, retrying every %.0f s",
                exc,
                self.retry_every,
            )
            self._start_reconnecting()

    async def wait_up(self, timeout: float) -> bool:
        """Wait (for start-up) until the store answers or `timeout` passes."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.up and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)
        return self.up

    def _went_down(self, exc: StoreUnavailable) -> None:
        if self.up:
            self.up = False
            log.warning("state store unreachable (%s): answering from memory, writes kept until it is back", exc)
        self._start_reconnecting()

    def _start_reconnecting(self) -> None:
        if self._closed or (self._reconnect is not None and not self._reconnect.done()):
            return
        self._reconnect = asyncio.get_running_loop().create_task(self._reconnect_loop())

    async def _reconnect_loop(self) -> None:
        while not self._closed:
            await asyncio.sleep(self.retry_every)
            try:
                if not await self.primary.ping():
                    await self.primary.close()
                    await self.primary.open()
                replayed = 0
                while self._pending:
                    await self._pending[0](self.primary)
                    self._pending.popleft()
                    replayed += 1
            except StoreUnavailable:
                continue
            self.memory = MemoryStore()
            self.up = True
            log.warning("state store back: %d write(s) replayed", replayed)
            return

    async def close(self) -> None:
        self._closed = True
        if self._reconnect is not None:
            self._reconnect.cancel()
        await self.primary.close()

    async def ping(self) -> bool:
        return self.up and await self.primary.ping()

    # Routing ----------------------------------------------------------------------------------------

    async def _read(self, name: str, *args: Any) -> Any:
        if self.up:
            try:
                return await getattr(self.primary, name)(*args)
            except StoreUnavailable as exc:
                self._went_down(exc)
        return await getattr(self.memory, name)(*args)

    async def _write(self, name: str, *args: Any, replay: Write | None = None) -> Any:
        if self.up:
            try:
                return await getattr(self.primary, name)(*args)
            except StoreUnavailable as exc:
                self._went_down(exc)
        self._pending.append(replay or (lambda store: getattr(store, name)(*args)))
        return await getattr(self.memory, name)(*args)

    async def load(self, key: str) -> tuple[ChatState, int]:
        return await self._read("load", key)

    async def save(self, key: str, state: ChatState, version: int | None) -> bool:
        # Replayed unconditionally: the version read from memory means nothing to the real store.
        return await self._write("save", key, state, version, replay=lambda s: s.save(key, state, None))

    async def forget(self, key: str) -> None:
        await self._write("forget", key)

    async def vote(self, key: str, service: str, lang: str, vote: str) -> None:
        await self._write("vote", key, service, lang, vote)

    async def feedback(self) -> list[tuple[str, str, str, int]]:
        return await self._read("feedback")

    async def log_unanswered(self, text: str) -> None:
        await self._write("log_unanswered", text)

    async def unanswered(self) -> list[str]:
        return await self._read("unanswered")

    async def claim_update(self, update_id: int) -> bool:
        return await self._write("claim_update", update_id, replay=lambda s: s.claim_update(update_id))

    async def hit(self, key: str, now: float) -> tuple[int, int]:
        if self.up:
            try:
                return await self.primary.hit(key, now)
            except StoreUnavailable as exc:
                self._went_down(exc)
        return await self.memory.hit(key, now)  # counters are not worth replaying

    async def handoff_start(self, chat_id: int, lang: str, topic: str | None) -> None:
        await self._write("handoff_start", chat_id, lang, topic)

    async def handoff_of(self, chat_id: int) -> tuple[str, str | None] | None:
        return await self._read("handoff_of", chat_id)

    async def handoff_chats(self) -> list[int]:
        return await self._read("handoff_chats")

    async def handoff_link(self, staff_message_id: int, chat_id: int) -> None:
        await self._write("handoff_link", staff_message_id, chat_id)

    async def handoff_chat_for(self, staff_message_id: int) -> int | None:
        return await self._read("handoff_chat_for", staff_message_id)

    async def handoff_end(self, chat_id: int) -> bool:
        return await self._write("handoff_end", chat_id)

    async def purge(self, now: float) -> int:
        deleted = await self.memory.purge(now)
        if self.up:
            try:
                deleted += await self.primary.purge(now)
            except StoreUnavailable as exc:
                self._went_down(exc)
        return deleted

    async def try_leader(self) -> bool:
        return self.up and await self.primary.try_leader()
