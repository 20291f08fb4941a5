"""The last guard: any exception is logged (without text or token) and the person gets an apology."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from handlers.runtime import runtime

log = logging.getLogger("hellef.errors")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the user something went wrong. Copes with `update is None` and never raises."""
    error = context.error
    log.error("handler error: %s: %s", type(error).__name__, _safe(error), exc_info=False)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        rt = runtime(context)
        state = rt.state(update)
        text = rt.engine.compose.t(state.lang or rt.settings.default_language, "error_apology")
        await context.bot.send_message(update.effective_chat.id, text)
    except Exception as exc:
        log.error("could not send the apology: %s", type(exc).__name__)


def _safe(error: BaseException | None) -> str:
    """The error's message, cut short: exceptions may quote what the user sent, which must not be logged."""
    if error is None:
        return ""
    return type(error).__module__ + "." + type(error).__qualname__
