"""The audit's list, each point proven by behaviour: limits on every kind of update, one vote per chat, admins,
the unanswered log's scrubbing, escaping, log pseudonyms, key and file modes."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from bot.core.reply import Card
from bot.local_api import UpdateFactory
from bot.privacy import LogHasher, load_key, scrub
from bot.settings import SettingsError, load_settings
from handlers.render import card_html
from tests.handlers.test_conversation import texts

TOKEN = "123456789:AAHsecretsecretsecretsecret_xyz"


async def test_fifty_vote_presses_give_few_replies_and_one_vote(chat):
    rt = chat.app.bot_data["runtime"]
    rt.limiter.per_minute = 5
    sent = [await chat.press("f:+:surendettement") for _ in range(50)]
    assert sum(1 for s in sent if s) <= 6  # five thanks and one notice
    assert await rt.store.feedback() == [("surendettement", "fr", "+", 1)]


async def test_fifty_starts_are_limited_like_messages(chat):
    chat.app.bot_data["runtime"].limiter.per_minute = 5
    sent = [await chat.say("/start") for _ in range(50)]
    assert sum(len(s) for s in sent) <= 5 * 2 + 1
    assert "minute" in texts(sent[5])


async def test_a_vote_must_be_exactly_plus_or_minus(chat):
    rt = chat.app.bot_data["runtime"]
    for data in ("f:+-:surendettement", "f::surendettement", "f:x:surendettement", "f:+:no-such-service"):
        await chat.press(data)
    assert await rt.store.feedback() == []


async def test_admin_needs_the_chat_and_the_person(chat):
    rt = chat.app.bot_data["runtime"]
    rt.settings = rt.settings.__class__(**{**rt.settings.__dict__, "admin_chat_ids": frozenset({-500})})
    raw = UpdateFactory(chat_id=-500, chat_type="group").text("/stats")
    raw["message"]["from"]["id"] = 77  # a member of the admin group who is not listed
    assert not rt.is_admin(_update(chat, raw))
    rt.settings = rt.settings.__class__(**{**rt.settings.__dict__, "admin_user_ids": frozenset({77})})
    assert rt.is_admin(_update(chat, raw))
    raw["message"]["chat"]["id"] = -501  # the same person in another group
    assert not rt.is_admin(_update(chat, raw))


def _update(chat, raw):
    from telegram import Update

    return Update.de_json(raw, chat.app.bot)


async def test_unanswered_questions_are_kept_without_digits_or_emails(chat):
    rt = chat.app.bot_data["runtime"]
    rt.settings = rt.settings.__class__(**{**rt.settings.__dict__, "unanswered_log": True})
    await chat.say("quel temps fera-t-il le 12 mai à Luxembourg ? répondez à luigi.dupont@gmx.lu")
    kept = await rt.store.unanswered()
    assert kept and "temps" in kept[0]  # the message must end in a fallback for this test to mean anything
    assert not any(ch.isdigit() for ch in kept[0]) and "dupont" not in kept[0] and "gmx" not in kept[0]
    assert "30" in texts(await chat.say("/privacy"))  # /privacy says that words are kept, and how long


def test_scrub_removes_every_digit_and_address():
    assert scrub("call 621123456 or a.b-c@x.lu, born 1990") == "call # or [email] born #"


def test_card_html_escapes_a_title_with_markup():
    card = Card(service_id="x", title="Aide <b>& co</b>", description="a < b > c & d", lines=("x<y",))
    html = card_html(card)
    assert "<b>Aide &lt;b&gt;&amp; co&lt;/b&gt;</b>" in html
    assert "a &lt; b &gt; c &amp; d" in html and "x&lt;y" in html


async def test_crisis_lines_in_the_log_carry_no_chat_id(chat, caplog):
    rt = chat.app.bot_data["runtime"]
    with caplog.at_level(logging.INFO, logger="hellef.updates"):
        await chat.say("je veux me suicider")
        await chat.say("où aide aux dettes?")
    lines = [r.getMessage() for r in caplog.records if r.name == "hellef.updates"]
    assert "chat=- kind=emergency" in lines[0]
    pseudonym = lines[1].split("chat=")[1].split()[0]
    assert pseudonym != "-" and pseudonym != rt.key(4242)  # the log's key is not the store's key


def test_log_pseudonyms_change_when_the_key_rotates():
    now = [0.0]
    hasher = LogHasher(lifetime=10, clock=lambda: now[0])
    first = hasher(42)
    assert hasher(42) == first
    now[0] = 11
    assert hasher(42) != first


def test_key_file_is_0600_in_a_0700_folder_and_a_short_key_is_replaced_loudly(tmp_path, caplog):
    folder = tmp_path / "data"
    key = load_key(folder)
    path = folder / "chat-hash.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert load_key(folder) == key and "new key" not in caplog.text
    path.write_bytes(b"short")
    assert load_key(folder) != b"short"
    assert "new key" in caplog.text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


async def test_state_database_is_0600(chat, settings):
    await chat.say("bonjour")
    path = settings.data_dir / "state.sqlite3"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(settings.data_dir).st_mode) == 0o700


@pytest.mark.parametrize("secret", ["x", "a" * 31])
def test_a_short_webhook_secret_is_refused(tmp_path, secret):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_MODE": "webhook", "WEBHOOK_URL": "https://x.lu", "WEBHOOK_SECRET": secret}
    with pytest.raises(SettingsError, match="32-256"):
        load_settings(env, tmp_path / "none")


def test_webhook_listens_on_loopback_unless_told(tmp_path):
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BOT_MODE": "webhook",
        "WEBHOOK_URL": "https://x.lu",
        "WEBHOOK_SECRET": "s" * 32,
    }
    assert load_settings(env, tmp_path / "none").webhook_listen == "127.0.0.1"
