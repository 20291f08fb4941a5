"""The last guard: any exception is logged where it happened (never what it says) and, when nothing was sent for
that update, the person gets an apology."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.logsafe import where
from handlers.runtime import CURRENT, runtime

log = logging.getLogger("hellef.errors")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; apologise unless something was already sent. Copes with `update is None`; never raises."""
    error = context.error
    log.error("handler error: %s", where(error) if error is not None else "unknown")
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    scope = CURRENT.get()
    if scope is not None and scope.sent:
        return  # the answer (or part of it) went out: an apology under it would only confuse
    try:
        rt = runtime(context)
        state = rt.state(update)
        text = rt.engine.compose.t(state.lang or rt.settings.default_language, "error_apology")
        await context.bot.send_message(update.effective_chat.id, text)
    except Exception as exc:
        log.error("could not send the apology: %s", type(exc).__name__)
