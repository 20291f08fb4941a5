"""An in-process stand-in for the Telegram Bot API: records what the bot sends, answers like Telegram.

The console chat and the handler tests feed updates to the very same Application the real bot runs; only
the transport differs. Nothing leaves the process.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 777000,
    "is_bot": True,
    "first_name": "Hëllef",
    "username": "hellef_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


def sent_message(api_method: str, params: dict[str, Any], message_id: int) -> dict[str, Any]:
    """The Message object the Bot API returns for a send call (what PTB parses back)."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
        "from": BOT_USER,
    }
    if "text" in params:
        message["text"] = params["text"]
    if api_method == "sendVenue":
        message["venue"] = {
            "location": {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])},
            "title": params["title"],
            "address": params["address"],
        }
    return message


@dataclass
class Sent:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class LocalBotApi(BaseRequest):
    """Answers every Bot API call the bot makes; `sent` keeps the calls in order."""

    sent: list[Sent] = field(default_factory=list)
    fail_next: list[Exception] = field(default_factory=list)
    _message_id: int = 0

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=None,
        write_timeout=None,
        connect_timeout=None,
        pool_timeout=None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.json_parameters) if request_data else {}
        for key in ("reply_markup", "link_preview_options", "commands"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        if self.fail_next:
            raise self.fail_next.pop(0)
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, api_method: str, params: dict[str, Any]) -> Any:
        if api_method == "getMe":
            return BOT_USER
        if api_method == "getUpdates":
            return []
        self.sent.append(Sent(api_method, params))
        if api_method in ("sendMessage", "sendVenue", "sendLocation", "editMessageText"):
            self._message_id += 1
            return sent_message(api_method, params, self._message_id)
        return True

    def take(self) -> list[Sent]:
        """What was sent since the last call, excluding start-up chatter (setMyCommands)."""
        chatter = ("setMyCommands", "setMyDescription", "setMyShortDescription", "deleteWebhook")
        out = [s for s in self.sent if s.method not in chatter]
        self.sent.clear()
        return out


class UpdateFactory:
    """Telegram-shaped updates, as a phone would send them.

    Update ids are unique across factories, as Telegram's are across chats: the bot answers an id only once.
    """

    _ids = itertools.count(1)

    def __init__(self, chat_id: int = 4242, language_code: str | None = "fr", chat_type: str = "private") -> None:
        self.chat_id = chat_id
        self.language_code = language_code
        self.chat_type = chat_type
        self._update_id = 0
        self._message_id = 100

    def _user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.chat_id, "is_bot": False, "first_name": "Test"}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def _base(self) -> dict[str, Any]:
        self._update_id = next(UpdateFactory._ids)
        self._message_id += 1
        return {
            "update_id": self._update_id,
            "message": {
                "message_id": self._message_id,
                "date": int(time.time()),
                "from": self._user(),
                "chat": {"id": self.chat_id, "type": self.chat_type},
            },
        }

    def text(self, text: str) -> dict[str, Any]:
        update = self._base()
        update["message"]["text"] = text
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        if "@" in text:  # a mention, as Telegram marks it
            start = text.index("@")
            end = next(
                (i for i in range(start + 1, len(text)) if not (text[i].isalnum() or text[i] == "_")),
                len(text),
            )
            entities.append({"type": "mention", "offset": start, "length": end - start})
        if entities:
            update["message"]["entities"] = entities
        return update

    def location(self, latitude: float, longitude: float) -> dict[str, Any]:
        update = self._base()
        update["message"]["location"] = {"latitude": latitude, "longitude": longitude}
        return update

    def sticker(self) -> dict[str, Any]:
        update = self._base()
        update["message"]["sticker"] = {
            "file_id": "s1",
            "file_unique_id": "u1",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
        return update

    def voice(self) -> dict[str, Any]:
        update = self._base()
        update["message"]["voice"] = {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}
        return update

    def callback(self, data: str) -> dict[str, Any]:
        self._update_id = next(UpdateFactory._ids)
        return {
            "update_id": self._update_id,
            "callback_query": {
                "id": f"cb{self._update_id}",
                "from": self._user(),
                "chat_instance": "ci1",
                "data": data,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": self.chat_id, "type": self.chat_type},
                    "from": BOT_USER,
                    "text": "menu",
                },
            },
        }
