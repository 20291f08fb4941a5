"""Typo-tolerant word lookup that does not scan the vocabulary.

A deletion index (the SymSpell idea): every word is stored under itself and each form with one letter
deleted, so a query word finds the words at one edit (insert, delete, substitute, swap) from it with a
handful of dictionary look-ups, whatever the size of the vocabulary. rapidfuzz confirms the distance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

MIN_FUZZY_LENGTH = 5  # shorter words must match exactly: "tue" and "tuer" are not the same word


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyVocabulary:
    """Words, looked up exactly or at one edit for words of MIN_FUZZY_LENGTH letters or more."""

    def __init__(self, words: Iterable[str], min_length: int = MIN_FUZZY_LENGTH) -> None:
        self.min_length = min_length
        self._words: set[str] = set()
        self._index: dict[str, set[str]] = defaultdict(set)
        self._near: set[int] = set()  # lengths one edit from a word that is looked up with a typo
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        if not word or word in self._words:
            return
        self._words.add(word)
        if len(word) >= self.min_length:
            self._near.update((len(word) - 1, len(word), len(word) + 1))
            self._index[word].add(word)
            for form in _deletes(word):
                self._index[form].add(word)

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def __len__(self) -> int:
        return len(self._words)

    def words(self) -> set[str]:
        return set(self._words)

    def lookup(self, word: str) -> list[tuple[str, float]]:
        """The known words matching `word`, each with a similarity: 1.0 exact, 0.85 one edit away.

        Neighbours count even when the word itself is known: "conteneur" also finds "conteneurs".
        """
        exact = [(word, 1.0)] if word in self._words else []
        if len(word) == self.min_length - 1:
            # One letter short of a long word ("dete" for "dette"): only a missing letter is accepted.
            return exact + [
                (w, 0.8) for w in sorted(self._index.get(word, ())) if len(w) == len(word) + 1 and w[0] == word[0]
            ]
        if len(word) < self.min_length or len(word) not in self._near:
            return exact  # one edit changes the length by one at most: no word of a length near enough
        index = self._index
        found: set[str] = set(index.get(word, ()))
        for form in _deletes(word):
            near = index.get(form)
            if near:  # most forms are no word's: no set to build for them
                found |= near
        found.discard(word)
        # People rarely mistype the first letter; a different first letter is another word ("wetter", "letter").
        return exact + [
            (w, 0.85)
            for w in sorted(found)
            if w[0] == word[0]
            and (
                (len(w) >= self.min_length and Levenshtein.distance(word, w, score_cutoff=1) <= 1) or _is_swap(word, w)
            )
        ]


def _is_swap(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("dettse" for "dettes"): a typing slip, one edit for a person."""
    if len(a) != len(b) or len(a) < MIN_FUZZY_LENGTH:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
