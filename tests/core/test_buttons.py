"""Button data: made and read in one module, within Telegram's 64 bytes, anything foreign read as unknown."""

from __future__ import annotations

import pytest

from bot.core.buttons import LIMIT, Press, decode, encode


@pytest.mark.parametrize(
    ("kind", "value", "extra"),
    [
        ("topic", "youth", ""),
        ("topic", "youth", "5"),
        ("service", "mj-gasperich", ""),
        ("lang", "lb", ""),
        ("person", "surendettement", ""),
        ("consent", "inter-actions", ""),
        ("vote", "surendettement", "-"),
        ("sos", "", ""),
        ("menu", "", ""),
    ],
)
def test_what_is_encoded_decodes_to_the_same_press(kind, value, extra):
    assert decode(encode(kind, value, extra)) == Press(kind, value, extra)


def test_votes_keep_the_data_earlier_versions_sent():
    assert encode("vote", "surendettement", "+") == "f:+:surendettement"


@pytest.mark.parametrize("data", ["", "x", "zz:1", "f:?:svc", "f:+:", "💥" * 40])
def test_foreign_or_broken_data_is_unknown(data):
    assert decode(data).kind == "unknown"


def test_data_over_64_bytes_is_refused_when_made():
    with pytest.raises(ValueError):
        encode("service", "x" * LIMIT)
