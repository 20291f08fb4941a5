"""Commands: /start (with deep links), /help, /contact, /language, /privacy, /forget."""

from __future__ import annotations

import datetime as dt
import time

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.engine import LUXEMBOURG_TZ
from handlers.respond import respond
from handlers.runtime import runtime


def _now() -> dt.datetime:
    return dt.datetime.now(LUXEMBOURG_TZ)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome in the user's language with the language choice and main menu; `/start <service-id>` opens a card."""
    started = time.perf_counter()
    rt = runtime(context)
    state = rt.state(update)
    lang = state.lang or rt.settings.default_language
    actions = rt.engine.actions
    if context.args:
        reply = actions.service(context.args[0][:64], state, lang, _now())
        if reply is not None:
            await respond(update, context, reply, started)
            return
    await respond(update, context, actions.menu(state, lang, greeting=True), started)
    await respond(update, context, actions.choose_language(state.with_(lang=lang), lang), started)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """How to use the bot, with the menu."""
    rt = runtime(context)
    state = rt.state(update)
    await respond(
        update,
        context,
        rt.engine.actions.info(state, state.lang or "fr", "help", menu=True),
        time.perf_counter(),
    )


async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The association's central contact card."""
    rt = runtime(context)
    state = rt.state(update)
    await respond(update, context, rt.engine.actions.contact(state, state.lang or "fr", _now()), time.perf_counter())


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The five languages as buttons."""
    rt = runtime(context)
    state = rt.state(update)
    await respond(update, context, rt.engine.actions.choose_language(state, state.lang or "fr"), time.perf_counter())


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Exactly what is kept about this chat."""
    rt = runtime(context)
    state = rt.state(update)
    await respond(update, context, rt.engine.actions.info(state, state.lang or "fr", "privacy"), time.perf_counter())


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase everything kept about this chat."""
    rt = runtime(context)
    state = rt.state(update)
    lang = state.lang or "fr"
    if update.effective_chat:
        rt.store.forget(rt.key(update.effective_chat.id))
    await respond(update, context, rt.engine.actions.info(state, lang, "forget_done"), time.perf_counter(), save=False)
