"""A learned, typo-tolerant signal: character and word n-grams read by linear models.

Phrases and the intent index know what staff wrote down; people write otherwise. Character n-grams taken inside
word boundaries survive typos, missing accents, SMS spelling, compounds and code-switching, and a linear SVM over
them generalises from examples to messages nobody wrote for it. The models are trained from data kept in
knowledge/ (the services' phrases, the crisis corpus) when the engine is built.

scikit-learn fits them (TF-IDF and liblinear's exact solver; see the README's Dependencies for why). Reading a
message does not go through scikit-learn: its per-call checks cost milliseconds, while the same arithmetic on one
short text is a few dictionary look-ups and one small matrix product. `NgramFeatures.vector` reproduces
`TfidfVectorizer.transform` exactly (tests/core/test_learned.py checks it against scikit-learn).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

FORMAT = 3  # bump when what is stored changes
_WHITE_SPACES = re.compile(r"\s\s+")  # what scikit-learn's char analyzers collapse
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Space:
    """Which n-grams a model reads: parts of (analyzer, shortest, longest), each TF-IDF weighted and l2-normalised
    on its own. Analyzers as scikit-learn's: `char_wb` (characters inside word boundaries), `char` (characters
    across them: "veux mourir" as one piece), `word`. `min_df`: n-grams seen in fewer texts are not kept."""

    parts: tuple[tuple[str, int, int], ...] = (("char_wb", 2, 5), ("word", 1, 2))
    min_df: int = 1

    @property
    def name(self) -> str:
        return "+".join(f"{a}{lo}-{hi}" for a, lo, hi in self.parts) + (f"/df{self.min_df}" if self.min_df > 1 else "")


DEFAULT_SPACE = Space()


class Vocabulary:
    """A part's n-grams and their columns, kept as a sorted array of the n-grams' hashes rather than a dict of
    strings: the running bot's 500,000 n-grams took 59 MB as dicts of strings, 6 MB here (peak memory).

    Python's 64-bit string hashes tell n-grams apart: two n-grams of one vocabulary with the same hash (about one
    chance in a billion) are kept in a plain dict instead. A message's n-gram that is not in the vocabulary could
    share the hash of one that is and be read as it: about one chance in 10^13 per n-gram read."""

    def __init__(self, grams: Sequence[str], offset: int = 0) -> None:
        hashes = np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams))
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._columns = (order + offset).astype(np.int64)
        self._exact: dict[str, int] | None = None
        if len(grams) > 1 and bool(np.any(self._hashes[1:] == self._hashes[:-1])):
            self._exact = {gram: offset + i for i, gram in enumerate(grams)}

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, gram: object) -> bool:
        return isinstance(gram, str) and self.columns([gram])[0] >= 0

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Vocabulary)
            and np.array_equal(self._hashes, other._hashes)
            and np.array_equal(self._columns, other._columns)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside: not a dict key

    def columns(self, grams: Sequence[str]) -> np.ndarray:
        """Each n-gram's column, -1 for one never seen in training."""
        if self._exact is not None:
            return np.array([self._exact.get(gram, -1) for gram in grams], dtype=np.int64)
        if not len(self._hashes) or not grams:
            return np.full(len(grams), -1, dtype=np.int64)
        keys = np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams))
        at = np.minimum(np.searchsorted(self._hashes, keys), len(self._hashes) - 1)
        return np.where(self._hashes[at] == keys, self._columns[at], -1)


