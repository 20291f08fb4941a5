"""Sending a Reply through the Bot API: HTML messages, inline buttons, location keyboard, venue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

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
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.core.actions import Actions
from bot.core.reply import Reply, Text
from handlers.render import html_to_text, reply_html_messages

CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
RETRY_FOR = 90.0  # seconds a reply keeps being retried through a Bot API outage
log = logging.getLogger("hellef.send")


async def deliver(call: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
    """Send through outages: retry on network errors and 5xx with back-off, and after flood control waits.

    A read timeout is not retried: the message may have gone out, and twice is worse than late.
    """
    delay, waited = 0.5, 0.0
    while True:
        try:
            return await call(*args, **kwargs)
        except RetryAfter as exc:
            pause, reason = _seconds(exc.retry_after), "flood control"
        except TimedOut:
            raise
        except BadRequest:
            raise
        except NetworkError:
            pause, reason = delay, "network error"
            delay = min(delay * 2, 10.0)
        if waited + pause > RETRY_FOR:
            raise NetworkError("Bot API unreachable: giving up on one reply")
        log.warning("Bot API %s: retrying in %.1f s", reason, pause)
        await asyncio.sleep(pause)
        waited += pause


def _seconds(value: Any) -> float:
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.action) for b in row if len(b.action.encode()) <= CALLBACK_LIMIT]
        for row in reply.buttons
    ]
    if reply.feedback and reply.services:
        rows.append(
            [InlineKeyboardButton(b.label, callback_data=b.action) for b in Actions.feedback_buttons(reply.services[0])]
        )
    rows = [r for r in rows if r]
    return InlineKeyboardMarkup(rows) if rows else None


def location_keyboard(label: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_location=True)]], resize_keyboard=True, one_time_keyboard=True
    )


async def send_reply(bot: Bot, chat_id: int, reply: Reply, location_label: str) -> None:
    """Send the reply; a location request travels as its own last message, with the location keyboard."""
    blocks = reply.blocks
    ask = None
    if reply.request_location and blocks and isinstance(blocks[-1], Text):
        ask, blocks = blocks[-1], blocks[:-1]
    body = replace(reply, blocks=blocks) if ask else reply
    messages = reply_html_messages(body) if blocks else []
    keyboard = inline_keyboard(reply)
    no_preview = LinkPreviewOptions(is_disabled=True)
    remove = ReplyKeyboardRemove() if reply.kind == "nearest" else None
    for i, html in enumerate(messages):
        last = i == len(messages) - 1
        markup = keyboard if last and keyboard else (remove if last else None)
        try:
            await deliver(
                bot.send_message,
                chat_id,
                html,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=no_preview,
            )
        except BadRequest as exc:
            if "parse" not in str(exc).lower() and "entit" not in str(exc).lower():
                raise
            # Markup refused: the words matter more than the bold. Same text, no markup.
            await deliver(
                bot.send_message,
                chat_id,
                html_to_text(html),
                reply_markup=markup,
                link_preview_options=no_preview,
            )
    if ask is not None:
        await deliver(bot.send_message, chat_id, ask.text, reply_markup=location_keyboard(location_label))
    if reply.venue is not None:
        v = reply.venue
        await deliver(
            bot.send_venue,
            chat_id,
            latitude=v.latitude,
            longitude=v.longitude,
            title=v.title[:256],
            address=(v.address or v.title)[:256],
        )
