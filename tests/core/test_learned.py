"""The learned n-gram signal: typo-tolerant, trained from examples, combined with the index."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.learned import DEFAULT_SPACE, NgramClassifier, NgramFeatures, Space, Task, Vocabulary, train

TEXTS = [
    "maison des jeunes",
    "jugendhaus fir jonker",
    "youth club for teenagers",
    "j ai des dettes",
    "schulden beratung",
    "debt advice credit",
    "ou dormir ce soir",
    "schlofplaz fir den owend",
    "place to sleep tonight",
]
LABELS = ["youth"] * 3 + ["debt"] * 3 + ["sleep"] * 3


@pytest.fixture(scope="module")
def model() -> NgramClassifier:
    return NgramClassifier.fit(NgramFeatures.fit(TEXTS), TEXTS, LABELS)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("maisn des jeune", "youth"),
        ("jai bcp de dete", "debt"),
        ("schuldenberatung", "debt"),
        ("sleeep tonite", "sleep"),
    ],
)
def test_misspelt_words_still_find_their_label(model: NgramClassifier, text: str, label: str) -> None:
    probabilities = model.probabilities(text)
    assert max(probabilities, key=probabilities.get) == label


def test_probabilities_sum_to_one_and_margins_cover_every_label(model: NgramClassifier) -> None:
    probabilities = model.probabilities("maison")
    assert set(probabilities) == set(model.margins("maison")) == {"youth", "debt", "sleep"}
    assert sum(probabilities.values()) == pytest.approx(1.0)


def test_weights_are_kept_in_half_precision_and_margins_stay_those_of_full_precision(model: NgramClassifier) -> None:
    import numpy as np

    assert model._weights.dtype == np.float16  # half the memory of the running bot's largest arrays
    indices, values = model.features.vector("j ai des dettes de loyer")
    full = NgramClassifier(model.features, model.labels, model._weights.astype(np.float32), model._bias)
    exact = values @ full._weights[indices] + full._bias
    margins = model.margins("j ai des dettes de loyer")
    assert list(margins.values()) == pytest.approx(exact.tolist(), abs=1e-3)
    assert max(margins, key=margins.get) == "debt"


def test_two_labels_give_opposite_margins() -> None:
    texts = ["help me", "hello there"]
    model = NgramClassifier.fit(NgramFeatures.fit(texts), texts, ["a", "b"])
    margins = model.margins("help")
    assert margins["a"] == pytest.approx(-margins["b"])
    assert margins["a"] > 0


def test_one_label_is_refused() -> None:
    with pytest.raises(ValueError):
        NgramClassifier.fit(NgramFeatures.fit(["a b", "c d"]), ["a b", "c d"], ["x", "x"])


SPACES = [
    DEFAULT_SPACE,
    Space((("char", 2, 6), ("char_wb", 1, 6), ("word", 1, 3))),
    Space((("char", 3, 4),), min_df=2),
]


@pytest.mark.parametrize("space", SPACES, ids=lambda sp: sp.name)
@pytest.mark.parametrize(
    "text", ["maisn des jeune", "jai  bcp de dete", "a", "", "schuldenberatung fir mech", "ü ß éé  x", "sleep sleep"]
)
def test_vectors_are_exactly_scikit_learns(text: str, space: Space) -> None:
    """The per-message path reproduces TfidfVectorizer.transform of every part, each l2-normalised."""
    import numpy as np

    features = NgramFeatures.fit(TEXTS, space)
    indices, values = features.vector(text)
    got = np.zeros(features.size)
    got[indices] = values
    assert np.allclose(got, _sklearn_vector(text, space), atol=1e-6)


def _sklearn_vector(text: str, space: Space):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    parts = []
    for analyzer, low, high in space.parts:
        extra = {"token_pattern": r"\S+"} if analyzer == "word" else {}
        vectorizer = TfidfVectorizer(
            analyzer=analyzer, ngram_range=(low, high), sublinear_tf=True, min_df=space.min_df, **extra
        )
        parts.append(vectorizer.fit(TEXTS).transform([text]).toarray()[0])
    return np.concatenate(parts)


@pytest.mark.parametrize("space", SPACES, ids=lambda sp: sp.name)
def test_words_read_before_give_the_same_vector_again(space: Space) -> None:
    """A known word's character n-grams are kept after its first reading: later texts with it (alone, repeated,
    next to other words) still get exactly scikit-learn's vector."""
    import numpy as np

    features = NgramFeatures.fit(TEXTS, space)
    for text in ["des dettes ce soir", "des des jeunes", "ce soir", "dettes", "maisn des jeune dettes des"]:
        indices, values = features._vector(text)  # not the per-text cache: the words' own
        got = np.zeros(features.size)
        got[indices] = values
        assert np.allclose(got, _sklearn_vector(text, space), atol=1e-6), text


def test_only_words_of_the_knowledge_base_are_kept_between_messages() -> None:
    """No word only a person wrote stays in memory once their message is read."""
    features = NgramFeatures.fit(TEXTS)
    features.vector("zorglub wants a place to sleep tonite")
    kept = {word for _, word in features._word_columns}
    assert {"place", "sleep", "tonight"} & kept == {"place", "sleep"}
    assert "zorglub" not in kept and "tonite" not in kept and "wants" not in kept


