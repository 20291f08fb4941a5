"""The store in PostgreSQL (asyncpg), shared by every replica: STATE_URL=postgresql://…"""

from __future__ import annotations

import logging
import time
from typing import Any

import asyncpg

from bot.core.state import ChatState
from bot.store.base import RATE_WINDOW, UNANSWERED_FOR, Store, StoreUnavailable, decode, encode, expiry

log = logging.getLogger("hellef.store")

LEADER_LOCK = 0x48454C4C  # "HELL": the advisory lock of the replica that registers webhook and commands
MIGRATE_LOCK = 0x48454C4D  # taken while migrating, so two replicas starting together do not race
MIGRATIONS = [
    """
    CREATE TABLE chat_state (chat_key TEXT PRIMARY KEY, state TEXT NOT NULL, updated DOUBLE PRECISION NOT NULL,
                             version BIGINT NOT NULL DEFAULT 1);
    CREATE INDEX chat_state_updated ON chat_state (updated);
    CREATE TABLE votes (chat_key TEXT NOT NULL, service TEXT NOT NULL, lang TEXT NOT NULL, vote TEXT NOT NULL,
                        PRIMARY KEY (chat_key, service));
    CREATE TABLE unanswered (text TEXT NOT NULL, day DOUBLE PRECISION NOT NULL);
    CREATE TABLE processed (update_id BIGINT PRIMARY KEY, at DOUBLE PRECISION NOT NULL);
    CREATE TABLE rate (chat_key TEXT NOT NULL, slot BIGINT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (chat_key, slot));
    CREATE TABLE handoff (chat_id BIGINT PRIMARY KEY, lang TEXT NOT NULL, topic TEXT, started DOUBLE PRECISION);
    CREATE TABLE handoff_message (staff_message_id BIGINT PRIMARY KEY, chat_id BIGINT NOT NULL);
    """,
]
# Errors that mean "not reachable now" (the bot then answers from memory), not "the query is wrong".
UNREACHABLE = (
    OSError,
    TimeoutError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.InsufficientResourcesError,
)


