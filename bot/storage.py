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
CREATE TABLE IF NOT EXISTS handoff (chat_id INTEGER PRIMARY KEY, lang TEXT NOT NULL, topic TEXT, started REAL);
CREATE TABLE IF NOT EXISTS handoff_message (staff_message_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL);
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

    # Hand-offs to the staff group. The raw chat id is kept only while a hand-off lasts (the bot must be able
    # to send the staff's answers back); ending it, or /forget, deletes it. Never any message text.

    def handoff_start(self, chat_id: int, lang: str, topic: str | None) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO handoff VALUES (?, ?, ?, ?)", (chat_id, lang, topic, time.time()))

    def handoff_of(self, chat_id: int) -> tuple[str, str | None] | None:
        """(language, topic) of this chat's hand-off, or None when there is none."""
        with self._lock:
            row = self._db.execute("SELECT lang, topic FROM handoff WHERE chat_id = ?", (chat_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def handoff_chats(self) -> list[int]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT chat_id FROM handoff ORDER BY started").fetchall()]

    def handoff_link(self, staff_message_id: int, chat_id: int) -> None:
        """Remember which chat a message relayed to the staff group came from (for the staff's reply)."""
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO handoff_message VALUES (?, ?)", (staff_message_id, chat_id))

    def handoff_chat_for(self, staff_message_id: int) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT m.chat_id FROM handoff_message m JOIN handoff h ON h.chat_id = m.chat_id "
                "WHERE m.staff_message_id = ?",
                (staff_message_id,),
            ).fetchone()
        return row[0] if row else None

    def handoff_end(self, chat_id: int) -> bool:
        """End this chat's hand-off and forget its chat id; True when there was one."""
        with self._lock, self._db:
            ended = self._db.execute("DELETE FROM handoff WHERE chat_id = ?", (chat_id,)).rowcount
            self._db.execute("DELETE FROM handoff_message WHERE chat_id = ?", (chat_id,))
        return bool(ended)
