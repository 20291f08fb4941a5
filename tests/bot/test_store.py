"""The state store, on SQLite and on a real PostgreSQL server: atomic per-chat writes, idempotency, migrations,
shared counters, the leader lock, expiry, and an outage with recovery."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import asyncpg
import pytest

from bot.core.state import ChatState
from bot.store import ResilientStore, SqliteStore, store_for
from bot.store.postgres import MIGRATIONS, PostgresStore
from handlers.runtime import Runtime, UpdateScope


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite3'}"
    return request.getfixturevalue("pg_url")


async def opened(url: str):
    store = store_for(url)
    await store.open()
    return store


async def test_migration_from_an_empty_database_then_reopen_is_a_no_op(pg_url):
    store = await opened(pg_url)
    await store.close()
    store = await opened(pg_url)  # a second replica starting: nothing to migrate
    await store.close()
    db = await asyncpg.connect(pg_url)
    try:
        tables = {r["tablename"] for r in await db.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")}
        versions = [r["version"] for r in await db.fetch("SELECT version FROM schema_version")]
    finally:
        await db.close()
    assert {"chat_state", "votes", "unanswered", "processed", "rate", "handoff", "handoff_message"} <= tables
    assert "schema_version" in tables
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_sqlite_file_of_the_first_release_migrates_in_place(tmp_path):
    path = tmp_path / "state.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE chat_state (chat_key TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL);"
        "CREATE TABLE feedback (service TEXT, lang TEXT, vote TEXT, n INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (service, lang, vote));"
        "CREATE TABLE unanswered (text TEXT NOT NULL, day REAL NOT NULL);"
        f"INSERT INTO chat_state VALUES ('k', '{{\"lang\": \"lb\"}}', {time.time()});"
        "INSERT INTO feedback VALUES ('surendettement', 'fr', '+', 3);"
    )
    old.commit()
    old.close()

    async def check() -> None:
        store = SqliteStore(path)
        await store.open()
        state, version = await store.load("k")
        assert state.lang == "lb" and version == 1
        await store.vote("chat", "surendettement", "fr", "+")
        assert await store.feedback() == [("surendettement", "fr", "+", 4)]
        await store.close()

    asyncio.run(check())


async def test_a_write_from_a_stale_version_is_refused(url):
    store = await opened(url)
    try:
        _, version = await store.load("chat")
        assert version == 0
        assert await store.save("chat", ChatState(lang="de"), version)
        assert not await store.save("chat", ChatState(lang="pt"), version)  # another writer got there first
        assert (await store.load("chat"))[0].lang == "de"
    finally:
        await store.close()


async def test_two_replicas_writing_one_chat_at_once_lose_nothing(url):
    """Replica A changes the language, replica B the topic, interleaved: each change survives (version + merge)."""
    a, b = await opened(url), await opened(url)
    replicas = [Runtime(engine=None, store=s, hasher=None, settings=None, limiter=None) for s in (a, b)]  # type: ignore[arg-type]

    async def write(rt: Runtime, field: str, value: str) -> None:
        base, version = await rt.store.load("chat")
        await asyncio.sleep(0)  # let the other replica read the same version
        scope = UpdateScope(key="chat", base=base, version=version, state=base.with_(**{field: value}))
        await rt.finish(scope)

    try:
        for i in range(15):
            await asyncio.gather(
                write(replicas[0], "lang", ["fr", "de", "en"][i % 3]),
                write(replicas[1], "last_topic", f"topic{i}"),
            )
            state, _ = await a.load("chat")
            assert state.lang == ["fr", "de", "en"][i % 3] and state.last_topic == f"topic{i}"
    finally:
        await a.close()
        await b.close()


async def test_an_update_is_claimed_once_across_replicas(url):
    stores = [await opened(url) for _ in range(3)]
    try:
        claims = await asyncio.gather(*(s.claim_update(42) for s in stores for _ in range(4)))
        assert sorted(claims) == [False] * 11 + [True]
        assert await stores[0].claim_update(43)
    finally:
        for s in stores:
            await s.close()


async def test_rate_counters_and_votes_are_shared(url):
    a, b = await opened(url), await opened(url)
    try:
        now = 600.0 * 60 + 5
        counts = [await s.hit("chat", now) for s in (a, b, a, b)]
        assert [c[0] for c in counts] == [1, 2, 3, 4]
        assert (await a.hit("chat", now + 60))[1] == 4  # the next minute sees the last one's count
        await a.vote("chat", "surendettement", "fr", "+")
        await b.vote("chat", "surendettement", "fr", "+")  # the same person again: still one vote
        await b.vote("chat", "surendettement", "fr", "-")  # changed their mind: the vote is replaced
        await b.vote("other", "surendettement", "fr", "+")
        assert sorted(await a.feedback()) == [("surendettement", "fr", "+", 1), ("surendettement", "fr", "-", 1)]
    finally:
        await a.close()
        await b.close()


async def test_forget_erases_the_chat_everywhere(url):
    store = await opened(url)
    try:
        await store.save("chat", ChatState(lang="pt"), None)
        await store.vote("chat", "surendettement", "pt", "+")
        await store.forget("chat")
        assert (await store.load("chat"))[1] == 0
        assert await store.feedback() == []
    finally:
        await store.close()


async def test_handoffs_keep_the_chat_id_only_while_they_last(url):
    a, b = await opened(url), await opened(url)  # two replicas: one starts it, the other relays
    try:
        await a.handoff_start(4242, "lb", "debts")
        assert await b.handoff_of(4242) == ("lb", "debts") and await b.handoff_chats() == [4242]
        await b.handoff_link(900, 4242)
        assert await a.handoff_chat_for(900) == 4242
        assert await a.handoff_end(4242) and not await a.handoff_end(4242)
        assert await b.handoff_of(4242) is None and await b.handoff_chat_for(900) is None
        await a.handoff_start(4243, "fr", None)
        assert await a.purge(time.time() + 31 * 86400) >= 1  # a hand-off nobody ended does not stay
        assert await b.handoff_chats() == []
    finally:
        await a.close()
        await b.close()


async def test_expired_rows_are_purged(url):
    store = await opened(url)
    try:
        await store.claim_update(1)
        await store.hit("chat", time.time())
        await store.log_unanswered("pizza")
        await store.save("chat", ChatState(lang="fr"), None)
        assert await store.purge(time.time()) == 0
        assert await store.purge(time.time() + 400 * 86400) >= 4
        assert await store.claim_update(1)  # forgotten after a day: a new claim
        assert await store.unanswered() == [] and (await store.load("chat"))[1] == 0
    finally:
        await store.close()


async def test_only_one_replica_is_the_leader(pg_url):
    a, b = PostgresStore(pg_url), PostgresStore(pg_url)
    await a.open()
    await b.open()
    try:
        assert [await a.try_leader(), await b.try_leader()] == [True, False]
        await a.close()  # the leader stops: the lock is free for the next one
        assert await b.try_leader()
    finally:
        await b.close()


async def test_postgres_outage_answers_from_memory_and_writes_when_back(postgres, pg_url, caplog):
    store = ResilientStore(store_for(pg_url), retry_every=0.2)
    await store.open()
    try:
        await store.save("chat", ChatState(lang="de"), None)
        postgres.stop()
        assert not await store.ping()
        state, version = await store.load("chat")  # from memory: the bot keeps answering
        assert state == ChatState()
        assert await store.save("chat", ChatState(lang="pt", last_topic="youth"), version)
        await store.vote("chat", "surendettement", "pt", "+")
        assert (await store.load("chat"))[0].lang == "pt"
        postgres.start()
        assert await store.wait_up(15)
        back = PostgresStore(pg_url)
        await back.open()
        assert (await back.load("chat"))[0] == ChatState(lang="pt", last_topic="youth")
        assert await back.feedback() == [("surendettement", "pt", "+", 1)]
        await back.close()
    finally:
        postgres.start()
        await store.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "hellef.store"]
    assert sum("unreachable" in line for line in lines) == 1, lines
    assert sum(line.startswith("state store back") for line in lines) == 1, lines


async def test_postgres_unreachable_at_start_up_is_retried_with_one_log_line(postgres, pg_url, caplog):
    postgres.stop()
    store = ResilientStore(store_for(pg_url), retry_every=0.2)
    try:
        await store.open()  # does not raise: the bot starts and answers from memory
        assert not store.up
        await asyncio.sleep(0.7)  # several retries, still one line
        assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1
        postgres.start()
        assert await store.wait_up(15)
        assert await store.ping()
    finally:
        postgres.start()
        await store.close()


async def test_a_locked_sqlite_database_is_a_passing_outage_never_set_aside(tmp_path):
    path = tmp_path / "state.sqlite3"
    first = SqliteStore(path)
    await first.open()
    await first.save("chat", ChatState(lang="lb"), None)
    await first.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the file
    store = ResilientStore(SqliteStore(path), retry_every=0.1)
    try:
        await store.open()
        assert not store.up
        assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
        holder.execute("COMMIT")
        assert await store.wait_up(10)
        assert (await store.load("chat"))[0].lang == "lb"
    finally:
        holder.close()
        await store.close()


async def test_a_corrupt_sqlite_file_is_set_aside_and_its_journal_not_reused(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"not a database at all" * 200)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"state.sqlite3{suffix}").write_bytes(b"junk")
    store = SqliteStore(path)
    await store.open()
    await store.close()
    assert [p.name.split(".corrupt-")[0] for p in tmp_path.iterdir() if ".corrupt-" in p.name] == ["state.sqlite3"]
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm"))]
    assert all(p.read_bytes() != b"junk" for p in leftovers)  # the old journal never sits beside the new file
