"""Serving: chats run concurrently, each chat in order; one retry layer; errors logged by place, not by text."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from dataclasses import dataclass, field

import pytest
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.app import build_application, make_runtime
from bot.local_api import LocalBotApi, UpdateFactory
from bot.logsafe import where
from bot.settings import Settings
from handlers.send import deliver


@dataclass
class FlakyApi(LocalBotApi):
    """LocalBotApi whose sends to some chats fail with a network error until a moment (an outage for them)."""

    failing: dict[int, float] = field(default_factory=dict)
    refuse_venue: bool = False

    async def do_request(self, url, method, request_data=None, **kwargs):
        params = dict(request_data.json_parameters) if request_data else {}
        chat = int(params.get("chat_id", 0) or 0)
        if time.monotonic() < self.failing.get(chat, 0.0):
            raise NetworkError("Bad Gateway")
        if self.refuse_venue and url.endswith("/sendVenue"):
            raise BadRequest("Wrong venue")
        return await super().do_request(url, method, request_data, **kwargs)


def settings(data_dir) -> Settings:
    return Settings(
        token="123456:TEST-token-abcdefghijklmnop",
        data_dir=data_dir,
        api_base_url="http://127.0.0.1:9/bot",
        rate_limit_per_minute=1000,
    )


@pytest.fixture
async def running(trained_data_dir):
    """The real Application started (its update queue and ChatOrderedProcessor), fed through update_queue."""
    api = FlakyApi()
    app = build_application(make_runtime(settings(trained_data_dir)), request=api, rate_limiter=False)
    async with app:
        await app.start()
        yield app, api
        await app.stop()


def texts_for(api: LocalBotApi, chat: int) -> list[str]:
    return [s.text for s in api.sent if s.method == "sendMessage" and int(s.params["chat_id"]) == chat]


async def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.01)
    return False


async def put(app, raw: dict) -> None:
    await app.update_queue.put(Update.de_json(raw, app.bot))


async def test_a_chat_whose_replies_are_retried_never_delays_another(running):
    app, api = running
    slow, quick = UpdateFactory(chat_id=501), UpdateFactory(chat_id=502)
    api.failing[501] = time.monotonic() + 2.0
    await put(app, slow.text("où aide aux dettes?"))
    await asyncio.sleep(0.05)
    began = time.monotonic()
    await put(app, quick.text("où aide aux dettes?"))
    assert await wait_for(lambda: texts_for(api, 502), 5)
    assert time.monotonic() - began < 1.0  # not behind the slow chat's two seconds of retries
    assert texts_for(api, 501) == []
    assert await wait_for(lambda: texts_for(api, 501), 10)  # and the slow chat still gets its answer


async def test_one_chats_updates_are_answered_in_order(running):
    app, api = running
    chat = UpdateFactory(chat_id=503)
    api.failing[503] = time.monotonic() + 0.6  # the first reply is held back by retries
    questions = ["/contact", "/privacy", "/help", "/language", "dettes"]
    for question in questions:
        await put(app, chat.text(question))
    assert await wait_for(lambda: len(texts_for(api, 503)) >= 5, 15)
    got = texts_for(api, 503)
    assert "5, rue du Kiem" in got[0] and "+352 49 26 60" in got[-1]
    assert "/start" in got[2]


async def test_many_chats_at_once_each_get_one_answer(running):
    app, api = running
    for chat_id in range(600, 650):
        await put(app, UpdateFactory(chat_id=chat_id).text("où aide aux dettes?"))
    assert await wait_for(lambda: all(texts_for(api, c) for c in range(600, 650)), 20)
    assert all(len(texts_for(api, c)) == 1 for c in range(600, 650))
    assert await wait_for(lambda: app.update_processor.chats_in_flight() == 0, 5)  # no lock kept for idle chats


async def test_the_same_update_delivered_twice_is_answered_once(running):
    app, api = running
    raw = UpdateFactory(chat_id=651).text("où aide aux dettes?")
    await put(app, raw)
    await put(app, raw)
    assert await wait_for(lambda: texts_for(api, 651), 5)
    await asyncio.sleep(0.3)
    assert len(texts_for(api, 651)) == 1


async def test_flood_control_is_waited_out_once_not_twice():
    calls = []
    with warnings.catch_warnings():  # PTB 22 announces the timedelta type of retry_after
        warnings.simplefilter("ignore")
        flood = RetryAfter(dt.timedelta(seconds=0))

    async def flooded(*_args, **_kwargs):
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise flood
        return "sent"

    with pytest.raises(RetryAfter):  # the bot's AIORateLimiter already retried: no second layer here
        await deliver(flooded, flood=False)
    assert len(calls) == 1
    calls.clear()
    assert await deliver(flooded, flood=True) == "sent"
    assert len(calls) == 2  # without a limiter, deliver() is the one layer


def test_error_log_names_files_and_lines_but_never_the_message():
    def inner(text: str) -> None:
        raise ValueError(f"cannot parse {text}")

    try:
        try:
            inner("my phone is 621 123 456")
        except ValueError as exc:
            raise RuntimeError("while answering my phone is 621 123 456") from exc
    except RuntimeError as exc:
        text = where(exc)
    assert "builtins.RuntimeError" in text and "builtins.ValueError" in text
    assert "tests/bot/test_serving.py:" in text and "in inner" in text
    assert "621" not in text and "phone" not in text


async def test_handler_error_is_logged_with_its_frames_and_no_user_text(trained_data_dir, caplog, monkeypatch):
    api = FlakyApi()
    rt = make_runtime(settings(trained_data_dir))
    app = build_application(rt, request=api, rate_limiter=False)

    def boom(text, state):
        raise KeyError(text)

    async with app:
        monkeypatch.setattr(type(rt.front), "message", lambda self, text, state: boom(text, state))
        with caplog.at_level(logging.ERROR):
            await app.process_update(Update.de_json(UpdateFactory(chat_id=700).text("ma dette 12345"), app.bot))
    assert "handlers/messages.py:" in caplog.text and "builtins.KeyError" in caplog.text
    assert "12345" not in caplog.text and "dette" not in caplog.text
    assert "problème" in texts_for(api, 700)[0]  # nothing had been sent: the apology


async def test_no_apology_under_an_answer_that_went_out(trained_data_dir):
    api = FlakyApi(refuse_venue=True)
    app = build_application(make_runtime(settings(trained_data_dir)), request=api, rate_limiter=False)
    async with app:
        factory = UpdateFactory(chat_id=701)
        await app.process_update(Update.de_json(factory.location(49.6116, 6.1319), app.bot))
    sent = texts_for(api, 701)
    assert sent and all("problème" not in text for text in sent)
