"""What the phone shows: votes as toasts, keyboards that come and go, edits, groups, live locations."""

from __future__ import annotations

from bot.local_api import UpdateFactory


def texts(sent) -> str:
    return "\n".join(s.text for s in sent if s.method == "sendMessage")


def callbacks(sent) -> list[str]:
    return [b.get("callback_data") for s in sent for b in s.buttons() if b.get("callback_data")]


def vote_press(chat, data: str) -> dict:
    """A press on a vote button of a card whose keyboard holds 'talk to a person' and the two votes."""
    update = chat.factory.callback(data)
    update["callback_query"]["message"]["reply_markup"] = {
        "inline_keyboard": [
            [{"text": "🙋", "callback_data": "p:surendettement"}],
            [
                {"text": "👍", "callback_data": "f:+:surendettement"},
                {"text": "👎", "callback_data": "f:-:surendettement"},
            ],
        ]
    }
    return update


async def test_thumbs_up_is_a_toast_and_the_vote_buttons_go_away(chat):
    sent = await chat.feed(vote_press(chat, "f:+:surendettement"))
    answers = [s for s in sent if s.method == "answerCallbackQuery"]
    assert answers and answers[0].params["text"] == "Merci pour votre avis !"
    edits = [s for s in sent if s.method == "editMessageReplyMarkup"]
    assert edits and edits[0].params["reply_markup"]["inline_keyboard"] == [
        [{"text": "🙋", "callback_data": "p:surendettement"}]
    ]
    assert not [s for s in sent if s.method == "sendMessage"]


async def test_thumbs_down_then_offers_a_person_and_the_menu(chat):
    sent = await chat.feed(vote_press(chat, "f:-:surendettement"))
    assert next(s for s in sent if s.method == "answerCallbackQuery").params["text"]
    assert {"p:surendettement", "m"} <= set(callbacks(sent))
    menu = await chat.press("m")
    assert "t:debts" in callbacks(menu)


async def test_a_vote_on_an_unknown_service_is_not_counted(chat):
    await chat.press("f:+:nope")
    assert await chat.app.bot_data["runtime"].store.feedback() == []


async def test_groups_get_no_location_keyboard_but_a_question(chat):
    chat.factory = UpdateFactory(chat_id=-100, chat_type="group")
    sent = await chat.say("@hellef_test_bot maisons des jeunes")
    assert not any(b.get("request_location") for s in sent for b in s.buttons())
    assert "Écrivez-le-moi" in texts(sent)


async def test_the_location_keyboard_goes_away_once_a_place_is_typed(chat):
    sent = await chat.say("maisons des jeunes")
    assert any(b.get("request_location") for s in sent for b in s.buttons())
    sent = await chat.say("Gasperich")
    first = next(s for s in sent if s.method == "sendMessage")
    assert first.params["reply_markup"] == {"remove_keyboard": True}
    edits = [s for s in sent if s.method == "editMessageReplyMarkup"]
    assert edits and "s:mj-gasperich" in [
        b["callback_data"] for row in edits[0].params["reply_markup"]["inline_keyboard"] for b in row
    ]


async def test_live_location_updates_after_the_first_are_ignored(chat):
    first = chat.factory.location(49.5915, 6.1247)
    first["message"]["location"]["live_period"] = 900
    assert texts(await chat.feed(first))
    update = chat.factory.location(49.5916, 6.1248)
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = update["edited_message"]["date"]
    update["edited_message"]["location"]["live_period"] = 900
    assert await chat.feed(update) == []


async def test_no_reply_lists_more_than_eight_buttons(chat):
    for message in ("maisons des jeunes", "Gasperich", "garde d'enfants", "où aide aux dettes?", "Esch"):
        for sent in await chat.say(message):
            assert len(sent.buttons()) <= 8


def test_the_console_shows_the_buttons_added_after_the_keyboard_is_taken_away():
    import io

    from bot.console import run_console

    out = io.StringIO()
    run_console(stdin=io.StringIO("maisons des jeunes\nGasperich\n"), stdout=out)
    after_place = out.getvalue().split("Près de Gasperich")[1]
    assert "[1] Gasperich" in after_place and "👍" in after_place
