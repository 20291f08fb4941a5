"""Sending a Reply through the Bot API: HTML messages, inline buttons, location keyboard, venue."""

from __future__ import annotations

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.core.actions import Actions
from bot.core.reply import Reply, Text
from handlers.render import html_to_text, reply_html_messages

CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(b.label, callback_data=b.action) for b in row
             if len(b.action.encode()) <= CALLBACK_LIMIT] for row in reply.buttons]
    if reply.feedback and reply.services:
        rows.append([InlineKeyboardButton(b.label, callback_data=b.action)
                     for b in Actions.feedback_buttons(reply.services[0])])
    rows = [r for r in rows if r]
    return InlineKeyboardMarkup(rows) if rows else None


def location_keyboard(label: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[KeyboardButton(label, request_location=True)]], resize_keyboard=True,
                               one_time_keyboard=True)


async def send_reply(bot: Bot, chat_id: int, reply: Reply, location_label: str) -> None:
    """Send the reply; a location request travels as its own last message, with the location keyboard."""
    blocks = reply.blocks
    ask = None
    if reply.request_location and blocks and isinstance(blocks[-1], Text):
        ask, blocks = blocks[-1], blocks[:-1]
    body = Reply(**{**reply.__dict__, "blocks": blocks}) if ask else reply
    messages = reply_html_messages(body) if blocks else []
    keyboard = inline_keyboard(reply)
    no_preview = LinkPreviewOptions(is_disabled=True)
    remove = ReplyKeyboardRemove() if reply.kind == "nearest" else None
    for i, html in enumerate(messages):
        last = i == len(messages) - 1
        markup = keyboard if last and keyboard else (remove if last else None)
        try:
            await bot.send_message(chat_id, html, parse_mode=ParseMode.HTML, reply_markup=markup,
                                   link_preview_options=no_preview)
        except BadRequest as exc:
            if "parse" not in str(exc).lower() and "entit" not in str(exc).lower():
                raise
            # Markup refused: the words matter more than the bold. Same text, no markup.
            await bot.send_message(chat_id, html_to_text(html), reply_markup=markup, link_preview_options=no_preview)
    if ask is not None:
        await bot.send_message(chat_id, ask.text, reply_markup=location_keyboard(location_label))
    if reply.venue is not None:
        v = reply.venue
        await bot.send_venue(chat_id, latitude=v.latitude, longitude=v.longitude, title=v.title[:256],
                             address=(v.address or v.title)[:256])