class NgramFeatures:
    """TF-IDF (sublinear tf, l2 per part) over the n-grams of a Space."""

    def __init__(self, space: Space, vocabularies: list[Vocabulary], idf: np.ndarray, fitted: tuple = ()) -> None:
        self.space = space
        self._vocabularies = vocabularies  # one per part; columns run on from one part to the next
        self._idf = idf.astype(np.float32)
        self._fitted = fitted  # scikit-learn's vectorizers, while fitting only (whole matrices at once)
        self.size = len(self._idf)
        self.vector = lru_cache(maxsize=64)(self._vector)  # the models of one message share its vector
        # Words of the training texts (the word part's own n-grams, if the space has one): their character n-grams
        # are looked up once, then kept (`_word_columns`). Only words of the knowledge base are kept, never a word
        # only a person wrote.
        words = [
            vocabulary
            for (analyzer, low, _), vocabulary in zip(space.parts, vocabularies, strict=True)
            if analyzer == "word" and low == 1
        ]
        self._known_words: Vocabulary = words[0] if words else Vocabulary(())
        self._word_columns: dict[tuple[int, str], tuple[int, ...]] = {}

    @classmethod
    def fit(cls, texts: Sequence[str], space: Space = DEFAULT_SPACE) -> NgramFeatures:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer  # fitting only: ~1 s to import

        vectorizers = [
            TfidfVectorizer(
                analyzer=analyzer,
                ngram_range=(low, high),
                sublinear_tf=True,
                dtype=np.float32,
                min_df=space.min_df,
                **({"token_pattern": r"\S+"} if analyzer == "word" else {}),
            )
            for analyzer, low, high in space.parts
        ]
        whole = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
        vocabularies, offset = [], 0
        for v in vectorizers:
            v.stop_words_ = None  # the n-grams left out by min_df: nothing worth keeping
            vocabularies.append(Vocabulary(_in_column_order(v.vocabulary_), offset))
            offset += len(v.vocabulary_)
        idf = np.concatenate([v.idf_ for v in vectorizers])
        rows = {text: i for i, text in enumerate(texts)}
        return cls(space, vocabularies, idf, (vectorizers, rows, whole))

    def grams(self) -> list[list[str]]:
        """Each part's n-grams in column order, while fitting only (the vocabularies keep hashes, not n-grams)."""
        return [_in_column_order(v.vocabulary_) for v in self._fitted[0]]

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of the text's feature vector (each part l2-normalised)."""
        indices: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        for part, ((analyzer, low, high), vocabulary) in enumerate(
            zip(self.space.parts, self._vocabularies, strict=True)
        ):
            if analyzer == "char_wb":  # n-grams within words: looked up word by word
                found = np.array(self._char_wb_columns(part, text, low, high, vocabulary), dtype=np.int64)
            else:
                # Most of a message's n-grams were never seen in training: looked up at once, every occurrence
                # (counted once looked up, as numbers: cheaper than counting the strings)
                found = vocabulary.columns(_ANALYZERS[analyzer](text, low, high))
                found = found[found >= 0]
            columns, counted = np.unique(found, return_counts=True)  # in column order: the same sums everywhere
            indices.append(columns)
            counts.append(counted)
        every = np.concatenate(indices)
        if not len(every):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # One array for every part: a few numpy calls per text rather than per part. The parts' columns run on
        # from one to the next, so each part stays whole.
        weights = (1.0 + np.log(np.concatenate(counts))) * self._idf[every]
        values = np.empty(len(every), dtype=np.float32)
        start = 0
        for columns in indices:
            end = start + len(columns)
            part = weights[start:end]
            values[start:end] = part / (np.sqrt(np.dot(part, part)) or 1.0)
            start = end
        return every, values

    def forget(self) -> None:
        """Drop the vectors of the texts read so far (a message and its clauses): no message text is kept once
        the message is answered. The kept words' n-grams stay: they are the knowledge base's own words."""
        self.vector.cache_clear()

    def _char_wb_columns(self, part: int, text: str, low: int, high: int, vocabulary: Vocabulary) -> list[int]:
        """The columns of the known char_wb n-grams of every word, once per occurrence. A word's n-grams do not
        depend on its neighbours, so a known word's columns are kept and reused; the others' n-grams are looked up
        together, in one call."""
        words = _WHITE_SPACES.sub(" ", text.lower()).split()
        columns = {word: self._word_columns.get((part, word)) for word in words}
        new = [word for word, kept in columns.items() if kept is None]
        if new:
            grams = [_char_wb_ngrams(word, low, high) for word in new]
            found = vocabulary.columns([gram for word_grams in grams for gram in word_grams])
            known = self._known_words.columns(new) >= 0
            start = 0
            for word, word_grams, keep in zip(new, grams, known.tolist(), strict=True):
                mine = found[start : start + len(word_grams)]
                start += len(word_grams)
                columns[word] = tuple(mine[mine >= 0].tolist())
                if keep:
                    self._word_columns[(part, word)] = columns[word]
        out: list[int] = []
        for word in words:
            out += columns[word]
        return out

    def matrix(self, texts: Sequence[str]):
        """All texts as one sparse matrix (for fitting), the same values as `vector` gives one by one."""
        from scipy.sparse import hstack

        vectorizers, rows, whole = self._fitted
        if all(text in rows for text in texts):  # the texts fitted on: their rows are computed already
            return whole[[rows[text] for text in texts]]
        return hstack([v.transform(texts) for v in vectorizers]).tocsr()


