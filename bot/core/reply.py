"""A channel-neutral reply: what to say and offer, not how Telegram or a console shows it.

A Reply carries everything a channel needs, so the channel only renders it: the blocks, the buttons, the
vote buttons, the location request, the map pin, the possible-crisis header and, for a hand-off to staff,
what to forward.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.state import ChatState

KINDS = ("answer", "clarify", "nearest", "detail", "smalltalk", "fallback", "emergency", "info", "handoff")


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
    """One service, ready to show. `reach` (how to reach it) goes on the first line, after the title."""

    service_id: str
    title: str
    description: str
    reach: str = ""  # "📞 +352 49 26 60 (Inter-Actions)": from the templates
    lines: tuple[str, ...] = ()  # where, since when, ages, hours: plain sentences
    address: str | None = None  # the service's own sourced address only
    phones: tuple[PhoneLine, ...] = ()  # the numbers `reach` names (the service's own, else the central's)
    email: str | None = None  # the service's own only: the central e-mail is on the /contact card
    url: str | None = None


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Phones:
    """Phone numbers that must be tappable (crisis, 'talk to a person')."""

    lines: tuple[PhoneLine, ...]


@dataclass(frozen=True)
class Listing:
    """Several services on a phone screen: a heading that says how to reach them, then one line each."""

    heading: str
    items: tuple[str, ...]  # "Maison des jeunes Gasperich — à environ 1 km"


Block = Text | Card | Phones | Listing


@dataclass(frozen=True)
class Venue:
    """A map pin the phone can route to: only for a service's own sourced address."""

    latitude: float
    longitude: float
    title: str
    address: str


@dataclass(frozen=True)
class LocationRequest:
    """Ask for a place: the question, and the label of the 'share my location' button (private chats only)."""

    text: str
    button: str
    text_only: str  # the question for a group, where a location button does not work: "write the place"


@dataclass(frozen=True)
class Handoff:
    """The person agreed to talk to the staff: their next messages go there, headed by language and topic."""

    topic: str | None = None


@dataclass(frozen=True)
class Reply:
    kind: str
    lang: str
    state: ChatState
    services: tuple[str, ...] = ()
    confidence: float = 0.0
    blocks: tuple[Block, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    feedback: tuple[Button, ...] = ()  # 👍/👎, their own row under the reply
    location: LocationRequest | None = None
    venue: Venue | None = None
    header: str | None = None  # the possible-crisis help-line line, shown first, above a practical answer
    topic: str | None = None
    place: str | None = None
    toast: str | None = None  # a short notice on the button pressed (Telegram's answer_callback_query text)
    clear_votes: bool = False  # remove the vote buttons from the message whose button was pressed
    handoff: Handoff | None = None
    remove_keyboard: bool = False  # the location keyboard was offered and is answered: take it away
    referral: str | None = None  # a partner that is not Inter-Actions but answers this need

    @property
    def request_location(self) -> bool:
        return self.location is not None

    def to_json(self) -> dict:
        """The `ask --json` contract of the evaluation scorer, plus what helps reading a miss."""
        return {
            "lang": self.lang,
            "kind": self.kind,
            "services": list(self.services),
            "confidence": round(self.confidence, 3),
            "topic": self.topic,
            "place": self.place,
            "helplines": self.kind == "emergency" or self.header is not None,
            "referral": self.referral,
        }
