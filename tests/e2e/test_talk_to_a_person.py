"""Talking to a person, for real: two chats through the fake Bot API (a person and the staff group), and a
restart in the middle of the conversation."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import BotProcess, wait_until
from tests.e2e.test_polling import callbacks, texts

pytestmark = pytest.mark.e2e
STAFF = -1001234567890
PERSON = 4711
MEMBER = 99  # a staff member writing in the group


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("handoff")


def start_bot(api, folder, models) -> BotProcess:
    """From the session's trained models: a cold start trains them, which takes longer than the wait on a busy
    machine, and is not what is tested here."""
    process = BotProcess(folder, api, models, STAFF_CHAT_ID=str(STAFF)).start()
    calls = len(api.calls)
    assert wait_until(lambda: "getUpdates" in api.calls[calls:], 30), process.log()[-3000:]
    return process


def test_a_person_and_the_staff_group_talk_through_the_bot_across_a_restart(api, data_dir, model_store):
    bot = start_bot(api, data_dir, model_store)
    try:
        api.send(PERSON, "je veux parler à quelqu'un")
        offer = api.wait_for(PERSON, 1)
        first_button = offer[0]["params"]["reply_markup"]["inline_keyboard"][0][0]
        assert first_button["callback_data"].startswith("c:")  # consent is the first button
        assert "+352 49 26 60" in texts(offer) and "pas publié d'heures" in texts(offer)

        api.press(PERSON, first_button["callback_data"])
        api.wait_for(PERSON, 2)
        api.send(PERSON, "j'ai des dettes et je ne sais pas quoi faire")
        assert wait_until(lambda: api.sent(STAFF), 10)
        relayed = api.sent(STAFF)[0]
        assert "j'ai des dettes" in relayed["params"]["text"]
        assert "Français" in relayed["params"]["text"]
        assert str(PERSON) not in relayed["params"]["text"] and "User" not in relayed["params"]["text"]
    finally:
        bot.stop()

    bot = start_bot(api, data_dir, model_store)  # the hand-off survives a restart
    try:
        before = len(api.sent(PERSON))
        api.reply_in_group(STAFF, MEMBER, "Bonjour, appelez-nous demain à 9h.", relayed["message_id"])
        assert wait_until(lambda: len(api.sent(PERSON)) > before, 10)
        assert "appelez-nous demain" in texts(api.sent(PERSON)[before:])

        api.reply_in_group(STAFF, MEMBER, "/done", relayed["message_id"])
        assert wait_until(lambda: len(api.sent(PERSON)) > before + 1, 10)
        assert "terminé la conversation" in texts(api.sent(PERSON)[before + 1 :])

        assert wait_until(lambda: "terminée" in texts(api.sent(STAFF)), 10)  # the staff are told
        staff_before = len(api.sent(STAFF))
        api.send(PERSON, "où aide aux dettes?")  # the hand-off is over: the bot answers again
        assert wait_until(lambda: "surendettement" in texts(api.sent(PERSON)[before + 2 :]).lower(), 10)
        assert len(api.sent(STAFF)) == staff_before  # nothing more is relayed
    finally:
        bot.stop()


def test_without_a_staff_group_the_person_gets_the_phone(api, bot):
    api.send(4712, "I want to talk to a person")
    sent = api.wait_for(4712, 1)
    assert "+352 49 26 60" in texts(sent)
    assert not [d for d in callbacks(sent) if d.startswith("c:")]
