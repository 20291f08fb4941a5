"""Commands: /start (with deep links), /help, /contact, /language, /privacy, /forget."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ContextTypes

from handlers.respond import respond
from handlers.runtime import runtime


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome in the user's language with the language choice and main menu; `/start <service-id>` opens a card."""
    started = time.perf_counter()
    rt = runtime(context)
    arg = context.args[0] if context.args else None
    for reply in rt.front.start(rt.state(update), arg):
        await respond(update, context, reply, started)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """How to use the bot, with the menu."""
    rt = runtime(context)
    await respond(update, context, rt.front.help(rt.state(update)), time.perf_counter())


async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The association's central contact card."""
    rt = runtime(context)
    await respond(update, context, rt.front.contact(rt.state(update)), time.perf_counter())


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The five languages as buttons."""
    rt = runtime(context)
    await respond(update, context, rt.front.choose_language(rt.state(update)), time.perf_counter())


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Exactly what is kept about this chat, and what is forwarded when the person asks for a person."""
    rt = runtime(context)
    key = "privacy_unanswered_log" if rt.settings.unanswered_log else "privacy"
    await respond(update, context, rt.front.info(rt.state(update), key), time.perf_counter())


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase everything kept about this chat."""
    rt = runtime(context)
    state = rt.state(update)
    rt.forget(update)
    if update.effective_chat:
        await rt.store.handoff_end(update.effective_chat.id)
    await respond(update, context, rt.front.info(state, "forget_done"), time.perf_counter(), save=False)
