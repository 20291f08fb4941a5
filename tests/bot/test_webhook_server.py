"""The webhook replica's HTTP side: the secret token, unreadable bodies, and /healthz."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_application, make_runtime
from bot.local_api import LocalBotApi, UpdateFactory
from bot.settings import Settings
from bot.webhook import SECRET_HEADER, web_app

SECRET = "a-webhook-secret-of-forty-characters-000"


@pytest.fixture
async def client(trained_data_dir):
    settings = Settings(
        token="123456:TEST-token-abcdefghijklmnop",
        data_dir=trained_data_dir,
        api_base_url="http://127.0.0.1:9/bot",
        webhook_secret=SECRET,
    )
    app = build_application(make_runtime(settings), request=LocalBotApi(), rate_limiter=False)
    state = {"stopping": False}
    async with app, TestClient(TestServer(web_app(app, settings, state))) as http:
        yield http, app, state


async def test_updates_need_the_exact_secret(client):
    http, app, _ = client
    update = UpdateFactory(chat_id=90).text("bonjour")
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET[:-1]}, {SECRET_HEADER: SECRET + "x"}):
        assert (await http.post("/telegram", json=update, headers=headers)).status == 403
    assert app.update_queue.empty()
    assert (await http.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})).status == 200
    assert app.update_queue.qsize() == 1


async def test_an_unreadable_body_is_refused_without_logging_it(client, caplog):
    http, _, _ = client
    answer = await http.post("/telegram", data=b"{not json: my phone 621", headers={SECRET_HEADER: SECRET})
    assert answer.status == 400
    assert "621" not in caplog.text


async def test_healthz_says_whether_this_replica_can_serve(client, monkeypatch):
    http, app, state = client
    assert (await http.get("/healthz")).status == 200
    store = app.bot_data["runtime"].store

    async def unreachable() -> bool:
        return False

    monkeypatch.setattr(store, "ping", unreachable)
    assert (await http.get("/healthz")).status == 503
    monkeypatch.undo()
    state["stopping"] = True
    assert (await http.get("/healthz")).status == 503
