"""Messages: text (new or edited) → the core → reply; a shared location → the nearest services; else a hint."""

from __future__ import annotations

import time

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers.respond import respond
from handlers.runtime import runtime
from handlers.staff import relay_to_staff


def _addressed_text(update: Update, bot_username: str | None) -> str | None:
    """The text meant for the bot: all of it in a private chat; in groups only when the bot is mentioned."""
    message = update.effective_message
    if message is None or message.text is None:
        return None
    if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        return message.text
    mention = f"@{bot_username}" if bot_username else None
    if mention and mention.lower() in message.text.lower():
        start = message.text.lower().index(mention.lower())
        return (message.text[:start] + message.text[start + len(mention) :]).strip()
    return None


async def text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the person needs, in their language: a card, a list, a choice, or the crisis numbers.
    An edited message is answered as a new one."""
    started = time.perf_counter()
    content = _addressed_text(update, context.bot.username)
    if content is None:
        return
    rt = runtime(context)
    reply = rt.front.message(content, rt.state(update))
    if await relay_to_staff(update, context, content):
        if reply.kind == "emergency":  # the staff read it too, but the numbers must not wait for them
            await respond(update, context, reply, started)
        return
    if reply.kind == "fallback" and rt.settings.unanswered_log:
        rt.log_unanswered(content)
    await respond(update, context, reply, started)


async def location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The nearest services of the pending topic (youth houses when none). Live-location updates are edits of
    the first message: they are not routed here, so only the first position is answered."""
    started = time.perf_counter()
    message = update.effective_message
    if message is None or message.location is None:
        return
    rt = runtime(context)
    point = (message.location.latitude, message.location.longitude)
    await respond(update, context, rt.front.location(point, rt.state(update)), started)


async def other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Voice, photo, sticker, document...: what the bot can do, in the user's language."""
    started = time.perf_counter()
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    rt = runtime(context)
    await respond(update, context, rt.front.unreadable(rt.state(update)), started)
