"""Which houses the service model learned a place's name for, by their training texts.

The service model reads a place named as the house there. For a quarter with no house of its own, that reading is
either learned (writers from Hamm look to Sandweiler's youth house, and the studied messages say "Hamm") or only a
likeness of letters ("Weimerskirch" read like Neudorf's "Weimershof"). The training texts tell the two apart: a
house learned a place when one of its texts names it. Read for one place the first time it is asked about, then
kept (like bot.core.kinship): they are the knowledge base's words, not a user's, and none of it costs start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.learned import Task
from bot.core.normalize import fold_text
from knowledge.model import Place


class PlaceNames:
    def __init__(self, task: Task | None, location_bound: Callable[[str], bool]) -> None:
        """`task`: the service model's training texts and labels; `location_bound`: whether a label is a service
        of a kind that is a place (only theirs are read)."""
        self._task = task
        self._location_bound = location_bound
        self._texts: dict[str, str] | None = None  # service -> its texts in one string, each between spaces
        self._learned: dict[str, frozenset[str]] = {}  # place name -> the services whose texts name it

    def learned_for(self, place: Place) -> frozenset[str]:
        """The services of kinds that are places whose training texts name `place` by one of its names."""
        if place.name not in self._learned:
            names = [f" {fold_text(name)} " for name in (place.name, *place.aliases)]
            self._learned[place.name] = frozenset(
                sid for sid, text in self._by_service().items() if any(name in text for name in names)
            )
        return self._learned[place.name]

    def _by_service(self) -> dict[str, str]:
        if self._texts is None:
            grouped: dict[str, list[str]] = {}
            if self._task is not None:
                for text, label in zip(self._task.texts, self._task.labels, strict=True):
                    if self._location_bound(label):
                        grouped.setdefault(label, []).append(text)
            self._texts = {sid: f" {' | '.join(texts)} " for sid, texts in grouped.items()}
            self._task = None  # read once: the other labels' texts need not stay in memory
        return self._texts
