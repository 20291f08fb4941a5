"""Reply → what a channel shows: Telegram HTML with inline keyboards, or plain text for the console.

Phone numbers are written out in full international form ("+352 49 26 60"): Telegram's apps turn such a number
into a tappable call link themselves, while an `<a href="tel:…">` is not a URL scheme the Bot API promises to
accept, and a crisis message must never be refused for its markup.
"""

from __future__ import annotations

import re
from html import escape as _escape
from html import unescape

from bot.core.reply import Block, Card, Listing, PhoneLine, Phones, Reply, Text


def escape(text: str) -> str:
    """Escape for Telegram HTML text (quotes are fine outside attributes; Telegram reads &lt; &gt; &amp;)."""
    return _escape(text, quote=False)


def card_html(card: Card) -> str:
    first = f"<b>{escape(card.title)}</b>" + (f" — {escape(card.reach)}" if card.reach else "")
    parts = [first, escape(card.description)]
    parts += [f"• {escape(line)}" for line in card.lines]
    if card.address:
        parts.append(f"📍 {escape(card.address)}")
    if card.email:
        parts.append(f"✉️ {escape(card.email)}")
    if card.url:
        parts.append(f'🌐 <a href="{_escape(card.url)}">{escape(_short_url(card.url))}</a>')
    return "\n".join(parts)


def listing_html(block: Listing) -> str:
    return "\n".join([f"<b>{escape(block.heading)}</b>", *(f"• {escape(item)}" for item in block.items)])


def phone_html(phone: PhoneLine) -> str:
    note = f" — {escape(phone.note)}" if phone.note else ""
    return f"📞 <b>{escape(_dialable(phone))}</b> {escape(phone.label)}{note}"


def phones_html(block: Phones) -> str:
    return "\n".join(phone_html(p) for p in block.lines)


def block_html(block: Block) -> str:
    if isinstance(block, Card):
        return card_html(block)
    if isinstance(block, Phones):
        return phones_html(block)
    if isinstance(block, Listing):
        return listing_html(block)
    return escape(block.text)


def reply_html_messages(reply: Reply, limit: int = 4000) -> list[str]:
    """The reply as one or more HTML messages, each within Telegram's 4,096 characters; the possible-crisis
    header first."""
    messages: list[str] = []
    current = f"<b>{escape(reply.header)}</b>" if reply.header else ""
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
    parts = [card.title.upper() + (f" — {card.reach}" if card.reach else ""), card.description]
    parts += [f"  - {line}" for line in card.lines]
    if card.address:
        parts.append(f"  📍 {card.address}")
    if card.email:
        parts.append(f"  ✉️ {card.email}")
    if card.url:
        parts.append(f"  🌐 {card.url}")
    return "\n".join(parts)


def block_text(block: Block) -> str:
    if isinstance(block, Card):
        return card_text(block)
    if isinstance(block, Phones):
        return "\n".join(f"  {p.number} {p.label}" + (f" ({p.note})" if p.note else "") for p in block.lines)
    if isinstance(block, Listing):
        return "\n".join([block.heading, *(f"  - {item}" for item in block.items)])
    assert isinstance(block, Text)
    return block.text


def reply_text(reply: Reply) -> str:
    """Plain text for the console: header, blocks, then the buttons as numbered choices."""
    parts = ([reply.header] if reply.header else []) + [block_text(b) for b in reply.blocks]
    choices = [button for row in reply.buttons for button in row] + list(reply.feedback)
    if choices:
        parts.append("\n".join(f"  [{i}] {b.label}" for i, b in enumerate(choices, start=1)))
    if reply.location is not None:
        parts.append(reply.location.text + "  (/location LAT LON)")
    return "\n\n".join(parts)


def _dialable(phone: PhoneLine) -> str:
    """The number as written, in international form when it is a full Luxembourg number (tappable)."""
    return phone.number if phone.dial.startswith("+") or len(phone.dial) <= 6 else phone.dial


def _short_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """What a Telegram HTML message says, without its markup."""
    return unescape(_TAG.sub("", html))