def test_models_of_different_spaces_are_kept_and_loaded_each_with_its_own(tmp_path) -> None:
    wide = Space((("char", 2, 4),))
    tasks = {"topics": Task(tuple(TEXTS), tuple(LABELS)), "wide": Task(tuple(TEXTS), tuple(LABELS), space=wide)}
    first = train(tasks, tmp_path)
    assert first["topics"].features.space == DEFAULT_SPACE and first["wide"].features.space == wide
    again = train(tasks, tmp_path)
    assert again["wide"].features.space == wide
    for name in tasks:
        assert again[name].margins("maisn des jeune") == pytest.approx(first[name].margins("maisn des jeune"))


def test_a_model_may_learn_from_texts_that_add_no_n_gram_to_the_space(tmp_path) -> None:
    word = Space((("word", 1, 1),))
    extra = ("zzqx dettes", "zzqx maison")
    tasks = {
        "plain": Task(tuple(TEXTS), tuple(LABELS), space=word),
        "more": Task((*TEXTS, *extra), (*LABELS, LABELS[0], LABELS[0]), space=word, space_texts=tuple(TEXTS)),
    }
    models = train(tasks)
    vocabulary = models["more"].features._vocabularies[0]
    assert "zzqx" not in vocabulary and "dettes" in vocabulary  # n-grams of the space's texts only
    assert models["more"].features is models["plain"].features
    again = train(tasks, tmp_path)
    assert train(tasks, tmp_path)["more"].margins("dettes") == pytest.approx(again["more"].margins("dettes"))
    only = {name: replace(task, space_texts=None) for name, task in tasks.items()}
    assert "zzqx" in train(only)["more"].features._vocabularies[0]


def test_trained_weights_are_kept_and_loaded_again(tmp_path) -> None:
    tasks = {"topics": Task(tuple(TEXTS), tuple(LABELS))}
    first = train(tasks, tmp_path)["topics"]
    kept = list(tmp_path.glob("models-*.npz"))
    assert len(kept) == 1
    again = train(tasks, tmp_path)["topics"]
    assert again.features is not first.features  # loaded, not the same objects
    assert again.margins("maisn des jeune") == pytest.approx(first.margins("maisn des jeune"))


def test_kept_vocabularies_come_back_with_the_same_columns(tmp_path) -> None:
    """Kept n-grams are packed one per line, part after part: every n-gram (spaces included) gets its column
    back, in every part, so a loaded model reads a message exactly as the trained one."""
    wide = Space((("char", 2, 4), ("char_wb", 1, 3), ("word", 1, 2)))
    tasks = {"wide": Task(tuple(TEXTS), tuple(LABELS), space=wide)}
    trained = train(tasks, tmp_path)["wide"].features
    loaded = train(tasks, tmp_path)["wide"].features
    assert loaded._vocabularies == trained._vocabularies
    assert [len(grams) for grams in trained.grams()] == [len(v) for v in loaded._vocabularies]
    assert "s d" in loaded._vocabularies[0]  # across words
    for text in ("maisn des jeune", "place to sleep", "xyz"):
        assert [a.tolist() for a in loaded.vector(text)] == [a.tolist() for a in trained.vector(text)]


def test_other_knowledge_replaces_the_kept_weights(tmp_path) -> None:
    train({"topics": Task(tuple(TEXTS), tuple(LABELS))}, tmp_path)
    train({"topics": Task((*TEXTS, "aide aux dettes"), (*LABELS, "debt"))}, tmp_path)
    assert len(list(tmp_path.glob("models-*.npz"))) == 1


def test_unreadable_kept_weights_are_trained_again(tmp_path, caplog) -> None:
    tasks = {"topics": Task(tuple(TEXTS), tuple(LABELS))}
    train(tasks, tmp_path)
    (kept,) = tmp_path.glob("models-*.npz")
    kept.write_bytes(b"not an archive")
    model = train(tasks, tmp_path)["topics"]
    assert max(model.probabilities("dettes"), key=model.probabilities("dettes").get) == "debt"
    assert "training again" in caplog.text


def test_a_vocabulary_gives_each_n_gram_its_column_and_minus_one_for_others() -> None:
    vocabulary = Vocabulary(["ma", "ai", "is", "maison des"], offset=10)
    assert vocabulary.columns(["is", "zz", "maison des", "ma", "is"]).tolist() == [12, -1, 13, 10, 12]
    assert "ai" in vocabulary and "aison" not in vocabulary and len(vocabulary) == 4
    assert Vocabulary([]).columns(["ma"]).tolist() == [-1]


def test_a_vocabulary_whose_hashes_meet_keeps_its_n_grams_exactly(monkeypatch) -> None:
    """Two n-grams with one hash (rare with 64 bits, forced here) must still get their own columns."""
    import bot.core.learned as learned

    monkeypatch.setattr(learned, "hash", lambda gram: len(gram), raising=False)
    vocabulary = learned.Vocabulary(["ab", "cd", "efg"], offset=5)
    assert vocabulary.columns(["cd", "ab", "efg", "xy"]).tolist() == [6, 5, 7, -1]
