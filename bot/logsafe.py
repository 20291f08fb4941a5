"""Logging that cannot leak: the token is redacted everywhere, and no library logs message text.

python-telegram-bot logs the token ("Set Bot API URL") and whole updates (with what people wrote) at DEBUG,
and httpx logs every request URL (which holds the token) at INFO; those loggers are held above that level
whatever LOG_LEVEL says, and a redaction filter on every handler is the second guard.
"""

from __future__ import annotations

import logging
import re

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
    handler.addFilter(NetworkErrorsInOneLine())
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
