"""Chat ids never appear in clear in logs or on disk: they are replaced by keyed hashes.

Two keys, on purpose. The store's key (DATA_DIR/chat-hash.key) links a chat's rows across restarts, for /forget.
Logs use another key that lives only in memory and changes every day: the logs plus DATA_DIR cannot tell who was
in crisis, and lines of different days cannot be linked.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("hellef.privacy")
KEY_BYTES = 32
LOG_KEY_LIFETIME = 86_400.0
_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d+")


def load_key(data_dir: Path | None) -> bytes:
    """The store's hashing key, created once under DATA_DIR (0600 in a 0700 folder); without a folder, new each start.

    A missing or short key is replaced loudly: rows hashed with the old key can no longer be reached by /forget,
    and only expire by age.
    """
    if data_dir is None:
        return secrets.token_bytes(KEY_BYTES)
    path = data_dir / "chat-hash.key"
    if path.is_file():
        key = path.read_bytes()
        if len(key) >= KEY_BYTES:
            return key
        log.warning(
            "the chat hashing key was shorter than %d bytes: a new key is made; older rows expire by age", KEY_BYTES
        )
    elif (data_dir / "state.sqlite3").exists():
        log.warning(
            "the chat hashing key was missing next to existing state: a new key is made; older rows expire by age"
        )
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    key = secrets.token_bytes(KEY_BYTES)
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    os.replace(temporary, path)
    return key


class ChatHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, chat_id: int) -> str:
        return hmac.new(self._key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:16]


class LogHasher:
    """The chat's pseudonym in log lines: a keyed hash with a key kept in memory only and replaced every day."""

    def __init__(self, lifetime: float = LOG_KEY_LIFETIME, clock: Callable[[], float] = time.monotonic) -> None:
        self._lifetime, self._clock = lifetime, clock
        self._key, self._since = secrets.token_bytes(KEY_BYTES), clock()

    def __call__(self, chat_id: int) -> str:
        if self._clock() - self._since >= self._lifetime:
            self._key, self._since = secrets.token_bytes(KEY_BYTES), self._clock()
        return hmac.new(self._key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:12]


def scrub(text: str) -> str:
    """No e-mail address and no digit survives (phone numbers, dates of birth, account numbers, house numbers)."""
    return " ".join(_DIGITS.sub("#", _EMAIL.sub("[email]", text)).split())
