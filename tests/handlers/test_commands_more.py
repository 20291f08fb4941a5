"""The remaining commands and message kinds."""

from __future__ import annotations

from pathlib import Path

from bot.store import SqliteStore
from tests.handlers.test_conversation import callbacks, texts


async def test_contact_command_gives_the_central_contact(chat):
    html = texts(await chat.say("/contact"))
    assert "5, rue du Kiem" in html and "+352 49 26 60" in html and "inter-actions@inter-actions.lu" in html


async def test_language_aliases_offer_the_five_languages(chat):
    for command in ("/language", "/langue", "/sprooch"):
        assert {"l:fr", "l:lb", "l:de", "l:en", "l:pt"} <= set(callbacks(await chat.say(command)))


async def test_edited_message_is_answered_as_a_new_one(chat):
    update = chat.factory.text("dettes")
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = update["edited_message"]["date"]
    html = texts(await chat.feed(update))
    assert "surendettement" in html and "texte" not in html


async def test_unknown_command_gets_help(chat):
    assert "/start" in texts(await chat.say("/nimportequoi"))


async def test_unanswered_questions_are_kept_only_when_opted_in(chat):
    rt = chat.app.bot_data["runtime"]
    await chat.say("je veux commander une pizza quatre fromages")
    assert await rt.store.unanswered() == []
    rt.settings = rt.settings.__class__(**{**rt.settings.__dict__, "unanswered_log": True})
    await chat.say("je veux commander une pizza quatre fromages")
    kept = await rt.store.unanswered()
    assert kept == ["je veux commander une pizza quatre fromages"]


async def test_corrupted_state_file_is_set_aside_and_the_bot_starts_clean(tmp_path: Path, caplog):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = SqliteStore(path)
    await store.open()
    assert (await store.load("abc"))[0].lang is None
    await store.close()
    assert any(p.name.startswith("state.sqlite3.corrupt-") for p in tmp_path.iterdir())
    assert "set aside" in caplog.text


async def test_state_is_json_in_sqlite_never_pickle(tmp_path: Path):
    from bot.core.state import ChatState

    store = SqliteStore(tmp_path / "s.sqlite3")
    await store.open()
    await store.save("k", ChatState(lang="pt", last_topic="youth"), 0)
    raw = store._run("SELECT state FROM chat_state").fetchone()[0]
    assert raw.startswith("{") and '"lang": "pt"' in raw
    await store.close()
