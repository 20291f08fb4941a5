"""The understanding pipeline: normalise → language → crisis → small talk → intent and place → reply.

`Engine.build(knowledge)` prepares every index once; `Engine.answer(incoming, state)` is pure: the same
message and state always give the same reply, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from bot.core.actions import Actions
from bot.core.compose import Composer
from bot.core.crisis import CrisisDetector, CrisisSignal
from bot.core.geo import haversine_km
from bot.core.intents import Doc, IntentIndex, Match
from bot.core.language import LanguageDetector, NgramModel
from bot.core.learned import NgramClassifier
from bot.core.normalize import Normalized, Normalizer, fold
from bot.core.phrases import (
    build_docs,
    content_words,
    knowledge_words,
    phrases,
    primary_topics,
    proper_name_words,
    vocabulary_languages,
)
from bot.core.places import Gazetteer, PlaceMatch
from bot.core.reply import Reply, Text
from bot.core.rules import Thresholds
from bot.core.smalltalk import SmallTalk
from bot.core.state import ChatState
from knowledge.contacts import in_luxembourg
from knowledge.model import LANGUAGES, Knowledge, Place, Service

LUXEMBOURG_TZ = ZoneInfo("Europe/Luxembourg")
DEFAULT_LOCATION_TOPIC = "youth"  # a shared location with no topic pending looks for youth houses
MATCH_LIMIT = 60  # candidate services kept per message: all of a topic, even when many tie


@dataclass(frozen=True)
class Understanding:
    places: list[PlaceMatch]
    lang: str
    language_evidence: float
    crisis: CrisisSignal | None
    smalltalk: str | None  # the message is only small talk
    courtesy: str | None  # small talk somewhere in the message ("..., merci et bonne soirée")
    tokens: tuple[str, ...]
    matches: list[Match]


@dataclass(frozen=True)
class Incoming:
    """What arrived: text, a shared location, or something the bot cannot read (sticker, voice...)."""

    text: str | None = None
    location: tuple[float, float] | None = None
    other: str | None = None  # the kind of unreadable content

    @classmethod
    def parse_line(cls, line: str) -> Incoming:
        """A console or `ask --json` line: `geo:LAT,LON` stands for a shared location."""
        if line.startswith("geo:"):
            try:
                lat, lon = (float(x) for x in line[4:].split(","))
                return cls(location=(lat, lon))
            except ValueError:
                pass
        return cls(text=line)


class Engine:
    def __init__(self, knowledge: Knowledge, default_lang: str = "fr", thresholds: Thresholds | None = None):
        self.kb = knowledge
        self.default_lang = default_lang
        self.rules = thresholds or Thresholds()
        self.compose = Composer(knowledge)
        self.actions = Actions(self.compose)
        self.normalize = Normalizer(knowledge.lexicon)
        self.smalltalk = SmallTalk(knowledge.smalltalk, self.normalize.phrase)
        self._topic_of = primary_topics(knowledge)
        common = frozenset(
            knowledge.lexicon.all_stopwords
            | self.smalltalk.words
            | {w for m in knowledge.lexicon.markers.values() for w in m}
        )
        self.gazetteer = Gazetteer(knowledge.places, common)
        # A stop word that staff made a keyword on its own ("sos") is kept: they meant it.
        single_keywords = {
            terms[0]
            for _, kind, text, _ in phrases(knowledge)
            if kind in ("keyword", "topic")
            for terms in [self.normalize.phrase(text)]
            if len(terms) == 1
        }
        self.stopwords = knowledge.lexicon.all_stopwords - single_keywords
        self.details = frozenset(fold(w) for w in knowledge.lexicon.details)
        self._name_words = proper_name_words(knowledge)
        self.crisis = CrisisDetector(knowledge.crisis, self.normalize.phrase)
        # A word the knowledge base uses ("school", "Obenthalt") is that word, not a misspelt place ("Schoos",
        # "Openthalt"); exact place names stay places. Set before indexing, so the phrases keep those words.
        self.gazetteer.known_words = knowledge_words(knowledge, self.gazetteer) | common
        self.index = IntentIndex(
            build_docs(knowledge, self.normalize, self.gazetteer, self._meaningful), self._topic_of
        )
        vocabulary = vocabulary_languages(knowledge, self._name_words)
        self.language = LanguageDetector(knowledge.lexicon, vocabulary, NgramModel(), default=default_lang)
        self.learned = _service_classifier(knowledge, self.normalize, self.rules)

    def _language_text(self, message: Normalized, places: list[PlaceMatch]) -> str:
        return _without(message, places, self._name_words)

    def _meaningful(self, token: str) -> bool:
        return token not in self.stopwords and not token.isdigit()

    # Answering -----------------------------------------------------------------------------------------

    def answer(self, incoming: Incoming, state: ChatState | None = None, now: dt.datetime | None = None) -> Reply:
        state = state or ChatState()
        now = now or dt.datetime.now(LUXEMBOURG_TZ)
        lang = state.lang or self.default_lang
        if incoming.location is not None:
            return self.nearest(incoming.location, state, now)
        if incoming.text is None:
            return self.compose.simple("fallback", lang, state, "odd_message", menu=True)
        return self._answer_text(self.normalize(incoming.text), state, now)

    def understand(self, message: Normalized, state: ChatState) -> Understanding:
        """Everything the message says before deciding: places, language, crisis, small talk, candidates."""
        places = self.gazetteer.find(message.words)
        content = content_words(message.words, places)
        guess = self.language.detect(
            tuple(w for w in content if w not in self._name_words),
            self._language_text(message, places),
            state.lang,
            hints=tuple(m.lang for m in places if m.lang),
        )
        lang = state.lang if state.lang_chosen and state.lang else guess.lang
        expanded = self.normalize.expand(content)
        tokens = tuple(t for t in expanded if self._meaningful(t) and t not in self.smalltalk.words)
        matches, used = self._match(tokens)
        matches = self._blend(matches, " ".join(message.tokens))
        return Understanding(
            places=places,
            lang=lang,
            language_evidence=guess.evidence,
            crisis=self.crisis.check(message.tokens),
            smalltalk=self.smalltalk.kind_of(expanded, self.stopwords),
            courtesy=self.smalltalk.kind_within(expanded, self.stopwords),
            tokens=used,
            matches=matches,
        )

    def _match(self, tokens: tuple[str, ...]) -> tuple[list[Match], tuple[str, ...]]:
        """Words asking for a detail (phone, address, hours) do not say which service: match without them.
        When nothing else in the message names a need, the detail is asked of us: the central contact."""
        core = tuple(t for t in tokens if t not in self.details)
        if core:
            matches = self.index.match(core, limit=MATCH_LIMIT)
            if matches and matches[0].score >= self.rules.min_score:
                return matches, core
        if len(core) < len(tokens):
            central = [m for m in self.index.match(tokens, limit=MATCH_LIMIT) if m.service_id == self.kb.central_id]
            if central and central[0].score >= self.rules.min_score:
                return central, tokens
        return (matches if core else self.index.match(tokens, limit=MATCH_LIMIT)), core or tokens

    def _blend(self, matches: list[Match], text: str) -> list[Match]:
        """The index's scores mixed with the learned signal's: the index knows the structure (topics, names,
        places), the n-gram model reads what people write. A service either one finds is a candidate."""
        if not text:
            return matches
        probabilities = self.learned.probabilities(text)
        weight = self.rules.learned_weight
        found = {m.service_id: m for m in matches}
        candidates = set(found) | {sid for sid, p in probabilities.items() if p >= self.rules.learned_candidate}
        blended = [
            Match(
                sid,
                (1 - weight) * (found[sid].score if sid in found else 0.0) + weight * probabilities.get(sid, 0.0),
                found[sid].doc if sid in found else Doc(sid, "learned", ()),
            )
            for sid in candidates
        ]
        return sorted(blended, key=lambda m: -m.score)[:MATCH_LIMIT]

    def _answer_text(self, message: Normalized, state: ChatState, now: dt.datetime) -> Reply:
        seen = self.understand(message, state)
        lang = seen.lang
        state = state.with_(lang=lang)
        if seen.crisis is not None:
            return self.compose.emergency(lang, seen.crisis.kinds, state)
        if message.empty:
            return self.compose.simple("fallback", lang, state, "odd_message", menu=True)
        if seen.smalltalk is not None and not seen.places:
            key = {
                "hello": "smalltalk_hello",
                "thanks": "smalltalk_thanks",
                "bye": "smalltalk_bye",
                "help": "smalltalk_help",
                "ok": "smalltalk_hello",
            }[seen.smalltalk]
            return self.compose.simple(
                "smalltalk", lang, state, key, menu=seen.smalltalk in ("hello", "help", "ok"), confidence=1.0
            )
        place = seen.places[0].place if seen.places else None
        top = seen.matches[0].score if seen.matches else 0.0
        if seen.courtesy in ("thanks", "bye", "hello") and top < self.rules.min_score:
            # "mort de fatigue, merci et bonne soirée": nothing asked, something said: answer the courtesy.
            return self.compose.simple("smalltalk", lang, state, f"smalltalk_{seen.courtesy}", confidence=0.5)
        reply = self._decide(seen.matches, seen.tokens, place, lang, state, now)
        if message.truncated:
            reply = _prepend_note(reply, self.compose.t(lang, "too_long"))
        return reply

    def _decide(
        self,
        matches: list[Match],
        tokens: tuple[str, ...],
        place: Place | None,
        lang: str,
        state: ChatState,
        now: dt.datetime,
    ) -> Reply:
        rules = self.rules
        top = matches[0].score if matches else 0.0
        if top < rules.min_score:
            if place is not None and not tokens:  # nothing but a place: a follow-up, or "what is near?"
                topic = self.kb.topic(state.pending_topic or state.last_topic or "")
                if topic is not None and topic.location_bound:
                    return self._topic_near(topic.id, place, lang, state, now, 0.5, {})
                return self._near_anything(place, lang, state, now)
            return self.compose.fallback(lang, state.with_(pending_topic=None), top)
        close = [m for m in matches if m.score >= top - rules.ambiguity_margin]
        if place is not None:
            # "... in Clausen": someone naming a place looks for a place; prefer the topics that are places.
            placed = [m for m in close if self._location_bound(m.service_id)]
            close = placed or close
        topics = list(dict.fromkeys(self._topic_of.get(m.service_id) for m in close))
        if len(topics) > 1:
            per_topic = [
                next(self.kb.service(m.service_id) for m in close if self._topic_of.get(m.service_id) == t)
                for t in topics[: rules.max_choices]
            ]
            return self.compose.clarify(lang, state.with_(pending_topic=None), per_topic, top)
        topic = self.kb.topic(topics[0] or "")
        if topic is not None and topic.location_bound:
            if place is not None:
                return self._topic_near(
                    topic.id, place, lang, state, now, top, {m.service_id: m.score for m in matches}
                )
            if len(close) > 1:
                services = [self.kb.service(m.service_id) for m in close]
                new_state = state.with_(pending_topic=topic.id, last_topic=topic.id)
                return self.compose.topic_list(lang, new_state, topic.id, topic.name.pick(lang), services, top, True)
        services = [(self.kb.service(m.service_id), self._distance(m.service_id, place)) for m in close]
        if place is not None:  # equal fit: the one nearer the place named comes first (Wanteraktioun at Findel)
            scores = {m.service_id: round(m.score, 2) for m in close}
            services.sort(key=lambda x: (-scores[x[0].id], x[1] if x[1] is not None else float("inf")))
        new_state = state.with_(pending_topic=None, last_topic=topics[0])
        return self.compose.services_reply(
            "answer", lang, new_state, services, top, now, topics[0], place=place.name if place else None
        )

    def _topic_near(
        self,
        topic_id: str,
        place: Place,
        lang: str,
        state: ChatState,
        now: dt.datetime,
        confidence: float,
        scores: dict[str, float],
    ) -> Reply:
        """The topic's services nearest the place first; what the text said still counts (score − distance)."""
        located = self._ranked(topic_id, place.point)
        best = max(scores.values(), default=0.0)
        # Services missing from the candidates scored nothing, unless the candidate list was cut short.
        floor = min(scores.values(), default=0.0) if len(scores) >= MATCH_LIMIT else 0.0

        def merit(item: tuple[Service, float]) -> float:
            score = scores.get(item[0].id, floor)  # not among the candidates kept: no better than the last
            # Services the text fits about equally well are told apart by distance alone.
            score = best if score >= best - self.rules.place_margin else score
            return score - self.rules.penalty_per_km * item[1]

        # Same merit (same distance, say: all of Mersch): the text decides ("Wisestrooss").
        ranked = sorted(located, key=lambda x: (-merit(x), -scores.get(x[0].id, floor)))
        new_state = state.with_(pending_topic=None, last_topic=topic_id)
        intro = self.compose.t(lang, "near_place", place=place.name)
        return self.compose.services_reply(
            "answer",
            lang,
            new_state,
            ranked,
            max(confidence, 0.5),
            now,
            topic_id,
            intro=intro,
            place=place.name,
        )

    def _near_anything(self, place: Place, lang: str, state: ChatState, now: dt.datetime) -> Reply:
        """A bare place name with no topic: the services nearest to it, whatever they are."""
        located = [
            (s, haversine_km(place.point, s.location.point))
            for s in self.kb.services
            if s.active and s.location and s.location.point and s.id != self.kb.central_id
        ]
        ranked = sorted(located, key=lambda x: x[1])
        intro = self.compose.t(lang, "near_place", place=place.name)
        return self.compose.services_reply(
            "answer",
            lang,
            state.with_(pending_topic=None),
            ranked,
            0.5,
            now,
            None,
            intro=intro,
            place=place.name,
        )

    def nearest(self, point: tuple[float, float], state: ChatState, now: dt.datetime | None = None) -> Reply:
        """A shared location: the nearest services of the pending topic (youth houses when none)."""
        now = now or dt.datetime.now(LUXEMBOURG_TZ)
        lang = state.lang or self.default_lang
        topic_id = state.pending_topic or state.last_topic
        topic = self.kb.topic(topic_id) if topic_id else None
        if topic is None or not topic.location_bound:
            topic_id = DEFAULT_LOCATION_TOPIC
        ranked = self._ranked(topic_id, point)
        intro_key = "nearest_intro" if in_luxembourg(*point) else "location_outside"
        new_state = state.with_(pending_topic=None, last_topic=topic_id)
        return self.compose.services_reply(
            "nearest", lang, new_state, ranked, 1.0, now, topic_id, intro=self.compose.t(lang, intro_key)
        )

    def _location_bound(self, service_id: str) -> bool:
        topic = self.kb.topic(self._topic_of.get(service_id) or "")
        return topic is not None and topic.location_bound

    def _ranked(self, topic_id: str, point: tuple[float, float]) -> list[tuple[Service, float | None]]:
        topic = self.kb.topic(topic_id)
        services = [self.kb.service(s) for s in topic.services] if topic else []
        located = [
            (s, haversine_km(point, s.location.point)) for s in services if s.active and s.location and s.location.point
        ]
        return sorted(located, key=lambda x: x[1])

    def _distance(self, service_id: str, place) -> float | None:
        service = self.kb.service(service_id)
        if place is None or not service.location or not service.location.point:
            return None
        return haversine_km(place.point, service.location.point)

    # Building blocks used by the handlers --------------------------------------------------------------

    def languages(self) -> tuple[str, ...]:
        return LANGUAGES


def _service_classifier(kb: Knowledge, normalize: Normalizer, rules: Thresholds) -> NgramClassifier:
    """Every phrase that describes a service (examples, keywords, names, topic words) as a training text."""
    rows = [(" ".join(normalize.phrase(text)), sid) for sid, _, text, _ in phrases(kb)]
    rows = [(text, sid) for text, sid in rows if text]
    return NgramClassifier([t for t, _ in rows], [s for _, s in rows], temperature=rules.learned_temperature)


def _without(message: Normalized, places: list[PlaceMatch], names: frozenset[str]) -> str:
    """The message as written (accents kept, for the n-grams) without place and service names."""
    drop = {message.words[i] for m in places for i in range(m.start, m.end + 1)} | names
    return " ".join(w for w in message.shown.split() if not set(fold(w).split()) <= drop or not fold(w))


def _prepend_note(reply: Reply, note: str) -> Reply:
    return replace(reply, blocks=(Text(note), *reply.blocks))
