"""Hostile and odd updates through the real handlers: never an exception, always a reply, always escaped."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.handlers.test_conversation import texts

SPECIALS = [
    "<b>",
    "</a>",
    "&",
    "*_[",
    "\u200b",
    "\u202e",
    "\x00",
    "\x07",
    "\ufeff",
    "<script>",
    "&amp;",
    "`",
    "dettes",
    "jugendhaus",
    "mourir",
    "🙂",
]
TAGS = re.compile(r"</?(b|a|i|u|s|code|pre)( [^>]*)?>")
quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def unlimited(chat) -> None:
    """Hypothesis sends hundreds of messages from one chat: lift the per-chat rate limit for it."""
    chat.app.bot_data["runtime"].limiter.per_minute = 10**9


ENTITY = re.compile(r"&(amp|lt|gt|quot|#x27|#\d+);")


def assert_safe_html(sent) -> None:
    """Only the bot's own tags; every other <, > and & escaped (Telegram would refuse the message)."""
    for message in sent:
        if message.params.get("parse_mode") != "HTML":
            continue
        bare = TAGS.sub("", message.text)
        assert "<" not in bare and ">" not in bare, message.text
        assert "&" not in ENTITY.sub("", bare), message.text


@quick
@given(text=st.one_of(st.text(max_size=4096), st.lists(st.sampled_from(SPECIALS), max_size=40).map("".join)))
async def test_any_text_gets_an_escaped_reply(chat, text):
    unlimited(chat)
    if not text.strip() or text.startswith("/"):
        text = "x" + text
    update = chat.factory.text(text)
    update["message"]["entities"] = [{"type": "bold", "offset": 0, "length": min(3, len(text))}]
    sent = await chat.feed(update)
    assert sent, "every message gets a reply"
    assert_safe_html(sent)


@quick
@given(data=st.one_of(st.text(max_size=64), st.binary(max_size=64).map(lambda b: b.decode("latin-1"))))
async def test_any_callback_data_gets_a_reply(chat, data):
    unlimited(chat)
    sent = await chat.press(data)
    assert sent
    assert_safe_html(sent)


@quick
@given(lat=st.floats(-90, 90, allow_nan=False), lon=st.floats(-180, 180, allow_nan=False))
async def test_any_location_gets_a_reply(chat, lat, lon):
    unlimited(chat)
    sent = await chat.share_location(lat, lon)
    assert sent


async def test_location_at_zero_zero_says_it_is_outside_luxembourg(chat):
    assert "hors du Luxembourg" in texts(await chat.share_location(0.0, 0.0))


async def test_empty_and_invisible_messages_get_a_reply(chat):
    for text in ["\u200b", "   ", "\u202e\u202e", "🦄🦄🦄"]:
        assert "texte" in texts(await chat.say(text))
    assert "aider" in texts(await chat.say("🙂🙂🙂"))  # an emoji that says "ok" is answered as one


async def test_five_thousand_characters_get_a_short_answer(chat):
    sent = await chat.say("dettes " * 800)
    assert "très long" in texts(sent) and len(sent[0].text) <= 4096
