"""Talking to a person through the real handlers: consent, relay both ways, /done, /forget, /privacy."""

from __future__ import annotations

import dataclasses

import pytest

from bot.local_api import UpdateFactory
from tests.handlers.conftest import Chat, running

STAFF = -1009


def texts(sent) -> str:
    return "\n".join(s.text for s in sent if s.method == "sendMessage")


def to(sent, chat_id: int) -> list:
    return [s for s in sent if s.method == "sendMessage" and int(s.params.get("chat_id", 0)) == chat_id]


@pytest.fixture
async def staffed(settings, engine):
    factory = UpdateFactory(chat_id=4242, language_code="lb")
    async with running(dataclasses.replace(settings, staff_chat_id=STAFF), factory, engine) as conversation:
        yield conversation


def staff_reply(chat: Chat, text: str, to_message_id: int | None) -> dict:
    group = UpdateFactory(chat_id=STAFF, chat_type="supergroup")
    update = group.text(text)
    update["message"]["from"]["id"] = 77
    if to_message_id is not None:
        update["message"]["reply_to_message"] = {
            "message_id": to_message_id,
            "date": update["message"]["date"],
            "chat": {"id": STAFF, "type": "supergroup"},
            "text": "…",
        }
    return update


async def start_handoff(chat: Chat) -> None:
    offer = await chat.say("ech wëll mat engem Mënsch schwätzen")
    first = offer[0].buttons()[0]["callback_data"]
    assert first == "c:inter-actions"
    await chat.press(first)


async def test_consent_comes_first_then_messages_go_to_staff_with_language_and_topic_only(staffed):
    await start_handoff(staffed)
    sent = await staffed.say("Ech hu Schold a weess net méi weider")
    relayed = to(sent, STAFF)
    assert len(relayed) == 1
    text = relayed[0].text
    assert "Lëtzebuergesch" in text and "Ech hu Schold" in text
    assert "4242" not in text and "Test" not in text
    assert not to(sent, 4242)  # the bot does not answer it itself


async def test_staff_reply_goes_back_to_the_person_and_done_ends_it(staffed):
    await start_handoff(staffed)
    sent = await staffed.say("Moien")
    staff_message = to(sent, STAFF)[0]
    message_id = staffed.api._message_id  # the id the local API gave that message
    back = await staffed.feed(staff_reply(staffed, "Moien! Rufft eis muer un.", message_id))
    to_person = to(back, 4242)
    assert to_person and "Rufft eis muer un." in to_person[0].text and "Equipe" in to_person[0].text
    assert staff_message.text
    ended = await staffed.feed(staff_reply(staffed, "/done", message_id))
    assert any("ofgeschloss" in s.text for s in to(ended, 4242))
    answer = await staffed.say("Scholden")
    assert not to(answer, STAFF)


async def test_done_without_a_reply_and_several_open_asks_the_staff_to_reply(staffed):
    await start_handoff(staffed)
    staffed.factory = UpdateFactory(chat_id=5151, language_code="fr")
    await start_handoff(staffed)
    sent = await staffed.feed(staff_reply(staffed, "/done", None))
    assert "Répondez" in texts(sent)


async def test_a_crisis_written_during_a_hand_off_still_gets_the_numbers_at_once(staffed):
    await start_handoff(staffed)
    sent = await staffed.say("ech wëll net méi liewen")
    assert to(sent, STAFF)
    assert "112" in texts(to(sent, 4242))


async def test_forget_ends_the_hand_off(staffed):
    await start_handoff(staffed)
    await staffed.say("/forget")
    sent = await staffed.say("Scholden")
    assert not to(sent, STAFF)


async def test_privacy_says_what_is_forwarded(chat):
    html = texts(await chat.say("/privacy"))
    assert "transmis" in html and "sans votre nom" in html


async def test_without_staff_group_talk_to_a_person_gives_the_phone_and_no_consent(chat):
    sent = await chat.say("je veux parler à quelqu'un")
    assert "+352 49 26 60" in texts(sent)
    assert not [b for s in sent for b in s.buttons() if b.get("callback_data", "").startswith("c:")]
    assert "c:" not in str(await chat.press("c:inter-actions"))  # a consent press without staff: the menu


async def test_when_the_staff_group_cannot_be_reached_the_bot_answers_itself(staffed):
    from telegram.error import Forbidden

    await start_handoff(staffed)
    staffed.api.fail_next.append(Forbidden("bot was kicked from the supergroup chat"))
    sent = await staffed.say("Scholden")
    assert "+352 49 26 60" in texts(to(sent, 4242))
