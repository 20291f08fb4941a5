"""Buttons: answered with their toast first (so the phone stops spinning), then the reply, if any."""

from __future__ import annotations

import time

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core import buttons
from handlers.respond import respond
from handlers.runtime import runtime


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every inline button: the toast, the vote buttons taken off when voted, then the matching reply."""
    started = time.perf_counter()
    query = update.callback_query
    if query is None:
        return
    rt = runtime(context)
    data = (query.data or "")[: buttons.LIMIT]
    state = rt.state(update)
    reply = rt.front.press(data, state)
    try:
        await query.answer(text=reply.toast)
    except BadRequest:
        pass  # a query too old to answer: still reply in the chat
    press = buttons.decode(data)
    if reply.clear_votes:  # a vote on a service we know
        rt.vote(update, press.value, reply.lang, press.extra)
        if query.message is not None:
            await _remove_votes(query)
    if reply.handoff is not None and update.effective_chat:
        await rt.store.handoff_start(update.effective_chat.id, reply.lang, reply.handoff.topic)
    if reply.blocks:
        await respond(update, context, reply, started, save=press.kind not in ("vote", "unknown"))


async def _remove_votes(query) -> None:
    """Edit the voted message's keyboard: the same buttons without 👍/👎, so a vote is given once."""
    markup = query.message.reply_markup
    rows = [
        [b for b in row if buttons.decode(b.callback_data or "").kind != "vote"]
        for row in (markup.inline_keyboard if markup else ())
    ]
    rows = [r for r in rows if r]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest:
        pass  # the message is too old to edit, or unchanged: the vote is still counted
