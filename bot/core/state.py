"""The little a chat remembers between messages: never what was written, only where the conversation is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ChatState:
    lang: str | None = None  # the chat's language, once known
    lang_chosen: bool = False  # set by the person (/language): then detection does not override it
    pending_topic: str | None = None  # a topic waiting for a place or a location
    last_topic: str | None = None  # the topic of the last answer, for follow-ups ("et à Esch ?")
    last_services: tuple[str, ...] = ()

    def with_(self, **changes: Any) -> ChatState:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_services"] = list(self.last_services)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatState:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if "last_services" in known:
            known["last_services"] = tuple(str(s) for s in known["last_services"] or ())
        return cls(**known)
