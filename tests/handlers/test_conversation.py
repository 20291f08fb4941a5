"""Every command, button, location and message type, through the real handlers."""

from __future__ import annotations

import pytest

from bot.local_api import UpdateFactory


def texts(sent) -> str:
    return "\n".join(s.text for s in sent if s.method == "sendMessage")


def callbacks(sent) -> list[str]:
    return [b.get("callback_data") for s in sent for b in s.buttons() if b.get("callback_data")]


async def test_start_shows_welcome_language_choice_and_menu(chat):
    sent = await chat.say("/start")
    assert "Inter-Actions" in texts(sent)
    data = callbacks(sent)
    assert {"t:debts", "t:youth", "t:children", "t:housing", "t:work", "t:street", "t:contact", "sos"} <= set(data)
    assert {"l:fr", "l:lb", "l:de", "l:en", "l:pt"} <= set(data)
    assert all(len(d.encode()) <= 64 for d in data)


async def test_start_follows_telegram_language_code(chat):
    chat.factory = UpdateFactory(chat_id=5, language_code="de")
    sent = await chat.say("/start")
    assert "Ich bin Hëllef" in texts(sent)


async def test_deep_link_opens_the_service_card(chat):
    sent = await chat.say("/start surendettement")
    html = texts(sent)
    assert "surendettement" in html.lower() and "+352 49 26 60" in html


async def test_text_question_gets_the_debt_card_with_a_phone(chat):
    sent = await chat.say("où aide aux dettes?")
    html = texts(sent)
    assert "<b>" in html and "+352 49 26 60" in html
    assert "p:surendettement" in callbacks(sent) and "f:+:surendettement" in callbacks(sent)


async def test_user_text_is_escaped(chat):
    sent = await chat.say("<b>bonjour</b> & <a href='x'>")
    assert "<a href='x'>" not in texts(sent)


async def test_category_button_lists_its_services_and_asks_for_location(chat):
    sent = await chat.press("t:youth")
    assert {"s:mj-gare", "s:mj-grund", "t:youth:5"} <= set(callbacks(sent))
    assert any(b.get("request_location") for s in sent for b in s.buttons())


async def test_location_after_youth_topic_gives_gasperich_first_without_a_pin(chat):
    await chat.press("t:youth")
    sent = await chat.share_location(49.5860, 6.1210)
    assert not [s for s in sent if s.method == "sendVenue"]  # a quarter's centre is nobody's door
    first_item = texts(sent).split("• ")[1]
    assert first_item.startswith("Maison des jeunes Gasperich") and "environ 1 km" in first_item
    assert "0.0 km" not in texts(sent)


async def test_service_button_opens_the_card(chat):
    sent = await chat.press("s:mj-clausen")
    assert "67, rue de Clausen" in texts(sent)


async def test_language_button_is_saved_for_the_next_messages(chat):
    await chat.press("l:lb")
    sent = await chat.say("/help")
    assert "/sprooch" in texts(sent)


async def test_person_button_without_staff_chat_gives_the_phone_and_says_no_hours_are_published(chat):
    sent = await chat.press("p:mj-gare")
    html = texts(sent)
    assert "+352 49 26 60" in html and "pas publié d'heures" in html
    assert "45 45 45" not in html and "nuit" not in html


async def test_sos_button_gives_emergency_numbers(chat):
    html = texts(await chat.press("sos"))
    assert "112" in html and "113" in html


async def test_feedback_is_counted_and_visible_to_admins(chat):
    await chat.press("f:+:surendettement")
    chat.factory = UpdateFactory(chat_id=1)
    sent = await chat.say("/stats")
    assert "surendettement/fr +1" in texts(sent)


async def test_stats_for_non_admin_gives_help_without_revealing_admin_commands(chat):
    html = texts(await chat.say("/stats"))
    assert "/stats" not in html and "/reload" not in html and "/start" in html


@pytest.mark.parametrize("data", ["", "x", "t:nope", "s:nope", "f:+:nope", "l:xx", "p:", "💥" * 10])
async def test_stale_or_foreign_buttons_get_the_menu(chat, data):
    sent = await chat.press(data)
    assert "t:debts" in callbacks(sent)


async def test_sticker_and_voice_get_a_polite_reply(chat):
    for update in (chat.factory.sticker(), chat.factory.voice()):
        sent = await chat.feed(update)
        assert "texte" in texts(sent)


async def test_crisis_message_comes_first_and_alone(chat):
    sent = await chat.say("je veux mourir")
    assert sent and "112" in sent[0].text.splitlines()[0] and "113" in sent[0].text.splitlines()[0]
    assert "45 45 45" in sent[0].text
    assert "<b>Inter-Actions" not in sent[0].text


async def test_privacy_and_forget(chat):
    await chat.press("l:en")
    html = texts(await chat.say("/privacy"))
    assert "never" in html.lower()
    await chat.say("/forget")
    html = texts(await chat.say("/help"))
    assert "/langue" in html  # back to French: the English choice was erased


async def test_group_messages_without_mention_are_ignored(chat):
    chat.factory = UpdateFactory(chat_id=-100, chat_type="group")
    assert await chat.say("dettes") == []
    sent = await chat.say("@hellef_test_bot dettes")
    assert "+352 49 26 60" in texts(sent)


async def test_rate_limit_notice_once_then_silence(chat, settings):
    rt = chat.app.bot_data["runtime"]
    rt.limiter.per_minute = 3
    replies = [await chat.say("bonjour") for _ in range(6)]
    assert all(replies[:3])
    assert "minute" in texts(replies[3])
    assert replies[4] == [] and replies[5] == []
    other = UpdateFactory(chat_id=999)
    assert await chat.feed(other.text("bonjour"))


async def test_handler_error_gives_an_apology_and_next_message_works(chat, monkeypatch):
    rt = chat.app.bot_data["runtime"]

    def boom(*_args, **_kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(rt.engine, "answer", boom)
    sent = await chat.say("dettes")
    assert "problème" in texts(sent)
    monkeypatch.undo()
    assert "+352 49 26 60" in texts(await chat.say("dettes"))
