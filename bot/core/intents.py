"""Which service a message asks for: an inverted index over example questions, keywords and names.

Each knowledge-base phrase is a document of content words (stop words and place names taken out: the place
is matched separately and ranks services by distance). A message is scored against the documents that share
at least one of its words, found through a typo-tolerant vocabulary, so the cost follows the few documents
that matter and not the size of the knowledge base. A document's score weighs both directions with idf:
how much of the message it explains and how much of itself the message contains.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.core.fuzzy import FuzzyVocabulary
from bot.core.thresholds import Thresholds

ELISION_PREFIXES = ("qu", "d", "l", "j", "m", "n", "s", "t", "c")  # "dargent" typed for "d'argent"
# Plural and inflection endings of the five languages, once folded (longest first): "Jugendhäuser" is the
# plural of "Jugendhaus", "casas" of "casa", "Schulden" of "Schuld".
INFLECTIONS = ("er", "en", "es", "e", "n", "s", "x")


@dataclass(frozen=True)
class Doc:
    service_id: str
    kind: str  # example | keyword | name | topic
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    service_id: str
    score: float  # 0..1
    doc: Doc


class IntentIndex:
    def __init__(
        self, docs: Iterable[Doc], groups: Mapping[str, str] | None = None, rules: Thresholds | None = None
    ) -> None:
        """`groups`: each service's topic. A word found in one topic only ("jugendhaus") names that topic
        even when all of the topic's services share it; its weight among topics says so."""
        self.rules = rules or Thresholds()
        self.docs: list[Doc] = [d for d in docs if d.terms]
        self._postings: dict[str, list[int]] = defaultdict(list)
        services_with: dict[str, set[str]] = defaultdict(set)
        groups = groups or {}
        for i, doc in enumerate(self.docs):
            for term in doc.terms:
                self._postings[term].append(i)
                services_with[term].add(doc.service_id)
        n_services = len({d.service_id for d in self.docs}) or 1
        self.idf = {t: math.log(1 + n_services / len(s)) for t, s in services_with.items()}
        topics_with = {t: {groups.get(sid, sid) for sid in s} for t, s in services_with.items()}
        n_topics = len({groups.get(d.service_id, d.service_id) for d in self.docs}) or 1
        self.topic_idf = {t: math.log(1 + n_topics / len(g)) for t, g in topics_with.items()}
        self._doc_weight = [sum(self.idf[t] for t in d.terms) for d in self.docs]
        self._doc_topic_weight = [sum(self.topic_idf[t] for t in d.terms) for d in self.docs]
        self._term_sets = [frozenset(d.terms) for d in self.docs]
        self.vocabulary = FuzzyVocabulary(self._postings)

    def readings(self, token: str, inflected: bool = True) -> list[tuple[str, float]]:
        """Known terms this word may be: itself, a one-typo neighbour, the word it is a plural of (`inflected`), or
        the word behind a glued elision."""
        found = self.vocabulary.lookup(token)
        stem = self._stem(token) if inflected else None
        if found:
            return found if stem is None or any(t == stem for t, _ in found) else [*found, (stem, self.rules.inflected)]
        if stem is not None:
            return [(stem, self.rules.inflected)]
        for prefix in ELISION_PREFIXES:
            rest = token[len(prefix) :]
            if token.startswith(prefix) and len(rest) >= 4 and rest in self.vocabulary:
                return [(rest, 0.95)]
        return self._compound_parts(token)

    def _stem(self, token: str) -> str | None:
        """The known word this one is an inflected form of ("jugendhauser", "casas"), if any: one edit is forgiven
        in words of five letters or more, so the plural of a short word, or an ending of two letters, is found
        only so. The stem must be a word of its own (four letters or more)."""
        for ending in INFLECTIONS:
            stem = token[: -len(ending)]
            if token.endswith(ending) and len(stem) >= self.rules.stem_min and stem in self.vocabulary:
                return stem
        return None

    def _compound_parts(self, token: str) -> list[tuple[str, float]]:
        """German and Luxembourgish glue words together ("Schuldenberatung", "Mobiltoiletten"): an unknown
        long word made of two known ones (with a linking s or n allowed) reads as both."""
        part = self.rules.compound_part
        if len(token) < 2 * part:
            return []
        for cut in range(len(token) - part, part - 1, -1):
            head, tail = token[:cut], token[cut:]
            heads = [head, head[:-1]] if head[-1] in "sn" else [head]
            for h in heads:
                if len(h) >= part and h in self.vocabulary:
                    tails = self.vocabulary.lookup(tail)
                    if tails:
                        weak = self.rules.compound_similarity
                        return [(h, weak), *((t, weak * sim) for t, sim in tails)]
        return []

    def match(self, tokens: Iterable[str], limit: int = 12, inflected: bool = True) -> list[Match]:
        """Best document per service, best services first. `inflected`: see `readings`."""
        query = list(dict.fromkeys(tokens))
        if not query:
            return []
        readings = [self.readings(q, inflected) for q in query]
        q_weights = [max((self.idf[t] for t, _ in options), default=self.rules.unknown_weight) for options in readings]
        per_doc_q, per_doc_t = self._candidates(readings)
        # Unknown words count, but a long story around a clear need is not drowned by them.
        unknown = sum(1 for options in readings if not options)
        q_total = sum(q_weights) - max(0, unknown - self.rules.max_unknown) * self.rules.unknown_weight
        best: dict[str, tuple[float, Doc]] = {}  # per service: its best score (at most 1) and document
        union: dict[str, dict[int, float]] = defaultdict(dict)
        idf, kind_weights = self.idf, self.rules.kind_weights
        for di, q_hits in per_doc_q.items():
            doc = self.docs[di]
            covered = union[doc.service_id]
            for qi, gain in q_hits.items():
                if covered.get(qi, 0.0) < gain:
                    covered[qi] = gain
            covered_q = sum(q_hits.values()) / q_total
            covered_d = sum([idf[t] * s for t, s in per_doc_t[di].items()]) / self._doc_weight[di]
            weight = kind_weights.get(doc.kind, 1.0)
            score = self._combine(doc, covered_q, covered_d, self._doc_topic_weight[di]) * weight
            kept = best.get(doc.service_id)
            if kept is None or kept[0] < score:
                best[doc.service_id] = (min(score, 1.0), doc)
        matches = {sid: Match(sid, score, doc) for sid, (score, doc) in best.items()}
        for sid, covered in union.items():
            # Several phrases of one service together may explain the message better than any one of them.
            together = self.rules.union_weight * sum(covered.values()) / q_total
            if len(covered) > 1 and together > best[sid][0]:
                matches[sid] = Match(sid, together, best[sid][1])
        return heapq.nlargest(limit, matches.values(), key=lambda m: m.score)

    def _candidates(self, readings: list[list[tuple[str, float]]]):
        """Per candidate document: the best gain per query word, and the similarity per matched term.

        The rarest words bring the candidates (walking their postings), until `candidate_budget` postings
        have been read; commoner words then only score the candidates already there. So the work follows
        what the message says, not how big the knowledge base is.
        """
        per_doc_q: dict[int, dict[int, float]] = defaultdict(dict)
        per_doc_t: dict[int, dict[str, float]] = defaultdict(dict)
        terms = sorted(
            ((len(self._postings[t]), qi, t, sim) for qi, options in enumerate(readings) for t, sim in options),
            key=lambda x: x[0],
        )
        read = 0
        for size, qi, term, sim in terms:
            gain = sim * self.idf[term]
            if read == 0 or read + size <= self.rules.candidate_budget:
                read += size
                found = self._postings[term]
            else:
                found = [di for di in per_doc_q if term in self._term_sets[di]]
            for di in found:  # the best gain and similarity per document (written out: the hottest loop)
                hits = per_doc_q[di]
                if hits.get(qi, 0.0) < gain:
                    hits[qi] = gain
                sims = per_doc_t[di]
                if sims.get(term, 0.0) < sim:
                    sims[term] = sim
        return per_doc_q, per_doc_t

    def _combine(self, doc: Doc, covered_q: float, covered_d: float, topic_weight: float) -> float:
        if doc.kind == "example":
            if covered_q + covered_d == 0:
                return 0.0
            # F-measure leaning on the message's side: a message fully explained by a longer example is good.
            beta2 = self.rules.example_recall_weight
            return (1 + beta2) * covered_q * covered_d / (beta2 * covered_d + covered_q)
        # Keywords and names: the phrase must be all there; the rest of the message may be context, the more so
        # when the phrase names one topic only ("maison relais", "Jugendhaus", "surendettement").
        specific = min(1.0, topic_weight / self.rules.specific_idf)
        floor = self.rules.keyword_floor + self.rules.keyword_floor_specific * specific
        return covered_d**2 * (floor + (1 - floor) * covered_q) * (0.6 + 0.4 * specific)
