"""What a message tells of the past, and what it asks now.

"I slept in the winter shelter two years ago, now I have a job and want to donate": the service the story names is not
the one asked for. The clauses of a message that tell of what is over (a phrase of languages.yaml's `past`: "years
ago", "virun 5 Joer", "en 2013") are set apart from those that ask, so that the engine can read what is asked now
alone. A clause ends at a punctuation mark and before a word with which a message turns from its story to now
(`turns`: "now", "elo", "maintenant").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

ANY_WORD = "#"  # in a past phrase: any one word ("il y a # ans": deux, 2, quelques)
PAST_YEAR = "####"  # in a past phrase: a year before this one ("en ####": en 2013)
_OLDEST_YEAR = 1950
_CHUNK = re.compile(r"[^.!?;:,\n]+[.!?;:,\n]*")  # a piece of text up to and with its punctuation marks
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Timeframe:
    past: tuple[tuple[str, ...], ...] = ()  # phrases of folded words
    turns: frozenset[str] = frozenset()  # folded words

    @classmethod
    def of(cls, past: Iterable[str], turns: Iterable[str], fold: Callable[[str], str]) -> Timeframe:
        phrases = (tuple(w for part in p.split() for w in _pattern(part, fold)) for p in past)
        return cls(tuple(p for p in phrases if p), frozenset(fold(w) for w in turns if fold(w)))

    def asked_now(self, text: str, fold: Callable[[str], str], year: int) -> str | None:
        """`text` without the clauses that tell of what is over, when it has such clauses and others; else None."""
        if not self.past or not self._may_tell_past(fold(text).split()):
            return None
        clauses = list(self._clauses(text, fold))
        over = [self._tells_past(words, year) for _, words in clauses]
        if not any(over) or all(over):
            return None
        return " ".join(piece.strip() for (piece, _), past in zip(clauses, over, strict=True) if not past)

    def _may_tell_past(self, words: list[str]) -> bool:
        """Most messages have no rare word of any past phrase (nor a year): they are not cut into clauses (speed)."""
        by_word, always = self._by_anchor
        return not by_word.keys().isdisjoint(words) or (bool(always) and any(map(_year_like, words)))

    @cached_property
    def _by_anchor(self) -> tuple[dict[str, tuple[tuple[str, ...], ...]], tuple[tuple[str, ...], ...]]:
        """The past phrases by a word each needs (its longest), and those that need a year or only wildcards (read
        whenever a clause has a year)."""
        by_word: dict[str, list[tuple[str, ...]]] = {}
        always: list[tuple[str, ...]] = []
        for phrase in self.past:
            word = max((w for w in phrase if w not in (ANY_WORD, PAST_YEAR)), key=len, default=None)
            if word is None or PAST_YEAR in phrase:
                always.append(phrase)
            else:
                by_word.setdefault(word, []).append(phrase)
        return {w: tuple(ps) for w, ps in by_word.items()}, tuple(always)

    def _clauses(self, text: str, fold: Callable[[str], str]) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each clause as written and as folded words, each word folded once."""
        for chunk in _CHUNK.findall(text):
            words = [(m.start(), tuple(fold(m.group()).split())) for m in _WORD.finditer(chunk)]
            cuts = [i for i, (_, folded) in enumerate(words) if i and folded and folded[0] in self.turns]
            for first, after in pairwise([0, *cuts, len(words)]):
                folded = tuple(w for _, f in words[first:after] for w in f)
                if folded:
                    end = words[after][0] if after < len(words) else len(chunk)
                    yield chunk[words[first][0] : end], folded

    def _tells_past(self, words: tuple[str, ...], year: int) -> bool:
        by_word, always = self._by_anchor
        has_year = any(map(_year_like, words))
        phrases = [p for w in set(words) for p in by_word.get(w, ())] + (list(always) if has_year else [])
        return any(
            all(_fits(p, w, year) for p, w in zip(phrase, words[i : i + len(phrase)], strict=True))
            for phrase in phrases
            for i in range(len(words) - len(phrase) + 1)
        )


def _year_like(word: str) -> bool:
    return len(word) == 4 and word.isdigit()


def _pattern(part: str, fold: Callable[[str], str]) -> tuple[str, ...]:
    return (part,) if part in (ANY_WORD, PAST_YEAR) else tuple(fold(part).split())


def _fits(pattern: str, word: str, year: int) -> bool:
    if pattern == ANY_WORD:
        return True
    if pattern == PAST_YEAR:
        return _year_like(word) and _OLDEST_YEAR <= int(word) < year
    return pattern == word
