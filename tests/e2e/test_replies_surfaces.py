"""The real bot process against the fake Bot API: what a phone gets for the points of issue 8."""

from __future__ import annotations

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