class NgramClassifier:
    """One label per text; `margins` gives every label's decision value, `probabilities` a softmax of them."""

    def __init__(
        self,
        features: NgramFeatures,
        labels: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
        temperature: float = 4.0,
    ) -> None:
        self.features = features
        self.labels: tuple[str, ...] = tuple(labels)
        # features x labels, rows gathered per message; half precision (3 significant digits, margins read to
        # tenths) halves the largest arrays of the running bot (peak memory)
        self._weights = np.ascontiguousarray(weights, dtype=np.float16)
        self._bias = np.asarray(bias, dtype=np.float32)
        self.temperature = temperature

    @classmethod
    def fit(
        cls,
        features: NgramFeatures,
        texts: Sequence[str],
        labels: Sequence[str],
        c: float = 0.5,
        balanced: bool = False,
        intercept: bool = True,
    ) -> NgramClassifier:
        """`balanced`: each label weighs as much as the others, however many texts it has. Without `intercept`
        a text the model knows nothing of scores 0 for every label, rather than the likeliest label's prior."""
        from sklearn.svm import LinearSVC

        if len(set(labels)) < 2:
            raise ValueError("a classifier needs at least two labels")
        model = LinearSVC(
            C=c, class_weight="balanced" if balanced else None, fit_intercept=intercept, random_state=0
        )  # the same weights on every replica and every run
        model.fit(features.matrix(texts), list(labels))
        weights = model.coef_
        bias = np.broadcast_to(np.atleast_1d(model.intercept_), (len(weights),))  # 0.0 without an intercept
        if len(model.classes_) == 2:  # liblinear keeps one row for two labels: the second label's margin
            weights, bias = np.vstack([-weights[0], weights[0]]), np.array([-bias[0], bias[0]])
        return cls(features, [str(x) for x in model.classes_], weights.T, bias)

    def margins(self, text: str) -> dict[str, float]:
        indices, values = self.features.vector(text)
        scores = values @ self._weights[indices].astype(np.float32) + self._bias if len(indices) else self._bias
        return dict(zip(self.labels, scores.tolist(), strict=True))  # Python floats, converted in C

    def probabilities(self, text: str) -> dict[str, float]:
        """Margins made comparable with other scores: a softmax with a temperature tuned on the dev sets."""
        return self.shares(self.margins(text))

    def shares(self, margins: dict[str, float]) -> dict[str, float]:
        """`probabilities` of margins already computed."""
        top = max(margins.values())
        weights = {k: math.exp(self.temperature * (v - top)) for k, v in margins.items()}
        total = sum(weights.values())
        return {k: w / total for k, w in weights.items()}


