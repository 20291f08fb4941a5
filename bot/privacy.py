"""Chat ids never appear in clear in logs or on disk: they are replaced by a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path


def load_key(data_dir: Path | None) -> bytes:
    """The hashing key, created once under DATA_DIR (random; without a folder, new at each start)."""
    if data_dir is None:
        return secrets.token_bytes(32)
    path = data_dir / "chat-hash.key"
    if path.is_file() and len(path.read_bytes()) >= 32:
        return path.read_bytes()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    path.write_bytes(key)
    path.chmod(0o600)
    return key


class ChatHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, chat_id: int) -> str:
        return hmac.new(self._key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:16]
