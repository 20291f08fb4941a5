"""Webhook mode: Telegram's secret token is required; without it the request is refused."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import BotProcess, free_port, wait_until

pytestmark = pytest.mark.e2e
SECRET = "s3cret-token_for-tests-0123456789abcdef"


def post(url: str, body: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def update(update_id: int, chat_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1700000000,
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "U", "language_code": "fr"},
        },
    }


def test_webhook_refuses_a_wrong_secret_and_serves_the_right_one(api, tmp_path, model_store):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    bot = BotProcess(
        tmp_path,
        api,
        model_store,
        BOT_MODE="webhook",
        WEBHOOK_URL=url,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=SECRET,
    ).start()
    try:
        assert wait_until(lambda: "setWebhook" in api.calls, 30), bot.log()[-3000:]
        assert wait_until(lambda: post(url, update(1, 201, "dettes"), "wrong") == 403, 10)
        assert post(url, update(2, 202, "dettes"), None) == 403
        assert api.sent(201) == [] and api.sent(202) == []
        assert post(url, update(3, 203, "où aide aux dettes?"), SECRET) == 200
        assert "+352 49 26 60" in str(api.wait_for(203, 1)[0]["params"]["text"])
    finally:
        bot.stop()
    assert SECRET not in bot.log()
