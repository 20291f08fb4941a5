"""Phone numbers through phonenumbers: what is accepted, what a phone dials, what Telegram apps make tappable."""

from __future__ import annotations

import pytest

from bot.core.cards import phone_line
from bot.core.compose import Composer
from bot.core.state import ChatState
from knowledge.contacts import dial_form, display_form, is_phone


@pytest.mark.parametrize(
    ("written", "dial", "shown"),
    [
        ("+352 49 26 60", "+352492660", "+352 49 26 60"),
        ("00352 49 26 60", "+352492660", "+352 49 26 60"),
        ("49 26 60", "+352492660", "+352 49 26 60"),
        ("2060 1060", "+35220601060", "+352 20 60 10 60"),
        ("45 45 45", "+352454545", "+352 45 45 45"),
        ("247-88888", "+35224788888", "+352 24 78 88 88"),
        ("+33 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89"),
    ],
)
def test_full_numbers_dial_in_e164_and_show_in_international_form(written, dial, shown):
    assert is_phone(written)
    assert dial_form(written) == dial
    assert display_form(written) == shown


@pytest.mark.parametrize(("written", "dial"), [("112", "112"), ("113", "113"), ("116 111", "116111")])
def test_luxembourg_short_numbers_stay_as_written(written, dial):
    assert is_phone(written)
    assert dial_form(written) == dial
    assert display_form(written) == written


@pytest.mark.parametrize("written", ["12", "+352 49 26 6O", "call us", "+1 23", "+352 112", ""])
def test_what_is_not_a_phone_number(written):
    assert not is_phone(written)
    assert dial_form(written) is None


def test_cards_and_crisis_lines_show_numbers_the_way_telegram_makes_them_tappable(kb):
    line = phone_line("2060 1060", "Helpline")
    assert (line.number, line.dial) == ("+352 20 60 10 60", "+35220601060")
    short = phone_line("116 111", "KJT")
    assert (short.number, short.dial) == ("116 111", "116111")
    reply = Composer(kb).emergency("fr", ("violence",), ChatState())
    shown = [p.number for block in reply.blocks for p in getattr(block, "lines", ())]
    assert "+352 20 60 10 60" in shown and "113" in reply.blocks[0].text  # 112 · 113 on the first line
