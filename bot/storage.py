"""Per-chat state kept across restarts in SQLite: language and topics only, never message text.

Each change is written at once (not every 60 s), so a crash loses nothing. A file that is not a readable
database is set aside with a warning and the bot starts clean: it never refuses to start over its memory.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path

from bot.core.state import ChatState

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_state (chat_key TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (service TEXT, lang TEXT, vote TEXT, n INTEGER NOT NULL DEFAULT 0,
                                     PRIMARY KEY (service, lang, vote));
CREATE TABLE IF NOT EXISTS unanswered (text TEXT NOT NULL, day REAL NOT NULL);
"""


class ChatStore:
    """Chat states keyed by a keyed hash of the chat id (see bot.privacy)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = self._open(path)

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return self._init(sqlite3.connect(":memory:", check_same_thread=False))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._init(sqlite3.connect(path, check_same_thread=False))
            db.execute("SELECT count(*) FROM chat_state").fetchone()
            return db
        except sqlite3.DatabaseError:
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            path.rename(aside)
            log.warning("state file was not a readable database: set aside as %s, starting clean", aside.name)
            return self._init(sqlite3.connect(path, check_same_thread=False))

    @staticmethod
    def _init(db: sqlite3.Connection) -> sqlite3.Connection:
        db.executescript(SCHEMA)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def get(self, key: str) -> ChatState:
        with self._lock:
            row = self._db.execute("SELECT state FROM chat_state WHERE chat_key = ?", (key,)).fetchone()
        if row is None:
            return ChatState()
        try:
            return ChatState.from_dict(json.loads(row[0]))
        except (ValueError, TypeError):
            log.warning("unreadable state for one chat: starting it clean")
            return ChatState()

    def put(self, key: str, state: ChatState) -> None:
        data = json.dumps(state.to_dict(), sort_keys=True)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO chat_state VALUES (?, ?, ?) ON CONFLICT(chat_key) DO UPDATE SET "
                "state = excluded.state, updated = excluded.updated",
                (key, data, time.time()),
            )

    def forget(self, key: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM chat_state WHERE chat_key = ?", (key,))

    def count_feedback(self, service: str, lang: str, vote: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, 1) ON CONFLICT(service, lang, vote) DO UPDATE SET n = n + 1",
                (service, lang, vote),
            )

    def feedback(self) -> list[tuple[str, str, str, int]]:
        with self._lock:
            return self._db.execute("SELECT service, lang, vote, n FROM feedback ORDER BY n DESC").fetchall()

    def log_unanswered(self, normalised: str, max_age_days: int = 30) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.execute("INSERT INTO unanswered VALUES (?, ?)", (normalised, now))
            self._db.execute("DELETE FROM unanswered WHERE day < ?", (now - max_age_days * 86400,))

    def unanswered(self, max_age_days: int = 30) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT text FROM unanswered WHERE day >= ?", (time.time() - max_age_days * 86400,)
            ).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
