"""Crisis first: talk of suicide, self-harm, violence at home or immediate danger, in five languages, with typos.

A phrase of knowledge/crisis.yaml matches when its words occur in order with at most MAX_GAP other words
between them; words of five letters or more tolerate one typo. Figures of speech listed as exceptions
("tuée de fatigue") are taken out of the message first, so they never raise an alarm.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.fuzzy import FuzzyVocabulary
from knowledge.model import CrisisLexicon

MAX_GAP = 2


@dataclass(frozen=True)
class CrisisSignal:
    kinds: tuple[str, ...]  # suicide, self_harm, violence, danger: those found, most serious first
    langs: tuple[str, ...]  # the languages of the phrases that matched


class _PhraseSet:
    def __init__(self, phrases: list[tuple[tuple[str, ...], str, str]]) -> None:
        self.phrases = [p for p in phrases if p[0]]
        self.vocabulary = FuzzyVocabulary(w for words, _, _ in self.phrases for w in words)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, (words, _, _) in enumerate(self.phrases):
            self._by_word[words[0]].append(i)

    def find(self, tokens: tuple[str, ...]) -> list[tuple[int, tuple[int, ...]]]:
        """(phrase index, positions of its words in `tokens`) for every phrase present."""
        readings = [{w for w, _ in self.vocabulary.lookup(t)} for t in tokens]
        found = []
        for start, words in enumerate(readings):
            for first in words:
                for i in self._by_word.get(first, ()):
                    positions = _follow(self.phrases[i][0], readings, start)
                    if positions is not None:
                        found.append((i, positions))
        return found


def _follow(phrase: tuple[str, ...], readings: list[set[str]], start: int) -> tuple[int, ...] | None:
    positions = [start]
    at = start
    for word in phrase[1:]:
        nxt = next((j for j in range(at + 1, min(len(readings), at + 2 + MAX_GAP)) if word in readings[j]), None)
        if nxt is None:
            return None
        positions.append(nxt)
        at = nxt
    return tuple(positions)


SEVERITY = ("suicide", "self_harm", "violence", "danger")


class CrisisDetector:
    def __init__(self, lexicon: CrisisLexicon, phrase: Callable[[str], tuple[str, ...]]) -> None:
        signals = [
            (phrase(text), kind, lang)
            for kind, by_lang in lexicon.signals.items()
            for lang, texts in by_lang.items()
            for text in texts
        ]
        exceptions = [(phrase(text), "exception", lang) for lang, texts in lexicon.exceptions.items() for text in texts]
        self._signals = _PhraseSet(signals)
        self._exceptions = _PhraseSet(exceptions)
        # Combinations: a kind is signalled when words of two of its groups meet in one message
        # ("pills" + "no point", "hits" + "little brother"), however the sentence is built.
        self._groups = [
            (kind, i, _PhraseSet([(phrase(text), kind, "") for text in words]))
            for kind, groups in lexicon.combinations.items()
            for i, words in enumerate(groups)
        ]

    def check(self, tokens: tuple[str, ...]) -> CrisisSignal | None:
        """The crisis this message speaks of, or None."""
        if not tokens:
            return None
        masked = set()
        for _, positions in self._exceptions.find(tokens):
            masked.update(range(positions[0], positions[-1] + 1))
        if masked:
            tokens = tuple("" if i in masked else t for i, t in enumerate(tokens))
        hits = self._signals.find(tokens)
        kinds = {self._signals.phrases[i][1] for i, _ in hits} | self._combined(tokens)
        if not kinds:
            return None
        langs = tuple(dict.fromkeys(self._signals.phrases[i][2] for i, _ in hits))
        return CrisisSignal(kinds=tuple(k for k in SEVERITY if k in kinds), langs=langs)

    def _combined(self, tokens: tuple[str, ...]) -> set[str]:
        seen: dict[str, set[int]] = {}
        for kind, group, phrases in self._groups:
            if phrases.find(tokens):
                seen.setdefault(kind, set()).add(group)
        return {kind for kind, groups in seen.items() if len(groups) >= 2}
