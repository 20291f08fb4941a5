"""Reply → what a channel shows: Telegram HTML with inline keyboards, or plain text for the console.

Phone numbers are written out in full international form ("+352 49 26 60"): Telegram's apps turn such a number
into a tappable call link themselves, while an `<a href="tel:…">` is not a URL scheme the Bot API promises to
accept, and a crisis message must never be refused for its markup.
"""

from __future__ import annotations

import re
from html import escape as _escape
from html import unescape

from bot.core.reply import Block, Card, Phones, Reply, Text


def escape(text: str) -> str:
    """Escape for Telegram HTML text (quotes are fine outside attributes; Telegram reads &lt; &gt; &amp;)."""
    return _escape(text, quote=False)


def card_html(card: Card) -> str:
    parts = [f"<b>{escape(card.title)}</b>", escape(card.description)]
    parts += [f"• {escape(line)}" for line in card.lines]
    if card.address:
        parts.append(f"📍 {escape(card.address)}")
    for phone in card.phones:
        parts.append(f"📞 {escape(_dialable(phone))}")
    if card.email:
        parts.append(f"✉️ {escape(card.email)}")
    if card.url:
        parts.append(f'🌐 <a href="{_escape(card.url)}">{escape(_short_url(card.url))}</a>')
    return "\n".join(parts)


def phones_html(block: Phones) -> str:
    lines = []
    for phone in block.lines:
        note = f" — {escape(phone.note)}" if phone.note else ""
        lines.append(f"📞 <b>{escape(phone.label)}</b>: <b>{escape(_dialable(phone))}</b>{note}")
    return "\n".join(lines)


def block_html(block: Block) -> str:
    if isinstance(block, Card):
        return card_html(block)
    if isinstance(block, Phones):
        return phones_html(block)
    return escape(block.text)


def reply_html_messages(reply: Reply, limit: int = 4000) -> list[str]:
    """The reply as one or more HTML messages, each within Telegram's 4,096 characters."""
    messages: list[str] = []
    current = ""
    for block in reply.blocks:
        html = block_html(block)
        if current and len(current) + 2 + len(html) > limit:
            messages.append(current)
            current = ""
        current = f"{current}\n\n{html}" if current else html
    if current:
        messages.append(current[:limit])
    return messages or [""]


def card_text(card: Card) -> str:
    parts = [card.title.upper(), card.description, *(f"  - {line}" for line in card.lines)]
    if card.address:
        parts.append(f"  Adresse / Address: {card.address}")
    parts += [f"  Tel: {p.number}" for p in card.phones]
    if card.email:
        parts.append(f"  E-mail: {card.email}")
    if card.url:
        parts.append(f"  Web: {card.url}")
    return "\n".join(parts)


def block_text(block: Block) -> str:
    if isinstance(block, Card):
        return card_text(block)
    if isinstance(block, Phones):
        return "\n".join(f"  {p.label}: {p.number}" + (f" ({p.note})" if p.note else "") for p in block.lines)
    assert isinstance(block, Text)
    return block.text


def reply_text(reply: Reply) -> str:
    """Plain text for the console: blocks, then the buttons as numbered choices."""
    parts = [block_text(b) for b in reply.blocks]
    choices = [button for row in reply.buttons for button in row]
    if choices:
        parts.append("\n".join(f"  [{i}] {b.label}" for i, b in enumerate(choices, start=1)))
    if reply.request_location:
        parts.append("  (/location LAT LON)")
    return "\n\n".join(parts)


def _dialable(phone) -> str:
    """The number as written, in international form when it is a full Luxembourg number (tappable)."""
    return phone.number if phone.dial.startswith("+") or len(phone.dial) <= 6 else phone.dial


def _short_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """What a Telegram HTML message says, without its markup."""
    return unescape(_TAG.sub("", html))
