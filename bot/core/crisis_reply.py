"""The crisis reply: 112 and 113 on its first line, then at most two help-lines picked for the situation;
and the one-line possible-crisis header a practical answer can carry on top.

Which lines: for an adult at risk (self, other) SOS Détresse before the children's line; for domestic violence
the violence helpline with its hours; for a child or teenager (or child abuse) the children's line first; for a
missing child 116 000. knowledge/helplines.yaml says which kinds each line serves (its `topics`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.core import buttons as data
from bot.core.cards import Templates, phone_line
from bot.core.reply import Block, Button, PhoneLine, Phones, Reply, Text
from bot.core.state import ChatState
from knowledge.model import Helpline

# Crisis kinds of earlier detectors, read as the current ones.
_KIND_ALIASES = {"suicide": "self", "self_harm": "self"}
YOUNG = "child_abuse"  # the help-line that takes this kind is the one for children and teenagers


class CrisisReplies(Templates):
    """The crisis reply and the possible-crisis header, from knowledge/helplines.yaml and the templates."""

    def emergency(
        self, lang: str, kinds: tuple[str, ...], state: ChatState, young: bool = False, person: bool = False
    ) -> Reply:
        """112 and 113 on the first line, then at most two help-lines picked for the situation. `person`: the
        numbers again after a crisis, with a person of the association to talk to."""
        first = Text(self.t(lang, "crisis_first", numbers=self._always(lang)))
        lines = tuple(self._helpline(h, lang) for h in self.helplines_for(kinds, young))
        blocks: tuple[Block, ...] = (first, Phones(lines)) if lines else (first,)
        talk = Button(self.t(lang, "person_button"), data.encode("person", self.kb.central_id))
        buttons = ((talk,),) if person else ()
        return Reply(kind="emergency", lang=lang, state=state, confidence=1.0, blocks=blocks, buttons=buttons)

    def with_practical(self, emergency: Reply, practical: Reply) -> Reply:
        """The crisis reply, then the service the message also asked for ("mes dettes... je veux en finir"): the
        numbers come first, and the chat can go on about that service (its phone, its hours) under the header."""
        service = practical.services[0]
        state = emergency.state.with_(last_service=service, last_topic=practical.topic, crisis_need=True)
        buttons, room = [], self.limits.max_buttons
        for row in (*emergency.buttons, *practical.buttons):  # whole rows, as many as fit
            if len(row) <= room:
                buttons.append(row)
                room -= len(row)
        return replace(
            emergency,
            state=state,
            services=(service,),
            blocks=(*emergency.blocks, *practical.blocks),
            buttons=tuple(buttons),
        )

    def helpline_header(self, lang: str) -> str:
        """One line a practical answer can carry on top when a message may speak of a crisis."""
        numbers = {h.id: h.number for h in self.kb.helplines}
        return self.t(
            lang,
            "crisis_header",
            emergency=numbers.get("emergency-112", "112"),
            police=numbers.get("police-113", "113"),
            adults=numbers.get("sos-detresse-454545", ""),
            young=numbers.get("kanner-jugendtelefon-116111", ""),
        )

    def with_helpline_header(self, reply: Reply) -> Reply:
        """A practical answer under one line with the emergency and listening numbers (a possible crisis)."""
        return replace(reply, header=self.helpline_header(reply.lang))

    def helplines_for(self, kinds: tuple[str, ...], young: bool = False) -> list[Helpline]:
        """The help-lines for these crisis kinds, most fitting first: for a child or teenager (or child abuse) the
        children's line first when it serves the kind, after the kind's own line otherwise (a missing child:
        116 000 first); for an adult the other lines before it. Never 112/113 (they come first anyway)."""
        kinds = tuple(_KIND_ALIASES.get(k, k) for k in kinds)
        young = young or "child_abuse" in kinds
        lines = [h for h in self.kb.helplines if not h.always]
        chosen = []
        for kind in kinds:
            matching = [h for h in lines if kind in h.topics]
            chosen += sorted(matching, key=lambda h: (YOUNG in h.topics) != young)
        chosen += [h for h in lines if young and YOUNG in h.topics]  # a child's line for a child, whatever the kind
        return list(dict.fromkeys(chosen))[: self.limits.crisis_lines]

    def _always(self, lang: str) -> str:
        return " · ".join(f"{h.number} {h.name.pick(lang)}" for h in self.kb.helplines if h.always)

    def _helpline(self, helpline: Helpline, lang: str) -> PhoneLine:
        note = helpline.hours.pick(lang) if helpline.hours else ""
        return phone_line(helpline.number, helpline.name.pick(lang), note)
