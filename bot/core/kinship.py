"""How alike two services of one topic are, by what people ask each of them for.

A place follow-up ("vamos mudar pa Mersch, la tambem ha?" after a maison relais in Dudelange) asks for the same kind
of offer at the new place. A topic holds several kinds (day-care centres, maisons relais, a garderie), and the
knowledge says which is which only in the words of their examples. So two services are alike as much as their
examples read alike: the cosine of the sums of their example vectors, in the service model's own n-gram space.
Computed for one topic the first time it is asked for, then kept: they are the knowledge base's words, not a user's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from bot.core.learned import NgramFeatures
from bot.core.phrases import primary_topics
from knowledge.model import Knowledge


class Kinship:
    def __init__(self, knowledge: Knowledge, features: NgramFeatures, phrase: Callable[[str], tuple[str, ...]]) -> None:
        self._kb = knowledge
        self._features = features
        self._phrase = phrase
        self._topic_of = primary_topics(knowledge)
        self._alike: dict[str, dict[str, dict[str, float]]] = {}  # topic -> service -> service -> cosine

    def to(self, service_id: str) -> Mapping[str, float]:
        """Every service of `service_id`'s topic and how alike it is to that one (0..1). The service itself counts as
        alike as its closest other: it is no better an answer at a new place for being the one given."""
        topic = self._topic_of.get(service_id)
        if topic is None or self._kb.topic(topic) is None:  # unknown, or a category that is no topic
            return {}
        if topic not in self._alike:
            self._alike[topic] = self._of_topic(topic)
        alike = dict(self._alike[topic].get(service_id, {}))
        if service_id in alike:
            alike[service_id] = max((v for k, v in alike.items() if k != service_id), default=0.0)
        return alike

    def _of_topic(self, topic_id: str) -> dict[str, dict[str, float]]:
        sums = {s: self._sum(s) for s in self._kb.topic(topic_id).services}
        return {a: {b: _cosine(va, vb) for b, vb in sums.items()} for a, va in sums.items()}

    def _sum(self, service_id: str) -> dict[int, float]:
        """The l2-normalised sum of the service's example vectors (every language)."""
        total: dict[int, float] = {}
        service = self._kb.service(service_id)
        for texts in service.examples.values():
            for text in texts:
                indices, values = self._features.vector(" ".join(self._phrase(text)))
                for column, value in zip(indices.tolist(), values.tolist(), strict=True):
                    total[column] = total.get(column, 0.0) + value
        norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
        return {k: v / norm for k, v in total.items()}


def _cosine(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())
