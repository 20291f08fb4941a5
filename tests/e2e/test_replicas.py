"""Two webhook replicas behind a round-robin proxy, sharing state in a real PostgreSQL server.

The test plays Telegram: it posts updates to the proxy (or to each replica directly) with the secret token;
both replicas send their replies to the one fake Bot API, where the test reads them.
"""

from __future__ import annotations

import json
import secrets
import signal
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import BotProcess, free_port, wait_until
from tests.e2e.proxy import RoundRobinProxy

pytestmark = pytest.mark.e2e
SECRET = "replica-secret-0123456789-abcdefghijklmnop"


def post(url: str, body: dict, secret: str = SECRET) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def health(base: str) -> int:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


class Telegram:
    """Update ids and shapes as Telegram sends them."""

    def __init__(self) -> None:
        self.update_id = 10_000

    def _next(self) -> int:
        self.update_id += 1
        return self.update_id

    def text(self, chat: int, text: str) -> dict:
        uid = self._next()
        message = {
            "message_id": uid,
            "date": 1_700_000_000,
            "text": text,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "U", "language_code": "fr"},
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"update_id": uid, "message": message}

    def press(self, chat: int, data: str) -> dict:
        uid = self._next()
        user = {"id": chat, "is_bot": False, "first_name": "U", "language_code": "fr"}
        return {
            "update_id": uid,
            "callback_query": {
                "id": f"q{uid}",
                "chat_instance": "ci",
                "data": data,
                "from": user,
                "message": {
                    "message_id": uid,
                    "date": 1_700_000_000,
                    "text": "menu",
                    "chat": {"id": chat, "type": "private"},
                },
            },
        }


def replies(api, chat: int) -> list[str]:
    return [str(m["params"].get("text", "")) for m in api.sent(chat) if m["method"] == "sendMessage"]


@pytest.fixture(scope="module")
def replicas(api, tmp_path_factory, postgres, model_store):
    """Started once for the module (a replica takes seconds to start); the tests below run in file order. Each
    starts from the session's trained models: training twice at once on a small machine is not what is tested."""
    key, url = secrets.token_hex(32), postgres.new_database()
    bots, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        folder = tmp_path_factory.mktemp(f"replica-{name}")
        bots.append(
            BotProcess(
                folder,
                api,
                model_store,
                BOT_MODE="webhook",
                WEBHOOK_URL="http://127.0.0.1:9/telegram",  # the proxy's public address in production
                WEBHOOK_LISTEN="127.0.0.1",
                WEBHOOK_PORT=str(port),
                WEBHOOK_SECRET=SECRET,
                STATE_URL=url,
                CHAT_HASH_KEY=key,
                LOG_LEVEL="INFO",
            ).start()
        )
        bases.append(f"http://127.0.0.1:{port}")
    for bot, base in zip(bots, bases, strict=True):
        assert wait_until(lambda base=base: health(base) == 200, 60), bot.log()[-3000:]
    proxy = RoundRobinProxy(bases).start()
    yield bots, bases, proxy
    proxy.stop()
    for bot in bots:
        bot.stop(signal.SIGTERM)


def test_two_replicas_share_state_answer_once_and_survive_a_kill(api, replicas):
    bots, bases, proxy = replicas
    telegram = Telegram()
    webhook = proxy.url + "/telegram"
    assert api.calls.count("setWebhook") == 1  # one replica registered; the other skipped it

    # A language chosen through one replica is used by the other.
    assert post(webhook, telegram.press(801, "l:lb")) == 200
    assert wait_until(lambda: len(replies(api, 801)) == 1, 20)
    assert post(webhook, telegram.text(801, "/help")) == 200
    assert wait_until(lambda: len(replies(api, 801)) == 2, 20)
    assert "/sprooch" in replies(api, 801)[1]
    assert len(set(proxy.served)) == 2  # the two updates went to different replicas

    # One update delivered to both replicas is answered once.
    twice = telegram.text(802, "où aide aux dettes?")
    assert post(bases[0] + "/telegram", twice) == 200
    assert post(bases[1] + "/telegram", twice) == 200
    assert wait_until(lambda: len(replies(api, 802)) >= 1, 20)
    assert not wait_until(lambda: len(replies(api, 802)) > 1, 1.5)

    # After SIGKILL of one replica, every user still gets answers.
    bots[0].stop(signal.SIGKILL)
    assert health(bases[0]) == 0 and health(bases[1]) == 200
    for chat in range(810, 820):
        assert post(webhook, telegram.text(chat, "où aide aux dettes?")) == 200
    assert wait_until(lambda: all(replies(api, c) for c in range(810, 820)), 30), bots[1].log()[-3000:]
    assert all("+352 49 26 60" in replies(api, c)[0] for c in range(810, 820))


def test_sigterm_finishes_the_update_in_flight_then_exits(api, replicas):
    bots, bases, _ = replicas
    telegram = Telegram()
    telegram.update_id = 20_000
    api.faults.failing_chats[830] = __import__("time").monotonic() + 1.5  # its reply is retried for a while
    assert post(bases[1] + "/telegram", telegram.text(830, "où aide aux dettes?")) == 200
    bots[1].proc.send_signal(signal.SIGTERM)
    assert bots[1].proc.wait(30) == 0
    assert "+352 49 26 60" in replies(api, 830)[0]  # answered before the replica exited
    assert "stopped" in bots[1].log()
