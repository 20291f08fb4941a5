"""What a message tells of the past, and what it asks now or first.

"I slept in the winter shelter two years ago, now I have a job and want to donate": the service the story names is not
the one asked for. The clauses of a message that tell of what is over (a phrase of languages.yaml's `past`: "years
ago", "virun 5 Joer", "en 2013") are set apart from those that ask, so that the engine can read what is asked now
alone. A clause ends at a punctuation mark and before a word with which a message turns from its story to now
(`turns`: "now", "elo", "maintenant").

"J'ai des dettes mais le plus urgent c'est une crèche, sinon je perds le boulot": of several needs, the message says
which comes first (`first`: "le plus urgent", "zuerst") or which can wait (`later`: "the money can wait"). The words of
the other clauses are then left out of reading the services (`order`, which the engine reads); what happens if the
need is not met ("sinon je perds le boulot", `otherwise`) is a clause of its own, no need that comes first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

ANY_WORD = "#"  # in a past phrase: any one word ("il y a # ans": deux, 2, quelques)
PAST_YEAR = "####"  # in a past phrase: a year before this one ("en ####": en 2013)
_OLDEST_YEAR = 1950
_CHUNK = re.compile(r"[^.!?;:,\n]+[.!?;:,\n]*")  # a piece of text up to and with its punctuation marks
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Piece:
    """A clause of a message as folded words: whether it began at a punctuation mark (else at a word of `turns` or
    `otherwise`), and whether its first word is one of `turns` ("mais", "aber")."""

    words: tuple[str, ...]
    at_mark: bool
    turned: bool


@dataclass(frozen=True)
class NeedsOrder:
    """A message's clauses as folded words; by their places in `clauses`, the spans of clauses whose need is said to
    come first and the clauses whose need is said to wait; which clauses open with a turn word ("mais", "but"); and
    the words of the phrases that said so (they name no need)."""

    clauses: tuple[tuple[str, ...], ...]
    first: tuple[tuple[int, ...], ...]
    later: tuple[int, ...]
    turned: tuple[bool, ...]
    markers: frozenset[str]


@dataclass(frozen=True)
class Timeframe:
    past: tuple[tuple[str, ...], ...] = ()  # phrases of folded words
    turns: frozenset[str] = frozenset()  # folded words
    first: tuple[tuple[str, ...], ...] = ()  # phrases of folded words: a need that comes first
    later: tuple[tuple[str, ...], ...] = ()  # phrases of folded words: a need that can wait
    otherwise: frozenset[str] = frozenset()  # folded words

    @classmethod
    def of(
        cls,
        past: Iterable[str],
        turns: Iterable[str],
        fold: Callable[[str], str],
        first: Iterable[str] = (),
        later: Iterable[str] = (),
        otherwise: Iterable[str] = (),
    ) -> Timeframe:
        phrases = (tuple(w for part in p.split() for w in _pattern(part, fold)) for p in past)
        return cls(
            tuple(p for p in phrases if p),
            frozenset(fold(w) for w in turns if fold(w)),
            _phrases(first, fold),
            _phrases(later, fold),
            frozenset(fold(w) for w in otherwise if fold(w)),
        )

    def order(self, text: str, fold: Callable[[str], str]) -> NeedsOrder | None:
        """The clauses of a message that says which of its needs comes first or which can wait; None when it says
        neither (most messages). A clause saying its need comes first runs on past turn words up to the next
        punctuation mark or `otherwise` word: in "zuerst brauch ich aber ein Bett" the need follows "aber"."""
        if self._order_starts.isdisjoint(fold(text).split()):
            return None  # most messages have no word that starts a phrase: nothing to cut (speed)
        pieces = list(self._pieces(text, fold))
        said = [self._said(piece.words) for piece in pieces]
        first: list[tuple[int, ...]] = []
        for i, found in enumerate(said):
            if any(phrase in self.first for phrase in found):
                span = [i]
                while span[-1] + 1 < len(pieces) and not pieces[span[-1] + 1].at_mark and pieces[span[-1] + 1].turned:
                    span.append(span[-1] + 1)
                first.append(tuple(span))
        later = tuple(i for i, found in enumerate(said) if any(phrase in self.later for phrase in found))
        if not first and not later:
            return None
        return NeedsOrder(
            clauses=tuple(piece.words for piece in pieces),
            first=tuple(first),
            later=later,
            turned=tuple(piece.turned for piece in pieces),
            markers=frozenset(w for found in said for phrase in found for w in phrase),
        )

    @cached_property
    def _order_starts(self) -> frozenset[str]:
        return frozenset(phrase[0] for phrase in (*self.first, *self.later))

    def _pieces(self, text: str, fold: Callable[[str], str]) -> Iterator[_Piece]:
        for chunk in _CHUNK.findall(text):
            words = [w for m in _WORD.finditer(chunk) for w in fold(m.group()).split()]
            # "o mais urgente" is no French "mais" (but): no clause ends inside a phrase
            inside = {i + k for i, phrase in self._phrases_at(words) for k in range(1, len(phrase))}
            start, at_mark = 0, True
            for i, word in enumerate(words):
                if i and i not in inside and (word in self.turns or word in self.otherwise):
                    if i > start:
                        yield _Piece(tuple(words[start:i]), at_mark, words[start] in self.turns)
                    start, at_mark = i, False
            if start < len(words):
                yield _Piece(tuple(words[start:]), at_mark, words[start] in self.turns)

    def _phrases_at(self, words: Sequence[str]) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(position, phrase) of every `first` or `later` phrase in `words`."""
        for i, word in enumerate(words):
            if word in self._order_starts:
                for phrase in (*self.first, *self.later):
                    if phrase[0] == word and tuple(words[i : i + len(phrase)]) == phrase:
                        yield i, phrase

    def _said(self, words: Sequence[str]) -> frozenset[tuple[str, ...]]:
        """The `first` and `later` phrases a clause holds."""
        return frozenset(phrase for _, phrase in self._phrases_at(words))

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


def _phrases(texts: Iterable[str], fold: Callable[[str], str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(fold(t).split()) for t in texts} - {()}))


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
