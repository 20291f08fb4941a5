"""Logging that cannot leak: the token is redacted everywhere, and no library logs message text.

python-telegram-bot logs the token ("Set Bot API URL") and whole updates (with what people wrote) at DEBUG,
and httpx logs every request URL (which holds the token) at INFO; those loggers are held above that level
whatever LOG_LEVEL says, and a redaction filter on every handler is the second guard.
"""

from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN_LIKE = re.compile(r"\d{4,}:[A-Za-z0-9_-]{20,}")
QUIET = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "telegram.ext": logging.INFO,
    "apscheduler": logging.WARNING,
    "aiohttp.access": logging.WARNING,
}


class RedactFilter(logging.Filter):
    """Replaces the token (and anything shaped like a bot token) with [REDACTED] in the final message."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = TOKEN_LIKE.sub("[REDACTED]", message)
        for secret in self._secrets:
            clean = clean.replace(secret, "[REDACTED]")
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            text = TOKEN_LIKE.sub("[REDACTED]", record.exc_text)
            for secret in self._secrets:
                text = text.replace(secret, "[REDACTED]")
            record.exc_text = text
        record.msg, record.args = clean, None
        return True


class NoUpdateContent(logging.Filter):
    """python-telegram-bot's own records never carry what people wrote, at any level.

    Its loggers interpolate whole updates and request data ("Processing update %s", "Received data was *not*
    processed! Received data was: %r", "Calling Bot API endpoint `%s` with parameters `%s`"). For `telegram.*`
    records, only numbers and identifier-like words (method names) are kept as arguments; anything else becomes
    [removed]. A traceback keeps its frames (files, lines) and exception types, never the exception's message.
    """

    _WORD = re.compile(r"^[A-Za-z_][\w.]{0,63}$")

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("telegram"):
            return True
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(self._keep(a) for a in args)
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and not _is_network_error(error):  # those become one line below
            record.exc_text = where(error)
            record.exc_info = None
        return True

    def _keep(self, value: object) -> object:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str) and self._WORD.match(value):
            return value
        if isinstance(value, BaseException):
            return type(value).__name__
        return "[removed]"


def where(error: BaseException) -> str:
    """The exception's types and traceback frames (file, line, function), with no message and no locals.

    An exception's message and the source lines may quote what the person wrote; frames never do.
    Chained exceptions ("caused by") are listed too.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = f"{type(current).__module__}.{type(current).__qualname__}"
        frames = [
            f"  at {_short(frame.filename)}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(current.__traceback__)
        ]
        parts.append("\n".join([name, *frames]))
        current = current.__cause__ or current.__context__
    return "\n caused by ".join(parts)


def _short(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        site = next((i for i, part in enumerate(path.parts) if part == "site-packages"), None)
        return str(Path(*path.parts[site + 1 :])) if site is not None else path.name


def _is_network_error(error: BaseException) -> bool:
    from telegram.error import NetworkError

    return isinstance(error, NetworkError)


class NetworkErrorsInOneLine(logging.Filter):
    """A Bot API outage is an expected event: one line saying what failed, not a traceback per retry."""

    def filter(self, record: logging.LogRecord) -> bool:
        from telegram.error import NetworkError

        # python-telegram-bot also logs each unreadable answer (a proxy's "Bad Gateway" page) with a traceback.
        if record.exc_info and (
            isinstance(record.exc_info[1], NetworkError) or record.name.startswith("telegram.request")
        ):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def setup_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NoUpdateContent())
    handler.addFilter(NetworkErrorsInOneLine())
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