@dataclass(frozen=True)
class Task:
    """One model to train: texts, their labels, and its settings."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]
    c: float = 0.5
    temperature: float = 4.0
    balanced: bool = False
    intercept: bool = True
    space: Space = DEFAULT_SPACE
    # The texts whose n-grams make the shared feature space (None: `texts`). A model may learn from more texts than
    # add n-grams: every n-gram costs memory in each model of the space.
    space_texts: tuple[str, ...] | None = None


def train(tasks: dict[str, Task], store: Path | None = None) -> dict[str, NgramClassifier]:
    """Every model on one shared feature space (a message's n-grams are read once for all of them).

    With a `store` folder, trained weights are kept there under a hash of everything they come from: the next
    start with the same knowledge loads them in milliseconds and never imports scikit-learn. Only
    knowledge-base text goes in, never a person's message.
    """
    key = _key(tasks)
    models = _load(store / f"models-{key}.npz", tasks) if store else None
    if models is None:
        spaces = {task.space for task in tasks.values()}
        features = {
            space: NgramFeatures.fit(
                sorted(
                    {
                        t
                        for task in tasks.values()
                        if task.space == space
                        for t in (task.texts if task.space_texts is None else task.space_texts)
                    }
                ),
                space,
            )
            for space in sorted(spaces, key=lambda sp: sp.name)
        }
        models = {
            name: NgramClassifier.fit(
                features[task.space],
                task.texts,
                task.labels,
                c=task.c,
                balanced=task.balanced,
                intercept=task.intercept,
            )
            for name, task in tasks.items()
        }
        if store:
            _save(store, key, features, models)
    for name, model in models.items():
        model.temperature = tasks[name].temperature
    return models


def _key(tasks: dict[str, Task]) -> str:
    digest = hashlib.sha256(json.dumps([FORMAT]).encode())
    for name in sorted(tasks):
        task = tasks[name]
        facts = [name, task.c, task.balanced, task.intercept, task.space.name, task.texts, task.labels]
        if task.space_texts is not None:
            facts.append(task.space_texts)
        digest.update(json.dumps(facts, ensure_ascii=False).encode())
    return digest.hexdigest()[:24]


def _save(store: Path, key: str, features: dict[Space, NgramFeatures], models: dict[str, NgramClassifier]) -> None:
    arrays = {}
    for space, feature in features.items():
        arrays[f"{space.name}.vocabulary"] = _packed(feature.grams())
        arrays[f"{space.name}.idf"] = feature._idf
    for name, model in models.items():
        arrays[f"{name}.labels"] = np.array(json.dumps(model.labels))
        arrays[f"{name}.weights"] = model._weights
        arrays[f"{name}.bias"] = model._bias
    try:
        store.mkdir(parents=True, exist_ok=True)
        for old in store.glob("models-*.npz"):
            old.unlink()  # weights of knowledge no longer in service
        partial = store / f".models-{key}.npz.partial"
        with partial.open("wb") as f:
            np.savez(f, **arrays)
        partial.replace(store / f"models-{key}.npz")  # whole or not at all, even if the bot dies mid-write
    except OSError as exc:
        log.warning("could not keep the trained models (%s): they will be trained again at the next start", exc)


def _in_column_order(vocabulary: Mapping[str, int]) -> list[str]:
    return sorted(vocabulary, key=vocabulary.__getitem__)


def _packed(parts: list[list[str]]) -> np.ndarray:
    """Each part's n-grams in column order, one per line, parts apart by an empty line, as UTF-8 bytes: read back
    in a tenth of the time JSON takes for the same 400,000 n-grams (start-up). N-grams are of folded text: letters,
    digits and single spaces, never a line break."""
    return np.frombuffer("\n\n".join("\n".join(grams) for grams in parts).encode(), dtype=np.uint8)


def _unpacked(packed: np.ndarray) -> list[Vocabulary]:
    vocabularies, offset = [], 0
    for part in packed.tobytes().decode().split("\n\n"):
        grams = part.split("\n") if part else []
        vocabularies.append(Vocabulary(grams, offset))
        offset += len(grams)
    return vocabularies


def _load(path: Path, tasks: dict[str, Task]) -> dict[str, NgramClassifier] | None:
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            features = {
                space: NgramFeatures(space, _unpacked(data[f"{space.name}.vocabulary"]), data[f"{space.name}.idf"])
                for space in {task.space for task in tasks.values()}
            }
            return {
                name: NgramClassifier(
                    features[task.space],
                    json.loads(str(data[f"{name}.labels"])),
                    data[f"{name}.weights"],
                    data[f"{name}.bias"],
                )
                for name, task in tasks.items()
            }
    except (OSError, ValueError, KeyError) as exc:
        log.warning("kept models unreadable (%s): training again", type(exc).__name__)
        return None


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's char_wb analyzer: n-grams of each space-padded word, shorter words give fewer; every
    occurrence (the analyzers list n-grams, the caller counts them)."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if n >= size:  # the word is no longer than n: itself, once, and no longer n-grams
                grams.append(padded)
                break
            grams += [padded[i : i + n] for i in range(size - n + 1)]
    return grams


def _char_across_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's char analyzer: n-grams of the whole text, spaces included."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    return [text[i : i + n] for n in range(low, min(high, len(text)) + 1) for i in range(len(text) - n + 1)]


def _word_ngrams(text: str, low: int, high: int) -> list[str]:
    tokens = text.lower().split()
    return [" ".join(tokens[i : i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1)]


_ANALYZERS = {"char_wb": _char_wb_ngrams, "char": _char_across_ngrams, "word": _word_ngrams}


def logistic(features: Mapping[str, float], weights: Mapping[str, float], bias: float) -> float:
    """A logistic regression's probability: the learned gates' (bot.core.follow_up_gate, bot.core.crisis_gate)."""
    z = bias + sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
