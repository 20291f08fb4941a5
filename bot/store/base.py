"""The one interface every state store offers (SQLite, PostgreSQL, memory), and what it keeps.

What is kept, all keyed by a keyed hash of the chat id, never any message text:
- chat state (language, topics) with a version number, so two writers never lose each other's changes;
- hand-offs to staff (language and topic; the chat id itself only while the hand-off lasts);
- one feedback vote per chat and service;
- rate-limit counters per chat and minute;
- processed update ids for a day (an update delivered twice is answered once);
- with UNANSWERED_LOG=on only, the scrubbed normalised text of unanswered questions, without any chat key.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod

from bot.core.state import ChatState

log = logging.getLogger("hellef.store")

DAY = 86_400.0
PROCESSED_FOR = DAY  # seconds an update id is remembered
RATE_WINDOW = 60  # seconds per rate-limit counter
UNANSWERED_FOR = 30 * DAY
HANDOFF_FOR = 30 * DAY  # a hand-off nobody ended: its chat id is not kept longer
STATE_FOR = 180 * DAY  # a chat silent this long starts afresh (also reaches rows orphaned by a new key)


class StoreUnavailable(Exception):
    """The store cannot be reached (server down, file locked, disk full); the bot answers from memory."""


def encode(state: ChatState) -> str:
    return json.dumps(state.to_dict(), sort_keys=True)


def decode(raw: str | None) -> ChatState:
    if raw is None:
        return ChatState()
    try:
        return ChatState.from_dict(json.loads(raw))
    except (ValueError, TypeError):
        log.warning("unreadable state for one chat: starting it clean")
        return ChatState()


class Store(ABC):
    """Async, so a network database never blocks the event loop. Every write is atomic on its own."""

    name = "store"

    @abstractmethod
    async def open(self) -> None:
        """Connect and create or migrate the schema; raise StoreUnavailable when it cannot be reached."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def ping(self) -> bool:
        """True when the store answers now."""

    @abstractmethod
    async def load(self, key: str) -> tuple[ChatState, int]:
        """The chat's state and its version (0: nothing kept)."""

    @abstractmethod
    async def save(self, key: str, state: ChatState, version: int | None) -> bool:
        """Write if the kept version is still `version` (None: write whatever is kept); False on a conflict."""

    @abstractmethod
    async def forget(self, key: str) -> None:
        """Erase the chat's state, votes and counters (its hand-off ends with handoff_end)."""

    @abstractmethod
    async def vote(self, key: str, service: str, lang: str, vote: str) -> None:
        """One vote per chat and service: a second press replaces the first."""

    @abstractmethod
    async def feedback(self) -> list[tuple[str, str, str, int]]:
        """(service, lang, vote, count), most counted first."""

    @abstractmethod
    async def log_unanswered(self, text: str) -> None: ...

    @abstractmethod
    async def unanswered(self) -> list[str]: ...

    @abstractmethod
    async def claim_update(self, update_id: int) -> bool:
        """True the first time an update id is seen (by any replica), False after."""

    @abstractmethod
    async def hit(self, key: str, now: float) -> tuple[int, int]:
        """Count one update for this chat in the current minute; return this minute's and the last minute's."""

    # Hand-offs to the staff group ("talk to a person", after the person agreed). The raw chat id is kept only
    # while a hand-off lasts, to send the staff's answers back; ending it, /forget or 30 days delete it.

    @abstractmethod
    async def handoff_start(self, chat_id: int, lang: str, topic: str | None) -> None: ...

    @abstractmethod
    async def handoff_of(self, chat_id: int) -> tuple[str, str | None] | None:
        """(language, topic) of this chat's hand-off, or None when there is none."""

    @abstractmethod
    async def handoff_chats(self) -> list[int]:
        """The chats in a hand-off, oldest first."""

    @abstractmethod
    async def handoff_link(self, staff_message_id: int, chat_id: int) -> None:
        """Remember which chat a message relayed to the staff group came from (for the staff's reply)."""

    @abstractmethod
    async def handoff_chat_for(self, staff_message_id: int) -> int | None:
        """The chat a relayed message came from, while its hand-off lasts."""

    @abstractmethod
    async def handoff_end(self, chat_id: int) -> bool:
        """End this chat's hand-off and forget its chat id; True when there was one."""

    @abstractmethod
    async def purge(self, now: float) -> int:
        """Delete what has expired (update ids, counters, unanswered log, silent chats); the rows deleted."""

    async def try_leader(self) -> bool:
        """True for the one replica that registers the webhook and commands (kept while it runs)."""
        return True


def expiry(now: float) -> list[tuple[str, float | None]]:
    """What expires, for every SQL backend: (a DELETE with {p} for its placeholder, the argument)."""
    return [
        ("DELETE FROM processed WHERE at < {p}", now - PROCESSED_FOR),
        ("DELETE FROM rate WHERE slot < {p}", float(int(now // RATE_WINDOW) - 1)),
        ("DELETE FROM unanswered WHERE day < {p}", now - UNANSWERED_FOR),
        ("DELETE FROM chat_state WHERE updated < {p}", now - STATE_FOR),
        ("DELETE FROM handoff WHERE started < {p}", now - HANDOFF_FOR),
        ("DELETE FROM handoff_message WHERE chat_id NOT IN (SELECT chat_id FROM handoff)", None),
    ]


def merge(base: ChatState, mine: ChatState, theirs: ChatState) -> ChatState:
    """Another writer changed the state since `base` was read: keep their fields, apply only what I changed."""
    changed = {
        name: getattr(mine, name)
        for name in ChatState.__dataclass_fields__
        if getattr(mine, name) != getattr(base, name)
    }
    return theirs.with_(**changed)
