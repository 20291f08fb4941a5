"""The real bot process, polling the fake Bot API on 127.0.0.1, used as a person would."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import TOKEN

pytestmark = pytest.mark.e2e


def callbacks(messages) -> list[str]:
    out = []
    for m in messages:
        markup = m["params"].get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            out += [b.get("callback_data") for b in row]
    return out


def texts(messages) -> str:
    return "\n".join(str(m["params"].get("text", "")) for m in messages)


def test_start_gives_the_menu(api, bot):
    api.send(101, "/start")
    sent = api.wait_for(101, 2)
    assert {"t:debts", "t:youth", "sos"} <= set(callbacks(sent))
    assert any(m["params"].get("parse_mode") == "HTML" for m in sent)


def test_debt_question_gives_the_debt_card_with_a_phone(api, bot):
    api.send(102, "où aide aux dettes?")
    sent = api.wait_for(102, 1)
    assert "surendettement" in texts(sent).lower()
    assert "+352 49 26 60" in texts(sent)


def test_category_button_lists_its_services(api, bot):
    api.press(103, "t:youth")
    sent = api.wait_for(103, 2)
    assert "s:mj-gare" in callbacks(sent) and "t:youth:5" in callbacks(sent)


def test_location_near_clausen_gives_clausen_first_and_a_venue(api, bot):
    api.press(104, "t:youth")
    api.wait_for(104, 2)
    api.send_location(104, 49.6130, 6.1420)
    sent = api.wait_for(104, 5)  # list (removing the keyboard), its buttons added, the pin
    venues = [m for m in sent if m["method"] == "sendVenue"]
    assert venues and "Clausen" in venues[0]["params"]["title"]
    assert "67, rue de Clausen" in venues[0]["params"]["address"]


def test_sticker_gets_the_polite_reply(api, bot):
    api.send_sticker(105)
    sent = api.wait_for(105, 1)
    assert "texte" in texts(sent)


def test_crisis_message_first(api, bot):
    api.send(106, "je veux mourir")
    sent = api.wait_for(106, 1)
    assert "112" in sent[0]["params"]["text"] and "45 45 45" in sent[0]["params"]["text"]


def test_debug_log_holds_neither_token_nor_message_text(api, bot):
    api.send(107, "mon secret message 4711 sur mes dettes")
    api.wait_for(107, 1)
    log = bot.log()
    assert "kind=answer" in log  # the log is really being written, at DEBUG
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "secret message 4711" not in log and "où aide aux dettes" not in log
    assert not re.search(r"chat=(107|101)\b", log), "chat ids are hashed"
