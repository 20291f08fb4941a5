"""The store in one SQLite file under DATA_DIR: the default, for one host (several processes may share it).

A file that is not a database at all is set aside (with its -wal and -shm files) and the bot starts clean.
A locked or full database is a passing outage, never corruption: the file stays, and the bot answers from memory.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from bot.core.state import ChatState
from bot.store.base import RATE_WINDOW, UNANSWERED_FOR, Store, StoreUnavailable, decode, encode, expiry

log = logging.getLogger("hellef.store")

# Each step moves the schema from version i to i + 1 (PRAGMA user_version); step 1 is the layout of the first
# releases, so their files migrate in place.
MIGRATIONS = [
    """
    CREATE TABLE IF NOT EXISTS chat_state (chat_key TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL);
    CREATE TABLE IF NOT EXISTS feedback (service TEXT, lang TEXT, vote TEXT, n INTEGER NOT NULL DEFAULT 0,
                                         PRIMARY KEY (service, lang, vote));
    CREATE TABLE IF NOT EXISTS unanswered (text TEXT NOT NULL, day REAL NOT NULL);
    """,
    """
    ALTER TABLE chat_state ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX IF NOT EXISTS chat_state_updated ON chat_state (updated);
    CREATE TABLE IF NOT EXISTS votes (chat_key TEXT NOT NULL, service TEXT NOT NULL, lang TEXT NOT NULL,
                                      vote TEXT NOT NULL, PRIMARY KEY (chat_key, service));
    CREATE TABLE IF NOT EXISTS processed (update_id INTEGER PRIMARY KEY, at REAL NOT NULL);
    CREATE TABLE IF NOT EXISTS rate (chat_key TEXT NOT NULL, slot INTEGER NOT NULL, n INTEGER NOT NULL,
                                     PRIMARY KEY (chat_key, slot));
    CREATE TABLE IF NOT EXISTS handoff (chat_id INTEGER PRIMARY KEY, lang TEXT NOT NULL, topic TEXT, started REAL);
    CREATE TABLE IF NOT EXISTS handoff_message (staff_message_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL);
    """,
]


def private_dir(path: Path) -> None:
    """The folder, created 0700 (and tightened when it already exists)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def private_file(path: Path) -> None:
    """The file created empty with mode 0600 before anyone writes into it (never written, then chmod-ed)."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


class SqliteStore(Store):
    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    async def open(self) -> None:
        self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        private_dir(self.path.parent)
        if not self.path.exists():
            private_file(self.path)
        try:
            return self._migrate(self.path)
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"SQLite state file unusable for now ({exc})") from None
        except sqlite3.DatabaseError:
            stamp = int(time.time())
            for suffix in ("", "-wal", "-shm"):
                part = self.path.with_name(self.path.name + suffix)
                if part.exists():
                    part.rename(part.with_name(f"{part.name}.corrupt-{stamp}"))
            log.warning(
                "state file was not a readable database: set aside as %s.corrupt-%d, starting clean",
                self.path.name,
                stamp,
            )
            private_file(self.path)
            return self._migrate(self.path)

    @staticmethod
    def _migrate(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=1.0, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("BEGIN IMMEDIATE")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, len(MIGRATIONS)):
                for statement in filter(str.strip, MIGRATIONS[step].split(";")):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        for suffix in ("-wal", "-shm"):
            part = path.with_name(path.name + suffix)
            if part.exists():
                os.chmod(part, 0o600)
        return db

    def _run(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        if self._db is None:
            raise StoreUnavailable("SQLite state file not open")
        try:
            with self._lock:
                return self._db.execute(sql, args)
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"SQLite: {type(exc).__name__}") from None

    async def close(self) -> None:
        if self._db is not None:
            with self._lock:
                self._db.close()
            self._db = None

    async def ping(self) -> bool:
        try:
            self._run("SELECT 1").fetchone()
            return True
        except StoreUnavailable:
            return False

    async def load(self, key: str) -> tuple[ChatState, int]:
        row = self._run("SELECT state, version FROM chat_state WHERE chat_key = ?", (key,)).fetchone()
        return (decode(row[0]), row[1]) if row else (ChatState(), 0)

    async def save(self, key: str, state: ChatState, version: int | None) -> bool:
        data, now = encode(state), time.time()
        if version is None:
            sql = (
                "INSERT INTO chat_state (chat_key, state, updated, version) VALUES (?, ?, ?, 1) "
                "ON CONFLICT(chat_key) DO UPDATE SET state = excluded.state, updated = excluded.updated, "
                "version = chat_state.version + 1"
            )
            return self._run(sql, (key, data, now)).rowcount == 1
        if version == 0:
            sql = (
                "INSERT INTO chat_state (chat_key, state, updated, version) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING"
            )
            return self._run(sql, (key, data, now)).rowcount == 1
        sql = "UPDATE chat_state SET state = ?, updated = ?, version = version + 1 WHERE chat_key = ? AND version = ?"
        return self._run(sql, (data, now, key, version)).rowcount == 1

    async def forget(self, key: str) -> None:
        for table in ("chat_state", "votes", "rate"):
            self._run(f"DELETE FROM {table} WHERE chat_key = ?", (key,))

    async def vote(self, key: str, service: str, lang: str, vote: str) -> None:
        self._run(
            "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT(chat_key, service) DO UPDATE SET "
            "lang = excluded.lang, vote = excluded.vote",
            (key, service, lang, vote),
        )

    async def feedback(self) -> list[tuple[str, str, str, int]]:
        rows = self._run(
            "SELECT service, lang, vote, sum(n) AS total FROM ("
            " SELECT service, lang, vote, count(*) AS n FROM votes GROUP BY service, lang, vote"
            " UNION ALL SELECT service, lang, vote, n FROM feedback"  # counts kept before one vote per chat
            ") GROUP BY service, lang, vote ORDER BY total DESC, service"
        ).fetchall()
        return [tuple(r) for r in rows]

    async def log_unanswered(self, text: str) -> None:
        self._run("INSERT INTO unanswered VALUES (?, ?)", (text, time.time()))

    async def unanswered(self) -> list[str]:
        rows = self._run("SELECT text FROM unanswered WHERE day >= ?", (time.time() - UNANSWERED_FOR,)).fetchall()
        return [r[0] for r in rows]

    async def claim_update(self, update_id: int) -> bool:
        sql = "INSERT INTO processed VALUES (?, ?) ON CONFLICT DO NOTHING"
        return self._run(sql, (update_id, time.time())).rowcount == 1

    async def hit(self, key: str, now: float) -> tuple[int, int]:
        slot = int(now // RATE_WINDOW)
        row = self._run(
            "INSERT INTO rate VALUES (?, ?, 1) ON CONFLICT(chat_key, slot) DO UPDATE SET n = n + 1 RETURNING n",
            (key, slot),
        ).fetchone()
        last = self._run("SELECT n FROM rate WHERE chat_key = ? AND slot = ?", (key, slot - 1)).fetchone()
        return int(row[0]), int(last[0]) if last else 0

    async def handoff_start(self, chat_id: int, lang: str, topic: str | None) -> None:
        self._run("INSERT OR REPLACE INTO handoff VALUES (?, ?, ?, ?)", (chat_id, lang, topic, time.time()))

    async def handoff_of(self, chat_id: int) -> tuple[str, str | None] | None:
        row = self._run("SELECT lang, topic FROM handoff WHERE chat_id = ?", (chat_id,)).fetchone()
        return (row[0], row[1]) if row else None

    async def handoff_chats(self) -> list[int]:
        return [r[0] for r in self._run("SELECT chat_id FROM handoff ORDER BY started").fetchall()]

    async def handoff_link(self, staff_message_id: int, chat_id: int) -> None:
        self._run("INSERT OR REPLACE INTO handoff_message VALUES (?, ?)", (staff_message_id, chat_id))

    async def handoff_chat_for(self, staff_message_id: int) -> int | None:
        row = self._run(
            "SELECT m.chat_id FROM handoff_message m JOIN handoff h ON h.chat_id = m.chat_id "
            "WHERE m.staff_message_id = ?",
            (staff_message_id,),
        ).fetchone()
        return row[0] if row else None

    async def handoff_end(self, chat_id: int) -> bool:
        ended = self._run("DELETE FROM handoff WHERE chat_id = ?", (chat_id,)).rowcount
        self._run("DELETE FROM handoff_message WHERE chat_id = ?", (chat_id,))
        return bool(ended)

    async def purge(self, now: float) -> int:
        return sum(self._run(sql.format(p="?"), () if arg is None else (arg,)).rowcount for sql, arg in expiry(now))