class PostgresStore(Store):
    """A pool larger than bot.serving.WORKERS, so that waiting for a connection never looks like an outage."""

    name = "postgresql"

    def __init__(self, url: str, pool_size: int = 20, timeout: float = 3.0) -> None:
        self.url = url
        self.pool_size = pool_size
        self.timeout = timeout
        self._pool: asyncpg.Pool | None = None
        self._leader: asyncpg.Connection | None = None

    async def open(self) -> None:
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.pool_size, timeout=self.timeout, command_timeout=self.timeout
            )
            async with self._pool.acquire() as db, db.transaction():
                await db.execute("SELECT pg_advisory_xact_lock($1)", MIGRATE_LOCK)
                await db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                version = await db.fetchval("SELECT max(version) FROM schema_version") or 0
                for step in range(version, len(MIGRATIONS)):
                    await db.execute(MIGRATIONS[step])
                    await db.execute("INSERT INTO schema_version VALUES ($1)", step + 1)
        except UNREACHABLE as exc:
            await self.close()
            raise StoreUnavailable(f"PostgreSQL unreachable ({type(exc).__name__})") from None

    async def close(self) -> None:
        for closing in (self._leader, self._pool):
            if closing is not None:
                try:
                    await closing.close()
                except UNREACHABLE:
                    pass
        self._pool, self._leader = None, None

    async def _fetch(self, method: str, sql: str, *args: Any) -> Any:
        if self._pool is None:
            raise StoreUnavailable("PostgreSQL not connected")
        try:
            async with self._pool.acquire(timeout=self.timeout) as db:
                return await getattr(db, method)(sql, *args)
        except UNREACHABLE as exc:
            raise StoreUnavailable(f"PostgreSQL: {type(exc).__name__}") from None

    async def ping(self) -> bool:
        try:
            return await self._fetch("fetchval", "SELECT 1") == 1
        except StoreUnavailable:
            return False

    async def load(self, key: str) -> tuple[ChatState, int]:
        row = await self._fetch("fetchrow", "SELECT state, version FROM chat_state WHERE chat_key = $1", key)
        return (decode(row["state"]), row["version"]) if row else (ChatState(), 0)

    async def save(self, key: str, state: ChatState, version: int | None) -> bool:
        data, now = encode(state), time.time()
        if version is None:
            sql = (
                "INSERT INTO chat_state VALUES ($1, $2, $3, 1) ON CONFLICT (chat_key) DO UPDATE SET "
                "state = excluded.state, updated = excluded.updated, version = chat_state.version + 1 "
                "RETURNING version"
            )
            return await self._fetch("fetchval", sql, key, data, now) is not None
        if version == 0:
            sql = "INSERT INTO chat_state VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING RETURNING version"
            return await self._fetch("fetchval", sql, key, data, now) is not None
        sql = (
            "UPDATE chat_state SET state = $2, updated = $3, version = version + 1 "
            "WHERE chat_key = $1 AND version = $4 RETURNING version"
        )
        return await self._fetch("fetchval", sql, key, data, now, version) is not None

    async def forget(self, key: str) -> None:
        for table in ("chat_state", "votes", "rate"):
            await self._fetch("execute", f"DELETE FROM {table} WHERE chat_key = $1", key)

    async def vote(self, key: str, service: str, lang: str, vote: str) -> None:
        await self._fetch(
            "execute",
            "INSERT INTO votes VALUES ($1, $2, $3, $4) ON CONFLICT (chat_key, service) DO UPDATE SET "
            "lang = excluded.lang, vote = excluded.vote",
            key,
            service,
            lang,
            vote,
        )

    async def feedback(self) -> list[tuple[str, str, str, int]]:
        rows = await self._fetch(
            "fetch",
            "SELECT service, lang, vote, count(*) AS n FROM votes GROUP BY service, lang, vote "
            "ORDER BY n DESC, service",
        )
        return [(r["service"], r["lang"], r["vote"], int(r["n"])) for r in rows]

    async def log_unanswered(self, text: str) -> None:
        await self._fetch("execute", "INSERT INTO unanswered VALUES ($1, $2)", text, time.time())

    async def unanswered(self) -> list[str]:
        rows = await self._fetch("fetch", "SELECT text FROM unanswered WHERE day >= $1", time.time() - UNANSWERED_FOR)
        return [r["text"] for r in rows]

    async def claim_update(self, update_id: int) -> bool:
        sql = "INSERT INTO processed VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING update_id"
        return await self._fetch("fetchval", sql, update_id, time.time()) is not None

    async def hit(self, key: str, now: float) -> tuple[int, int]:
        sql = (
            "WITH counted AS (INSERT INTO rate VALUES ($1, $2, 1) ON CONFLICT (chat_key, slot) DO UPDATE "
            "SET n = rate.n + 1 RETURNING n) SELECT (SELECT n FROM counted) AS now, "
            "coalesce((SELECT n FROM rate WHERE chat_key = $1 AND slot = $2 - 1), 0) AS last"
        )
        row = await self._fetch("fetchrow", sql, key, int(now // RATE_WINDOW))
        return int(row["now"]), int(row["last"])

    async def handoff_start(self, chat_id: int, lang: str, topic: str | None) -> None:
        await self._fetch(
            "execute",
            "INSERT INTO handoff VALUES ($1, $2, $3, $4) ON CONFLICT (chat_id) DO UPDATE SET "
            "lang = excluded.lang, topic = excluded.topic, started = excluded.started",
            chat_id,
            lang,
            topic,
            time.time(),
        )

    async def handoff_of(self, chat_id: int) -> tuple[str, str | None] | None:
        row = await self._fetch("fetchrow", "SELECT lang, topic FROM handoff WHERE chat_id = $1", chat_id)
        return (row["lang"], row["topic"]) if row else None

    async def handoff_chats(self) -> list[int]:
        return [r["chat_id"] for r in await self._fetch("fetch", "SELECT chat_id FROM handoff ORDER BY started")]

    async def handoff_link(self, staff_message_id: int, chat_id: int) -> None:
        await self._fetch(
            "execute",
            "INSERT INTO handoff_message VALUES ($1, $2) ON CONFLICT (staff_message_id) DO UPDATE SET "
            "chat_id = excluded.chat_id",
            staff_message_id,
            chat_id,
        )

    async def handoff_chat_for(self, staff_message_id: int) -> int | None:
        return await self._fetch(
            "fetchval",
            "SELECT m.chat_id FROM handoff_message m JOIN handoff h ON h.chat_id = m.chat_id "
            "WHERE m.staff_message_id = $1",
            staff_message_id,
        )

    async def handoff_end(self, chat_id: int) -> bool:
        ended = await self._fetch("execute", "DELETE FROM handoff WHERE chat_id = $1", chat_id)
        await self._fetch("execute", "DELETE FROM handoff_message WHERE chat_id = $1", chat_id)
        return ended != "DELETE 0"

    async def purge(self, now: float) -> int:
        deleted = 0
        for sql, arg in expiry(now):
            rate = sql.startswith("DELETE FROM rate")  # its column is an integer
            args = () if arg is None else (int(arg) if rate else arg,)
            status = await self._fetch("execute", sql.format(p="$1"), *args)
            deleted += int(status.split()[-1])
        return deleted

    async def try_leader(self) -> bool:
        """A session advisory lock on a connection of its own, held until this replica stops."""
        try:
            db = await asyncpg.connect(self.url, timeout=self.timeout)
            if await db.fetchval("SELECT pg_try_advisory_lock($1)", LEADER_LOCK):
                self._leader = db
                return True
            await db.close()
        except UNREACHABLE:
            pass
        return False
