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
    last_service: str | None = None  # the first service of the last answer, for "quel est le numéro ?"
    choosing: bool = False  # the last answer asked which of several services (last_service is only the first)
    crisis: tuple[str, ...] = ()  # the kinds of the last crisis in this chat (never its words)
    young: bool = False  # that crisis was about a child or a teenager
    care: int = 0  # turns left during which a vague or fearful message gets the crisis numbers again
    care_firm: bool = True  # that crisis was said in words or read surely (not a borderline reading of the model)
    # last_service was given with the crisis reply: the need the person came with ("mes dettes... je veux en finir"),
    # whose details asked in a whole sentence are then answered under the help-lines
    crisis_need: bool = False
    place: str | None = None  # the last place the person named ("nós moramos em Bonnevoie"): its gazetteer name
    earlier: tuple[str, ...] = ()  # services given before the last one, latest first ("pour revenir à ma fille...")
    # services made for other ages than the chat last said ("une crèche pour ma fille de 14 mois", then "et à
    # Bertrange ?": no maison relais); their ids only, never the age
    apart: tuple[str, ...] = ()

    def with_(self, **changes: Any) -> ChatState:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatState:
        # Fields of older versions are ignored, so a stored state always loads.
        values = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for name in ("crisis", "earlier", "apart"):
            if name in values:
                values[name] = tuple(values[name] or ())  # JSON keeps tuples as lists
        return cls(**values)
