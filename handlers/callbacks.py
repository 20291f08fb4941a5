"""Buttons: topic → its services; service → its card; language → saved; 👍/👎 counted; stale → the menu."""

from __future__ import annotations

import datetime as dt
import time

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core.engine import LUXEMBOURG_TZ
from bot.core.reply import Reply
from handlers.respond import respond
from handlers.runtime import Runtime, runtime


def _reply_for(rt: Runtime, data: str, update: Update) -> tuple[Reply, bool]:
    """The reply to a button's data, and whether it should be saved. Unknown data gets the menu."""
    state = rt.state(update)
    lang = state.lang or rt.settings.default_language
    actions = rt.engine.actions
    now = dt.datetime.now(LUXEMBOURG_TZ)
    kind, _, value = data.partition(":")
    reply: Reply | None = None
    if kind == "t":
        reply = actions.topic(value, state, lang, now)
    elif kind == "s":
        reply = actions.service(value, state, lang, now)
    elif kind == "l" and value in rt.engine.languages():
        reply = actions.set_language(state, value)
    elif kind == "p" and rt.engine.kb.has_service(value):
        reply = actions.person(value, state, lang)
    elif kind == "sos":
        reply = actions.sos(state, lang)
    elif kind == "f":
        vote, _, service = value.partition(":")
        if vote in "+-" and vote and rt.engine.kb.has_service(service):
            rt.store.count_feedback(service, lang, vote)
            return actions.feedback_thanks(state, lang), False
    return (reply, True) if reply is not None else (actions.stale(state, lang), False)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every inline button: answered first (so the phone stops spinning), then the matching reply."""
    started = time.perf_counter()
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer()
    except BadRequest:
        pass  # a query too old to answer: still reply in the chat
    rt = runtime(context)
    reply, save = _reply_for(rt, (query.data or "")[:64], update)
    await respond(update, context, reply, started, save=save)
