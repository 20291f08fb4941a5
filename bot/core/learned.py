"""A learned, typo-tolerant signal: character and word n-grams read by a linear model.

Phrases and the intent index know what staff wrote down; people write otherwise. Character n-grams taken inside
word boundaries survive typos, missing accents, SMS spelling, compounds and code-switching, and a linear SVM over
them generalises from the examples to messages nobody wrote for it. It is trained from data kept in knowledge/
(the services' examples, the crisis corpus) when the engine is built, in about a second, then read per message in
a fraction of a millisecond.

scikit-learn does the fitting (liblinear's exact solver); see the README's Dependencies for why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC


class NgramClassifier:
    """One label per text; `margins` gives every label's decision value, `probabilities` a softmax of them."""

    def __init__(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        c: float = 0.5,
        temperature: float = 4.0,
        class_weight: str | dict | None = None,
    ) -> None:
        if len(set(labels)) < 2:
            raise ValueError("a classifier needs at least two labels")
        self.features = FeatureUnion(
            [
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1)),
                (
                    "words",
                    TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+"),
                ),
            ]
        )
        matrix = self.features.fit_transform(list(texts))
        self.model = LinearSVC(C=c, class_weight=class_weight)
        self.model.fit(matrix, list(labels))
        self.labels: tuple[str, ...] = tuple(str(x) for x in self.model.classes_)
        self.temperature = temperature

    def margins(self, text: str) -> dict[str, float]:
        values = self.model.decision_function(self.features.transform([text]))[0]
        if len(self.labels) == 2:  # liblinear gives one value for two labels: the second label's margin
            return {self.labels[0]: -float(values), self.labels[1]: float(values)}
        return dict(zip(self.labels, (float(v) for v in values), strict=True))

    def probabilities(self, text: str) -> dict[str, float]:
        """Margins made comparable with other scores: a softmax with a temperature tuned on the dev sets."""
        margins = self.margins(text)
        top = max(margins.values())
        weights = {k: math.exp(self.temperature * (v - top)) for k, v in margins.items()}
        total = sum(weights.values())
        return {k: w / total for k, w in weights.items()}
