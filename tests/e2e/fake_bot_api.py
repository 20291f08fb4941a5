"""A small fake Telegram Bot API server on 127.0.0.1, with a user side and fault injection.

The bot process talks to it exactly as to api.telegram.org (base_url setting); the test acts as the user:
send a message, a location, press a button, then read what the bot sent back.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.local_api import BOT_USER as BOT
from bot.local_api import sent_message

SEND_METHODS = {
    "sendMessage",
    "sendVenue",
    "sendLocation",
    "editMessageText",
    "editMessageReplyMarkup",
    "sendChatAction",
}


@dataclass
class Faults:
    """Faults to inject: the next N sends answer 429, or every call answers 502 until a moment."""

    flood_sends: int = 0
    retry_after: int = 1
    bad_gateway_until: float = 0.0
    failing_chats: dict[int, float] = field(default_factory=dict)  # chat id -> until when its sends answer 502
    flood_count: int = 0
    bad_gateway_count: int = 0


@dataclass
class FakeBotApi:
    token: str
    host: str = "127.0.0.1"
    port: int = 0
    webhook_secret_seen: list[str | None] = field(default_factory=list)
    faults: Faults = field(default_factory=Faults)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_id = 0
        self._message_id = 0
        self._sent: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.calls: list[str] = []
        self.toasts: list[str | None] = []  # the text of each answerCallbackQuery
        self.descriptions: dict[tuple[str, str], str] = {}  # (method, language_code) -> the text set
        self._cond: asyncio.Condition | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._closing = False
        self.webhook: tuple[str, str | None] | None = None  # set by setWebhook: updates are then posted there
        self.deliveries_failed = 0
        self._session: Any = None
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)

    # Server ----------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    def start(self) -> FakeBotApi:
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake Bot API did not start")
        return self

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._cond = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, self.host, self.port)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    def stop(self) -> None:
        if self._loop and self._runner:

            async def close() -> None:
                self._closing = True
                assert self._cond is not None
                async with self._cond:
                    self._cond.notify_all()
                await self._runner.shutdown()
                await self._runner.cleanup()
                if self._session is not None:
                    await self._session.close()

            asyncio.run_coroutine_threadsafe(close(), self._loop).result(20)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        params = await _params(request)
        self.calls.append(method)
        if time.monotonic() < self.faults.bad_gateway_until:
            self.faults.bad_gateway_count += 1
            return web.Response(status=502, text="Bad Gateway")
        if method in SEND_METHODS and time.monotonic() < self.faults.failing_chats.get(_chat(params), 0.0):
            self.faults.bad_gateway_count += 1
            return web.Response(status=502, text="Bad Gateway")
        if method in SEND_METHODS and method != "sendChatAction" and self.faults.flood_sends > 0:
            self.faults.flood_sends -= 1
            self.faults.flood_count += 1
            return _error(
                429,
                f"Too Many Requests: retry after {self.faults.retry_after}",
                {"retry_after": self.faults.retry_after},
            )
        if method == "getMe":
            return _ok(BOT)
        if method == "setWebhook":
            self.webhook = (str(params.get("url", "")), params.get("secret_token"))
            return _ok(True)
        if method == "deleteWebhook":
            self.webhook = None
            return _ok(True)
        if method == "getUpdates":
            return _ok(await self._get_updates(params))
        if method == "answerCallbackQuery":
            self.toasts.append(params.get("text"))
        if method in ("setMyDescription", "setMyShortDescription"):
            text = params.get("description") or params.get("short_description") or ""
            self.descriptions[(method, params.get("language_code") or "")] = text
            return _ok(True)
        if method in (
            "setMyCommands",
            "answerCallbackQuery",
            "sendChatAction",
            "deleteMyCommands",
            "close",
            "logOut",
        ):
            return _ok(True)
        if method == "getWebhookInfo":
            return _ok({"url": "", "has_custom_certificate": False, "pending_update_count": 0})
        if method in SEND_METHODS:
            return _ok(self._record(method, params))
        return _error(404, "Not Found: method not found")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        assert self._cond is not None
        deadline = time.monotonic() + min(timeout, 30)
        async with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline and not self._closing:
                try:
                    await asyncio.wait_for(self._cond.wait(), max(0.01, deadline - time.monotonic()))
                except TimeoutError:
                    break
            return self._updates[:limit]

    def _record(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._message_id += 1
            message = sent_message(method, params, self._message_id)
            chat_id = message["chat"]["id"]
            self._sent[chat_id].append(
                {"method": method, "params": params, "at": time.monotonic(), "message_id": message["message_id"]}
            )
            self._arrived.notify_all()
        return message

    async def _deliver(self, update: dict[str, Any], url: str, secret: str | None) -> None:
        """As Telegram does: POST the update to the webhook; on an error or a timeout, deliver it again later."""
        import aiohttp

        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        for attempt in range(5):
            try:
                async with self._session.post(url, json=update, headers=headers) as answer:
                    if answer.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            self.deliveries_failed += 1
            await asyncio.sleep(0.5 * (attempt + 1))

    # User side -------------------------------------------------------------------------------------

    def _push(self, update: dict[str, Any]) -> None:
        if self.webhook is not None:
            assert self._loop is not None
            asyncio.run_coroutine_threadsafe(self._deliver(update, *self.webhook), self._loop)
            return

        async def push() -> None:
            assert self._cond is not None
            async with self._cond:
                self._updates.append(update)
                self._cond.notify_all()

        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(push(), self._loop).result(5)

    def _next_ids(self) -> tuple[int, int]:
        with self._lock:
            self._update_id += 1
            self._message_id += 1
            return self._update_id, self._message_id

    def send(
        self,
        chat_id: int,
        text: str | None = None,
        language_code: str = "fr",
        chat_type: str = "private",
        user_id: int | None = None,
        **content: Any,
    ) -> int:
        """A message from a user (in a group: `chat_type="group"` and the member's `user_id`)."""
        update_id, message_id = self._next_ids()
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "User", "language_code": language_code},
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message.update(content)
        self._push({"update_id": update_id, "message": message})
        return update_id

    def send_edit(self, chat_id: int, text: str | None = None, language_code: str = "fr", **content: Any) -> int:
        """The person edits a message they sent (or a live location moves): an `edited_message` update."""
        update_id, message_id = self._next_ids()
        now = int(time.time())
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": now,
            "edit_date": now,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "User", "language_code": language_code},
            **({"text": text} if text is not None else {}),
            **content,
        }
        self._push({"update_id": update_id, "edited_message": message})
        return update_id

    def reply_in_group(self, group_id: int, user_id: int, text: str, to_message_id: int | None) -> int:
        """A member of a group writes, as a reply to the bot's message `to_message_id` (or not a reply)."""
        content: dict[str, Any] = {}
        if to_message_id is not None:
            content["reply_to_message"] = {
                "message_id": to_message_id,
                "date": int(time.time()),
                "chat": {"id": group_id, "type": "supergroup"},
                "from": BOT,
                "text": "…",
            }
        return self.send(group_id, text, chat_type="supergroup", user_id=user_id, **content)

    def send_location(self, chat_id: int, latitude: float, longitude: float) -> int:
        return self.send(chat_id, location={"latitude": latitude, "longitude": longitude})

    def send_sticker(self, chat_id: int) -> int:
        return self.send(
            chat_id,
            sticker={
                "file_id": "s",
                "file_unique_id": "u",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
        )

    def press(self, chat_id: int, data: str, language_code: str = "fr") -> int:
        update_id, message_id = self._next_ids()
        self._push(
            {
                "update_id": update_id,
                "callback_query": {
                    "id": f"q{update_id}",
                    "chat_instance": "ci",
                    "data": data,
                    "from": {
                        "id": chat_id,
                        "is_bot": False,
                        "first_name": "User",
                        "language_code": language_code,
                    },
                    "message": {
                        "message_id": message_id,
                        "date": int(time.time()),
                        "text": "menu",
                        "from": BOT,
                        "chat": {"id": chat_id, "type": "private"},
                    },
                },
            }
        )
        return update_id

    def sent(self, chat_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._sent[chat_id])

    def wait_for(self, chat_id: int, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        """At least `count` calls sent to this chat, or whatever arrived before the timeout."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self._sent[chat_id]) < count and time.monotonic() < deadline:
                self._arrived.wait(max(0.0, deadline - time.monotonic()))
            return list(self._sent[chat_id])

    def pending_updates(self) -> int:
        return len(self._updates)


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
    else:
        data = dict(await request.post())
        data.update(request.query)
    for key in ("reply_markup", "link_preview_options", "commands", "allowed_updates"):
        if isinstance(data.get(key), str):
            try:
                data[key] = json.loads(data[key])
            except ValueError:
                pass
    return data


def _chat(params: dict[str, Any]) -> int:
    try:
        return int(params.get("chat_id", 0))
    except (TypeError, ValueError):
        return 0


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, parameters: dict | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)
