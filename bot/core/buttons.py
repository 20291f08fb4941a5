"""Button data, encoded and decoded here only: `kind:value[:value]`, at most 64 bytes (Telegram's limit).

topic  t:<topic>[:<offset>]   a topic's services (from offset, a page at a time)
service s:<service>           a service's card
details d:<service>           all of a service's description (a card shows what fits a phone screen)
lang   l:<code>               the language chosen
person p:<service>            talk to a person (the service the person was reading, for the topic)
consent c:<service>           yes, forward my messages to the staff
vote   f:+|-:<service>        👍/👎 on an answer
sos    sos                    the crisis numbers
menu   m                      the main menu
"""

from __future__ import annotations

from dataclasses import dataclass

LIMIT = 64


@dataclass(frozen=True)
class Press:
    kind: str  # topic, service, lang, person, consent, vote, sos, menu, unknown
    value: str = ""
    extra: str = ""


_CODES = {
    "topic": "t",
    "service": "s",
    "details": "d",
    "lang": "l",
    "person": "p",
    "consent": "c",
    "vote": "f",
    "sos": "sos",
    "menu": "m",
}
_KINDS = {code: kind for kind, code in _CODES.items()}


def encode(kind: str, value: str = "", extra: str = "") -> str:
    parts = [_CODES[kind]]
    if kind == "vote":
        parts += [extra, value]  # f:+:service, as earlier versions sent it
    else:
        parts += [p for p in (value, extra) if p]
    data = ":".join(parts)
    if len(data.encode()) > LIMIT:
        raise ValueError(f"button data over {LIMIT} bytes: {data[:20]}…")
    return data


def decode(data: str) -> Press:
    """What a pressed button asks for; anything not made here (old, foreign, cut) is 'unknown'."""
    code, _, rest = data[:LIMIT].partition(":")
    kind = _KINDS.get(code)
    if kind is None:
        return Press("unknown")
    if kind == "vote":
        vote, _, service = rest.partition(":")
        return Press(kind, service, vote) if vote in ("+", "-") and service else Press("unknown")
    value, _, extra = rest.partition(":")
    return Press(kind, value, extra)
