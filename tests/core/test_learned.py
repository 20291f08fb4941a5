"""The learned n-gram signal: typo-tolerant, trained from examples, combined with the index."""

from __future__ import annotations

import pytest

from bot.core.learned import NgramClassifier

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
    return NgramClassifier(TEXTS, LABELS)


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


def test_two_labels_give_opposite_margins() -> None:
    model = NgramClassifier(["help me", "hello there"], ["a", "b"])
    margins = model.margins("help")
    assert margins["a"] == pytest.approx(-margins["b"])
    assert margins["a"] > 0


def test_one_label_is_refused() -> None:
    with pytest.raises(ValueError):
        NgramClassifier(["a", "b"], ["x", "x"])
