"""The real bot process against the fake Bot API: what a phone gets for the points of issue 8."""

from __future__ import annotations

import html
import re

import pytest

from tests.e2e.test_polling import callbacks, texts

pytestmark = pytest.mark.e2e
LANGS = ("", "lb", "de", "en", "pt")  # "" is the default language (French)


def test_the_description_is_set_in_five_languages_at_start_up(api, bot):
    for method in ("setMyDescription", "setMyShortDescription"):
        for code in LANGS:
            assert api.descriptions.get((method, code)), (method, code)
    assert "112" in api.descriptions[("setMyDescription", "")]
    assert api.descriptions[("setMyShortDescription", "lb")] != api.descriptions[("setMyShortDescription", "")]


def test_crisis_reply_is_short_with_112_and_113_on_its_first_line(api, bot):
    api.send(301, "je veux mourir")
    sent = api.wait_for(301, 1)
    text = texts(sent)
    assert len(text) <= 500
    first = text.splitlines()[0]
    assert "112" in first and "113" in first
    assert text.index("45 45 45") < text.index("116 111")
    assert "anonymes" not in text


def test_a_vote_is_a_toast_and_takes_the_vote_buttons_away(api, bot):
    api.send(302, "où aide aux dettes?")
    card = api.wait_for(302, 1)
    assert "f:+:surendettement" in callbacks(card)
    api.press(302, "f:-:surendettement")
    sent = api.wait_for(302, 3)
    assert any(t for t in api.toasts)
    assert any(m["method"] == "editMessageReplyMarkup" for m in sent)
    assert "p:surendettement" in callbacks(sent[-1:]) and "m" in callbacks(sent[-1:])


def test_an_edited_question_is_answered_as_a_new_one(api, bot):
    api.send(303, "bonjour")
    api.wait_for(303, 1)
    api.send_edit(303, "où aide aux dettes?")
    sent = api.wait_for(303, 2)
    assert "surendettement" in texts(sent[1:]).lower()


def shown(messages) -> str:
    return re.sub(r"<[^>]+>", "", texts(messages))


def test_a_card_leads_with_name_and_phone_and_fits_600_characters(api, bot):
    api.send(304, "où aide aux dettes?")
    sent = api.wait_for(304, 1)
    text = html.unescape(shown(sent))
    assert len(text) <= 600
    assert "+352 49 26 60" in text.splitlines()[0] and text.count("49 26 60") == 1
    assert "contact direct" not in text
    assert "t:debts" not in callbacks(sent)  # the only debt service: "more like this" would loop back


def test_a_list_near_a_location_has_a_button_each_and_no_pin_for_a_quarter(api, bot):
    api.send_location(305, 49.5915, 6.1247)
    sent = api.wait_for(305, 1)
    text = html.unescape(shown(sent))
    assert len(text) <= 900 and "0.0 km" not in text and "environ 1 km" in text
    labels = [b["text"] for m in sent for row in m["params"]["reply_markup"]["inline_keyboard"] for b in row]
    assert len(labels) <= 8 and "Gasperich" in labels[0]
    assert len({label[:15] for label in labels}) == len(labels)
    assert not [m for m in sent if m["method"] == "sendVenue"]


def test_live_location_updates_after_the_first_are_ignored(api, bot):
    api.send(306, location={"latitude": 49.5915, "longitude": 6.1247, "live_period": 900})
    api.wait_for(306, 1)
    api.send_edit(306, location={"latitude": 49.5920, "longitude": 6.1250, "live_period": 900})
    api.send(306, "merci")  # answered: the update before it was read and left alone
    sent = api.wait_for(306, 2)
    assert len(sent) == 2 and "plaisir" in texts(sent[1:])


def test_a_group_gets_a_place_question_without_the_location_keyboard(api, bot):
    text = "@hellef_test_bot maisons des jeunes"
    api.send(-307, text, chat_type="group", user_id=307, entities=[{"type": "mention", "offset": 0, "length": 16}])
    sent = api.wait_for(-307, 2)
    assert not any(
        b.get("request_location")
        for m in sent
        for row in (m["params"].get("reply_markup") or {}).get("keyboard", [])
        for b in row
    )
    assert "Écrivez-le-moi" in texts(sent)


def test_a_typed_place_takes_the_keyboard_away_and_is_named_as_people_say_it(api, bot):
    api.send(308, "maisons des jeunes")
    asked = api.wait_for(308, 2)
    assert any(b.get("request_location") for row in asked[-1]["params"]["reply_markup"]["keyboard"] for b in row)
    api.send(308, "à Esch")
    sent = api.wait_for(308, 4)[2:]
    assert sent[0]["params"]["reply_markup"] == {"remove_keyboard": True}
    assert sent[1]["method"] == "editMessageReplyMarkup"  # the list's buttons, added once the keyboard is gone
    assert "Esch-sur-Alzette" in texts(sent) and "Al Esch" not in texts(sent)
