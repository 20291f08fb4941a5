"""Property-based: whatever Unicode arrives, the core answers and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.engine import Incoming
from bot.core.reply import KINDS
from bot.core.state import ChatState

STATES = st.builds(
    ChatState,
    lang=st.sampled_from([None, "fr", "lb", "de", "en", "pt"]),
    pending_topic=st.sampled_from([None, "youth", "children", "nope"]),
    last_topic=st.sampled_from([None, "debts", "youth", "nope"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=4096), state=STATES)
def test_any_text_gets_a_reply(engine, text, state):
    reply = engine.answer(Incoming(text=text), state)
    assert reply.kind in KINDS and reply.lang in ("fr", "lb", "de", "en", "pt")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.sampled_from(
            [
                "dettes",
                "jugendhaus",
                "bouneweg",
                "mourir",
                "é",
                "ë",
                "'",
                "’",
                "?",
                "\u200b",
                "\u202e",
                "🙂",
                "à",
                "esch",
                "geo:49,6",
                "<b>",
                "&",
            ]
        ),
        max_size=60,
    ),
    state=STATES,
)
def test_word_soup_gets_a_reply(engine, words, state):
    assert engine.answer(Incoming(text=" ".join(words)), state).kind in KINDS


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lat=st.floats(-90, 90), lon=st.floats(-180, 180))
def test_any_location_gets_a_reply(engine, lat, lon):
    reply = engine.answer(Incoming(location=(lat, lon)), ChatState())
    # the nearest places, or (none within reach, no topic) which kind of place
    assert reply.kind in ("nearest", "clarify") and reply.blocks
