"""Settings from the environment (and a .env file): read and validated once, at start."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.model import LANGUAGES

TOKEN_PATTERN = re.compile(r"^\d{4,}:[A-Za-z0-9_-]{20,}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,256}$")  # Telegram allows 1-256; fewer than 32 is guessable


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)
    api_base_url: str = "https://api.telegram.org/bot"
    mode: str = "polling"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"  # behind a TLS reverse proxy; never plain HTTP on every interface by default
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)
    admin_chat_ids: frozenset[int] = frozenset()
    staff_chat_id: int | None = None  # the charity's staff group: "talk to a person" is relayed there
    admin_user_ids: frozenset[int] = frozenset()  # people allowed in the admin chats that are groups
    default_language: str = "fr"
    knowledge_dir: str | None = None
    data_dir: Path = Path("./data")
    model_dir: Path | None = None  # where trained weights are kept; None: DATA_DIR/models
    state_url: str = ""  # empty: sqlite:///DATA_DIR/state.sqlite3
    chat_hash_key: bytes = field(default=b"", repr=False)  # shared by replicas; empty: DATA_DIR/chat-hash.key
    log_level: str = "INFO"
    unanswered_log: bool = False
    rate_limit_per_minute: int = 20
    outgoing_per_second: float = 30.0  # Telegram's own limit for a bot; 0 turns the outgoing limiter off

    @property
    def models(self) -> Path:
        """MODEL_DIR, or DATA_DIR/models: the trained weights kept between starts (bot.core.learned.train)."""
        return self.model_dir or self.data_dir / "models"

    def state_location(self) -> str:
        """STATE_URL, or the SQLite file under DATA_DIR."""
        return self.state_url or f"sqlite:///{self.data_dir.resolve() / 'state.sqlite3'}"


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; comments and blank lines ignored; quotes around a value removed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: dict[str, str] | None = None, dotenv: Path | None = Path(".env"), require_token: bool = True
) -> Settings:
    """Settings from `environ` over the .env file; raise SettingsError naming the first bad setting."""
    env = {**(read_dotenv(dotenv) if dotenv else {}), **(environ if environ is not None else os.environ)}

    def get(name: str, default: str = "") -> str:
        return (env.get(name) or default).strip()

    token = get("TELEGRAM_BOT_TOKEN")
    if require_token and not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
    if token and not TOKEN_PATTERN.match(token):
        raise SettingsError("TELEGRAM_BOT_TOKEN is malformed (expected digits, a colon and the secret part)")
    mode = get("BOT_MODE", "polling").lower()
    if mode not in ("polling", "webhook"):
        raise SettingsError(f"BOT_MODE must be polling or webhook, not {mode!r}")
    secret = get("WEBHOOK_SECRET")
    if mode == "webhook":
        if not get("WEBHOOK_URL").startswith("https://") and not get("WEBHOOK_URL").startswith("http://127."):
            raise SettingsError("WEBHOOK_URL must be an https:// URL in webhook mode")
        if not SECRET_PATTERN.match(secret):
            raise SettingsError("WEBHOOK_SECRET must be 32-256 characters A-Z a-z 0-9 _ - in webhook mode")
    try:
        port = int(get("WEBHOOK_PORT", "8443"))
        admins = frozenset(int(x) for x in get("ADMIN_CHAT_IDS").replace(" ", "").split(",") if x)
        admin_users = frozenset(int(x) for x in get("ADMIN_USER_IDS").replace(" ", "").split(",") if x)
        per_minute = int(get("RATE_LIMIT_PER_MINUTE", "20"))
        outgoing = float(get("OUTGOING_PER_SECOND", "30"))
        staff = int(get("STAFF_CHAT_ID")) if get("STAFF_CHAT_ID") else None
    except ValueError as exc:
        raise SettingsError(
            f"WEBHOOK_PORT, ADMIN_CHAT_IDS, ADMIN_USER_IDS, STAFF_CHAT_ID and the rate limits must be numbers ({exc})"
        ) from None
    state_url = get("STATE_URL")
    if state_url and not state_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise SettingsError("STATE_URL must be sqlite:///PATH or postgresql://USER@HOST/DB")
    lang = get("DEFAULT_LANGUAGE", "fr")
    if lang not in LANGUAGES:
        raise SettingsError(f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    level = get("LOG_LEVEL", "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    try:
        hash_key = bytes.fromhex(get("CHAT_HASH_KEY"))
    except ValueError:
        raise SettingsError("CHAT_HASH_KEY must be hexadecimal (64 digits or more)") from None
    if hash_key and len(hash_key) < 32:
        raise SettingsError("CHAT_HASH_KEY must be at least 32 bytes (64 hexadecimal digits)")
    if state_url.startswith("postgres") and not hash_key:
        raise SettingsError("CHAT_HASH_KEY is required with a PostgreSQL STATE_URL: every replica needs the same key")
    return Settings(
        token=token,
        api_base_url=get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
        mode=mode,
        webhook_url=get("WEBHOOK_URL"),
        webhook_listen=get("WEBHOOK_LISTEN", "127.0.0.1"),
        webhook_port=port,
        webhook_secret=secret,
        admin_chat_ids=admins,
        staff_chat_id=staff,
        admin_user_ids=admin_users,
        default_language=lang,
        knowledge_dir=get("KNOWLEDGE_DIR") or None,
        data_dir=Path(get("DATA_DIR", "./data")),
        model_dir=Path(get("MODEL_DIR")) if get("MODEL_DIR") else None,
        state_url=state_url,
        chat_hash_key=hash_key,
        log_level=level,
        unanswered_log=get("UNANSWERED_LOG", "off").lower() in ("on", "1", "true", "yes"),
        rate_limit_per_minute=per_minute,
        outgoing_per_second=outgoing,
    )
