"""The one path from an understood update to the chat: save state, count, log, send."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.core.reply import Reply
from handlers.runtime import runtime
from handlers.send import send_reply

log = logging.getLogger("hellef.updates")


async def respond(
    update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply, started: float, save: bool = True
) -> None:
    rt = runtime(context)
    if save:
        rt.save(update, reply.state)
    await rt.flush()
    rt.stats.count(reply.kind, reply.lang, reply.services)
    chat = update.effective_chat
    if chat is None:
        return
    await send_reply(context.bot, chat.id, reply, private=chat.type == ChatType.PRIVATE)
    # One line per update: who (a pseudonym whose key lives in memory only and changes daily; none at all on
    # crisis lines), what kind, which language and services, how long. Never the text.
    log.info(
        "update chat=%s kind=%s lang=%s services=%s latency_ms=%.1f",
        "-" if reply.kind == "emergency" else rt.log_id(chat.id),
        reply.kind,
        reply.lang,
        ",".join(reply.services[:3]) or "-",
        (time.perf_counter() - started) * 1000,
    )
