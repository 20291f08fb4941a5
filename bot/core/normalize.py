"""What people type, made comparable: case, Unicode, accents, punctuation, elisions, SMS and spelling variants.

The shown text always keeps its accents; only the matching side is folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from knowledge.model import Lexicon

MAX_CHARS = 4096  # Telegram's own limit for one message; anything longer is cut before any work is done.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
_WORD = re.compile(r"[0-9a-z]+")  # what is left of a word once folded; anything else parts words
# A letter typed three times or more is a stretched word ("merciii", "obrigadaaa", "pleeease"): no word of the five
# languages needs it (German "Schifffahrt" loses one f and is still found with one typo).
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# Accents and other marks once letters are decomposed (NFKD): what `unicodedata.combining` finds, as one pattern.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_SPECIAL = re.compile("[ßæœøłđı]")  # translate is slow; most texts have none of these


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """`fold_text` of a knowledge text: start-up folds ~40,000, many of them more than once, so the results are
    kept. A person's message goes through `fold_text`, so that no message text stays in memory once answered."""
    return fold_text(text)


def fold_text(text: str) -> str:
    """Lower case without accents or punctuation: "Wéi eng Hëllef?" -> "wei eng hellef"."""
    if text.isascii():  # most phrases and many messages: nothing to decompose, drop or fold (start-up folds ~40,000)
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
        if _SPECIAL.search(text):
            text = text.translate(_SPECIAL_FOLDS)
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    words = _WORD.findall(text)
    if _STRETCHED.search(text) is None:  # most texts: no word to shorten
        return " ".join(words)
    return " ".join(_unstretched(w) for w in words)


def _unstretched(word: str) -> str:
    """ "merciii" -> "merci"; laughter made of one letter ("kkk") stays as typed."""
    short = _STRETCHED.sub(r"\1", word)
    return short if len(short) > 1 else word


@dataclass(frozen=True)
class Normalized:
    """A message ready for matching."""

    shown: str  # the text as written, cleaned of invisible characters, cut to MAX_CHARS
    words: tuple[str, ...]  # folded words as typed (language detection reads these)
    tokens: tuple[str, ...]  # words with SMS spellings expanded and variants mapped to their usual form
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def asks(self) -> bool:
        """Written as a question (a question mark, in any of the five languages)."""
        return "?" in self.shown


class Normalizer:
    """Applies the lexicon's SMS spellings and spelling variants after folding."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._emoji = dict(lexicon.emoji)
        self._sms = {fold(k): tuple(fold(v).split()) for k, v in lexicon.sms.items() if fold(k)}
        self._variants = {fold(k): fold(v) for k, v in lexicon.variants.items() if fold(k) and fold(v)}

    def __call__(self, text: str) -> Normalized:
        truncated = len(text) > MAX_CHARS
        shown = _INVISIBLE.sub("", text[:MAX_CHARS]).strip()
        words = tuple(fold_text(self._said(shown)).split())
        return Normalized(shown=shown, words=words, tokens=self.expand(words), truncated=truncated)

    def _said(self, text: str) -> str:
        """Emojis that say something as words: "👍" alone is an "ok" (folding would drop it)."""
        for emoji, word in self._emoji.items():
            if emoji in text:
                text = text.replace(emoji, f" {word} ")
        return text

    def expand(self, words: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for word in words:
            for token in self._sms.get(word, (word,)):
                out.append(self._variants.get(token, token))
        return tuple(out)

    def phrase(self, text: str) -> tuple[str, ...]:
        """A knowledge-base phrase, normalised exactly like a message."""
        return self.expand(tuple(fold(text).split()))


# Letter rows of the keyboards people here type on (QWERTY, AZERTY, QWERTZ), left to right and back.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiop", "yxcvbnm")
_KEY_RUNS = frozenset(row[i : i + 4] for row in _KEY_ROWS for i in range(len(row) - 3)) | frozenset(
    row[::-1][i : i + 4] for row in _KEY_ROWS for i in range(len(row) - 3)
)


def typed_at_random(word: str) -> bool:
    """A word typed along a keyboard row ("asdfgh", "qsdfqsdf", "lkjhgfd"): each of its letters is in a run of four
    neighbouring keys. Words have such a run only in passing ("antwert", "konzert", "fazer"), and laughter
    ("hahaha", "kkkk", "rsrsrs") has none: it reads as chat."""
    covered = set()
    for i in range(len(word) - 3):
        if word[i : i + 4] in _KEY_RUNS:
            covered.update(range(i, i + 4))
    return len(word) >= 4 and len(covered) == len(word)
