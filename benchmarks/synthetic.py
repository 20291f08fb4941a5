"""A synthetic knowledge base of N services (about 10 example questions each) on top of the real one.

Words are drawn Zipf-like from a large pseudo-vocabulary mixed with the real knowledge base's words, so the
word frequencies look like real text: a few very common words, a long tail of rare ones.
"""

from __future__ import annotations

import dataclasses
import random

from knowledge.model import Knowledge, Localized, Topic

SYLLABLES = ["ba", "de", "ki", "lo", "mu", "ne", "ri", "sa", "to", "vu", "ch", "ei", "ou", "an", "er", "ll"]


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_knowledge(base: Knowledge, n_services: int, examples_per_service: int = 10, seed: int = 7) -> Knowledge:
    rng = random.Random(seed)
    real_words = sorted(
        {w for s in base.services for ex in s.examples.get("fr", ()) for w in ex.lower().split() if w.isalpha()}
    )
    vocabulary = _pseudo_words(rng, 30000) + real_words
    rng.shuffle(vocabulary)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))]
    template = base.service("mj-gare")
    services = list(base.services)
    for i in range(n_services):
        examples = tuple(
            " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 9))) for _ in range(examples_per_service)
        )
        name = " ".join(rng.choices(vocabulary[:5000], k=2))
        services.append(
            dataclasses.replace(
                template,
                id=f"syn-{i}",
                category="social",
                name=Localized({"fr": name, "lb": name}),
                examples={"fr": examples},
                keywords={"fr": (name,)},
                alternate_name=(),
            )
        )
    topic = Topic(
        id="synthetic",
        name=Localized({"fr": "Synthétique", "lb": "Synthetesch"}),
        icon="",
        services=tuple(s.id for s in services[len(base.services) :]),
        keywords={},
        menu=False,
    )
    return dataclasses.replace(base, services=tuple(services), topics=(*base.topics, topic))


def synthetic_queries(kb: Knowledge, count: int, seed: int = 11) -> list[str]:
    """Example questions of random synthetic services, with a typo in one of three and a word dropped."""
    rng = random.Random(seed)
    synthetic = [s for s in kb.services if s.id.startswith("syn-")]
    queries = []
    for _ in range(count):
        words = rng.choice(rng.choice(synthetic).examples["fr"]).split()
        if len(words) > 3:
            words.pop(rng.randrange(len(words)))
        if rng.random() < 0.33:
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) > 4:
                j = rng.randrange(1, len(w) - 1)
                words[i] = w[:j] + w[j + 1 :]
        queries.append(" ".join(words))
    return queries
