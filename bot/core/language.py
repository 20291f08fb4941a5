"""Which of the five languages a message is written in.

langdetect alone never answers Luxembourgish (it says German or Dutch), is slow (about 2 ms a call) and random
between runs. So the decision rests on three signals, cheapest and most Luxembourgish-aware first:
1. marker words per language (knowledge/languages.yaml), weighted by how exclusive they are;
2. the knowledge base's own vocabulary: a word met only in the Luxembourgish examples points to lb;
3. letters (ë → lb, ß/ü → de, ã/õ → pt) and langdetect's character n-gram profiles for fr, de, en and pt, read
   directly as a naive Bayes model: no random sampling, so the same text always gets the same answer.
When the evidence is weak ("ok", an emoji, a place name alone) the chat keeps its current language.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import langdetect
from langdetect import DetectorFactory

from bot.core.thresholds import Thresholds
from knowledge.model import LANGUAGES, Lexicon

DetectorFactory.seed = 0  # in case anything calls langdetect's own detector: deterministic results

NGRAM_LANGUAGES = ("fr", "de", "en", "pt")
LETTER_HINTS: Mapping[str, Mapping[str, float]] = {
    "ë": {"lb": 2.0},
    "ä": {"lb": 0.7, "de": 0.7},
    "ö": {"de": 1.5},
    "ü": {"de": 1.5},
    "ß": {"de": 2.0},
    "ã": {"pt": 2.0},
    "õ": {"pt": 2.0},
    "ç": {"fr": 0.8, "pt": 0.8},
    "ê": {"fr": 0.8, "pt": 0.8},
    "è": {"fr": 1.5},
    "à": {"fr": 1.0, "pt": 0.5},
    "ù": {"fr": 1.5},
    "î": {"fr": 1.5},
    "ô": {"fr": 0.8, "pt": 0.8},
    "û": {"fr": 1.5},
    "œ": {"fr": 2.0},
    "á": {"pt": 1.2},
    "í": {"pt": 1.2},
    "ó": {"pt": 1.2},
    "ú": {"pt": 1.2},
    "é": {"fr": 0.4, "lb": 0.4, "pt": 0.3},
}


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    evidence: float  # 0 when nothing in the message told the language
    kept: bool  # True when the chat's language was kept for lack of evidence


class NgramModel:
    """langdetect's character n-gram profiles (1-3 letters) for fr, de, en, pt, used as naive Bayes."""

    def __init__(self, profile_dir: Path | None = None) -> None:
        folder = profile_dir or Path(langdetect.__file__).parent / "profiles"
        logp: dict[str, dict[str, float]] = {}
        floor: dict[str, float] = {}
        for lang in NGRAM_LANGUAGES:
            data = json.loads((folder / lang).read_text(encoding="utf-8"))
            totals = data["n_words"]
            counts: dict[str, int] = {}
            for gram, count in data["freq"].items():
                key = gram.lower()
                counts[key] = counts.get(key, 0) + count
            logp[lang] = {g: math.log(c / totals[len(g) - 1]) for g, c in counts.items()}
            floor[lang] = math.log(0.5 / max(totals))
        # Per n-gram known in any language, its log-probability in each (the floor where unseen): one look-up per
        # n-gram of a message, not one per language.
        grams = {g for table in logp.values() for g in table}
        self._logp: dict[str, tuple[float, ...]] = {
            g: tuple(logp[lang].get(g, floor[lang]) for lang in NGRAM_LANGUAGES) for g in grams
        }

    def posterior(self, text: str) -> dict[str, float]:
        known = [self._logp[g] for g in _grams(text) if g in self._logp]
        if not known:
            return {}
        scores = {
            lang: sum(column) / len(known)
            for lang, column in zip(NGRAM_LANGUAGES, zip(*known, strict=True), strict=True)
        }
        top = max(scores.values())
        # A sharpened softmax of the mean log-likelihood: a confident, not absolute, preference.
        weights = {lang: math.exp(8.0 * (s - top)) for lang, s in scores.items()}
        total = sum(weights.values())
        return {lang: w / total for lang, w in weights.items()}


def _grams(text: str) -> list[str]:
    """langdetect's n-grams of 1 to 3 characters of each word with a letter in it, padded with a space each side (a
    space alone is no n-gram). Not cached: no message text is kept once it is read."""
    out: list[str] = []
    for word in text.split():
        if not any(c.isalpha() for c in word):
            continue
        padded = f" {word} "
        out += word
        out += [padded[i : i + 2] for i in range(len(padded) - 1)]
        out += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return out


class LanguageDetector:
    def __init__(
        self,
        lexicon: Lexicon,
        vocabulary: Mapping[str, Mapping[str, float]],
        ngrams: NgramModel,
        default: str = "fr",
        rules: Thresholds | None = None,
    ) -> None:
        self.rules = rules or Thresholds()
        self._markers = lexicon.markers
        self._vocabulary = vocabulary
        self._ngrams = ngrams
        self.default = default

    def scores(self, words: tuple[str, ...], shown: str) -> tuple[dict[str, float], float]:
        """Score per language, and how much real evidence (markers, own vocabulary, letters) there was."""
        scores = dict.fromkeys(LANGUAGES, 0.0)
        evidence = 0.0
        for word in words:
            hit = False
            for lang in LANGUAGES:
                weight = self._markers.get(lang, {}).get(word)
                if weight:
                    scores[lang] += weight
                    evidence += weight / 3
                    hit = True
            if not hit and word in self._vocabulary:
                for lang, share in self._vocabulary[word].items():
                    scores[lang] += self.rules.vocab_weight * share
                evidence += self.rules.vocab_weight / 2
        lowered = unicodedata.normalize("NFC", shown.lower())
        for char in set(lowered) & LETTER_HINTS.keys():
            for lang, weight in LETTER_HINTS[char].items():
                scores[lang] += weight
                evidence += weight / 3
        return scores, evidence

    def detect(
        self, words: tuple[str, ...], shown: str, current: str | None = None, hints: tuple[str, ...] = ()
    ) -> LanguageGuess:
        """`hints`: languages the message's place names belong to ("Bouneweg": lb, "Düdelingen": de)."""
        scores, evidence = self.scores(words, shown)
        # "ok top merci, bis dann" in a Luxembourgish chat: words said in many languages keep the chat's own
        if current is not None and scores[current] > 0:
            scores[current] += self.rules.chat_language_weight
        for lang in hints:
            scores[lang] += self.rules.place_name_weight
            evidence += self.rules.place_name_weight / 3
        fallback = current or self.default
        letters = sum(len(w) for w in words if not w.isdigit())
        if letters >= 4:
            posterior = self._ngrams.posterior(unicodedata.normalize("NFC", shown.lower()))
            # a word or two gives the n-grams little to go on: langdetect reads "merci" as Portuguese
            weight = self.rules.ngram_weight * min(1.0, letters / self.rules.ngram_full_letters)
            for lang, p in posterior.items():
                scores[lang] += weight * p
            scores["lb"] += weight * self.rules.lb_from_de_ngrams * posterior.get("de", 0.0)
            if posterior and letters >= 6:
                evidence += self.rules.ngram_weight * max(posterior.values()) * min(1.0, letters / 30)
        if evidence < self.rules.no_evidence or (current is not None and evidence < self.rules.min_evidence):
            return LanguageGuess(fallback, evidence, kept=True)
        best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == fallback))
        return LanguageGuess(best, evidence, kept=False)
