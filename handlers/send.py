"""Sending a Reply through the Bot API: HTML messages, inline buttons, location keyboard, venue."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
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

from bot.core.reply import Reply
from handlers.render import html_to_text, reply_html_messages
from handlers.runtime import CURRENT

CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
RETRY_FOR = 90.0  # seconds a reply keeps being retried through a Bot API outage
log = logging.getLogger("hellef.send")


async def deliver(call: Callable[..., Awaitable[Any]], *args: Any, flood: bool | None = None, **kwargs: Any) -> Any:
    """Send through outages: retry on network errors and 5xx with back-off, and (`flood`) after flood control.

    The one retry layer for a reply: when the bot has python-telegram-bot's AIORateLimiter, that limiter waits
    out flood control (and holds every chat meanwhile, as Telegram asks) and `flood` is False here, so no wait
    happens twice. By default `flood` is True exactly when the bot that `call` belongs to has no limiter.
    Only this chat's update waits here: other chats are handled concurrently.
    A read timeout is not retried: the message may have gone out, and twice is worse than late.
    """
    if flood is None:
        flood = getattr(getattr(call, "__self__", None), "rate_limiter", None) is None
    delay, waited = 0.5, 0.0
    while True:
        try:
            result = await call(*args, **kwargs)
            scope = CURRENT.get()
            if scope is not None:
                scope.sent = True
            return result
        except RetryAfter as exc:
            if not flood:
                raise
            pause, reason = _seconds(exc), "flood control"
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


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the attribute becomes a timedelta: both are read
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons, then its vote buttons on their own row."""
    rows = [list(row) for row in reply.buttons]
    if reply.feedback:
        rows.append(list(reply.feedback))
    keyboard = [
        [InlineKeyboardButton(b.label, callback_data=b.action) for b in row if len(b.action.encode()) <= CALLBACK_LIMIT]
        for row in rows
    ]
    keyboard = [r for r in keyboard if r]
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def location_keyboard(label: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_location=True)]], resize_keyboard=True, one_time_keyboard=True
    )


async def send_reply(bot: Bot, chat_id: int, reply: Reply, private: bool = True) -> None:
    """Send the reply: its HTML messages (the inline keyboard on the last), the place question with the
    location keyboard in a private chat (a question alone in a group), then the map pin."""
    messages = reply_html_messages(reply) if reply.blocks or reply.header else []
    keyboard = inline_keyboard(reply)
    no_preview = LinkPreviewOptions(is_disabled=True)
    remove = private and reply.remove_keyboard and reply.location is None  # groups never had it
    for i, html in enumerate(messages):
        last = i == len(messages) - 1
        markup: Any = keyboard if last else None
        # A message has one markup: the keyboard is taken away by the first message; its inline buttons, if
        # any, are added to it right after.
        add_later = remove and i == 0 and markup is not None
        if remove and i == 0:
            markup = ReplyKeyboardRemove()
        sent = await _send_html(bot, chat_id, html, markup, no_preview)
        if add_later and sent is not None:
            await deliver(bot.edit_message_reply_markup, chat_id, sent.message_id, reply_markup=keyboard)
    if reply.location is not None:
        if private:
            ask = reply.location
            await deliver(bot.send_message, chat_id, ask.text, reply_markup=location_keyboard(ask.button))
        else:
            await deliver(bot.send_message, chat_id, reply.location.text_only)
    if reply.venue is not None:
        v = reply.venue
        await deliver(
            bot.send_venue,
            chat_id,
            latitude=v.latitude,
            longitude=v.longitude,
            title=v.title[:256],
            address=v.address[:256],
        )


async def _send_html(bot: Bot, chat_id: int, html: str, markup: Any, no_preview: LinkPreviewOptions) -> Any:
    try:
        return await deliver(
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
        return await deliver(
            bot.send_message,
            chat_id,
            html_to_text(html),
            reply_markup=markup,
            link_preview_options=no_preview,
        )
