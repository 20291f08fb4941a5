"""Talking to a person: the person's messages relayed to the staff group, the staff's replies relayed back.

The staff group reads a short header (language and topic) above each relayed message, never the person's
name or chat id. A staff member answers by replying to a relayed message; `/done` (as a reply, or alone when
only one conversation is open) ends it and tells the person. Hand-offs live in the store: a restart keeps them.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.runtime import Runtime, runtime
from handlers.send import deliver

log = logging.getLogger("hellef.staff")


async def relay_to_staff(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """When this chat is in a hand-off, relay the message to the staff group; True when relayed."""
    rt = runtime(context)
    chat = update.effective_chat
    if rt.settings.staff_chat_id is None or chat is None:
        return False
    active = await rt.store.handoff_of(chat.id)
    if active is None:
        return False
    lang, topic = active
    header = rt.front.staff_header(lang, topic)
    try:
        sent = await deliver(context.bot.send_message, rt.settings.staff_chat_id, f"{header}\n\n{text}")
    except TelegramError as exc:  # the bot left the group, say: the person is answered by the bot instead
        log.warning("could not relay to the staff group: %s", type(exc).__name__)
        return False
    await rt.store.handoff_link(sent.message_id, chat.id)
    log.info("relayed to staff chat=%s lang=%s topic=%s", rt.key(chat.id), lang, topic or "-")
    return True


async def relay_to_person(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A staff member's reply to a relayed message goes back to that person, in the bot's name."""
    rt = runtime(context)
    message = update.effective_message
    if message is None or message.reply_to_message is None or not message.text:
        return
    chat_id = await rt.store.handoff_chat_for(message.reply_to_message.message_id)
    if chat_id is None:
        return  # a reply to something else in the group: not for the person
    active = await rt.store.handoff_of(chat_id)
    lang = active[0] if active else rt.settings.default_language
    try:
        await deliver(context.bot.send_message, chat_id, f"{rt.front.text(lang, 'staff_from')}\n{message.text}")
    except TelegramError as exc:  # the person blocked the bot or deleted the chat
        log.warning("could not relay to the person chat=%s: %s", rt.key(chat_id), type(exc).__name__)
        return
    log.info("relayed to person chat=%s", rt.key(chat_id))


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/done in the staff group: end the conversation replied to (or the only open one) and tell the person."""
    rt = runtime(context)
    message = update.effective_message
    if message is None:
        return
    chat_id = await _conversation(rt, message.reply_to_message.message_id if message.reply_to_message else None)
    staff_lang = rt.settings.default_language
    if chat_id is None:
        await message.reply_text(rt.front.text(staff_lang, "staff_reply_needed"))
        return
    active = await rt.store.handoff_of(chat_id)
    await rt.store.handoff_end(chat_id)
    lang = active[0] if active else staff_lang
    await deliver(context.bot.send_message, chat_id, rt.front.text(lang, "person_ended"))
    await message.reply_text(rt.front.text(staff_lang, "staff_done"))
    log.info("hand-off ended chat=%s", rt.key(chat_id))


async def _conversation(rt: Runtime, replied_to: int | None) -> int | None:
    if replied_to is not None:
        return await rt.store.handoff_chat_for(replied_to)
    open_chats = await rt.store.handoff_chats()
    return open_chats[0] if len(open_chats) == 1 else None
