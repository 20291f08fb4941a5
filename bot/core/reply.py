"""A channel-neutral reply: what to say and offer, not how Telegram or a console shows it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.state import ChatState

KINDS = ("answer", "clarify", "nearest", "detail", "smalltalk", "fallback", "emergency", "info")


@dataclass(frozen=True)
class Button:
    """A choice the person can tap. `action` is short (it becomes Telegram callback_data, 64 bytes at most)."""

    label: str
    action: str


@dataclass(frozen=True)
class PhoneLine:
    label: str
    number: str  # as written for people: "+352 49 26 60"
    dial: str  # for a tel: link: "+35249266"
    note: str = ""


@dataclass(frozen=True)
class Card:
    """One service, ready to show."""

    service_id: str
    title: str
    description: str
    lines: tuple[str, ...] = ()  # where, since when, ages, hours: plain sentences
    address: str | None = None
    phones: tuple[PhoneLine, ...] = ()
    email: str | None = None
    url: str | None = None
    distance_km: float | None = None
    point: tuple[float, float] | None = None


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Phones:
    """Phone numbers that must be tappable (crisis, 'talk to a person')."""

    lines: tuple[PhoneLine, ...]


Block = Text | Card | Phones


@dataclass(frozen=True)
class Venue:
    """A map pin the phone can route to."""

    latitude: float
    longitude: float
    title: str
    address: str


@dataclass(frozen=True)
class Reply:
    kind: str
    lang: str
    state: ChatState
    services: tuple[str, ...] = ()
    confidence: float = 0.0
    blocks: tuple[Block, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    request_location: bool = False
    venue: Venue | None = None
    topic: str | None = None
    place: str | None = None
    feedback: bool = False  # offer 👍/👎 under it
    helpline_header: bool = False  # a possible crisis: one help-line line on top of the practical answer
    referral: str | None = None  # a partner that is not Inter-Actions but answers this need

    def to_json(self) -> dict:
        """The `ask --json` contract of the evaluation scorer, plus what helps reading a miss."""
        return {
            "lang": self.lang,
            "kind": self.kind,
            "services": list(self.services),
            "confidence": round(self.confidence, 3),
            "topic": self.topic,
            "place": self.place,
            "helplines": self.kind == "emergency" or self.helpline_header,
            "referral": self.referral,
        }
