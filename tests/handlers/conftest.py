"""In-process handler tests: the real Application and handlers, the Bot API answered by LocalBotApi."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from telegram import Update

from bot.app import build_application, make_runtime
from bot.core.engine import Engine
from bot.local_api import LocalBotApi, UpdateFactory
from bot.settings import Settings


class Chat:
    """A conversation with the bot: send something, get back what the bot sent."""

    def __init__(self, app, api: LocalBotApi, factory: UpdateFactory) -> None:
        self.app, self.api, self.factory = app, api, factory

    async def feed(self, update: dict):
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.api.take()

    async def say(self, text: str):
        return await self.feed(self.factory.text(text))

    async def press(self, data: str):
        return await self.feed(self.factory.callback(data))

    async def share_location(self, lat: float, lon: float):
        return await self.feed(self.factory.location(lat, lon))


@pytest.fixture
def settings(trained_data_dir: Path) -> Settings:
    return Settings(
        token="123456:TEST-token-abcdefghijklmnop",
        data_dir=trained_data_dir,
        api_base_url="http://127.0.0.1:9/bot",
        admin_chat_ids=frozenset({1}),
    )


@asynccontextmanager
async def running(settings: Settings, factory: UpdateFactory, engine: Engine | None = None):
    """The Application running on these settings, and a chat with it. `engine`: the session's, on the shipped
    knowledge (building one per test costs seconds)."""
    rt = make_runtime(settings, engine=engine)
    api = LocalBotApi()
    app = build_application(rt, request=api, rate_limiter=False)
    async with app:
        api.take()
        yield Chat(app, api, factory)


@pytest.fixture
async def chat(settings, engine):
    async with running(settings, UpdateFactory(chat_id=4242, language_code="fr"), engine) as conversation:
        yield conversation
