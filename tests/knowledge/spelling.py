"""Spelling of every shown text: pyspellchecker's dictionaries for fr, de, en, pt; a reviewed word list for lb.

Proper names and the correct words a dictionary lacks are data, in knowledge/spelling/allowlist.yaml; the
Luxembourgish the bot uses is knowledge/spelling/lb_words.txt (Luxembourgish has no packaged dictionary).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml
from spellchecker import SpellChecker

from knowledge.model import Knowledge
from tests.knowledge.texts import user_texts

SPELLING_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "spelling"
DICTIONARY_LANGUAGES = ("fr", "de", "en", "pt")
# Not words: web and e-mail addresses, {fields} of templates, /commands, domain names.
_NOT_WORDS = re.compile(r"https?://\S+|\bwww\.\S+|\S+@\S+|\{[^}]*\}|/\w+|\b[\w.-]+\.(?:lu|com|org)\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*")
# Elided articles and pronouns that stand before an apostrophe: l'aide, d'Kanner, qu'on, n'hésitez.
_ELISION = re.compile(r"^(?:l|d|qu|n|j|s|c|m|t|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# Luxembourgish n-rule (2019 spelling): a final -n stays only before a vowel or n, d, t, z, h.
KEEPS_N = set("aeiouyäëéèàâêîôûüöndtzh")
N_RULE_PAIRS = {"an": "a", "vun": "vu", "un": "u", "den": "de", "en": "e", "een": "ee", "keen": "kee", "hien": "hie"}


@lru_cache(maxsize=1)
def allowlist() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((SPELLING_DIR / "allowlist.yaml").read_text(encoding="utf-8"))
    return {key: frozenset(str(w).lower() for w in words or ()) for key, words in data.items()}


@lru_cache(maxsize=1)
def luxembourgish_words() -> frozenset[str]:
    lines = (SPELLING_DIR / "lb_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=4)
def _dictionary(lang: str) -> SpellChecker:
    return SpellChecker(language=lang)


def words(text: str) -> Iterator[str]:
    """The words of `text` to check, without addresses, template fields or elided articles."""
    for token in _WORD.findall(_NOT_WORDS.sub(" ", text)):
        yield token
        if "-" in token:
            yield from token.split("-")


def _bare(word: str) -> str:
    word = _ELISION.sub("", word)
    return re.sub(r"['’]s$", "", word).lower()


def _known(word: str, lang: str) -> bool:
    allowed = allowlist()
    bare = _bare(word)
    if len(bare) <= 1 or word.isupper() or bare in allowed["names"] or bare in allowed.get(lang, ()):
        return True
    if "-" in word:
        return True  # its parts are checked one by one
    if lang == "lb":
        return bare in luxembourgish_words()
    return not _dictionary(lang).unknown([bare])


def misspelled(kb: Knowledge, lang: str) -> list[str]:
    """`where: 'word'` for each shown word the dictionary (or the Luxembourgish list) does not know."""
    out = []
    for where, text in user_texts(kb, lang):
        for word in words(text):
            if not _known(word, lang):
                out.append(f"{where}: {word!r}")
    return out


def n_rule_slips(kb: Knowledge) -> list[str]:
    """Luxembourgish words that break the n-rule: `where: 'vun Bouneweg' -> 'vu'`."""
    stems = allowlist()["lb_n_stems"]
    out = []
    for where, text in user_texts(kb, "lb"):
        tokens = text.split()
        for word, following in pairwise(tokens):
            if not re.fullmatch(r"[^\W\d_]+(?:['’][^\W\d_]+)?", word) or not following[0].isalpha():
                continue
            low, keeps = word.lower(), following[0].lower() in KEEPS_N
            if low in N_RULE_PAIRS.values() and keeps:
                full = next(k for k, v in N_RULE_PAIRS.items() if v == low)
                out.append(f"{where}: {word + ' ' + following!r} -> {full!r}")
            elif low.endswith("n") and not keeps and not low.endswith("ioun") and _bare(word) not in stems:
                short = N_RULE_PAIRS.get(low, word[:-2] if low.endswith("nn") else word[:-1])
                out.append(f"{where}: {word + ' ' + following!r} -> {short!r}")
    return out
