"""Shared state behind one interface: `open_store(STATE_URL)` gives the store the bot uses.

`sqlite:///PATH` (the default: DATA_DIR/state.sqlite3) for one host, `postgresql://…` for several replicas,
`memory:` for the console and tests. See bot/store/base.py for what is kept.
"""

from __future__ import annotations

from pathlib import Path

from bot.store.base import Store, StoreUnavailable, merge
from bot.store.memory import MemoryStore
from bot.store.resilient import ResilientStore
from bot.store.sqlite import SqliteStore


def store_for(url: str) -> Store:
    """The backend named by a STATE_URL (not yet opened)."""
    if url.startswith(("postgresql://", "postgres://")):
        from bot.store.postgres import PostgresStore  # asyncpg only imported when used

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        return SqliteStore(Path(url.removeprefix("sqlite:///")))
    if url.startswith("sqlite://"):
        return SqliteStore(Path(url.removeprefix("sqlite://")))
    if url == "memory:":
        return MemoryStore()
    raise ValueError("STATE_URL must start with sqlite:///, postgresql:// or be memory:")


def open_store(url: str, retry_every: float = 2.0) -> ResilientStore:
    return ResilientStore(store_for(url), retry_every=retry_every)


__all__ = ["MemoryStore", "ResilientStore", "SqliteStore", "Store", "StoreUnavailable", "merge", "open_store"]
