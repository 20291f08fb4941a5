"""A real PostgreSQL 16 server for the tests, from the pgserver package (no mock, no skip).

It listens on a Unix socket inside its own data folder; `stop()` and `start()` make an outage on demand.
Each test gets a database of its own.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
from pathlib import Path

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))  # pgserver's platformdirs asks for it

import asyncpg
import pgserver

_names = itertools.count(1)


class Postgres:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._server = pgserver.get_server(folder, cleanup_mode="stop")
        self.admin_url = self._server.get_uri()

    def start(self) -> None:
        self._server = pgserver.get_server(self.folder, cleanup_mode="stop")

    def stop(self) -> None:
        self._server.cleanup()

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        name = f"t{os.getpid()}_{next(_names)}"

        async def create() -> None:
            db = await asyncpg.connect(self.admin_url)
            try:
                await db.execute(f'CREATE DATABASE "{name}"')
            finally:
                await db.close()

        asyncio.run(create())
        return self.admin_url.replace("/postgres?", f"/{name}?")
