"""The store in memory: the console, tests, and the fallback while the real store is unreachable."""

from __future__ import annotations

import time
from collections import Counter

from bot.core.state import ChatState
from bot.store.base import HANDOFF_FOR, PROCESSED_FOR, RATE_WINDOW, STATE_FOR, UNANSWERED_FOR, Store


class MemoryStore(Store):
    name = "memory"

    def __init__(self) -> None:
        self.states: dict[str, tuple[ChatState, int, float]] = {}
        self.votes: dict[tuple[str, str], tuple[str, str]] = {}
        self.texts: list[tuple[str, float]] = []
        self.processed: dict[int, float] = {}
        self.rates: dict[tuple[str, int], int] = {}
        self.handoff_records: dict[int, tuple[str, str | None, float]] = {}
        self.handoff_messages: dict[int, int] = {}

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def ping(self) -> bool:
        return True

    async def load(self, key: str) -> tuple[ChatState, int]:
        state, version, _ = self.states.get(key, (ChatState(), 0, 0.0))
        return state, version

    async def save(self, key: str, state: ChatState, version: int | None) -> bool:
        kept = self.states.get(key, (ChatState(), 0, 0.0))[1]
        if version is not None and kept != version:
            return False
        self.states[key] = (state, kept + 1, time.time())
        return True

    async def forget(self, key: str) -> None:
        self.states.pop(key, None)
        for vote_key in [k for k in self.votes if k[0] == key]:
            del self.votes[vote_key]

    async def vote(self, key: str, service: str, lang: str, vote: str) -> None:
        self.votes[(key, service)] = (lang, vote)

    async def feedback(self) -> list[tuple[str, str, str, int]]:
        counts = Counter((service, lang, vote) for (_, service), (lang, vote) in self.votes.items())
        return [(s, lg, v, n) for (s, lg, v), n in counts.most_common()]

    async def log_unanswered(self, text: str) -> None:
        self.texts.append((text, time.time()))

    async def unanswered(self) -> list[str]:
        since = time.time() - UNANSWERED_FOR
        return [text for text, at in self.texts if at >= since]

    async def claim_update(self, update_id: int) -> bool:
        if update_id in self.processed:
            return False
        self.processed[update_id] = time.time()
        return True

    async def hit(self, key: str, now: float) -> tuple[int, int]:
        slot = int(now // RATE_WINDOW)
        self.rates[(key, slot)] = self.rates.get((key, slot), 0) + 1
        return self.rates[(key, slot)], self.rates.get((key, slot - 1), 0)

    async def handoff_start(self, chat_id: int, lang: str, topic: str | None) -> None:
        self.handoff_records[chat_id] = (lang, topic, time.time())

    async def handoff_of(self, chat_id: int) -> tuple[str, str | None] | None:
        record = self.handoff_records.get(chat_id)
        return (record[0], record[1]) if record else None

    async def handoff_chats(self) -> list[int]:
        return sorted(self.handoff_records, key=lambda chat: self.handoff_records[chat][2])

    async def handoff_link(self, staff_message_id: int, chat_id: int) -> None:
        self.handoff_messages[staff_message_id] = chat_id

    async def handoff_chat_for(self, staff_message_id: int) -> int | None:
        chat = self.handoff_messages.get(staff_message_id)
        return chat if chat in self.handoff_records else None

    async def handoff_end(self, chat_id: int) -> bool:
        self.handoff_messages = {m: c for m, c in self.handoff_messages.items() if c != chat_id}
        return self.handoff_records.pop(chat_id, None) is not None

    async def purge(self, now: float) -> int:
        before = len(self.processed) + len(self.rates) + len(self.texts) + len(self.states)
        self.processed = {u: at for u, at in self.processed.items() if at >= now - PROCESSED_FOR}
        minute = int(now // RATE_WINDOW)
        self.rates = {k: n for k, n in self.rates.items() if k[1] >= minute - 1}
        self.texts = [(t, at) for t, at in self.texts if at >= now - UNANSWERED_FOR]
        self.states = {k: v for k, v in self.states.items() if v[2] >= now - STATE_FOR}
        for chat in [c for c, record in self.handoff_records.items() if record[2] < now - HANDOFF_FOR]:
            await self.handoff_end(chat)
        return before - (len(self.processed) + len(self.rates) + len(self.texts) + len(self.states))
