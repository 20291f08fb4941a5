"""Faults: flood control, an outage mid-run, start-up while the API is down, SIGKILL, knowledge reload."""

from __future__ import annotations

import shutil
import signal
import time

import pytest

import knowledge
from tests.e2e.conftest import TOKEN, BotProcess, wait_until
from tests.e2e.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e


@pytest.fixture
def fresh_api():
    server = FakeBotApi(token=TOKEN).start()
    yield server
    server.stop()


def started(api: FakeBotApi, tmp_path, models, **env) -> BotProcess:
    bot = BotProcess(tmp_path, api, models, **env).start()
    assert wait_until(lambda: "getUpdates" in api.calls, 40), bot.log()[-3000:]
    return bot


def replies(api: FakeBotApi, chat_id: int) -> list[str]:
    return [str(m["params"].get("text", "")) for m in api.sent(chat_id) if m["method"] == "sendMessage"]


def test_flood_control_replies_still_arrive_after_the_wait(fresh_api, tmp_path, model_store):
    bot = started(fresh_api, tmp_path, model_store)
    try:
        fresh_api.faults.retry_after = 1
        fresh_api.faults.flood_sends = 2
        began = time.monotonic()
        fresh_api.send(301, "bonjour")
        assert wait_until(lambda: len(replies(fresh_api, 301)) == 1, 20), bot.log()[-2000:]
        assert fresh_api.faults.flood_count == 2
        assert time.monotonic() - began >= 1.0
    finally:
        bot.stop()


def test_outage_mid_run_every_message_answered_exactly_once(fresh_api, tmp_path, model_store):
    bot = started(fresh_api, tmp_path, model_store)
    try:
        fresh_api.faults.bad_gateway_until = time.monotonic() + 4
        for i in range(3):
            fresh_api.send(302 + i, "bonjour")
        assert wait_until(lambda: all(len(replies(fresh_api, 302 + i)) >= 1 for i in range(3)), 40), bot.log()[-3000:]
        time.sleep(1.5)  # anything duplicated would have arrived by now
        assert [len(replies(fresh_api, 302 + i)) for i in range(3)] == [1, 1, 1]
        assert fresh_api.faults.bad_gateway_count > 0
    finally:
        bot.stop()
    assert "Traceback" not in bot.log()


def test_start_up_while_the_api_is_down_waits_then_serves(fresh_api, tmp_path, model_store):
    fresh_api.faults.bad_gateway_until = time.monotonic() + 5
    bot = BotProcess(tmp_path, fresh_api, model_store).start()
    try:
        assert wait_until(lambda: "getUpdates" in fresh_api.calls, 60), bot.log()[-3000:]
        fresh_api.send(310, "bonjour")
        assert wait_until(lambda: len(replies(fresh_api, 310)) == 1, 20)
        assert bot.proc.poll() is None
    finally:
        bot.stop()
    assert "Traceback" not in bot.log()


def test_sigkill_and_restart_keep_the_chats_language(fresh_api, tmp_path, model_store):
    bot = started(fresh_api, tmp_path, model_store)
    fresh_api.press(320, "l:lb")
    assert wait_until(lambda: len(replies(fresh_api, 320)) == 1, 20)
    bot.stop(signal.SIGKILL)
    bot = started(fresh_api, tmp_path, model_store)
    try:
        fresh_api.send(320, "/help")
        assert wait_until(lambda: len(replies(fresh_api, 320)) == 2, 30), bot.log()[-2000:]
        assert "/sprooch" in replies(fresh_api, 320)[1]
    finally:
        bot.stop()


def test_reload_broken_knowledge_keeps_serving_and_tells_admins(fresh_api, tmp_path, model_store):
    kdir = tmp_path / "kb"
    shutil.copytree(knowledge.DEFAULT_DIR, kdir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    bot = started(fresh_api, tmp_path, model_store, KNOWLEDGE_DIR=str(kdir), ADMIN_CHAT_IDS="1")
    try:
        social = kdir / "services" / "social.yaml"
        social.write_text(
            social.read_text(encoding="utf-8").replace("  - id: ecotec", "  - id: ecotec\n  x: [", 1),
            encoding="utf-8",
        )
        fresh_api.send(1, "/reload")
        assert wait_until(lambda: any("NON rechargées" in r for r in replies(fresh_api, 1)), 20)
        assert "social.yaml" in replies(fresh_api, 1)[-1]
        bot.proc.send_signal(signal.SIGHUP)
        assert wait_until(lambda: sum("NON rechargées" in r for r in replies(fresh_api, 1)) == 2, 20)
        fresh_api.send(330, "où aide aux dettes?")
        assert wait_until(lambda: any("+352 49 26 60" in r for r in replies(fresh_api, 330)), 20)
        fresh_api.send(331, "/reload")  # not an admin: the ordinary help
        assert wait_until(lambda: len(replies(fresh_api, 331)) >= 1, 20)
        assert "NON rechargées" not in replies(fresh_api, 331)[0] and "/reload" not in replies(fresh_api, 331)[0]
    finally:
        bot.stop()
